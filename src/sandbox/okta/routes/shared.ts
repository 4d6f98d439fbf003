import { filter as compileFilter, parse as parseFilter } from "scim2-parse-filter";
import type { EmulatorContext } from "../context.js";
import { validationFailed } from "../errors.js";
import type { ApiRequest } from "../http.js";

/** A HAL link as Okta writes it, with `hints.allow` where Okta adds them. */
export function link(href: string, allow?: readonly string[]): Record<string, unknown> {
  return allow ? { href, hints: { allow: [...allow] } } : { href };
}

export function apiUrl(context: EmulatorContext, path: string): string {
  return `${context.orgUrl}/api/v1${path}`;
}

/** A required path parameter (the router always fills it). */
export function param(request: ApiRequest, name: string): string {
  return request.params[name] ?? "";
}

/**
 * Okta's `filter`/`search` expressions (`name eq "scim2headerauth"`, `status eq "ACTIVE"`,
 * `profile.login eq "x"`) share SCIM's filter grammar, so scim2-parse-filter parses them.
 * A filter that does not parse is 400 E0000001, as Okta answers.
 */
export function oktaFilterPredicate(expression: string | null, what: string): (item: unknown) => boolean {
  if (expression === null || expression.trim() === "") return () => true;
  try {
    return compileFilter(parseFilter(expression));
  } catch {
    throw validationFailed(what, [`Invalid filter expression: ${expression}`]);
  }
}
