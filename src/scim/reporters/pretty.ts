import type { ChalkInstance } from "chalk";
import type { Context, Spinner } from "../../core/io.js";
import { cutShort, notRunReason, type ProbeResult, type RunReport } from "../report.js";
import { RedactingWriter, streamOf } from "./output.js";
import { continuedLines, GUTTER, oneLine, withPrintableText } from "./printable.js";
import { formatDuration, groupBySuite, notRunCounts, notRunLine, STOPPED_NOTE, stoppedEarly, verdictLine, type SuiteGroup } from "./suites.js";
import type { Reporter } from "./types.js";

type StartInfo = Parameters<NonNullable<Reporter["start"]>>[0];

/**
 * The human view: a spinner per suite on stderr while the run goes on (interactive terminals only),
 * then, at the end, every probe grouped by suite, the details of each failure, a table and a verdict.
 */
export class PrettyReporter implements Reporter {
  private readonly out: RedactingWriter;
  private progress: SuiteProgress | undefined;

  constructor(
    private readonly ctx: Context,
    private readonly options: { stream: "stdout" | "stderr"; command: RunReport["command"] },
  ) {
    this.out = new RedactingWriter(ctx, streamOf(ctx, options.stream));
  }

  start(info: StartInfo): void {
    if (this.ctx.interactive) this.progress = new SuiteProgress(this.ctx, info);
  }

  suiteStarted(suite: string): void {
    this.progress?.suiteStarted(suite);
  }

  probeFinished(result: ProbeResult): void {
    this.progress?.probeFinished(result);
  }

  suiteFinished(suite: string): void {
    this.progress?.suiteFinished(suite);
  }

  async finish(report: RunReport): Promise<void> {
    await this.progress?.stop();
    // Colour as decided for the stream the report goes to: `probe > report.txt` gets none.
    this.out.write(renderPretty(this.ctx.redactor.redactValue(report), streamOf(this.ctx, this.options.stream).style));
  }
}

const SYMBOLS = { passed: "✓", failed: "✗", warned: "!", skipped: "-" } as const;

/** The whole human report as text; pure, so tests can read it line by line. */
function renderPretty(unsafeReport: RunReport, style: ChalkInstance): string {
  const report = withPrintableText(unsafeReport);
  const lines: string[] = [];
  const groups = groupBySuite(report.probes);
  for (const group of groups) {
    // Probes the run never started (Ctrl-C, an unreachable server) are counted below, not listed.
    const ran = group.probes.filter((probe) => notRunReason(probe) === undefined);
    if (ran.length === 0) continue;
    lines.push(style.bold(group.suite));
    for (const probe of ran) lines.push(...probeLines(probe, style));
    lines.push("");
  }
  const notRun = notRunCounts(report.probes);
  for (const [reason, count] of notRun) lines.push(style.dim(`${SYMBOLS.skipped} ${notRunLine(reason, count)}`));
  if (notRun.size > 0) lines.push("");

  const failed = groups.flatMap((group) => group.probes.filter((probe) => probe.status === "failed"));
  if (failed.length > 0) {
    lines.push(style.bold("Failures"), "");
    for (const probe of failed) lines.push(...failureDetails(probe, style), "");
  }

  if (report.leftovers.length > 0) {
    lines.push(style.bold.yellow("Left behind (remove by hand)"));
    for (const leftover of report.leftovers) lines.push(`  ${oneLine(leftover.type)} ${oneLine(leftover.id)}: ${oneLine(leftover.reason)}`);
    lines.push("");
  }

  const fixed = report.baseline?.fixed ?? [];
  if (fixed.length > 0) lines.push(style.green(`Fixed, remove from the baseline: ${fixed.map(oneLine).join(", ")}`), "");

  lines.push(...summaryTable(groups, style), "");
  lines.push(`${report.command === "probe" ? "Probed" : "Tested"} ${report.target.baseUrl} in ${formatDuration(report.durationMs)}.`);
  const verdict = verdictLine(report.summary);
  // A run stopped in the middle passed nothing as a whole: not green, and it says so.
  const stopped = stoppedEarly(report);
  if (report.summary.requiredFailed > 0) lines.push(style.red.bold(`${verdict}${stopped ? STOPPED_NOTE : ""}`));
  else lines.push(stopped ? style.yellow.bold(`${verdict}${STOPPED_NOTE}`) : style.green.bold(verdict));
  return `${lines.join("\n")}\n`;
}

function probeLines(probe: ProbeResult, style: ChalkInstance): string[] {
  const tag = style.dim(probeTag(probe));
  const name = `${probe.id} ${style.dim("—")} ${probe.title}`;
  switch (probe.status) {
    case "passed":
      return [`  ${style.green(SYMBOLS.passed)} ${name} ${tag}`];
    case "failed": {
      // What went wrong is said once, under Failures, with what was expected and the curl line.
      const color = probe.required && !probe.baselined ? style.red : style.yellow;
      return [`  ${color(SYMBOLS.failed)} ${name} ${tag}`];
    }
    case "warned":
      return [`  ${style.yellow(SYMBOLS.warned)} ${name} ${tag}`, ...quoted(probe.message, 6, style.yellow, style)];
    case "skipped": {
      const [first = "", ...rest] = continuedLines(`skipped: ${probe.message}`, "      ", style.dim);
      return [style.dim(`  ${SYMBOLS.skipped} ${probe.id} — ${probe.title} ${probeTag(probe)}`), style.dim(`      ${first}`), ...rest];
    }
  }
}


function probeTag(probe: ProbeResult): string {
  const kind = probe.required ? "required" : "optional";
  return probe.status === "failed" && probe.baselined ? `(${kind}, baselined)` : `(${kind})`;
}

function failureDetails(probe: ProbeResult, style: ChalkInstance): string[] {
  const color = probe.required && !probe.baselined ? style.red : style.yellow;
  const lines = [`${color(SYMBOLS.failed)} ${style.bold(probe.id)} — ${probe.title} ${style.dim(probeTag(probe))}`];
  lines.push(...quoted(probe.message, 2, (text) => text, style));
  const field = (label: string, value: string | null) => {
    if (value === null) return;
    const [first = "", ...rest] = continuedLines(value, " ".repeat(12), style.dim);
    lines.push(`  ${style.dim(label.padEnd(10))}${first}`, ...rest);
  };
  field("expected", probe.expected);
  field("actual", probe.actual);
  field("curl", probe.curl);
  field("reference", probe.reference);
  return lines;
}

function summaryTable(groups: readonly SuiteGroup[], style: ChalkInstance): string[] {
  const header = ["suite", "passed", "failed", "warned", "skipped"];
  const total = { passed: 0, failed: 0, warned: 0, skipped: 0 };
  const rows = groups.map((group) => {
    for (const key of ["passed", "failed", "warned", "skipped"] as const) total[key] += group.counts[key];
    return [group.suite, group.counts.passed, group.counts.failed, group.counts.warned, group.counts.skipped].map(String);
  });
  rows.push(["total", total.passed, total.failed, total.warned, total.skipped].map(String));
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)));
  const render = (row: readonly string[]) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join("  ")
      .trimEnd();
  return [style.bold(render(header)), ...rows.slice(0, -1).map(render), style.bold(render(rows[rows.length - 1] ?? []))];
}

/** Server-influenced text under a probe: every line behind the gutter, so none of it starts a line. */
function quoted(text: string, spaces: number, paint: (text: string) => string, style: ChalkInstance): string[] {
  return text.split(/\r?\n/).map((line) => `${" ".repeat(spaces)}${style.dim(GUTTER)}${paint(line)}`);
}

/**
 * One spinner on stderr (ctx.progress) showing the running suite ("okta-spec 3/12 …"); each
 * finished suite is left as a line.
 */
class SuiteProgress {
  private readonly spinner: Spinner;
  private readonly done = new Map<string, { count: number; failed: number; cutShort: number }>();
  private readonly running: string[] = [];

  constructor(
    private readonly ctx: Context,
    private readonly info: StartInfo,
  ) {
    this.spinner = ctx.progress.spinner(`${info.total} probes …`);
  }

  suiteStarted(suite: string): void {
    if (!this.running.includes(suite)) this.running.push(suite);
    this.done.set(suite, { count: 0, failed: 0, cutShort: 0 });
    this.render();
  }

  probeFinished(result: ProbeResult): void {
    const counts = this.done.get(result.suite) ?? { count: 0, failed: 0, cutShort: 0 };
    counts.count += 1;
    if (result.status === "failed") counts.failed += 1;
    if (cutShort(result)) counts.cutShort += 1;
    this.done.set(result.suite, counts);
    this.render();
  }

  suiteFinished(suite: string): void {
    const index = this.running.indexOf(suite);
    if (index !== -1) this.running.splice(index, 1);
    const counts = this.done.get(suite) ?? { count: 0, failed: 0, cutShort: 0 };
    const style = this.ctx.stderr.style;
    const failed = counts.failed > 0 ? `, ${counts.failed} failed` : "";
    if (counts.cutShort > 0) {
      // A suite the run stopped in the middle of is not a pass, whatever ran before.
      const total = this.info.suiteTotals[suite] ?? counts.count;
      this.spinner.persist(style.yellow(SYMBOLS.skipped), `${suite} stopped: ${counts.count - counts.cutShort} of ${total} ran${failed}`);
    } else {
      this.spinner.persist(counts.failed > 0 ? style.red(SYMBOLS.failed) : style.green(SYMBOLS.passed), `${suite} ${counts.count} done${failed}`);
    }
    this.render();
  }

  async stop(): Promise<void> {
    this.running.length = 0;
    await this.spinner.stop();
  }

  /** "okta-spec 3/12 …": each running suite by name, with the count within it (suites run side by side). */
  private render(): void {
    if (this.running.length === 0) return;
    const positions = this.running.map((suite) => `${suite} ${this.done.get(suite)?.count ?? 0}/${this.info.suiteTotals[suite] ?? "?"}`);
    this.spinner.update(`${positions.join(", ")} …`);
  }
}
