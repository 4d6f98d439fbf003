import { isAbsolute } from "node:path";
import type { Context } from "../../core/io.js";
import { failsRun, type ProbeResult, type RunReport } from "../report.js";
import { RedactingWriter, streamOf } from "./output.js";
import { showControlCharacters } from "./printable.js";
import { STOPPED_NOTE, stoppedEarly, verdictLine } from "./suites.js";
import type { Reporter } from "./types.js";

/**
 * GitHub Actions workflow commands: `::error` for failures that fail the run, `::warning` for
 * optional or baselined failures and warnings, one `::notice` with the verdict.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
export class GithubReporter implements Reporter {
  private readonly out: RedactingWriter;

  constructor(
    private readonly ctx: Context,
    stream: "stdout" | "stderr",
  ) {
    this.out = new RedactingWriter(ctx, streamOf(ctx, stream));
  }

  finish(report: RunReport): Promise<void> {
    const redact = (text: string) => showControlCharacters(this.ctx.redactor.redact(text));
    const lines: string[] = [];
    for (const probe of report.probes) {
      const level = annotationLevel(probe);
      if (!level) continue;
      lines.push(workflowCommand(level, { title: redact(annotationTitle(probe)) }, redact(annotationMessage(probe))));
    }
    for (const leftover of report.leftovers) {
      lines.push(
        workflowCommand(
          "warning",
          { title: "scim-okta leftover" },
          redact(`${leftover.type} ${leftover.id} could not be removed: ${leftover.reason}`),
        ),
      );
    }
    lines.push(...fixedBaselineNotices(report.baseline, redact));
    lines.push(
      workflowCommand("notice", { title: `scim-okta ${report.command}` }, redact(`${verdictLine(report.summary)}${stoppedEarly(report) ? STOPPED_NOTE : ""} against ${report.target.baseUrl}`)),
    );
    this.out.write(lines.map((line) => `${line}\n`).join(""));
    return Promise.resolve();
  }
}

function annotationLevel(probe: ProbeResult): "error" | "warning" | undefined {
  if (failsRun(probe)) return "error";
  if (probe.status === "failed" || probe.status === "warned") return "warning";
  return undefined;
}

function annotationTitle(probe: ProbeResult): string {
  if (probe.status === "failed" && probe.baselined) return `${probe.id} (known failure, baselined)`;
  if (probe.status === "failed" && !probe.required) return `${probe.id} (optional)`;
  return probe.id;
}

function annotationMessage(probe: ProbeResult): string {
  const lines = [`${probe.title}: ${probe.message}`];
  if (probe.expected !== null) lines.push(`expected: ${probe.expected}`);
  if (probe.actual !== null) lines.push(`actual: ${probe.actual}`);
  if (probe.curl !== null) lines.push(`curl: ${probe.curl}`);
  lines.push(`reference: ${probe.reference}`);
  return lines.join("\n");
}

/**
 * GitHub shows 10 annotations of a level per step: the fixed entries annotated on their lines
 * leave room for one notice with the rest and the verdict's.
 */
const LINE_NOTICES = 8;

/**
 * A listed probe that passes now: a notice on its own line of the baseline file (shown on that
 * line in a pull request's diff), or, for entries without a line (a JSON baseline, a file outside
 * the repository, past LINE_NOTICES), one for all of them.
 */
function fixedBaselineNotices(baseline: RunReport["baseline"], redact: (text: string) => string): string[] {
  if (!baseline || baseline.fixed.length === 0) return [];
  const { file, lines = {} } = baseline;
  const inRepository = file !== undefined && !isAbsolute(file) && !file.startsWith("..");
  const onLines = inRepository ? baseline.fixed.filter((id) => lines[id] !== undefined).slice(0, LINE_NOTICES) : [];
  const rest = baseline.fixed.filter((id) => !onLines.includes(id));
  const notices = onLines.map((id) =>
    workflowCommand("notice", { file: file!, line: String(lines[id]), title: "scim-okta baseline" }, redact(`Fixed, remove from the baseline: ${id} passes now`)),
  );
  if (rest.length > 0) notices.push(workflowCommand("notice", { title: "scim-okta baseline" }, redact(`Fixed, remove from the baseline: ${rest.join(", ")}`)));
  return notices;
}

/** `::level key=value,…::message`, escaped as the Actions runner unescapes it. */
export function workflowCommand(level: string, properties: Record<string, string>, message: string): string {
  const props = Object.entries(properties)
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(",");
  return `::${level}${props ? ` ${props}` : ""}::${escapeData(message)}`;
}

export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
