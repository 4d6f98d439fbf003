import type { AssertionResult } from "./assertions.js";
import type { ReplayResult, StepResult } from "./replay.js";

const show = (value: unknown): string => (value === undefined ? "(nothing)" : JSON.stringify(value));

function describeAssertion(assertion: AssertionResult): string {
  const where = assertion.property ? `${assertion.source} ${assertion.property}` : assertion.source;
  const expected = assertion.expected === undefined ? "" : ` ${JSON.stringify(assertion.expected)}`;
  const outcome = assertion.problem ?? `got ${show(assertion.actual)}`;
  return `${where} ${assertion.comparison}${expected}: ${outcome}`;
}

function describeStep(step: StepResult): string[] {
  const mark = step.passed ? "ok  " : "FAIL";
  const title = step.note ? ` ${step.note}` : "";
  const request = step.method ? ` — ${step.method} ${step.url ?? ""}${step.status === undefined ? "" : ` → ${step.status}`}` : "";
  const polled = (step.attempts ?? 1) > 1 ? ` (${step.attempts} attempts)` : "";
  const lines = [`${mark} ${step.index}.${title}${request}${polled}`];
  if (step.error) lines.push(`       ${step.error}`);
  for (const assertion of step.assertions) if (!assertion.passed) lines.push(`       ${describeAssertion(assertion)}`);
  for (const failure of step.scriptFailures) lines.push(`       ${failure}`);
  return lines;
}

/** A plain-text account of a replay: one line per request step, the reasons under a failed one. */
export function formatReplay(result: ReplayResult): string {
  const lines = [result.name];
  for (const step of result.steps) {
    if (step.kind === "pause" || step.kind === "skipped") continue;
    lines.push(...describeStep(step).map((line) => `  ${line}`));
  }
  const { requests, passed, failed, assertions, assertionsFailed } = result.summary;
  lines.push(`${requests} requests: ${passed} passed, ${failed} failed; ${assertions - assertionsFailed} of ${assertions} assertions held`);
  return `${lines.join("\n")}\n`;
}
