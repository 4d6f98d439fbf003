import type { ChalkInstance } from "chalk";
import { ExitCode } from "../../core/exit-codes.js";
import { continuedLines, oneLine, showControlCharacters } from "../reporters/printable.js";
import { checkDefinition, type CheckResult } from "./checks.js";
import type { ConnectorRun } from "./run.js";

const SYMBOLS = { passed: "✓", failed: "✗", warned: "!", skipped: "-" } as const;

/**
 * The human view of a test-connector run: one line per check (✓ ✗ ! -), and under each failure
 * or warning its diagnosis and what to do; then a verdict. Pure; the caller redacts and writes.
 * Diagnoses quote the server: its text has control characters made visible and never starts a
 * line (a line break in it continues behind a gutter), so it cannot drive the terminal or pass
 * for a CI workflow command.
 */
export function renderChecklist(run: ConnectorRun, exitCode: ExitCode, style: ChalkInstance): string {
  const lines = [style.bold(`Okta connector test: ${shown(run.baseUrl)}`), ""];
  for (const check of run.checks) lines.push(...checkLines(check, style));
  lines.push("", verdict(run, exitCode, style));
  return `${lines.join("\n")}\n`;
}

const INDENT = "      ";

/** `INDENT + label + text`, inert: control characters shown, its own line breaks continued behind the gutter. */
function under(text: string, style: ChalkInstance, options: { label?: string; paint?: (text: string) => string } = {}): string[] {
  const paint = options.paint ?? ((line: string) => line);
  const [first = "", ...rest] = continuedLines(shown(text), INDENT, style.dim);
  return [`${INDENT}${options.label ?? ""}${paint(first)}`, ...rest.map(paint)];
}

function shown(text: string): string {
  return showControlCharacters(text);
}

function checkLines(check: CheckResult, style: ChalkInstance): string[] {
  const { title } = checkDefinition(check.id);
  const name = `${check.id} ${style.dim("—")} ${title}`;
  const optional = !check.required && check.status === "failed" ? style.dim(" (optional: does not fail the run)") : "";
  switch (check.status) {
    case "passed":
      return [`  ${style.green(SYMBOLS.passed)} ${name}`, ...under(check.message, style, { paint: style.dim })];
    case "skipped":
      return [style.dim(`  ${SYMBOLS.skipped} ${check.id} — ${title}`), ...under(`skipped: ${check.message}`, style, { paint: style.dim })];
    case "failed":
    case "warned": {
      const color = check.status === "failed" && check.required ? style.red : style.yellow;
      const symbol = check.status === "failed" ? SYMBOLS.failed : SYMBOLS.warned;
      const lines = [`  ${color(symbol)} ${name}${optional}`];
      const { diagnosis } = check;
      if (diagnosis) {
        lines.push(`${INDENT}${color.bold(oneLine(shown(diagnosis.title)))} ${style.dim(`[${diagnosis.id}]`)}`);
        lines.push(...under(diagnosis.message, style));
        lines.push(...under(diagnosis.whatToDo, style, { label: `${style.bold("What to do:")} ` }));
      } else {
        lines.push(...under(check.message, style));
      }
      return lines;
    }
  }
}

function verdict(run: ConnectorRun, exitCode: ExitCode, style: ChalkInstance): string {
  if (exitCode === ExitCode.cannotProceed) {
    const cause = run.checks.find((check) => check.unreachable)?.diagnosis?.title ?? "no answer";
    return style.red.bold(`Okta cannot reach the server: ${cause.toLowerCase()}.`);
  }
  const requiredFailed = run.checks.filter((check) => check.status === "failed" && check.required).length;
  if (requiredFailed > 0) {
    return style.red.bold(`Okta's Test Connector Configuration would fail: ${requiredFailed} required check${requiredFailed === 1 ? "" : "s"} failed.`);
  }
  if (run.checks.some((check) => check.status === "failed")) {
    return style.yellow.bold("The server answers as Okta needs, but Okta cannot reach it from its cloud (see above).");
  }
  const warned = run.checks.filter((check) => check.status === "warned").length;
  return style.green.bold(`Okta's Test Connector Configuration would pass${warned > 0 ? ` (${warned} warning${warned === 1 ? "" : "s"})` : ""}.`);
}
