import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument, type YAMLError } from "yaml";
import type { z } from "zod";
import { didYouMean } from "../core/did-you-mean.js";
import { fileErrorWords, UsageError } from "../core/errors.js";
import { factsWithoutProvenance } from "./provenance.js";
import { templateSchema, type Template } from "./schema.js";

/** templates/ ships beside dist/ and src/ in the package. */
export const TEMPLATES_DIR = fileURLToPath(new URL("../../templates/", import.meta.url));

export interface TemplateIssue {
  path: string;
  message: string;
}

export type TemplateParseResult = { ok: true; template: Template } | { ok: false; issues: TemplateIssue[] };

/** Parse and validate template YAML text; every problem is reported with its field path. */
export function parseTemplate(text: string): TemplateParseResult {
  const document = parseDocument(text);
  if (document.errors.length > 0) return { ok: false, issues: document.errors.map(toSyntaxIssue) };
  const result = templateSchema.safeParse(document.toJS());
  if (result.success) {
    // A template made from a vendor's guide says, for every fact, where it comes from: exactly one
    // of source and inferred (the schema refuses both; generic templates, with no guide, need neither).
    const unsourced = result.data.guide ? factsWithoutProvenance(result.data) : [];
    if (unsourced.length === 0) return { ok: true, template: result.data };
    return { ok: false, issues: unsourced.map((path) => ({ path, message: "a template made from a guide says where each fact comes from: give source {seed, quote} (the guide says so) or inferred: <why>" })) };
  }
  return { ok: false, issues: result.error.issues.map(toTemplateIssue) };
}

/** A YAML syntax error, placed by line and column (the yaml parser's own positions, 1-based). */
function toSyntaxIssue(error: YAMLError): TemplateIssue {
  const position = error.linePos?.[0];
  const message = (error.message.split("\n")[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, "");
  return { path: position ? `line ${position.line}, column ${position.col}` : "(yaml)", message: `YAML syntax: ${message}` };
}

function toTemplateIssue(issue: z.core.$ZodIssue): TemplateIssue {
  const path = issue.path.length === 0 ? "(root)" : issue.path.map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("").replace(/^\./, "");
  return { path, message: issue.message };
}

async function listTemplateIds(dir = TEMPLATES_DIR): Promise<string[]> {
  const files = await readdir(dir);
  return files
    .filter((file) => file.endsWith(".yaml"))
    .map((file) => basename(file, ".yaml"))
    .sort();
}

export async function loadAllTemplates(dir = TEMPLATES_DIR): Promise<Template[]> {
  const ids = await listTemplateIds(dir);
  return Promise.all(ids.map((id) => loadTemplateFile(join(dir, `${id}.yaml`), `template ${id}`)));
}

/** Load a shipped template by id; an unknown id is a usage error naming the closest one. */
export async function loadVendorTemplate(id: string, flag = "--vendor", dir = TEMPLATES_DIR): Promise<Template> {
  const ids = await listTemplateIds(dir);
  if (!ids.includes(id)) {
    const [closest] = didYouMean(id, ids, 1);
    throw new UsageError(
      `unknown vendor "${id}" (${flag}); known: ${ids.join(", ")}`,
      closest ? `did you mean "${closest}"?` : 'run "scim-okta vendors list" to see them',
    );
  }
  return loadTemplateFile(join(dir, `${id}.yaml`), `template ${id}`);
}

/** Load a template file; invalid content is a usage error listing the first problems. */
export async function loadTemplateFile(path: string, label = path): Promise<Template> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${label === path ? `--template ${path}` : label}: ${fileErrorWords(error)}`, "check the path given to --template");
  }
  const result = parseTemplate(text);
  if (result.ok) return result.template;
  const shown = result.issues.slice(0, 3).map((issue) => `${issue.path}: ${issue.message}`).join("; ");
  throw new UsageError(`${label} is not a valid template: ${shown}`, `run "scim-okta vendors validate ${path}" to list every error`);
}

