import { execFile, execFileSync } from "node:child_process";
import { delimiter, join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { main } from "../../src/cli/main.js";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const BIN = `${REPO_ROOT}bin/scim-okta.js`;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

class Collector extends Writable {
  text = "";
  isTTY = false;
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

/** Run the CLI in-process with fake, non-TTY streams and a controlled environment. */
export async function runCli(argv: string[], options: { env?: NodeJS.ProcessEnv; signal?: AbortSignal; cwd?: string } = {}): Promise<CliResult> {
  const stdout = new Collector();
  const stderr = new Collector();
  const code = await main(argv, {
    stdout,
    stderr,
    stdinIsTTY: false,
    env: options.env ?? {},
    handleSignals: false,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Run the built binary as a user would, with the Node that runs the tests. */
export function runBin(argv: string[], options: { env?: NodeJS.ProcessEnv; execArgv?: string[]; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...(options.execArgv ?? []), BIN, ...argv],
      // A CLI that never ends must not outlive the test (STATUS 17:10): killed after 2 minutes.
      { env: { PATH: process.env.PATH ?? "", ...options.env }, cwd: options.cwd ?? REPO_ROOT, timeout: 120_000, killSignal: "SIGKILL" },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === "number" ? error.code : error ? 1 : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A Node older than 22.12 on PATH outside node_modules (this machine's system Node is 20), if any. */
export function findOldNode(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir.includes("node_modules")) continue;
    const candidate = join(dir, "node");
    try {
      const version = execFileSync(candidate, ["-p", "process.versions.node"], { encoding: "utf8" }).trim();
      const [major = 0, minor = 0] = version.split(".").map(Number);
      if (major < 22 || (major === 22 && minor < 12)) return candidate;
    } catch {
      // not there, or not runnable
    }
  }
  return undefined;
}
