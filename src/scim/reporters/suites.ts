import { cutShort, notRunReason, type ProbeResult, type ProbeStatus, type RunReport } from "../report.js";

export interface SuiteGroup {
  suite: string;
  /** In report order. */
  probes: ProbeResult[];
  counts: Record<ProbeStatus, number>;
  durationMs: number;
}

/** Probes grouped by suite, suites sorted by name, probes kept in report order. */
export function groupBySuite(probes: readonly ProbeResult[]): SuiteGroup[] {
  const bySuite = new Map<string, ProbeResult[]>();
  for (const probe of probes) {
    const list = bySuite.get(probe.suite);
    if (list) list.push(probe);
    else bySuite.set(probe.suite, [probe]);
  }
  return [...bySuite.keys()]
    .sort(compareStrings)
    .map((suite) => {
      const list = bySuite.get(suite) ?? [];
      return { suite, probes: list, counts: countStatuses(list), durationMs: sum(list.map((p) => p.durationMs)) };
    });
}

function countStatuses(probes: readonly ProbeResult[]): Record<ProbeStatus, number> {
  const counts: Record<ProbeStatus, number> = { passed: 0, failed: 0, warned: 0, skipped: 0 };
  for (const probe of probes) counts[probe.status] += 1;
  return counts;
}

/** `12 passed, 1 failed (1 required), 1 warned, 2 skipped` — zero warned/skipped are left out. */
export function verdictLine(summary: RunReport["summary"]): string {
  const parts = [`${summary.passed} passed`];
  const failed = `${summary.failed} failed`;
  parts.push(summary.requiredFailed > 0 ? `${failed} (${summary.requiredFailed} required)` : failed);
  if (summary.warned > 0) parts.push(`${summary.warned} warned`);
  if (summary.skipped > 0) parts.push(`${summary.skipped} skipped`);
  return parts.join(", ");
}

/** Said after the verdict of a run that stopped in the middle: it passed nothing as a whole. */
export const STOPPED_NOTE = " (run stopped before the end)";

/** Whether the run stopped before every probe ran to its end (Ctrl-C, an unreachable server). */
export function stoppedEarly(report: Pick<RunReport, "probes">): boolean {
  return report.probes.some(cutShort);
}

/** "interrupted (Ctrl-C)" → how many probes it kept from running: one line each, not one per probe. */
export function notRunCounts(probes: readonly ProbeResult[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const probe of probes) {
    const reason = notRunReason(probe);
    if (reason !== undefined) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return counts;
}

/** `3 probes not run: interrupted (Ctrl-C)`. */
export function notRunLine(reason: string, count: number): string {
  return `${count} ${count === 1 ? "probe" : "probes"} not run: ${reason}`;
}

/** `850 ms`, `12.3 s`: run and probe durations in the human reports. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Byte-order comparison: the same order on every machine and locale. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
