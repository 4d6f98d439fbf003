import type { Dispatcher } from "undici";
import type { Redactor } from "../../../core/redact.js";
import type { RecordedExchange } from "../../../http/trace.js";
import { ScimClient } from "../../../scim/client.js";
import type { AppRecord, ProvisioningAuth } from "../model.js";

/** Okta's limit for one SCIM request (research/okta-api.md §9). */
export const OKTA_SCIM_TIMEOUT_MS = 60_000;

/**
 * The Authorization header Okta sends for the credentials typed in Provisioning → Integration.
 * OIN header auth sends the value verbatim (admins type `Bearer x` themselves); an AIW app's
 * "HTTP Header" mode puts `Bearer ` in front of the token (research/okta-api.md §9).
 */
export function scimAuthorization(app: AppRecord): string | undefined {
  const auth = app.provisioning.auth;
  if (!auth) return undefined;
  switch (auth.type) {
    case "header":
      return app.dialect === "aiw" ? `Bearer ${auth.value}` : auth.value;
    case "oauth-bearer":
      return `Bearer ${auth.token}`;
    case "basic":
      return `Basic ${Buffer.from(`${auth.username}:${auth.password}`, "utf8").toString("base64")}`;
  }
}

/** The secrets of a provisioning connection, kept out of everything the engine records. */
export function registerConnectionSecrets(redactor: Redactor, auth: ProvisioningAuth | null): void {
  if (!auth) return;
  if (auth.type === "header") redactor.addSecret(auth.value);
  else if (auth.type === "oauth-bearer") redactor.addSecret(auth.token);
  else redactor.addBasicCredentials(auth.username, auth.password);
}

/** A SCIM client for the app's connection as it is configured now (the admin may change it between two pushes). */
export function connectionClient(app: AppRecord, dispatcher: Dispatcher, redactor: Redactor, signal: AbortSignal, onExchange?: (exchange: RecordedExchange) => void): ScimClient | undefined {
  const baseUrl = app.provisioning.baseUrl;
  if (!baseUrl) return undefined;
  registerConnectionSecrets(redactor, app.provisioning.auth);
  return new ScimClient({ baseUrl, authorization: scimAuthorization(app), dispatcher, redactor, timeoutMs: OKTA_SCIM_TIMEOUT_MS, signal, ...(onExchange ? { onExchange } : {}) });
}
