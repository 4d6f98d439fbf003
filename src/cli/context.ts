import { createRequire } from "node:module";
import type { Writable } from "node:stream";
import { isatty } from "node:tty";
import type { Chalk as ChalkConstructor, ChalkInstance } from "chalk";
import { Redactor } from "./redact.js";

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

export interface ContextInit {
  stdout?: Writable & { isTTY?: boolean; columns?: number };
  stderr?: Writable & { isTTY?: boolean; columns?: number };
  stdinIsTTY?: boolean;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  global: GlobalOptions;
  signal?: AbortSignal;
  now?: () => Date;
}

export function createContext(init: ContextInit): Context {
  const env = init.env ?? process.env;
  const stdout = wrapStream(init.stdout ? () => init.stdout! : () => quietOnClosedPipe(process.stdout), init.stdout ? undefined : 1);
  const stderr = wrapStream(init.stderr ? () => init.stderr! : () => quietOnClosedPipe(process.stderr), init.stderr ? undefined : 2);
  // isatty(0), not process.stdin.isTTY: creating the stdin stream costs every run start-up time.
  const stdinIsTTY = init.stdinIsTTY ?? isatty(0);
  let style: ChalkInstance | undefined;
  return {
    stdout,
    stderr,
    env,
    cwd: init.cwd ?? process.cwd(),
    global: init.global,
    // chalk is loaded on first use: `--help` and `--version` never pay for it.
    get style() {
      style ??= new (loadChalk())({ level: colorLevel(init.global.color, stderr.isTTY, env) });
      return style;
    },
    get interactive() {
      return stdinIsTTY && stderr.isTTY && !isCI(env);
    },
    redactor: new Redactor(),
    signal: init.signal ?? new AbortController().signal,
    now: init.now ?? (() => new Date()),
  };
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

function loadChalk(): typeof ChalkConstructor {
  return (createRequire(import.meta.url)("chalk") as { Chalk: typeof ChalkConstructor }).Chalk;
}

/**
 * `scim-okta probe --list | head` closes the pipe early: that is the reader's choice, not an
 * error, so further output is dropped instead of crashing with EPIPE.
 */
function quietOnClosedPipe<T extends Writable>(stream: T): T {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
  return stream;
}

type TerminalStream = Writable & { isTTY?: boolean; columns?: number };

/**
 * process.stdout and process.stderr are created on first use, and creating one loads Node's
 * stream machinery: a run that only prints its version never creates stderr. For the real
 * descriptors, isTTY comes from isatty(fd) without creating the stream.
 */
function wrapStream(open: () => TerminalStream, fd: number | undefined): OutputStream {
  let stream: TerminalStream | undefined;
  const get = () => (stream ??= open());
  return {
    write: (text) => void get().write(text),
    get isTTY() {
      return fd === undefined ? Boolean(get().isTTY) : isatty(fd);
    },
    get columns() {
      return get().columns ?? 100;
    },
    get stream() {
      return get();
    },
  };
}
