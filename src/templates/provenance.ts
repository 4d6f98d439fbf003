import type { Provenance, Template, TemplateSource } from "./schema.js";

/**
 * Where a template's facts come from (DESIGN §4): every fact of a vendor template carries either a
 * quote from the vendor's guide (`source`) or the tool's reason for holding it anyway (`inferred`).
 * Pure: the guides' text is passed in. The template tests run these checks against the guides.
 */

/** A fact in a template, by its path (e.g. `okta.toApp.syncPassword`), with its provenance. */
export interface FactProvenance {
  path: string;
  source?: TemplateSource;
  inferred?: string;
}

/**
 * A quote must be long enough to show that the guide supports the fact: a single word ("Email")
 * appears in every guide and proves nothing.
 */
export const MIN_QUOTE_WORDS = 4;
const MIN_QUOTE_CHARS = 20;

export type QuoteProblemKind = "not-in-guide" | "too-short" | "unknown-guide" | "other-guide";

export interface QuoteProblem {
  path: string;
  kind: QuoteProblemKind;
  quote: string;
  message: string;
}

/** Guides wrap lines and use non-breaking spaces; quotes are compared with whitespace collapsed. */
export function normalizeWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Every node of the template that carries a `source` or an `inferred`, in document order. */
export function collectProvenance(template: Template): FactProvenance[] {
  const found: FactProvenance[] = [];
  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, `${path}[${index}]`));
      return;
    }
    if (node === null || typeof node !== "object") return;
    const { source, inferred } = node as Provenance;
    if (source !== undefined || inferred !== undefined) {
      found.push({ path: path || "(root)", ...(source === undefined ? {} : { source }), ...(inferred === undefined ? {} : { inferred }) });
    }
    for (const [key, value] of Object.entries(node)) if (key !== "source") visit(value, path ? `${path}.${key}` : key);
  };
  visit(template, "");
  return found;
}

/**
 * Paths of a vendor template's facts that have neither a source nor an inferred reason: every
 * `{value, …}` node, every list item copied from a guide, and the sections whose settings come
 * from it.
 */
export function factsWithoutProvenance(template: Template): string[] {
  const missing: string[] = [];
  const lacks = (node: Provenance) => node.source === undefined && node.inferred === undefined;
  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, `${path}[${index}]`));
      return;
    }
    if (node === null || typeof node !== "object") return;
    if ("value" in node && lacks(node as Provenance)) missing.push(path);
    for (const [key, value] of Object.entries(node)) if (key !== "source") visit(value, path ? `${path}.${key}` : key);
  };
  visit(template, "");

  const lists: [string, readonly Provenance[]][] = [
    ["prerequisites", template.prerequisites],
    ["parameters", template.parameters],
    ["okta.app.steps", template.okta.app.steps],
    ["okta.customAttributes", template.okta.customAttributes],
    ["okta.mappings.map", template.okta.mappings.map],
    ["okta.mappings.optional", template.okta.mappings.optional],
    ["vendorSteps", template.vendorSteps],
  ];
  for (const [path, items] of lists) items.forEach((item, index) => lacks(item) && missing.push(`${path}[${index}]`));
  const sections: [string, Provenance | undefined][] = [
    ["okta.app", template.okta.app],
    ["scim.auth", template.scim.auth],
    ["okta.groupPush", template.okta.groupPush],
  ];
  for (const [path, section] of sections) if (section && lacks(section)) missing.push(path);
  const mappings = template.okta.mappings;
  if ((mappings.keepOnly || mappings.removable !== "none") && lacks(mappings)) missing.push("okta.mappings");
  return missing;
}

/**
 * Every quote of the template held to its guide: long enough to show support, from the template's
 * own guide, and found there verbatim (whitespace aside). `guideText` returns a guide's text by its
 * file name, or undefined when there is no such guide.
 */
export function checkQuotes(template: Template, guideText: (seed: string) => string | undefined): QuoteProblem[] {
  const problems: QuoteProblem[] = [];
  const ownGuide = template.guide?.seed;
  const normalized = new Map<string, string | undefined>();
  const textOf = (seed: string) => {
    if (!normalized.has(seed)) {
      const text = guideText(seed);
      normalized.set(seed, text === undefined ? undefined : normalizeWhitespace(text));
    }
    return normalized.get(seed);
  };
  for (const { path, source } of collectProvenance(template)) {
    if (!source) continue;
    const quote = normalizeWhitespace(source.quote);
    const problem = (kind: QuoteProblemKind, message: string) => problems.push({ path, kind, quote: source.quote, message });
    if (source.seed !== ownGuide) problem("other-guide", `quotes ${source.seed}, not the template's guide ${ownGuide ?? "(none)"}`);
    const words = quote.split(" ").filter((word) => /\w/.test(word)).length;
    if (words < MIN_QUOTE_WORDS || quote.length < MIN_QUOTE_CHARS) {
      problem("too-short", `the quote is too short to show the guide supports the fact (${words} words; at least ${MIN_QUOTE_WORDS} words and ${MIN_QUOTE_CHARS} characters)`);
    }
    const text = textOf(source.seed);
    if (text === undefined) problem("unknown-guide", `no guide named ${source.seed}`);
    else if (!text.includes(quote)) problem("not-in-guide", `the quote is not in ${source.seed}`);
  }
  return problems;
}
