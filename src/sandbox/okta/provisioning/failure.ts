import { NetworkError } from "../../../http/network-error.js";
import type { Redactor } from "../../../core/redact.js";
import type { ScimResponse } from "../../../scim/client.js";
import { isJsonObject } from "../../../scim/json.js";

/** What a SCIM answer or a network failure says, for an errorSummary an admin reads. */
const MAX_DETAIL = 200;

/** Raised inside a provisioning operation when the SCIM server refused a step; carries Okta's wording. */
export class ProvisioningFailure extends Error {
  override name = "ProvisioningFailure";
}

/** Control characters shown, the text cut: a server's words are untrusted. */
function tidy(text: string): string {
  const visible = [...text]
    .map((character) => {
      const code = character.codePointAt(0) ?? 0;
      return code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, "0")}` : character;
    })
    .join("")
    .trim();
  return visible.length > MAX_DETAIL ? `${visible.slice(0, MAX_DETAIL)}…` : visible;
}

/** `401 Unauthorized: <the server's detail>` from a SCIM error answer (redacted before it is cut). */
export function describeAnswer(response: ScimResponse, redactor: Redactor): string {
  const json = response.json;
  const detail = isJsonObject(json) && typeof json.detail === "string" ? json.detail : response.text;
  const said = tidy(redactor.redact(detail));
  return `${response.status}${said ? `: ${said}` : ""}`;
}

/** Okta's wording for a SCIM server it could not reach or that did not answer. */
export function describeError(error: unknown, baseUrl: string, redactor: Redactor): string {
  if (error instanceof ProvisioningFailure) return error.message;
  if (error instanceof NetworkError) return tidy(redactor.redact(`Could not connect to ${baseUrl}: ${error.message}`));
  return tidy(redactor.redact(`Unexpected error talking to ${baseUrl}: ${error instanceof Error ? error.message : String(error)}`));
}
