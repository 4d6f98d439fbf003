import { createRequire } from "node:module";
import type { Readable, Writable } from "node:stream";
import { isatty } from "node:tty";
import type { Chalk as ChalkConstructor, ChalkInstance } from "chalk";
import { colorLevel, isCI, type Context, type GlobalOptions, type HttpFactory, type OutputStream, type Prompter } from "../core/io.js";
import { Redactor } from "../core/redact.js";
import { createProgress } from "./progress.js";
import { createPrompter } from "./prompter.js";

export { colorLevel, isCI, type Context, type GlobalOptions, type OutputStream } from "../core/io.js";

type TerminalStream = Writable & { isTTY?: boolean; columns?: number };

export interface ContextInit {
  stdout?: TerminalStream;
  stderr?: TerminalStream;
  stdin?: Readable;
  stdinIsTTY?: boolean;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  global: GlobalOptions;
  signal?: AbortSignal;
  now?: () => Date;
  /** Tests hand in their own connection pools (or a stub). */
  http?: HttpFactory;
  /** Tests hand in scripted answers (test/support/prompter.ts). */
  prompter?: Prompter;
  /** Where beforeForcedExit notes go; main reads them when a second Ctrl-C forces the exit. */
  forcedExitNotes?: ForcedExitNotes;
}

/** What running work wants said if the user forces the exit before it finished. */
export class ForcedExitNotes {
  private readonly notes = new Set<() => string>();

  add(say: () => string): () => void {
    this.notes.add(say);
    return () => this.notes.delete(say);
  }

  text(): string {
    return [...this.notes].map((say) => say()).join("");
  }
}

export function createContext(init: ContextInit): Context {
  const env = init.env ?? process.env;
  const color = (isTTY: boolean) => colorLevel(init.global.color, isTTY, env);
  const stdout = wrapStream(init.stdout ? () => init.stdout! : () => quietOnClosedPipe(process.stdout), init.stdout ? undefined : 1, color);
  const stderr = wrapStream(init.stderr ? () => init.stderr! : () => quietOnClosedPipe(process.stderr), init.stderr ? undefined : 2, color);
  // isatty(0), not process.stdin.isTTY: creating the stdin stream costs every run start-up time.
  const stdinIsTTY = init.stdinIsTTY ?? isatty(0);
  const interactive = () => stdinIsTTY && stderr.isTTY && !isCI(env);
  const redactor = new Redactor();
  const signal = init.signal ?? new AbortController().signal;
  const notes = init.forcedExitNotes ?? new ForcedExitNotes();
  return {
    stdout,
    stderr,
    env,
    cwd: init.cwd ?? process.cwd(),
    global: init.global,
    get interactive() {
      return interactive();
    },
    progress: createProgress({ enabled: interactive, stderr, redactor }),
    prompter: init.prompter ?? createPrompter({ interactive, input: () => init.stdin ?? process.stdin, output: () => stderr.stream, signal }),
    http: init.http ?? {
      // undici is loaded with the first connection pool: `--help` and `vendors` never pay for it.
      async dispatcher(request) {
        const { createDispatcher } = await import("../http/dispatcher.js");
        return createDispatcher({ ...request, env });
      },
    },
    redactor,
    signal,
    beforeForcedExit: (say) => notes.add(say),
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

/**
 * process.stdout and process.stderr are created on first use, and creating one loads Node's
 * stream machinery: a run that only prints its version never creates stderr. For the real
 * descriptors, isTTY comes from isatty(fd) without creating the stream. Colour is decided per
 * stream, and chalk is loaded on first use: `--help` and `--version` never pay for it.
 */
function wrapStream(open: () => TerminalStream, fd: number | undefined, level: (isTTY: boolean) => 0 | 1 | 2 | 3): OutputStream {
  let stream: TerminalStream | undefined;
  let style: ChalkInstance | undefined;
  const get = () => (stream ??= open());
  const wrapped: OutputStream = {
    write: (text) => void get().write(text),
    get isTTY() {
      return fd === undefined ? Boolean(get().isTTY) : isatty(fd);
    },
    get columns() {
      return get().columns ?? 100;
    },
    get style() {
      style ??= new (loadChalk())({ level: level(wrapped.isTTY) });
      return style;
    },
    get stream() {
      return get();
    },
  };
  return wrapped;
}
