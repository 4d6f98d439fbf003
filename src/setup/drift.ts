import type { Plan, PlanItem, SetupStep } from "./plan.js";
import { SENSITIVE } from "./render.js";

/**
 * verify's view of the plan: every item that is not unchanged is drift, with what the template
 * expects, what the org has, and the command that fixes it (DESIGN §2: `drift[] {path, expected,
 * actual}`). Pure.
 */

export interface DriftEntry {
  step: SetupStep;
  path: string;
  expected: unknown;
  actual: unknown;
  /** What to run or do to fix it. */
  fix: string;
}

export function driftOf(plan: Plan, fixCommand: string): DriftEntry[] {
  return plan.items.filter((item) => item.action !== "unchanged").map((item) => ({
    step: item.step,
    path: item.path,
    expected: item.sensitive ? SENSITIVE : (item.after ?? null),
    actual: actualOf(item),
    fix: item.action === "manual" || item.action === "waiting" ? `${fixCommand} (it prints the Admin Console steps)` : fixCommand,
  }));
}

function actualOf(item: PlanItem): unknown {
  if (item.action === "create") return item.before ?? "(missing)";
  if (item.action === "manual") return item.note ? `not done (${item.note})` : "not done";
  if (item.action === "waiting") return `not checked: ${item.note ?? "waits for a manual step"}`;
  return item.sensitive ? SENSITIVE : (item.before ?? null);
}
