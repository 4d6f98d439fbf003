import type { Writable } from "node:stream";
import type { ChalkInstance } from "chalk";
import type { Dispatcher } from "undici";
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
  /**
   * Colours for text written to this stream, decided for this stream: `vendors list | cat` gets
   * none on stdout though stderr is a terminal. NO_COLOR, FORCE_COLOR and --no-color apply.
   */
  readonly style: ChalkInstance;
  /** The raw stream, for libraries (ora, inquirer) that want one. */
  readonly stream: Writable;
}

/** A spinner on stderr. On a non-interactive run every call does nothing. Text is redacted. */
export interface Spinner {
  /** Show this text next to the spinner (starting it again after persist). */
  update(text: string): void;
  /** Leave a finished line ("✓ okta-spec 12 done"); update() starts spinning again below it. */
  persist(symbol: string, text: string): void;
  /** Stop and clear the spinner; resolves once it is gone. */
  stop(): Promise<void>;
}

export interface Progress {
  /** A spinner with this text, on stderr, only when the run is interactive (see Context.interactive). */
  spinner(text: string): Spinner;
}

/**
 * Questions for the user, on stderr. In a non-interactive run nothing is asked: each question
 * names the flag, env var or file that answers it instead (`instead`), and asking is a UsageError
 * (exit 2) saying to pass it. Ctrl-C while asking is an InterruptedError.
 */
export interface Prompter {
  confirm(question: { message: string; default?: boolean; instead: string }): Promise<boolean>;
  input(question: { message: string; default?: string; instead: string; validate?: (value: string) => string | true }): Promise<string>;
  /** Typed without echo (each character shown as a mask). */
  password(question: { message: string; instead: string; validate?: (value: string) => string | true }): Promise<string>;
  select<T>(question: { message: string; instead: string; choices: ReadonlyArray<{ name: string; value: T; description?: string }> }): Promise<T>;
}

export interface DispatcherRequest {
  /** Accept certificates Okta would reject (self-signed, expired, wrong host). */
  insecure?: boolean;
  timeoutMs: number;
  /** Independent requests in flight per origin. */
  connections?: number;
}

/** Where HTTP connection pools come from: the real one honours the proxy env and NODE_EXTRA_CA_CERTS; tests pass their own. */
export interface HttpFactory {
  /** A keep-alive pool for one run; the caller closes it. */
  dispatcher(request: DispatcherRequest): Promise<Dispatcher>;
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
  /** Spinners and prompts are allowed: stdin and stderr are TTYs and CI is not set. */
  readonly interactive: boolean;
  readonly progress: Progress;
  readonly prompter: Prompter;
  readonly http: HttpFactory;
  readonly redactor: Redactor;
  /** Aborted on Ctrl-C (or SIGHUP, SIGTERM); long work checks it and cleans up. */
  readonly signal: AbortSignal;
  /**
   * Say something if the user forces the exit (a second Ctrl-C) before this work finished: e.g.
   * the ids cleanup has not removed yet. Returns the function that withdraws it.
   */
  beforeForcedExit(say: () => string): () => void;
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
