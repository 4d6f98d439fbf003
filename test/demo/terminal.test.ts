import { spawn, type ChildProcess } from "node:child_process";
import { stripVTControlCharacters } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { BIN } from "../support/cli.js";
import { listening } from "../support/net.js";

/*
 * `scim-okta demo` as a person runs it, in a pseudo-terminal (util-linux `script`): stages appear
 * as they happen with spinners and colour, and Ctrl-C stops everything it started (exit 130).
 */

let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  child = undefined;
});

/** Braille frames of ora's default spinner. */
const SPINNER_FRAME = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;
const KILL_AFTER_MS = 120_000;

function inTerminal(argv: string[]) {
  const command = [process.execPath, BIN, ...argv].map((word) => `'${word.replace(/'/g, "'\\''")}'`).join(" ");
  // A pty from `script` has no size until told: at 0 columns ora redraws forever (STATUS 18:45).
  const proc = spawn("script", ["-qfec", `stty cols 120 rows 50; ${command}`, "/dev/null"], { env: { PATH: process.env.PATH ?? "", TERM: "xterm-256color" }, stdio: ["pipe", "pipe", "pipe"] });
  child = proc;
  const chunks: string[] = [];
  proc.stdout.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
  const killer = setTimeout(() => proc.kill("SIGKILL"), KILL_AFTER_MS);
  const exited = new Promise<number>((resolve) =>
    proc.on("exit", (code) => {
      clearTimeout(killer);
      resolve(code ?? -1);
    }),
  );
  const screen = () => chunks.join("");
  return {
    chunks,
    screen,
    exited,
    type: (keys: string) => proc.stdin.write(keys),
    async waitFor(pattern: RegExp): Promise<void> {
      while (!pattern.test(stripVTControlCharacters(screen()))) {
        if (proc.exitCode !== null) throw new Error(`exited ${proc.exitCode} before ${pattern}; screen:\n${stripVTControlCharacters(screen())}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

/** The first chunk (in arrival order) whose accumulated text shows `text`. */
function arrivedIn(chunks: readonly string[], text: string): number {
  let seen = "";
  for (const [index, chunk] of chunks.entries()) {
    seen += chunk;
    if (stripVTControlCharacters(seen).includes(text)) return index;
  }
  return -1;
}


describe("demo in a terminal", () => {
  it("shows each stage as it happens: headings, spinners, colour, setup's plan", async () => {
    const term = inTerminal(["demo"]);
    const code = await term.exited;
    const raw = term.screen();
    const text = stripVTControlCharacters(raw);
    expect(code, text).toBe(0);
    expect(raw).toMatch(SPINNER_FRAME);
    expect(raw).toContain("\u001b[1m1. Start the sandbox");
    expect(text).toContain("Plan: ");
    expect(text).toMatch(/Manual step 1 of \d: Configure API Integration/);
    expect(text).toContain("The same against a real Okta org:");
    // Streamed, not printed at the end: the first stage was on screen chunks before the summary.
    const first = arrivedIn(term.chunks, "1. Start the sandbox");
    const summary = arrivedIn(term.chunks, "Summary");
    expect(first).toBeGreaterThanOrEqual(0);
    expect(summary).toBeGreaterThan(first);
    expect(arrivedIn(term.chunks, "9. test-connector")).toBeGreaterThan(arrivedIn(term.chunks, "3. setup"));
  }, KILL_AFTER_MS + 10_000);

  it("Ctrl-C stops it: exit 130, the sandbox's servers closed", async () => {
    const term = inTerminal(["demo"]);
    await term.waitFor(/Admin Console +http:\/\/127\.0\.0\.1:\d+/);
    term.type("\u0003");
    const code = await term.exited;
    const text = stripVTControlCharacters(term.screen());
    expect(code, text).toBe(130);
    expect(text).not.toContain("Summary");
    const urls = [...text.matchAll(/(?:Okta org|SCIM server|Admin Console) +(http:\/\/127\.0\.0\.1:\d+)/g)].map((match) => match[1] as string);
    expect(urls).toHaveLength(3);
    for (const url of urls) expect(await listening(url), url).toBe(false);
  }, KILL_AFTER_MS + 10_000);
});
