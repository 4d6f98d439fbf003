import { main } from "../../src/cli/main.js";
import { Writable } from "node:stream";

/**
 * argv → the options the real program would run with, without running anything (main's
 * runCommand stands in for the command). A refused argv gives its exit code and error line.
 */
export async function parsedOptions(argv: string[], cwd?: string): Promise<{ code: number; path?: readonly string[]; options?: Record<string, unknown>; stderr: string }> {
  let stderr = "";
  const sink = (write: (text: string) => void) =>
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        write(chunk.toString());
        callback();
      },
    });
  let seen: { path: readonly string[]; options: Record<string, unknown> } | undefined;
  const code = await main(argv, {
    stdout: sink(() => {}),
    stderr: sink((text) => (stderr += text)),
    stdinIsTTY: false,
    env: {},
    handleSignals: false,
    ...(cwd ? { cwd } : {}),
    runCommand: (path, options) => {
      seen = { path, options: options as Record<string, unknown> };
      return Promise.resolve(0);
    },
  });
  return { code, stderr, ...seen };
}
