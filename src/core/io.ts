import type { Writable } from "node:stream";
import type { ChalkInstance } from "chalk";
import type { Redactor } from "./redact.js";

/*
 * The shape of the outside world every layer may write to (the GitHub CLI's iostreams). The
 * implementation lives in src/cli/context.ts; lower layers only see these types, so tests can hand
 * them fake streams, a fixed clock and a non-interactive terminal.
 */

/** Global options every command sees. */
export interface GlobalOptions {
  json: boolean;
  color: boolean;
  debug: boolean;
}

/** A stream we write to, with what we know about the terminal behind it. */
export interface OutputStream {
  write(text: string): void;
  readonly isTTY: boolean;
  readonly columns: number;
  /** The raw stream, for libraries (ora) that want one. */
  readonly stream: Writable;
}

/**
 * Everything a command needs from the outside world, injected so tests can use fake streams,
 * a fixed clock and a non-interactive terminal (the GitHub CLI's iostreams, in one place).
 */
export interface Context {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly global: GlobalOptions;
  /** Colours for stdout/stderr text; plain when colour is off. */
  readonly style: ChalkInstance;
  /** Spinners and prompts are allowed: stdin and stderr are TTYs and CI is not set. */
  readonly interactive: boolean;
  readonly redactor: Redactor;
  /** Aborted on Ctrl-C; long work checks it and cleans up. */
  readonly signal: AbortSignal;
  now(): Date;
}

export function isCI(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.CI) && env.CI !== "false" && env.CI !== "0";
}

/** NO_COLOR and --no-color switch colour off; FORCE_COLOR switches it on; else only on a TTY. */
export function colorLevel(colorFlag: boolean, isTTY: boolean, env: NodeJS.ProcessEnv): 0 | 1 | 2 | 3 {
  if (!colorFlag) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === "0" || force === "false") return 0;
    const level = Number(force);
    return level >= 1 && level <= 3 ? (level as 1 | 2 | 3) : 1;
  }
  return isTTY ? 1 : 0;
}
