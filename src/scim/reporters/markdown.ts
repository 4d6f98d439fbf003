import type { Context } from "../../core/io.js";
import { failsRun, type ProbeResult, type RunReport } from "../report.js";
import { RedactingWriter, streamOf, writeReportFile, type Destination } from "./output.js";
import { withPrintableText } from "./printable.js";
import { formatDuration, groupBySuite, notRunCounts, notRunLine, STOPPED_NOTE, stoppedEarly, verdictLine } from "./suites.js";
import type { Reporter } from "./types.js";

/**
 * A Markdown summary for CI step summaries ($GITHUB_STEP_SUMMARY) and pull-request comments: the
 * verdict, counts per suite, and each failure with its reference and the curl line that
 * reproduces it. Server text only ever appears inside code fences or escaped, so a body cannot
 * add links, images, HTML or headings to the page.
 */
export class MarkdownReporter implements Reporter {
  constructor(
    private readonly ctx: Context,
    private readonly destination: Destination,
  ) {}

  async finish(report: RunReport): Promise<void> {
    const text = renderMarkdown(this.ctx.redactor.redactValue(report));
    if (this.destination.kind === "file") await writeReportFile(this.ctx, this.destination.path, text, "markdown");
    else new RedactingWriter(this.ctx, streamOf(this.ctx, this.destination.stream)).write(text);
  }
}

export function renderMarkdown(unsafeReport: RunReport): string {
  const report = withPrintableText(unsafeReport);
  const failing = report.summary.requiredFailed > 0;
  // A run stopped in the middle passed nothing as a whole: no green tick, and it says so.
  const stopped = stoppedEarly(report);
  const lines: string[] = [];
  lines.push(`## ${failing ? "❌" : stopped ? "⚠️" : "✅"} scim-okta ${report.command}: ${escapeInline(`${verdictLine(report.summary)}${stopped ? STOPPED_NOTE : ""}`)}`, "");
  const facts = [`Target \`${codeSpan(report.target.baseUrl)}\``];
  if (report.dialect) facts.push(`dialect ${escapeInline(report.dialect)}`);
  if (report.suites && report.suites.length > 0) facts.push(`suites ${report.suites.map(escapeInline).join(", ")}`);
  facts.push(formatDuration(report.durationMs), `${escapeInline(report.tool.name)} ${escapeInline(report.tool.version)}`);
  lines.push(facts.join(" · "), "");

  lines.push("| suite | passed | failed | warned | skipped |", "|---|--:|--:|--:|--:|");
  for (const group of groupBySuite(report.probes)) {
    const { passed, failed, warned, skipped } = group.counts;
    lines.push(`| ${escapeInline(group.suite)} | ${passed} | ${failed} | ${warned} | ${skipped} |`);
  }
  const { passed, failed, warned, skipped } = report.summary;
  lines.push(`| **total** | **${passed}** | **${failed}** | **${warned}** | **${skipped}** |`, "");
  const notRun = notRunCounts(report.probes);
  for (const [reason, count] of notRun) lines.push(`- ${escapeInline(notRunLine(reason, count))}`);
  if (notRun.size > 0) lines.push("");

  const failures = report.probes.filter((probe) => probe.status === "failed");
  const blocking = failures.filter(failsRun);
  const others = failures.filter((probe) => !failsRun(probe));
  if (blocking.length > 0) {
    lines.push(`### Failures that fail the run (${blocking.length})`, "");
    for (const probe of blocking) lines.push(...failure(probe));
  }
  if (others.length > 0) {
    lines.push(`### Optional and baselined failures (${others.length})`, "", "<details><summary>They do not fail the run</summary>", "");
    for (const probe of others) lines.push(...failure(probe));
    lines.push("</details>", "");
  }
  const fixed = report.baseline?.fixed ?? [];
  if (fixed.length > 0) {
    lines.push(`### Fixed, remove from the baseline (${fixed.length})`, "");
    for (const id of fixed) lines.push(`- \`${codeSpan(id)}\``);
    lines.push("");
  }
  if (report.leftovers.length > 0) {
    lines.push("### Left behind on the server (remove by hand)", "");
    for (const leftover of report.leftovers) lines.push(`- ${escapeInline(leftover.type)} \`${codeSpan(leftover.id)}\`: ${escapeInline(leftover.reason)}`);
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}

function failure(probe: ProbeResult): string[] {
  const kind = probe.baselined ? "known failure, baselined" : probe.required ? "required" : "optional";
  const lines = [`#### \`${codeSpan(probe.id)}\` — ${escapeInline(probe.title)} (${kind})`, ""];
  lines.push(...block(probe.message, "text"));
  if (probe.expected !== null) lines.push("Expected:", "", ...block(probe.expected, "text"));
  if (probe.actual !== null) lines.push("Actual:", "", ...block(probe.actual, "text"));
  lines.push(`Reference: ${reference(probe.reference)}`, "");
  if (probe.curl !== null) lines.push("Reproduce:", "", ...block(probe.curl, "sh"));
  return lines;
}

/** A fenced block that no content can close early: the fence is longer than any backtick run in it. */
function block(text: string, language: string): string[] {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return [`${fence}${language}`, text, fence, ""];
}

/** Inside `…`: a backtick would end the span, a line break would end the line. */
function codeSpan(text: string): string {
  return text.replace(/`/g, "'").replace(/\r?\n/g, " ");
}

/**
 * Plain text in Markdown, on one line that never starts with it: the characters that could open
 * emphasis, code, links, images, HTML, tables, entities or autolinks (`:`) are escaped.
 */
function escapeInline(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/[\\`*_[\]<>!|~&:]/g, (character) => `\\${character}`);
}

function reference(text: string): string {
  return /^https:\/\/[^\s<>()[\]]+$/.test(text) ? `<${text}>` : escapeInline(text);
}
