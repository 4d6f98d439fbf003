import { describe, expect, it } from "vitest";
import { parseTemplate } from "../../src/templates/load.js";
import { checkQuotes, collectProvenance, factsWithoutProvenance, MIN_QUOTE_WORDS } from "../../src/templates/provenance.js";
import { unfilledPlaceholders } from "../../src/templates/resolve.js";
import type { Template } from "../../src/templates/schema.js";
import { GENERIC_IDS, readGuide, readShippedTemplates, SEED_VENDOR_IDS, SEEDS_DIR, SEEDS_PRESENT, shippedTemplate } from "./shipped-templates.js";

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

  it("the five vendor templates name their guide by file and title; the generic ones carry no provenance", () => {
    for (const id of SEED_VENDOR_IDS) {
      expect(shippedTemplate(id).guide?.seed, id).toMatch(/^\d{3}_[0-9a-f]+\.txt$/);
      expect(shippedTemplate(id).guide?.title, id).toMatch(/\w+ \w+ \w+/);
    }
    for (const id of GENERIC_IDS) expect(collectProvenance(shippedTemplate(id)), id).toEqual([]);
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

describe("a fact carries source or inferred, never both", () => {
  const withBoth = [
    "schemaVersion: 1",
    "id: acme",
    "name: Acme",
    "description: Acme",
    "okta:",
    "  app: { kind: oin-test-app, label: Acme, create: true }",
    "  toApp:",
    "    createUsers: { value: true }",
    "    updateUserAttributes: { value: true }",
    "    deactivateUsers: { value: true }",
    "    syncPassword: { value: false, inferred: not in the guide, source: { seed: a.txt, quote: Do not enable Sync Password } }",
    "scim:",
    "  baseUrl: { value: https://acme.example.com/scim/v2 }",
    "  auth: { mode: header }",
    "  dialect: oin",
  ].join("\n");

  it("the schema refuses both on one fact, naming it", () => {
    const result = parseTemplate(withBoth);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues).toEqual([{ path: "okta.toApp.syncPassword.inferred", message: expect.stringMatching(/either source .* or inferred/) }]);
    }
  });

  it("the schema takes either one alone", () => {
    expect(parseTemplate(withBoth.replace(", source: { seed: a.txt, quote: Do not enable Sync Password }", "")).ok).toBe(true);
    expect(parseTemplate(withBoth.replace("inferred: not in the guide, ", "")).ok).toBe(true);
  });

  it("a template made from a guide needs exactly one on every fact; a generic one (no guide) needs neither", () => {
    const single = withBoth.replace(", source: { seed: a.txt, quote: Do not enable Sync Password }", "");
    // Generic: the other facts have no provenance, and that is fine.
    expect(parseTemplate(single).ok).toBe(true);
    const fromGuide = parseTemplate(single.replace("description: Acme", "description: Acme\nguide: { title: Acme and Okta }"));
    expect(fromGuide.ok).toBe(false);
    if (!fromGuide.ok) {
      expect(fromGuide.issues.map((issue) => issue.path)).toEqual(expect.arrayContaining(["okta.toApp.createUsers", "scim.baseUrl"]));
      expect(fromGuide.issues.map((issue) => issue.path)).not.toContain("okta.toApp.syncPassword");
      expect(fromGuide.issues[0]?.message).toMatch(/give source \{seed, quote\} .* or inferred: <why>/);
    }
  });

  it.each(seedTemplates.map((template) => [template.id, template] as const))("%s: every fact has one", (_id, template) => {
    expect(factsWithoutProvenance(template)).toEqual([]);
  });

  it("the check notices a fact with neither", () => {
    const template = structuredClone(shippedTemplate("kloudhybrid"));
    delete template.okta.customAttributes[0]?.inferred;
    delete template.okta.toApp.createUsers.source;
    delete template.vendorSteps[1]?.source;
    delete template.vendorSteps[2]?.warning?.inferred;
    expect(factsWithoutProvenance(template).sort()).toEqual(["okta.customAttributes[0]", "okta.toApp.createUsers", "vendorSteps[1]", "vendorSteps[2].warning"]);
  });

  it("what the guides do not say is marked inferred, not given a quote that does not support it", () => {
    const inferredPaths = (id: string) => collectProvenance(shippedTemplate(id)).filter((fact) => fact.inferred !== undefined).map((fact) => fact.path);
    // Sync Password off: only KloudHybrid and Clumio say so.
    for (const id of ["cloudapp", "infrascale", "strongdm"]) expect(inferredPaths(id), id).toContain("okta.toApp.syncPassword");
    for (const id of ["kloudhybrid", "clumio"]) expect(inferredPaths(id), id).not.toContain("okta.toApp.syncPassword");
    // Okta's HTTP Header mode adding "Bearer ": no guide says so.
    expect(shippedTemplate("infrascale").scim.auth.notes.find((note) => note.value.includes("Bearer"))?.inferred).toBeDefined();
    expect(shippedTemplate("cloudapp").scim.auth.notes.find((note) => note.value.includes("Bearer"))?.inferred).toBeDefined();
    // Clumio's lock-out warning.
    const enable = shippedTemplate("clumio").vendorSteps.find((step) => step.text === "Click Enable Auto User Provisioning.");
    expect(enable?.warning?.inferred).toMatch(/all users are evaluated/);
    // KloudHybrid's custom attributes: the tool's inference, added only where the schema lacks them.
    for (const attribute of shippedTemplate("kloudhybrid").okta.customAttributes) expect(attribute.inferred, attribute.name).toMatch(/only when the app's schema lacks it/);
  });
});

if (!SEEDS_PRESENT) {
  console.warn(`note: skipping the quote checks: the vendor guides are not at ${SEEDS_DIR} (set SCIM_OKTA_SEEDS to their folder)`);
}

describe.skipIf(!SEEDS_PRESENT)(`every quote is long enough and appears verbatim in its own guide (${SEEDS_DIR})`, () => {
  it.each(seedTemplates.map((template) => [template.id, template] as const))("%s", (_id, template) => {
    expect(collectProvenance(template).filter((fact) => fact.source).length).toBeGreaterThan(10);
    expect(checkQuotes(template, readGuide)).toEqual([]);
  });

  it("the check notices a quote not in the guide, a one-word quote and another vendor's guide", () => {
    const template: Template = structuredClone(shippedTemplate("kloudhybrid"));
    const seed = "003_0c4206412551d22d.txt";
    template.prerequisites[0] = { ...template.prerequisites[0]!, source: { seed, quote: "This functionality is supported from version 5.13.X" } };
    template.okta.mappings.map[3] = { ...template.okta.mappings.map[3]!, source: { seed, quote: "Email" } };
    template.notes[0] = { ...template.notes[0]!, source: { seed: "004_d123b21cd8dd8b00.txt", quote: "Log in to your Okta account." } };
    const problems = checkQuotes(template, readGuide).map((problem) => [problem.path, problem.kind]);
    expect(problems).toEqual([
      ["prerequisites[0]", "not-in-guide"],
      ["okta.mappings.map[3]", "too-short"],
      ["notes[0]", "other-guide"],
    ]);
  });

  it(`a quote of fewer than ${MIN_QUOTE_WORDS} words is too short, even when the guide has it`, () => {
    const template: Template = structuredClone(shippedTemplate("clumio"));
    template.features.supported[0] = { value: "Push users", source: { seed: "001_008034774f46ff9d.txt", quote: "Push users" } };
    expect(checkQuotes(template, readGuide).map((problem) => problem.kind)).toEqual(["too-short"]);
  });
});
