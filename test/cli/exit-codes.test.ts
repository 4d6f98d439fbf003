import { describe, expect, it } from "vitest";
import { combineExitCodes, ExitCode } from "../../src/core/exit-codes.js";

describe("exit code precedence (DESIGN §2: 130, then 2 or 3, then 4, then 1, then 0)", () => {
  it.each([
    [[], 0],
    [[ExitCode.ok], 0],
    [[ExitCode.ok, ExitCode.findings], 1],
    [[ExitCode.findings, ExitCode.manualStepsPending], 4],
    [[ExitCode.manualStepsPending, ExitCode.cannotProceed], 3],
    [[ExitCode.findings, ExitCode.badInput], 2],
    [[ExitCode.badInput, ExitCode.cannotProceed], 2],
    [[ExitCode.cannotProceed, ExitCode.interrupted, ExitCode.badInput], 130],
  ])("%j → %i", (codes, expected) => {
    expect(combineExitCodes(codes as ExitCode[])).toBe(expected);
  });
});
