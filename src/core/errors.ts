import { ExitCode } from "./exit-codes.js";

/**
 * An error the user can fix: it says what happened and what to do next, and maps to an exit code.
 * Messages are one line and name the flag, env var, file or field involved.
 */
abstract class UserFacingError extends Error {
  abstract readonly exitCode: ExitCode;
  abstract readonly code: string;
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input: unknown flag or vendor, invalid template, missing parameter (exit 2). */
export class UsageError extends UserFacingError {
  readonly exitCode = ExitCode.badInput;
  readonly code = "usage";
}

/** The Okta org or SCIM server cannot be reached, or refused our credentials (exit 3). */
export class CannotProceedError extends UserFacingError {
  readonly exitCode = ExitCode.cannotProceed;
  readonly code = "cannot-proceed";
}

/** The user pressed Ctrl-C; cleanup has run (exit 130). */
export class InterruptedError extends UserFacingError {
  readonly exitCode = ExitCode.interrupted;
  readonly code = "interrupted";
  constructor() {
    super("Interrupted.");
  }
}

/** Wait `ms`, or stop with InterruptedError as soon as `signal` aborts (Ctrl-C while polling Okta). */
export function sleepUnlessInterrupted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolveSleep, reject) => {
    if (signal.aborted) return reject(new InterruptedError());
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolveSleep();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new InterruptedError());
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Ours, not the user's: ask for a report. */
export class BugError extends Error {
  override name = "BugError";
}

export function isUserFacing(error: unknown): error is UserFacingError {
  return error instanceof UserFacingError;
}

/** Why a file could not be read, in words with the code: "no such file (ENOENT)", "a folder, not a file (EISDIR)". */
export function fileErrorWords(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const words: Record<string, string> = {
    ENOENT: "no such file",
    EISDIR: "a folder, not a file",
    EACCES: "permission denied",
    EPERM: "permission denied",
    ENOTDIR: "a part of the path is not a folder",
  };
  if (code === undefined) return String(error);
  return words[code] ? `${words[code]} (${code})` : code;
}
