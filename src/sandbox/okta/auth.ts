import { timingSafeEqual } from "node:crypto";
import { OktaApiError, invalidToken } from "./errors.js";
import type { AccessTokens } from "./oauth.js";

/** Who made the request: an SSWS API token (every scope) or an OAuth access token (its scopes). */
export type Caller = { kind: "ssws" } | { kind: "oauth"; scopes: ReadonlySet<string> };

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `Authorization: SSWS <token>` or `Bearer <access token>` (research §8). No header at all is
 * 403 E0000005 "Invalid session" as Okta answers; a wrong token of either kind is 401 E0000011.
 */
export function authenticate(authorization: string | undefined, apiToken: string, tokens: AccessTokens): Caller {
  if (!authorization || authorization.trim() === "") throw new OktaApiError(403, "E0000005", "Invalid session");
  const [scheme = "", ...rest] = authorization.trim().split(/\s+/);
  const credential = rest.join(" ");
  if (scheme.toUpperCase() === "SSWS" && sameSecret(credential, apiToken)) return { kind: "ssws" };
  if (scheme.toLowerCase() === "bearer" || scheme.toLowerCase() === "dpop") {
    const scopes = tokens.scopesOf(credential);
    if (scopes) return { kind: "oauth", scopes };
  }
  throw invalidToken();
}

/** The required scopes a caller lacks (`okta.x.manage` grants `okta.x.read`). */
export function missingScopes(caller: Caller, required: readonly string[]): string[] {
  if (caller.kind === "ssws") return [];
  return required.filter((scope) => !caller.scopes.has(scope) && !(scope.endsWith(".read") && caller.scopes.has(scope.replace(/\.read$/, ".manage"))));
}

/**
 * A token without the scope: 403, no body, and the reason in WWW-Authenticate — what Okta sends
 * (okta-sdk-golang #145, #246).
 */
export function insufficientScope(orgUrl: string, missing: readonly string[], path: string): OktaApiError & { noBody: true } {
  const header =
    `Bearer authorization_uri="${orgUrl}/oauth2/v1/authorize", realm="${orgUrl}", scope="${missing.join(" ")}", ` +
    `error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="${path}"`;
  return Object.assign(new OktaApiError(403, "E0000006", "The access token provided does not contain the required scopes.", [], { "WWW-Authenticate": header }), { noBody: true as const });
}
