/** A JSON value that is an object (not an array or null): a SCIM resource or message body. */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The value at a property path in parsed JSON: dot-separated keys with bracketed or dotted
 * indexes and quoted keys (`Resources[0].name.givenName`, `emails.0.value`, `['odd.key']`), the
 * syntax of Okta's Runscope tests. An empty path is the whole value; a missing step is undefined.
 */
export function valueAt(json: unknown, path: string | null | undefined): unknown {
  let current = json;
  for (const key of pathSteps(path ?? "")) {
    if (current === null || typeof current !== "object") return undefined;
    if (Array.isArray(current)) {
      const index = typeof key === "number" ? key : /^\d+$/.test(key) ? Number(key) : undefined;
      if (index === undefined) return undefined;
      current = current[index];
    } else {
      current = (current as JsonObject)[String(key)];
    }
  }
  return current;
}

function pathSteps(path: string): Array<string | number> {
  const steps: Array<string | number> = [];
  for (const match of path.matchAll(/\[\s*(\d+)\s*\]|\[\s*(['"])(.*?)\2\s*\]|([^.[\]]+)/g)) {
    if (match[1] !== undefined) steps.push(Number(match[1]));
    else if (match[3] !== undefined) steps.push(match[3]);
    else if (match[4] !== undefined) steps.push(match[4]);
  }
  return steps;
}
