import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it, type TestContext } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/start.js";
import { BIN, runCli } from "../support/cli.js";
import { adminPut, settingsFromInstructions } from "./support/admin.js";
import { VENDOR_CASES } from "./support/vendors.js";

type Finished = TestContext["onTestFinished"];

/**
 * A sandbox of the test's own, closed when that test ends. The terminal runs are concurrent, so
 * the hook is the test context's: vitest's global `onTestFinished` may attach it to another test.
 */
async function ownSandbox(onTestFinished: Finished): Promise<Sandbox> {
  const box = await startSandbox({ rateLimit: 100_000 });
  onTestFinished(() => box.close());
  return box;
}

/** The CLI in a pseudo-terminal (util-linux `script`): stdin, stdout and stderr are a TTY, as for a person. */
function inTerminal(argv: string[], env: NodeJS.ProcessEnv, onTestFinished: Finished) {
  const command = [process.execPath, BIN, ...argv].map((word) => `'${word.replace(/'/g, "'\\''")}'`).join(" ");
  // A pty from `script` has no size until told: 0 columns makes a spinner redraw forever.
  const proc = spawn("script", ["-qfec", `stty cols 160 rows 50; ${command}`, "/dev/null"], { env: { PATH: process.env.PATH ?? "", TERM: "xterm", COLUMNS: "200", ...env }, stdio: ["pipe", "pipe", "pipe"] });
  onTestFinished(() => {
    if (proc.exitCode === null) proc.kill("SIGKILL");
  });
  let screen = "";
  proc.stdout.on("data", (chunk: Buffer) => (screen += chunk.toString()));
  const exited = new Promise<number>((resolve) => proc.on("exit", (code) => resolve(code ?? -1)));
  return {
    text: () => stripVTControlCharacters(screen),
    type: (keys: string) => proc.stdin.write(keys),
    exited,
    async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
      const started = Date.now();
      while (!pattern.test(stripVTControlCharacters(screen))) {
        if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${pattern}; screen:\n${stripVTControlCharacters(screen)}`);
        if (proc.exitCode !== null) throw new Error(`exited ${proc.exitCode} before ${pattern}; screen:\n${stripVTControlCharacters(screen)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return stripVTControlCharacters(screen);
    },
  };
}

/** The manual step instructions on screen since `from`, as the admin reads them. */
function stepsOnScreen(screen: string): { step: string; instructions: string[]; link: string }[] {
  const blocks = screen.split(/Manual step \d+(?: of \d+)?: /).slice(1);
  return blocks.map((block) => {
    const [title = "", ...lines] = block.split(/\r?\n/);
    const instructions = lines.map((line) => /^\s+\d+\. (.*)$/.exec(line)?.[1]).filter((line): line is string => line !== undefined);
    return { step: title.trim(), instructions, link: "" };
  });
}

describe("setup in a terminal waits for the manual step and carries on", () => {
  // Each run waits for setup's 2 s polls of the app's features: the templates run side by side.
  it.concurrent.for(VENDOR_CASES)("$id", { timeout: 120_000 }, async (vendor, { onTestFinished }) => {
    const box = await ownSandbox(onTestFinished);
    const { store } = box.okta;
    const admins = store.createGroup({ name: "Clumio Admins" });
    store.addGroupMember(admins.id, store.createUser({ login: "boss@example.com", email: "boss@example.com", firstName: "Bo", lastName: "Ss" }, { activate: true, hasPassword: true }).id);
    const existing = vendor.existingApp ? store.createApp({ ...(vendor.existingApp.name ? { name: vendor.existingApp.name } : {}), label: vendor.existingApp.label, signOnMode: vendor.existingApp.signOnMode }, true) : undefined;
    const env = {
      OKTA_ORG_URL: box.oktaOrgUrl,
      OKTA_API_TOKEN: box.oktaApiToken,
      ...(vendor.credentials === "basic" ? { SCIM_USERNAME: box.scimUsername, SCIM_PASSWORD: box.scimPassword } : { SCIM_TOKEN: box.scimToken }),
    };
    const dir = await mkdtemp(join(tmpdir(), "scim-okta-interactive-"));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const tracePath = join(dir, "trace.jsonl");
    const argv = ["setup", "--trace", tracePath, "--vendor", vendor.id, "--base-url", box.scimBaseUrl, "--probe", "none", ...(vendor.params?.(box) ?? []), ...(vendor.pushGroup ? ["--push-group", vendor.pushGroup] : [])];
    const term = inTerminal(argv, env, onTestFinished);
    // A plan with writes asks first; one with manual steps only does not.
    if (/Apply this plan to/.test(await term.waitFor(/Apply this plan to|Waiting for: /))) term.type("y\r");

    // Each time setup waits, the admin does what the screen says (since the last wait) in the Admin Console stand-in.
    let consumed = 0;
    for (let round = 0; round < 4; round += 1) {
      const screen = await term.waitFor(new RegExp(`^[\\s\\S]{${consumed}}[\\s\\S]*?(Manual step \\d+:[\\s\\S]*?Waiting for: |Applied \\d+ changes? through)`), 60_000);
      const rest = screen.slice(consumed);
      const block = rest.search(/Manual step \d+: /);
      const applied = rest.search(/Applied \d+ changes? through/);
      if (block === -1 || (applied !== -1 && applied < block)) break;
      const wait = rest.indexOf("Waiting for: ", block);
      const appId = existing?.id ?? [...box.okta.store.apps.keys()][0]!;
      await adminPut(box, appId, settingsFromInstructions(stepsOnScreen(rest.slice(block, wait)), box));
      consumed += wait + "Waiting for: ".length;
    }
    const code = await term.exited;
    const screen = term.text();
    expect(code, screen).toBe(0);
    expect(screen).toMatch(/Applied \d+ changes? through Okta's API\.\r?\n/);
    expect(screen).not.toMatch(/manual steps? pending/);
    // The steps shown while waiting are counted through the run: 1, 2, 3…, never "1 of 1" again and again.
    const numbers = [...screen.matchAll(/Manual step (\d+)(?: of \d+)?: /g)].map((match) => Number(match[1]));
    expect(numbers).toEqual(numbers.map((_, index) => index + 1));
    expect(screen).not.toContain(box.scimPassword);
    expect(screen).not.toContain(box.scimToken);
    // Every exchange with Okta ended: nothing read ahead of a step that never came is cut off at exit.
    const exchanges = (await readFile(tracePath, "utf8")).trim().split("\n").map((line) => JSON.parse(line) as { method: string; url: string; status?: number; error?: { message: string } });
    expect(exchanges.filter((exchange) => exchange.error).map((exchange) => `${exchange.method} ${exchange.url}: ${exchange.error?.message}`)).toEqual([]);
  });

  it.concurrent("Ctrl-C while waiting leaves a clean state that a later run picks up", async ({ onTestFinished }) => {
    const box = await ownSandbox(onTestFinished);
    const env = { OKTA_ORG_URL: box.oktaOrgUrl, OKTA_API_TOKEN: box.oktaApiToken, SCIM_TOKEN: box.scimToken };
    const argv = ["setup", "--vendor", "scim2-header", "--param", `baseUrl=${box.scimBaseUrl}`, "--probe", "none"];
    const term = inTerminal(argv, env, onTestFinished);
    await term.waitFor(/Apply this plan to/);
    term.type("y\r");
    await term.waitFor(/Waiting for: /);
    term.type("\u0003");
    expect(await term.exited).toBe(130);
    expect(box.okta.store.apps.size).toBe(1);
    // A later run finds the app it created and lists the same open step; nothing is created twice.
    const later = await runCli(["--json", ...argv, "--yes"], { env });
    expect(later.code).toBe(4);
    const json = JSON.parse(later.stdout) as { applied: number; pending: { step: string }[] };
    expect(json.applied).toBe(0);
    expect(json.pending.map((entry) => entry.step)[0]).toMatch(/^Configure API Integration/);
    expect(box.okta.store.apps.size).toBe(1);
  }, 60_000);
});
