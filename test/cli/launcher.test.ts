import { execFile, execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, findOldNode, REPO_ROOT } from "../support/cli.js";

/*
 * bin/scim-okta.js on a Node older than 22.12 (the system Node of this machine is 20): it re-runs
 * itself on the project's own Node when `npm ci` installed it, else exits 2 with one line.
 */
function run(node: string, script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(node, [script, ...args], { env: { PATH: process.env.PATH ?? "" }, cwd: REPO_ROOT }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const oldNode = findOldNode();
const scratch = mkdtempSync(join(tmpdir(), "scim-okta-launcher-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(!oldNode)(`launcher on an old Node (${oldNode ?? "none found on PATH"})`, () => {
  const { version } = JSON.parse(execFileSync(process.execPath, ["-p", "JSON.stringify(require('./package.json'))"], { cwd: REPO_ROOT, encoding: "utf8" })) as { version: string };

  it("re-runs itself on the project's own Node and prints what the command prints", async () => {
    const result = await run(oldNode!, BIN, ["--version"]);
    expect(result).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("passes the command's exit code through", async () => {
    const result = await run(oldNode!, BIN, ["vendors", "show", "no-such-vendor"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no-such-vendor/);
    expect(result.stderr).not.toMatch(/at .*\(.*:\d+:\d+\)/);
  });

  it("without the project's Node beside it: exit 2, one line naming the Node it needs, no stack trace", async () => {
    const bin = join(scratch, "bin");
    mkdirSync(bin, { recursive: true });
    copyFileSync(BIN, join(bin, "scim-okta.js"));
    const result = await run(oldNode!, join(bin, "scim-okta.js"), ["--version"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    const [first, ...rest] = result.stderr.trim().split("\n");
    expect(first).toMatch(/^error: scim-okta needs Node\.js 22\.12 or later; this is Node\.js \d+\.\d+\.\d+$/);
    expect(rest.every((line) => line.startsWith("hint:"))).toBe(true);
  });
});

/** The sandbox, relaunched by the launcher on the project's Node, once it printed its JSON line. */
async function relaunchedSandbox(detached = false, json = true) {
  const launcher = spawn(oldNode!, [BIN, "sandbox", ...(json ? ["--json"] : [])], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? "" }, stdio: ["ignore", "pipe", "pipe"], detached });
  let stderr = "";
  launcher.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => launcher.on("exit", (code, signal) => resolve({ code, signal })));
  const line = await new Promise<string>((resolve, reject) => {
    let text = "";
    launcher.stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes("\n")) resolve(text);
    });
    launcher.on("exit", () => reject(new Error(`launcher exited early: ${text}`)));
    setTimeout(() => reject(new Error("no JSON line within 20 s")), 20_000).unref();
  });
  return { launcher, line, exited, stderr: () => stderr };
}

describe.skipIf(!oldNode)("a relaunched CLI and its launcher", () => {
  it.each([
    ["SIGINT sent to the launcher alone (kill -INT, a supervisor)", false],
    ["Ctrl-C to the whole process group (launcher and CLI both hear it)", true],
  ])("%s stops the sandbox cleanly: exit 130, \"Sandbox stopped.\"", async (_name, group) => {
    // Without --json, "Sandbox stopped." comes once its servers are closed: a second interrupt would exit before it.
    const { launcher, exited, stderr } = await relaunchedSandbox(group, false);
    try {
      if (group) process.kill(-launcher.pid!, "SIGINT");
      else launcher.kill("SIGINT");
      const result = await Promise.race([exited, new Promise<"running">((resolve) => setTimeout(() => resolve("running"), 10_000))]);
      expect(result).toEqual({ code: 130, signal: null });
      expect(stderr()).toContain("Sandbox stopped.");
    } finally {
      launcher.kill("SIGKILL");
    }
  }, 40_000);

  it("the CLI stops when its launcher is killed outright (no orphaned sandbox left running)", async () => {
    const { launcher, line } = await relaunchedSandbox();
    try {
      expect(JSON.parse(line)).toMatchObject({ schemaVersion: 1 });
      const children = execFileSync("ps", ["-o", "pid=", "--ppid", String(launcher.pid)], { encoding: "utf8" }).trim().split(/\s+/).map(Number);
      expect(children).toHaveLength(1);
      const [child] = children;
      launcher.kill("SIGKILL");
      let alive = true;
      for (let attempt = 0; attempt < 100 && alive; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        try {
          process.kill(child!, 0);
        } catch {
          alive = false;
        }
      }
      expect(alive).toBe(false);
    } finally {
      launcher.kill("SIGKILL");
    }
  }, 40_000);
});

/**
 * The same, in a pseudo-terminal (util-linux `script`), as a person runs it: the launcher's pid is
 * printed first (`exec` keeps the shell's), then the sandbox's banner.
 */
function relaunchedSandboxInTerminal() {
  const quoted = (word: string) => `'${word.replace(/'/g, "'\\''")}'`;
  const command = `stty cols 160 rows 50; echo "launcher pid $$"; exec ${quoted(oldNode!)} ${quoted(BIN)} sandbox`;
  const proc = spawn("script", ["-qfec", command, "/dev/null"], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? "", TERM: "xterm" }, stdio: ["pipe", "pipe", "pipe"] });
  let screen = "";
  proc.stdout.on("data", (chunk: Buffer) => (screen += chunk.toString()));
  const exited = new Promise<number>((resolve) => proc.on("exit", (code) => resolve(code ?? -1)));
  async function waitFor(pattern: RegExp): Promise<RegExpExecArray> {
    for (let waited = 0; waited < 30_000; waited += 50) {
      const match = pattern.exec(screen);
      if (match) return match;
      if (proc.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no ${pattern} on the terminal:\n${screen}`);
  }
  return { proc, exited, waitFor, screen: () => screen };
}

describe.skipIf(!oldNode)("a relaunched CLI on a terminal", () => {
  it.each([
    ["Ctrl-C typed: the CLI hears it from the terminal, the launcher does not send it again", "ctrl-c"],
    ["kill -INT to the launcher alone (a supervisor): passed on, though a terminal is there", "kill"],
  ])("%s: the sandbox stops cleanly, exit 130", async (_name, how) => {
    const terminal = relaunchedSandboxInTerminal();
    try {
      const launcherPid = Number((await terminal.waitFor(/launcher pid (\d+)/))[1]);
      await terminal.waitFor(/Ctrl-C/);
      if (how === "ctrl-c") terminal.proc.stdin.write("\x03");
      else process.kill(launcherPid, "SIGINT");
      const code = await Promise.race([terminal.exited, new Promise<"running">((resolve) => setTimeout(() => resolve("running"), 10_000))]);
      // "Sandbox stopped." comes once its servers are closed: an interrupt heard twice would exit before it.
      expect({ code, stopped: terminal.screen().includes("Sandbox stopped.") }).toEqual({ code: 130, stopped: true });
    } finally {
      terminal.proc.kill("SIGKILL");
    }
  }, 40_000);
});

describe("npx in a clone", () => {
  it("runs the CLI without npm's EBADENGINE block, even on the first call with an empty npx cache", async () => {
    const cache = mkdtempSync(join(scratch, "npm-cache-"));
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        "npm",
        ["exec", "--", "scim-okta", "--version"],
        { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? "", HOME: scratch, npm_config_cache: cache, npm_config_update_notifier: "false" } },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
      );
    });
    expect(result.stderr).not.toContain("EBADENGINE");
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  }, 120_000);
});
