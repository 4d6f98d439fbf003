import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterEach, describe, expect, test } from "vitest";
import type { RunReport } from "../../src/scim/report.js";
import { BIN, REPO_ROOT } from "../support/cli.js";
import { probeMade, readText, referenceServer, tempDir, TOKEN, type ReferenceScimServer } from "./support/harness.js";

/*
 * Ctrl-C tells the truth: a real SIGINT to the CLI (a child process, and in a pseudo-terminal the
 * ^C key itself) against a reference server slowed down so the run is caught in the middle.
 */

const KILL_AFTER_MS = 90_000;
let server: ReferenceScimServer | undefined;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await server?.close();
  server = undefined;
});

/** A child process with a kill timeout; its output as it arrives. */
function start(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(command, args, { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["pipe", "pipe", "pipe"] });
  children.push(child);
  const killer = setTimeout(() => child.kill("SIGKILL"), KILL_AFTER_MS);
  const output = { stdout: "", stderr: "" };
  child.stdout.on("data", (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on("close", (code) => {
      clearTimeout(killer);
      resolve(code);
    }),
  );
  return { child, output, exited };
}

async function until(condition: () => boolean, what: string, run: { child: ChildProcess; output: { stdout: string; stderr: string } }): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    const gone = run.child.exitCode !== null || run.child.signalCode !== null;
    if (gone || Date.now() - started > 60_000) throw new Error(`${gone ? "exited" : "timed out"} waiting for ${what}:\n${run.output.stdout}\n${run.output.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const created = (box: ReferenceScimServer) => box.requests.filter((request) => request.method === "POST").length;

describe("Ctrl-C in the middle of a probe run", () => {
  test("says at once that it stops and cleans up, sums up what never ran in one line, leaves nothing behind (exit 130)", async () => {
    const box = (server = await referenceServer({ latencyMs: 100 }));
    const dir = await tempDir();
    const run = start(process.execPath, [BIN, "probe", "--concurrency", "2", "--no-color", "--reporter", "pretty", "--reporter", `json=${join(dir, "report.json")}`], {
      SCIM_BASE_URL: box.baseUrl,
      SCIM_TOKEN: TOKEN,
    });
    await until(() => created(box) > 0, "the first POST", run);
    run.child.kill("SIGINT");
    await until(() => run.output.stderr.includes("stopping"), "the stopping line", run);
    // Said before cleanup started: no DELETE had reached the server when the line arrived.
    const requestsWhenSaid = box.requests.length;
    const code = await run.exited;

    expect(code).toBe(130);
    const stderr = run.output.stderr.split("\n");
    expect(stderr[0]).toBe("stopping, cleaning up what this run created…");
    expect(box.requests.slice(0, requestsWhenSaid).some((request) => request.method === "DELETE")).toBe(false);
    expect(box.requests.slice(requestsWhenSaid).some((request) => request.method === "DELETE")).toBe(true);
    expect(stderr).toContainEqual(expect.stringMatching(/^Interrupted: stopped starting probes, removed \d+ resource\(s\) this run created; nothing was left behind\.$/));
    expect(probeMade(box)).toEqual([]);

    // The report on stdout: what never ran is one line with a count, not a line per probe.
    const report = JSON.parse(await readText(join(dir, "report.json"))) as RunReport;
    const notRun = report.probes.filter((probe) => probe.message === "not run: interrupted (Ctrl-C)").length;
    expect(notRun).toBeGreaterThan(10);
    const stdout = run.output.stdout.split("\n");
    expect(stdout).toContain(`- ${notRun} probes not run: interrupted (Ctrl-C)`);
    expect(stdout.filter((line) => line.includes("not run: interrupted"))).toHaveLength(1);
    expect(stdout).toContainEqual(expect.stringMatching(/^\d+ passed, \d+ failed.* \(run stopped before the end\)$/));
  }, 120_000);

  test("in a terminal: ^C shows the stopping line, and no suite cut short gets a green tick", async () => {
    const box = (server = await referenceServer({ latencyMs: 100 }));
    const dir = await tempDir();
    const reportFile = join(dir, "report.json");
    const command = [process.execPath, BIN, "probe", "--concurrency", "2", "--reporter", "pretty", "--reporter", `json=${reportFile}`]
      .map((word) => `'${word.replace(/'/g, "'\\''")}'`)
      .join(" ");
    // A pty from `script` has no size until told (0 columns would make a spinner redraw forever).
    const term = start("script", ["-qfec", `stty cols 120 rows 50; ${command}`, "/dev/null"], { TERM: "xterm", SCIM_BASE_URL: box.baseUrl, SCIM_TOKEN: TOKEN });
    const screen = () => stripVTControlCharacters(term.output.stdout);
    await until(() => /okta-spec \d+\/12/.test(screen()) && created(box) > 0, "the progress line and a first POST", term);
    term.child.stdin?.write("\u0003");
    const code = await term.exited;

    expect(code, screen()).toBe(130);
    const text = screen();
    expect(text).toContain("stopping, cleaning up what this run created…");
    const report = JSON.parse(await readText(reportFile)) as RunReport;
    const cutShort = [...new Set(report.probes.filter((probe) => probe.status === "skipped" && /interrupted/.test(probe.message)).map((probe) => probe.suite))];
    expect(cutShort.length).toBeGreaterThan(0);
    for (const suite of cutShort) {
      expect(text).not.toMatch(new RegExp(`✓ ${suite} \\d+ done`));
      expect(text).toMatch(new RegExp(`- ${suite} stopped: \\d+ of \\d+ ran`));
    }
    expect(text.match(/not run: interrupted \(Ctrl-C\)/g)).toHaveLength(1);
    expect(probeMade(box)).toEqual([]);
  }, 120_000);
});
