import { withQuery, type OktaClient } from "../client.js";
import { connectionSchema, connectionTokenRequestSchema, type ConnectionTokenRequest, type ProvisioningConnection } from "../model.js";

/**
 * The app's default provisioning connection (research/okta-api.md §2, §14). Documented for a few
 * OIN apps only; on others Okta answers 200 with status and authScheme `UNKNOWN` and stores
 * nothing, so a connection counts as configured only when read back ENABLED. TOKEN is the only
 * scheme we can send: there is no basic-auth scheme.
 */

function path(appId: string, rest = ""): string {
  return `/api/v1/apps/${encodeURIComponent(appId)}/connections/default${rest}`;
}

export function getDefaultConnection(client: OktaClient, appId: string): Promise<ProvisioningConnection> {
  return client.get(path(appId), connectionSchema);
}

/** POST a token connection and activate it; the token is never echoed back. */
export function setTokenConnection(client: OktaClient, appId: string, request: ConnectionTokenRequest): Promise<ProvisioningConnection> {
  return client.send("POST", withQuery(path(appId), { activate: true }), connectionTokenRequestSchema.parse(request), connectionSchema);
}

/** Only ENABLED proves a working connection; UNKNOWN (an unsupported app) and DISABLED do not. */
export function isConnectionEnabled(connection: ProvisioningConnection | undefined): boolean {
  return connection?.status === "ENABLED";
}
