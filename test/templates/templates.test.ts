import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Template, TemplateSource } from "../../src/templates/schema.js";
import { unfilledPlaceholders } from "../../src/templates/resolve.js";
import {
  GENERIC_IDS,
  normalizeWhitespace,
  readShippedTemplates,
  SEED_VENDOR_IDS,
  SEEDS_DIR,
  SEEDS_PRESENT,
  shippedTemplate,
} from "./shipped-templates.js";

const shipped = readShippedTemplates();
const validTemplates = shipped.flatMap(({ parsed }) => (parsed.ok ? [parsed.template] : []));
const seedTemplates = validTemplates.filter((template) => template.guide?.seed !== undefined);

describe("templates/", () => {
  it("holds exactly the five seed vendors and the four generic templates", () => {
    expect(shipped.map(({ file }) => file.replace(/\.yaml$/, "")).sort()).toEqual([...SEED_VENDOR_IDS, ...GENERIC_IDS].sort());
  });

  it.each(shipped.map((entry) => [entry.file, entry] as const))("%s validates against the schema", (file, { text, parsed }) => {
    expect(parsed.ok ? [] : parsed.issues).toEqual([]);
    expect(text.startsWith("# yaml-language-server: $schema=../schema/template.schema.json\n")).toBe(true);
    if (parsed.ok) expect(`${parsed.template.id}.yaml`).toBe(file);
  });

  it("the five vendor templates name their guide, and the generic ones carry no sources", () => {
    for (const id of SEED_VENDOR_IDS) expect(shippedTemplate(id).guide?.seed, id).toMatch(/^\d{3}_[0-9a-f]+\.txt$/);
    for (const id of GENERIC_IDS) expect(collectSources(shippedTemplate(id)), id).toEqual([]);
  });

  it.each(validTemplates.map((template) => [template.id, template] as const))(
    "%s: every {placeholder} is a declared parameter, and every parameter is used",
    (_id, template) => {
      const declared = template.parameters.map((parameter) => parameter.name).sort();
      const used = new Set([
        ...unfilledPlaceholders(template.scim.baseUrl.value),
        ...[...template.okta.mappings.map, ...template.okta.mappings.optional].flatMap((mapping) => unfilledPlaceholders(mapping.expression ?? "")),
      ]);
      expect([...used].sort()).toEqual(declared);
    },
  );
});

describe("every fact of a vendor guide has a source", () => {
  it.each(seedTemplates.map((template) => [template.id, template] as const))("%s", (_id, template) => {
    expect(unsourcedFacts(template)).toEqual([]);
  });

  it("the check notices a fact without a source", () => {
    const template = structuredClone(shippedTemplate("kloudhybrid"));
    delete template.okta.customAttributes[0]?.source;
    delete template.okta.toApp.source;
    delete template.vendorSteps[1]?.source;
    expect(unsourcedFacts(template)).toEqual(["okta.toApp", "okta.customAttributes[0]", "vendorSteps[1]"]);
  });

  it.each(seedTemplates.map((template) => [template.id, template] as const))("%s quotes only its own guide", (_id, template) => {
    const seeds = new Set(collectSources(template).map(({ source }) => source.seed));
    expect([...seeds]).toEqual([template.guide?.seed]);
  });
});

if (!SEEDS_PRESENT) {
  console.warn(`note: skipping the quote checks: the vendor guides are not at ${SEEDS_DIR} (set SCIM_OKTA_SEEDS to their folder)`);
}

describe.skipIf(!SEEDS_PRESENT)(`every quote appears verbatim in its guide (${SEEDS_DIR})`, () => {
  const guides = new Map<string, string>();
  const guideText = (seed: string) => {
    if (!guides.has(seed)) guides.set(seed, normalizeWhitespace(readFileSync(join(SEEDS_DIR, seed), "utf8")));
    return guides.get(seed) ?? "";
  };

  it.each(seedTemplates.map((template) => [template.id, template] as const))("%s", (_id, template) => {
    const sources = collectSources(template);
    expect(sources.length).toBeGreaterThan(10);
    const notFound = sources
      .filter(({ source }) => !guideText(source.seed).includes(normalizeWhitespace(source.quote)))
      .map(({ path, source }) => `${path}: "${source.quote}"`);
    expect(notFound).toEqual([]);
  });

  it("a quote that is not in the guide is noticed", () => {
    expect(guideText("003_0c4206412551d22d.txt").includes(normalizeWhitespace("supported from version 5.13.X"))).toBe(false);
  });
});

interface SourcedNode {
  path: string;
  source: TemplateSource;
}

/** Every `source` in the template, with the path of the fact that carries it. */
function collectSources(node: unknown, path = ""): SourcedNode[] {
  if (Array.isArray(node)) return node.flatMap((item, index) => collectSources(item, `${path}[${index}]`));
  if (node === null || typeof node !== "object") return [];
  const found: SourcedNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === "source") found.push({ path: path || "(root)", source: value as TemplateSource });
    else found.push(...collectSources(value, path ? `${path}.${key}` : key));
  }
  return found;
}

/**
 * Paths of guide facts without a source: every `{value, source}` node, every list item copied from
 * a guide, and the sections whose settings come from it.
 */
function unsourcedFacts(template: Template): string[] {
  const missing: string[] = [];
  const visit = (node: unknown, path: string) => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, `${path}[${index}]`));
      return;
    }
    if (node === null || typeof node !== "object") return;
    if ("value" in node && !("source" in node)) missing.push(path);
    for (const [key, value] of Object.entries(node)) if (key !== "source") visit(value, path ? `${path}.${key}` : key);
  };
  visit(template, "");

  const lists: [string, readonly { source?: TemplateSource }[]][] = [
    ["prerequisites", template.prerequisites],
    ["parameters", template.parameters],
    ["okta.customAttributes", template.okta.customAttributes],
    ["okta.mappings.map", template.okta.mappings.map],
    ["okta.mappings.optional", template.okta.mappings.optional],
    ["vendorSteps", template.vendorSteps],
  ];
  for (const [path, items] of lists) items.forEach((item, index) => item.source === undefined && missing.push(`${path}[${index}]`));
  const sections: [string, { source?: TemplateSource } | undefined][] = [
    ["okta.app", template.okta.app],
    ["scim.auth", template.scim.auth],
    ["okta.groupPush", template.okta.groupPush],
  ];
  for (const [path, section] of sections) if (section && section.source === undefined) missing.push(path);
  const mappings = template.okta.mappings;
  if ((mappings.keepOnly || mappings.removable !== "none") && mappings.source === undefined) missing.push("okta.mappings");
  return missing;
}
