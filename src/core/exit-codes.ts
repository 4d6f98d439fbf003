/**
 * The one exit-code map of the CLI (DESIGN §2). Nothing else in the code base picks a number.
 */
export const ExitCode = {
  ok: 0,
  findings: 1,
  badInput: 2,
  cannotProceed: 3,
  manualStepsPending: 4,
  interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Highest first: when several outcomes apply, the earlier one wins. */
const precedence: readonly ExitCode[] = [
  ExitCode.interrupted,
  ExitCode.badInput,
  ExitCode.cannotProceed,
  ExitCode.manualStepsPending,
  ExitCode.findings,
  ExitCode.ok,
];

/** Combine the outcomes of several parts of a run into the code the process exits with. */
export function combineExitCodes(codes: readonly ExitCode[]): ExitCode {
  for (const code of precedence) if (codes.includes(code)) return code;
  return ExitCode.ok;
}
