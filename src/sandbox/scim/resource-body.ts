import { badRequest } from "./errors.js";
import { canonicaliseAttributeNames, isPlainObject, type ResourceSchema } from "./schemas.js";

/**
 * The common part of reading a POST/PUT body (or a patched resource): an object whose `schemas`
 * names the resource's core schema, attribute names canonicalised, and the read-only common
 * attributes (id, meta) dropped: the server owns them (RFC 7643 §3.1).
 */
export function readResourceBody(schema: ResourceSchema, body: unknown): Record<string, unknown> {
  if (!isPlainObject(body)) throw badRequest("invalidSyntax", "The request body must be a JSON object");
  const attributes = canonicaliseAttributeNames(schema, body);
  const schemas = attributes.schemas;
  if (!Array.isArray(schemas) || !schemas.some((urn) => typeof urn === "string" && urn.toLowerCase() === schema.core.id.toLowerCase())) {
    throw badRequest("invalidValue", `"schemas" must be an array containing ${schema.core.id}`);
  }
  delete attributes.id;
  delete attributes.meta;
  delete attributes.schemas;
  return attributes;
}

/** The schemas a stored resource declares: its core schema plus each extension it has data for. */
export function declaredSchemas(schema: ResourceSchema, attributes: Record<string, unknown>): string[] {
  return [schema.core.id, ...schema.extensions.filter((ext) => isPlainObject(attributes[ext.id])).map((ext) => ext.id)];
}

export function requireNonEmptyString(attributes: Record<string, unknown>, name: string): string {
  const value = attributes[name];
  if (typeof value !== "string" || value.trim() === "") throw badRequest("invalidValue", `"${name}" is required and must be a non-empty string`);
  return value;
}

/** Booleans arrive as "True"/"false" strings from some clients (Entra); RFC 7643 §2.3.2 wants JSON booleans. */
export function readBoolean(value: unknown, name: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  throw badRequest("invalidValue", `"${name}" must be a boolean`);
}
