import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { stripVTControlCharacters } from "node:util";
import { afterEach, describe, expect, test } from "vitest";
import { createContext } from "../../src/cli/context.js";
import { referenceServer, TOKEN, type ReferenceScimServer } from "../probe/support/harness.js";
import { BIN, REPO_ROOT } from "../support/cli.js";
import { CapturingStream } from "../support/terminal.js";

/*
 * The spinner (src/cli/progress.ts) as a person sees it: in a pseudo-terminal nobody sized, and
 * when a run is over before ora has even loaded.
 */

const KILL_AFTER_MS = 60_000;
let server: ReferenceScimServer | undefined;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await server?.close();
  server = undefined;
});

const quote = (word: string) => `'${word.replace(/'/g, "'\\''")}'`;

/** A command in a pty from util-linux `script`, left at the size it starts with; killed after a minute. */
function inUnsizedTerminal(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; killed: boolean; screen: string }> {
  const child = spawn("script", ["-qfec", [process.execPath, BIN, ...argv].map(quote).join(" "), "/dev/null"], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? "", TERM: "xterm", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.push(child);
  let screen = "";
  child.stdout.on("data", (chunk: Buffer) => (screen += chunk.toString()));
  let killed = false;
  const killer = setTimeout(() => {
    killed = true;
    child.kill("SIGKILL");
  }, KILL_AFTER_MS);
  return new Promise((resolve) =>
    child.on("close", (code) => {
      clearTimeout(killer);
      resolve({ code, killed, screen: stripVTControlCharacters(screen) });
    }),
  );
}

describe("a terminal that reports 0 columns (a pty nobody sized, as `script` gives in CI)", () => {
  test("the run ends, with the suites' finished lines and without a spinner", async () => {
    // The premise: such a pty really says 0 columns.
    expect(spawnSync("script", ["-qfec", "stty size", "/dev/null"], { encoding: "utf8", timeout: 10_000 }).stdout.trim()).toBe("0 0");

    const box = (server = await referenceServer());
    const run = await inUnsizedTerminal(["probe", "--suite", "okta-spec,rfc", "--reporter", "pretty"], { SCIM_BASE_URL: box.baseUrl, SCIM_TOKEN: TOKEN });

    expect(run.killed, `still running after ${KILL_AFTER_MS} ms; screen:\n${run.screen.slice(-2000)}`).toBe(false);
    expect(run.code, run.screen).toBe(0);
    expect(run.screen).toMatch(/✓ okta-spec \d+ done/);
    expect(run.screen).toMatch(/✓ rfc \d+ done/);
    // No spinner frames: nothing is redrawn on a line that cannot be measured.
    expect(run.screen).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
  }, 90_000);
});


function terminalContext(columns: number) {
  const stderr = new CapturingStream(true, columns);
  const ctx = createContext({ stdout: new CapturingStream(true, columns), stderr, stdinIsTTY: true, env: { NO_COLOR: "1" }, global: { json: false, color: true, debug: false } });
  return { ctx, stderr };
}

describe("a run over before ora has loaded", () => {
  test("keeps every line it persisted, in order, then stops", async () => {
    const { ctx, stderr } = terminalContext(80);
    const spinner = ctx.progress.spinner("okta-spec 0/12 …");
    // All of it synchronously: ora is still being imported when stop() is called.
    spinner.persist("✓", "okta-spec 12 done");
    spinner.update("rfc 1/24 …");
    spinner.persist("✗", "rfc 24 done, 1 failed");
    await spinner.stop();
    const text = stripVTControlCharacters(stderr.text);
    expect(text).toContain("✓ okta-spec 12 done");
    expect(text).toContain("✗ rfc 24 done, 1 failed");
    expect(text.indexOf("✓ okta-spec 12 done")).toBeLessThan(text.indexOf("✗ rfc 24 done, 1 failed"));
    // Stopped: nothing drawn after the last line is cleared (no spinner frame left behind).
    expect(text.trimEnd().endsWith("✗ rfc 24 done, 1 failed")).toBe(true);
  });

  test("on a terminal with 0 columns the persisted lines are printed, redacted, and nothing else", async () => {
    const { ctx, stderr } = terminalContext(0);
    ctx.redactor.addSecret("s3cr3t-canary-0cols");
    const spinner = ctx.progress.spinner("Testing https://x.example?token=s3cr3t-canary-0cols …");
    spinner.update("step 2 …");
    spinner.persist("✓", "okta-spec 12 done (token s3cr3t-canary-0cols)");
    await spinner.stop();
    expect(stderr.text).toBe("✓ okta-spec 12 done (token [REDACTED])\n");
  });
});
