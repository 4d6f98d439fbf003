import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import { OKTA_FILES_DIR } from "../sandbox/okta-files.js";

/** Okta's published management API spec (../shared/okta, or $SCIM_OKTA_FILES): never copied into the repo. */
export const OKTA_SPEC_FILE = join(OKTA_FILES_DIR, "management-minimal.yaml");

export function oktaSpecPresent(): boolean {
  return existsSync(OKTA_SPEC_FILE);
}

export type OpenApiDocument = { paths: Record<string, Record<string, unknown>> } & Record<string, unknown>;

function removeRefKeys(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(removeRefKeys);
  } else if (node !== null && typeof node === "object") {
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (key === "$ref") delete record[key];
      else removeRefKeys(record[key]);
    }
  }
}

/**
 * Some example values in Okta's spec are JSON Schemas with `$ref` keys of their own, which
 * reference resolvers then try to follow and fail on (research/servers-for-tests.md §2b, Prism's
 * MissingPointerError). Examples play no part in validation: drop those keys, in memory only.
 * `$ref`s that point at examples (`examples: {x: {$ref}}`) are left alone.
 */
function stripRefsInsideExamples(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(stripRefsInsideExamples);
    return;
  }
  if (node === null || typeof node !== "object") return;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === "example") {
      removeRefKeys(value);
    } else if (key === "examples" && value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const example of Object.values(value as Record<string, unknown>)) {
        if (example !== null && typeof example === "object" && "value" in example) removeRefKeys((example as { value: unknown }).value);
      }
    } else {
      stripRefsInsideExamples(value);
    }
  }
}

/**
 * Prose and examples: nothing a validator reads. Dropping them makes the schemas openapi-backend
 * compiles several times smaller. Keys of a `properties` map are attribute names (a user type has
 * a `description` attribute), never dropped.
 */
const DOCUMENTATION_KEYS = new Set(["description", "example", "examples", "summary", "externalDocs", "x-codeSamples", "x-okta-lifecycle", "x-enumDescriptions"]);

function dropDocumentation(node: unknown, inPropertiesMap = false): void {
  if (Array.isArray(node)) {
    for (const item of node) dropDocumentation(item);
  } else if (node !== null && typeof node === "object") {
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!inPropertiesMap && DOCUMENTATION_KEYS.has(key)) delete record[key];
      else dropDocumentation(record[key], !inPropertiesMap && key === "properties");
    }
  }
}

/** The API areas the emulator serves; other paths (485 in all) would only slow the validator's start. */
const AREAS = ["/api/v1/apps", "/api/v1/users", "/api/v1/groups", "/api/v1/mappings", "/api/v1/meta/types/user", "/api/v1/meta/schemas/apps"];

/**
 * The spec as the contract test uses it: the paths of the emulator's API areas (all of their
 * operations, so an exchange the emulator routes differently from the spec is still caught),
 * without documentation. Parsing 3.4 MB of YAML takes seconds: the result is cached as JSON in the
 * OS temp folder, keyed by the file's hash.
 */
export function loadOktaSpec(file: string = OKTA_SPEC_FILE): OpenApiDocument {
  const text = readFileSync(file);
  const cacheFile = join(tmpdir(), "scim-okta-contract", `okta-spec-${createHash("sha256").update(text).digest("hex").slice(0, 16)}.json`);
  if (existsSync(cacheFile)) return JSON.parse(readFileSync(cacheFile, "utf8")) as OpenApiDocument;
  const document = parse(text.toString("utf8"), { maxAliasCount: -1 }) as OpenApiDocument;
  stripRefsInsideExamples(document);
  dropDocumentation(document);
  document.paths = Object.fromEntries(Object.entries(document.paths).filter(([path]) => AREAS.some((area) => path === area || path.startsWith(`${area}/`))));
  mkdirSync(dirname(cacheFile), { recursive: true });
  writeFileSync(`${cacheFile}.${process.pid}`, JSON.stringify(document));
  renameSync(`${cacheFile}.${process.pid}`, cacheFile);
  return document;
}
