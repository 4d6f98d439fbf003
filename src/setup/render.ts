import type { PendingEntry } from "./pending.js";
import type { Plan, PlanAction, PlanItem } from "./plan.js";

/**
 * The plan and the open manual steps as people and programs read them (Terraform's plan view):
 * `+` create, `~` change with before → after, `=` unchanged, `!` manual, `…` waiting on a manual
 * step; secrets as (sensitive); a summary line. Pure: text and JSON-ready data.
 */

const ACTION_SYMBOLS: Record<PlanAction, string> = {
  create: "+",
  update: "~",
  unchanged: "=",
  manual: "!",
  waiting: "…",
};

export const SENSITIVE = "(sensitive)";

interface Styler {
  create(text: string): string;
  update(text: string): string;
  unchanged(text: string): string;
  manual(text: string): string;
  waiting(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const plainStyle: Styler = { create: id, update: id, unchanged: id, manual: id, waiting: id, dim: id, bold: id };

function id(text: string): string {
  return text;
}

/** One plan entry for `--json` (DESIGN §2: `plan[] {step, action, path, before, after}`). */
export interface PlanEntryJson {
  step: string;
  action: PlanAction;
  path: string;
  before: unknown;
  after: unknown;
  note?: string;
}

export function planJson(plan: Plan): PlanEntryJson[] {
  return plan.items.map((item) => ({
    step: item.step,
    action: item.action,
    path: item.path,
    before: item.sensitive && item.before !== undefined ? SENSITIVE : (item.before ?? null),
    after: item.sensitive ? SENSITIVE : (item.after ?? null),
    ...(item.note ? { note: item.note } : {}),
  }));
}

interface PlanCounts {
  create: number;
  update: number;
  unchanged: number;
  manual: number;
  waiting: number;
}

function countActions(items: readonly PlanItem[]): PlanCounts {
  const counts: PlanCounts = { create: 0, update: 0, unchanged: 0, manual: 0, waiting: 0 };
  for (const item of items) counts[item.action] += 1;
  return counts;
}

/** `Plan: 2 to create, 1 to change, 7 unchanged, 1 manual step, 4 waiting. Assignments create 12 people at KloudHybrid.` */
export function summaryLine(plan: Plan, vendor: string): string {
  const counts = countActions(plan.items);
  const parts = [`${counts.create} to create`, `${counts.update} to change`, `${counts.unchanged} unchanged`, `${counts.manual} manual ${counts.manual === 1 ? "step" : "steps"}`, `${counts.waiting} waiting`];
  const people = plan.peopleToCreate > 0 ? ` Assignments will create ${plan.peopleToCreate} ${plan.peopleToCreate === 1 ? "person" : "people"} at ${vendor}.` : "";
  return `Plan: ${parts.join(", ")}.${people}`;
}

export function renderPlan(plan: Plan, options: { heading: string; vendor: string; style?: Styler }): string {
  const style = options.style ?? plainStyle;
  const width = Math.min(44, Math.max(...plan.items.map((item) => item.path.length), 10));
  const lines = [style.bold(options.heading), ""];
  for (const item of plan.items) {
    const symbol = ACTION_SYMBOLS[item.action];
    const value = describeChange(item);
    const note = item.note ? style.dim(`  (${item.note})`) : "";
    lines.push(`  ${style[item.action](`${symbol} ${item.path.padEnd(width)}`)}  ${value}${note}`.trimEnd());
  }
  lines.push("", summaryLine(plan, options.vendor));
  return `${lines.join("\n")}\n`;
}

function describeChange(item: PlanItem): string {
  const show = (value: unknown) => (item.sensitive ? SENSITIVE : formatValue(value));
  if (item.action === "update" && item.before !== undefined) return `${show(item.before)} → ${item.after === null ? "(removed)" : show(item.after)}`;
  if (item.after === undefined) return "";
  return show(item.after);
}

function formatValue(value: unknown): string {
  if (value === null) return "(none)";
  if (typeof value === "string") return value;
  if (typeof value === "boolean" || typeof value === "number") return String(value);
  if (value && typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .map(([key, entry]) => `${key}: ${typeof entry === "object" && entry !== null ? JSON.stringify(entry) : String(entry)}`)
      .join(", ");
  }
  return String(value);
}

/** The open manual steps, numbered, with the deep link, the values and how setup knows they are done. */
export function renderPending(entries: readonly PendingEntry[], style: Styler = plainStyle, numbering: { from: number; total?: number } = { from: 1, total: entries.length }): string {
  if (entries.length === 0) return "";
  const lines: string[] = [];
  for (const [index, entry] of entries.entries()) {
    // Waiting on a terminal, steps come a few at a time and the count runs on ("Manual step 3:"): how many follow is not known yet.
    lines.push(style.bold(`Manual step ${numbering.from + index}${numbering.total === undefined ? "" : ` of ${numbering.total}`}: ${entry.step}`));
    if (entry.note) lines.push(`  ${entry.note}.`);
    lines.push(`  ${style.dim(entry.why)}`);
    for (const [number, instruction] of entry.instructions.entries()) lines.push(`  ${number + 1}. ${instruction}`);
    lines.push(`  Setup checks: ${entry.doneWhen}.`, "");
  }
  return `${lines.join("\n")}`;
}
