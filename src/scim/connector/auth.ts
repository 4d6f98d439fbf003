import type { AuthMode } from "../../templates/schema.js";
import type { AuthForm } from "./diagnoses.js";

/** The Authorization header as it is configured, with the secret replaced by a placeholder. */
export function shownAuthorization(authMode: AuthMode, headerFormat: string): string {
  if (authMode === "basic") return "Basic <base64 of username:password>";
  if (authMode === "oauth-bearer") return "Bearer <token>";
  return headerFormat.replaceAll("{token}", "<token>");
}

/**
 * For header auth, the other form of the same token: without `Bearer ` if the configured header
 * has it, with it if not. Okta's SCIM 2.0 Test App (Header Auth) sends what the admin pasted
 * verbatim, so the form matters; basic and OAuth bearer have only one form.
 */
export function alternateAuthorization(
  authMode: AuthMode,
  configured: string | undefined,
  headerFormat: string,
): { form: AuthForm; authorization: string; shown: string } | undefined {
  if (authMode !== "header" || !configured) return undefined;
  const shown = shownAuthorization(authMode, headerFormat);
  const bearer = /^Bearer\s+/i.exec(configured);
  if (bearer) {
    return { form: "without-bearer", authorization: configured.slice(bearer[0].length), shown: shown.replace(/^Bearer\s+/i, "") };
  }
  return { form: "with-bearer", authorization: `Bearer ${configured}`, shown: `Bearer ${shown}` };
}
