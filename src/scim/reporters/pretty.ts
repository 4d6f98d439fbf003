import type { ChalkInstance } from "chalk";
import type { Ora } from "ora";
import { colorLevel, type Context } from "../../core/io.js";
import type { ProbeResult, RunReport } from "../report.js";
import { RedactingWriter, streamOf } from "./output.js";
import { withPrintableText } from "./printable.js";
import { formatDuration, groupBySuite, verdictLine, type SuiteGroup } from "./suites.js";
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
    this.out.write(renderPretty(this.ctx.redactor.redactValue(report), await this.style()));
  }

  /**
   * ctx.style follows stderr; the report may go to stdout redirected to a file while stderr is a
   * terminal (`probe > report.txt`), and then it gets no colour unless FORCE_COLOR asks for it.
   */
  private async style(): Promise<ChalkInstance> {
    const style = this.ctx.style;
    const stream = streamOf(this.ctx, this.options.stream);
    if (style.level === 0 || colorLevel(this.ctx.global.color, stream.isTTY, this.ctx.env) > 0) return style;
    const { Chalk } = await import("chalk");
    return new Chalk({ level: 0 });
  }
}

const SYMBOLS = { passed: "✓", failed: "✗", warned: "!", skipped: "-" } as const;

/** The whole human report as text; pure, so tests can read it line by line. */
export function renderPretty(unsafeReport: RunReport, style: ChalkInstance): string {
  const report = withPrintableText(unsafeReport);
  const lines: string[] = [];
  const groups = groupBySuite(report.probes);
  for (const group of groups) {
    lines.push(style.bold(group.suite));
    for (const probe of group.probes) lines.push(...probeLines(probe, style));
    lines.push("");
  }

  const failed = groups.flatMap((group) => group.probes.filter((probe) => probe.status === "failed"));
  if (failed.length > 0) {
    lines.push(style.bold("Failures"), "");
    for (const probe of failed) lines.push(...failureDetails(probe, style), "");
  }

  if (report.leftovers.length > 0) {
    lines.push(style.bold.yellow("Left behind (remove by hand)"));
    for (const leftover of report.leftovers) lines.push(`  ${leftover.type} ${leftover.id}: ${leftover.reason}`);
    lines.push("");
  }

  lines.push(...summaryTable(groups, style), "");
  lines.push(`${report.command === "probe" ? "Probed" : "Tested"} ${report.target.baseUrl} in ${formatDuration(report.durationMs)}.`);
  const verdict = verdictLine(report.summary);
  lines.push(report.summary.requiredFailed > 0 ? style.red.bold(verdict) : style.green.bold(verdict));
  return `${lines.join("\n")}\n`;
}

function probeLines(probe: ProbeResult, style: ChalkInstance): string[] {
  const tag = style.dim(probeTag(probe));
  const name = `${probe.id} ${style.dim("—")} ${probe.title}`;
  switch (probe.status) {
    case "passed":
      return [`  ${style.green(SYMBOLS.passed)} ${name} ${tag}`];
    case "failed": {
      const color = probe.required && !probe.baselined ? style.red : style.yellow;
      return [`  ${color(SYMBOLS.failed)} ${name} ${tag}`, ...indent(probe.message, 6).map((line) => color(line))];
    }
    case "warned":
      return [`  ${style.yellow(SYMBOLS.warned)} ${name} ${tag}`, ...indent(probe.message, 6).map((line) => style.yellow(line))];
    case "skipped":
      return [style.dim(`  ${SYMBOLS.skipped} ${probe.id} — ${probe.title} ${probeTag(probe)}`), ...indent(`skipped: ${probe.message}`, 6).map((line) => style.dim(line))];
  }
}

function probeTag(probe: ProbeResult): string {
  const kind = probe.required ? "required" : "optional";
  return probe.status === "failed" && probe.baselined ? `(${kind}, baselined)` : `(${kind})`;
}

function failureDetails(probe: ProbeResult, style: ChalkInstance): string[] {
  const color = probe.required && !probe.baselined ? style.red : style.yellow;
  const lines = [`${color(SYMBOLS.failed)} ${style.bold(probe.id)} — ${probe.title} ${style.dim(probeTag(probe))}`];
  lines.push(...indent(probe.message, 2));
  const field = (label: string, value: string | null) => {
    if (value === null) return;
    const [first = "", ...rest] = value.split(/\r?\n/);
    lines.push(`  ${style.dim(label.padEnd(10))}${first}`, ...rest.map((line) => `  ${" ".repeat(10)}${line}`));
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

function indent(text: string, spaces: number): string[] {
  return text.split(/\r?\n/).map((line) => `${" ".repeat(spaces)}${line}`);
}

/**
 * One ora spinner on stderr showing the running suite ("okta-spec 3/12 …"); each finished suite is
 * left as a line. ora is imported on first use, so commands that never spin do not load it.
 */
class SuiteProgress {
  private spinner: Ora | undefined;
  private readonly loading: Promise<void>;
  private readonly done = new Map<string, { count: number; failed: number }>();
  private readonly running: string[] = [];
  private finished = 0;

  constructor(
    private readonly ctx: Context,
    private readonly info: StartInfo,
  ) {
    this.loading = import("ora").then(({ default: ora }) => {
      this.spinner = ora({ stream: ctx.stderr.stream, isEnabled: true, discardStdin: false, color: ctx.style.level > 0 ? "cyan" : false });
      this.render();
    });
  }

  suiteStarted(suite: string): void {
    if (!this.running.includes(suite)) this.running.push(suite);
    this.done.set(suite, { count: 0, failed: 0 });
    this.render();
  }

  probeFinished(result: ProbeResult): void {
    this.finished += 1;
    const counts = this.done.get(result.suite) ?? { count: 0, failed: 0 };
    counts.count += 1;
    if (result.status === "failed") counts.failed += 1;
    this.done.set(result.suite, counts);
    this.render();
  }

  suiteFinished(suite: string): void {
    const index = this.running.indexOf(suite);
    if (index !== -1) this.running.splice(index, 1);
    const spinner = this.spinner;
    if (!spinner) return;
    const counts = this.done.get(suite) ?? { count: 0, failed: 0 };
    const text = this.ctx.redactor.redact(`${suite} ${counts.count} done${counts.failed > 0 ? `, ${counts.failed} failed` : ""}`);
    spinner.stopAndPersist({ symbol: counts.failed > 0 ? this.ctx.style.red(SYMBOLS.failed) : this.ctx.style.green(SYMBOLS.passed), text });
    this.render();
  }

  async stop(): Promise<void> {
    await this.loading;
    this.spinner?.stop();
    this.running.length = 0;
  }

  private render(): void {
    const spinner = this.spinner;
    if (!spinner) return;
    const suite = this.running[this.running.length - 1];
    if (suite === undefined) {
      if (spinner.isSpinning) spinner.stop();
      return;
    }
    const counts = this.done.get(suite) ?? { count: 0, failed: 0 };
    const suiteTotal = this.info.suiteTotals?.[suite];
    const position = suiteTotal === undefined ? `${this.finished}/${this.info.total}` : `${counts.count}/${suiteTotal}`;
    spinner.text = this.ctx.redactor.redact(`${suite} ${position} …`);
    if (!spinner.isSpinning) spinner.start();
  }
}
