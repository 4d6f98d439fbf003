import { attributePathKeys, findAttribute, isPlainObject, type ResourceSchema } from "./schemas.js";

export interface Projection {
  attributes: string[];
  excludedAttributes: string[];
}

/** `attributes=a,b` / `excludedAttributes=c` query values, split and trimmed. */
export function parseAttributeList(value: string | null): string[] {
  return (value ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/**
 * RFC 7644 §3.4.2.5: `attributes` replaces the default set, `excludedAttributes` removes from it,
 * and neither touches attributes whose schema says `returned: always` (id, schemas).
 */
export function projectResource(schema: ResourceSchema, resource: Record<string, unknown>, projection: Projection): Record<string, unknown> {
  if (projection.attributes.length > 0) {
    const picked: Record<string, unknown> = {};
    for (const path of projection.attributes) mergeInto(picked, pick(resource, attributePathKeys(schema, path)));
    for (const [key, value] of Object.entries(resource)) {
      if (findAttribute(schema, [key])?.returned === "always") picked[key] = value;
    }
    return orderLike(resource, picked);
  }
  if (projection.excludedAttributes.length > 0) {
    const copy = structuredClone(resource);
    for (const path of projection.excludedAttributes) {
      const keys = attributePathKeys(schema, path);
      if (findAttribute(schema, keys)?.returned !== "always") remove(copy, keys);
    }
    return copy;
  }
  return resource;
}

function findKey(object: Record<string, unknown>, name: string): string | undefined {
  return Object.keys(object).find((key) => key.toLowerCase() === name.toLowerCase());
}

function pick(value: unknown, keys: string[]): unknown {
  const [head, ...rest] = keys;
  if (head === undefined) return value;
  if (Array.isArray(value)) return value.map((item) => pick(item, keys)).filter((item) => item !== undefined);
  if (!isPlainObject(value)) return undefined;
  const key = findKey(value, head);
  if (key === undefined) return undefined;
  const inner = pick(value[key], rest);
  return inner === undefined ? undefined : { [key]: inner };
}

/** Merges two picks of one resource ("name.givenName" and "name.familyName"), arrays element by element. */
function mergeInto(target: Record<string, unknown>, source: unknown): void {
  if (!isPlainObject(source)) return;
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (isPlainObject(existing) && isPlainObject(value)) mergeInto(existing, value);
    else if (Array.isArray(existing) && Array.isArray(value)) {
      value.forEach((item, index) => {
        const current: unknown = existing[index];
        if (isPlainObject(current)) mergeInto(current, item);
        else existing[index] = item;
      });
    } else target[key] = value;
  }
}

function remove(value: unknown, keys: string[]): void {
  const [head, ...rest] = keys;
  if (head === undefined) return;
  if (Array.isArray(value)) {
    for (const item of value) remove(item, keys);
    return;
  }
  if (!isPlainObject(value)) return;
  const key = findKey(value, head);
  if (key === undefined) return;
  if (rest.length === 0) delete value[key];
  else remove(value[key], rest);
}

/** Keeps the resource's own key order, so projected and full answers read alike. */
function orderLike(original: Record<string, unknown>, picked: Record<string, unknown>): Record<string, unknown> {
  const ordered: Record<string, unknown> = {};
  for (const key of Object.keys(original)) if (key in picked) ordered[key] = picked[key];
  return ordered;
}
