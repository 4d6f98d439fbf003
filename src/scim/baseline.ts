import { resolve } from "node:path";
import { UsageError } from "../core/errors.js";
import type { Context } from "../core/io.js";
import { passes, type ProbeResult, type RunReport } from "./report.js";
import { writeFileSafely } from "./reporters/output.js";

/*
 * A baseline is the list of probes a team knows fail (`probe --baseline <file>`): they are still
 * reported, but do not fail the run. `--write-baseline <file>` writes one from a run, and a run
 * with a baseline names the listed probes that pass now, so the list only ever shrinks.
 */

/** The listed probes that ran and passed (or passed with a warning): remove them from the baseline. */
export function fixedBaselineEntries(probes: readonly ProbeResult[], baseline: ReadonlySet<string>): string[] {
  return probes.filter((probe) => baseline.has(probe.id) && passes(probe.status)).map((probe) => probe.id);
}

/**
 * `--write-baseline`: the ids of the run's failed probes (required and optional alike, as a JSON
 * report used as a baseline counts them), sorted, one per line, in the form `--baseline` reads.
 * Nothing in it changes from run to run but the ids, so its diff in a pull request is the news.
 */
function baselineText(report: RunReport): string {
  const failed = report.probes
    .filter((probe) => probe.status === "failed")
    .map((probe) => probe.id)
    .sort();
  return [
    `# scim-okta ${report.command} baseline: known failures, one probe id per line (--baseline <this file>).`,
    "# They are reported but do not fail the run; a failure not listed here does. A listed probe that",
    '# passes is reported as "fixed, remove from the baseline": delete its line.',
    ...failed,
    "",
  ].join("\n");
}

/** Write `--write-baseline <file>` (whole or not at all); a place that cannot be written is named. */
export async function writeBaselineFile(path: string, report: RunReport, ctx: Context): Promise<void> {
  try {
    await writeFileSafely(resolve(ctx.cwd, path), ctx.redactor.redact(baselineText(report)));
  } catch (error) {
    throw new UsageError(`cannot write --write-baseline ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, "pass a writable file path");
  }
}
