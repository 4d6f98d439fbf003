/**
 * Runscope's JSON property syntax (`Resources[0].name.givenName`, `schemas`, `['odd.key']`):
 * dot-separated keys with bracketed indexes or quoted keys. An empty property is the whole body.
 */
export function parsePropertyPath(property: string): Array<string | number> {
  const path: Array<string | number> = [];
  const pattern = /\[\s*(\d+)\s*\]|\[\s*(['"])(.*?)\2\s*\]|([^.[\]]+)/g;
  for (const match of property.matchAll(pattern)) {
    if (match[1] !== undefined) path.push(Number(match[1]));
    else if (match[3] !== undefined) path.push(match[3]);
    else if (match[4] !== undefined) path.push(match[4]);
  }
  return path;
}

/** The value at `property` in a parsed JSON body; undefined when any step of the path is missing. */
export function readProperty(body: unknown, property: string | null | undefined): unknown {
  let current = body;
  for (const key of parsePropertyPath(property ?? "")) {
    if (current === null || typeof current !== "object") return undefined;
    if (Array.isArray(current)) {
      const index = typeof key === "number" ? key : /^\d+$/.test(key) ? Number(key) : undefined;
      if (index === undefined) return undefined;
      current = current[index];
    } else {
      current = (current as Record<string, unknown>)[String(key)];
    }
  }
  return current;
}
