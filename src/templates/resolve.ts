import { UsageError } from "../core/errors.js";
import type { Template } from "./schema.js";

/** Parse repeated `--param name=value` flags. */
export function parseParams(raw: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const entry of raw) {
    const equals = entry.indexOf("=");
    if (equals <= 0) throw new UsageError(`--param "${entry}" must be name=value`, "e.g. --param baseUrl=https://scim.example.com/scim/v2");
    params[entry.slice(0, equals).trim()] = entry.slice(equals + 1);
  }
  return params;
}

/**
 * Fill a template's parameters: defaults first, then --param values; checks required parameters
 * and patterns. `missing` lists what a non-interactive run must be given.
 */
export function resolveParameters(template: Template, given: Record<string, string>): { values: Record<string, string>; missing: string[] } {
  const values: Record<string, string> = {};
  const missing: string[] = [];
  const known = new Set(template.parameters.map((parameter) => parameter.name));
  for (const name of Object.keys(given)) {
    if (!known.has(name)) {
      throw new UsageError(
        `--param ${name}: template ${template.id} has no parameter "${name}"`,
        known.size ? `its parameters: ${[...known].join(", ")}` : `template ${template.id} takes no parameters`,
      );
    }
  }
  for (const parameter of template.parameters) {
    const value = given[parameter.name] ?? parameter.default;
    if (value === undefined) {
      if (parameter.required) missing.push(parameter.name);
      continue;
    }
    if (parameter.pattern && !new RegExp(parameter.pattern).test(value)) {
      throw new UsageError(`--param ${parameter.name}="${value}" does not match ${parameter.pattern}`, parameter.description);
    }
    values[parameter.name] = value;
  }
  return { values, missing };
}

/** Replace `{name}` placeholders; unknown placeholders are left as they are. */
export function fillPlaceholders(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** Placeholders still present after filling: a base URL with these cannot be used. */
export function unfilledPlaceholders(text: string): string[] {
  return [...text.matchAll(/\{([A-Za-z][A-Za-z0-9_]*)\}/g)].map((match) => match[1] ?? "");
}
