import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseTemplate, TEMPLATES_DIR } from "../../src/templates/load.js";
import type { Template } from "../../src/templates/schema.js";

/** Shared by the template tests: the files in templates/ and the vendor guides they quote. */

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The guides live beside the repo (../shared/seeds); CI without them sets SCIM_OKTA_SEEDS or skips. */
export const SEEDS_DIR = process.env.SCIM_OKTA_SEEDS ?? join(REPO_ROOT, "..", "shared", "seeds");
export const SEEDS_PRESENT = existsSync(SEEDS_DIR);

export const SEED_VENDOR_IDS = ["cloudapp", "clumio", "infrascale", "kloudhybrid", "strongdm"] as const;
export const GENERIC_IDS = ["aiw-scim", "scim2-basic", "scim2-header", "scim2-oauth-bearer"] as const;

export interface ShippedTemplate {
  file: string;
  text: string;
  parsed: ReturnType<typeof parseTemplate>;
}

export function readShippedTemplates(): ShippedTemplate[] {
  return readdirSync(TEMPLATES_DIR)
    .filter((file) => file.endsWith(".yaml"))
    .sort()
    .map((file) => {
      const text = readFileSync(join(TEMPLATES_DIR, file), "utf8");
      return { file, text, parsed: parseTemplate(text) };
    });
}

export function shippedTemplate(id: string): Template {
  const text = readFileSync(join(TEMPLATES_DIR, `${id}.yaml`), "utf8");
  const result = parseTemplate(text);
  if (!result.ok) throw new Error(`templates/${id}.yaml is invalid: ${JSON.stringify(result.issues)}`);
  return result.template;
}

/** A guide's text by its file name, or undefined when there is no such file. */
export function readGuide(seed: string): string | undefined {
  const path = join(SEEDS_DIR, seed);
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}
