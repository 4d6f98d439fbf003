import { createRequire } from "node:module";
import type { Writable } from "node:stream";
import { isatty } from "node:tty";
import type { Chalk as ChalkConstructor, ChalkInstance } from "chalk";
import { colorLevel, isCI, type Context, type GlobalOptions, type OutputStream } from "../core/io.js";
import { Redactor } from "../core/redact.js";

export { colorLevel, isCI, type Context, type GlobalOptions, type OutputStream } from "../core/io.js";

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
