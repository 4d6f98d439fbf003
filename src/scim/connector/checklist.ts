import type { ChalkInstance } from "chalk";
import { ExitCode } from "../../core/exit-codes.js";
import { checkDefinition, type CheckResult } from "./checks.js";
import type { ConnectorRun } from "./run.js";

const SYMBOLS = { passed: "✓", failed: "✗", warned: "!", skipped: "-" } as const;

/**
 * The human view of a test-connector run: one line per check (✓ ✗ ! -), and under each failure
 * or warning its diagnosis and what to do; then a verdict. Pure; the caller redacts and writes.
 */
export function renderChecklist(run: ConnectorRun, exitCode: ExitCode, style: ChalkInstance): string {
  const lines = [style.bold(`Okta connector test: ${run.baseUrl}`), ""];
  for (const check of run.checks) lines.push(...checkLines(check, style));
  lines.push("", verdict(run, exitCode, style));
  return `${lines.join("\n")}\n`;
}

function checkLines(check: CheckResult, style: ChalkInstance): string[] {
  const { title } = checkDefinition(check.id);
  const name = `${check.id} ${style.dim("—")} ${title}`;
  const optional = !check.required && check.status === "failed" ? style.dim(" (optional: does not fail the run)") : "";
  switch (check.status) {
    case "passed":
      return [`  ${style.green(SYMBOLS.passed)} ${name}`, style.dim(`      ${check.message}`)];
    case "skipped":
      return [style.dim(`  ${SYMBOLS.skipped} ${check.id} — ${title}`), style.dim(`      skipped: ${check.message}`)];
    case "failed":
    case "warned": {
      const color = check.status === "failed" && check.required ? style.red : style.yellow;
      const symbol = check.status === "failed" ? SYMBOLS.failed : SYMBOLS.warned;
      const lines = [`  ${color(symbol)} ${name}${optional}`];
      const { diagnosis } = check;
      if (diagnosis) {
        lines.push(`      ${color.bold(diagnosis.title)} ${style.dim(`[${diagnosis.id}]`)}`);
        lines.push(`      ${diagnosis.message}`);
        lines.push(`      ${style.bold("What to do:")} ${diagnosis.whatToDo}`);
      } else {
        lines.push(`      ${check.message}`);
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
