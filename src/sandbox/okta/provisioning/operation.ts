import type { Redactor } from "../../../core/redact.js";
import { isSuccess, type ScimClient, type ScimRequest, type ScimResponse } from "../../../scim/client.js";
import type { AppRecord } from "../model.js";
import type { OrgStore } from "../store.js";
import { describeAnswer, ProvisioningFailure } from "./failure.js";

/** One provisioning operation's view of the org and the app's SCIM connection. */
export interface Operation {
  store: OrgStore;
  app: AppRecord;
  /** Undefined when the app has no base URL yet. */
  client: ScimClient | undefined;
  baseUrl: string;
  redactor: Redactor;
  /** The errorSummary for whatever went wrong. */
  fail: (error: unknown) => string;
}

/**
 * Send one request Okta sends; a non-2xx answer becomes a ProvisioningFailure worded the way the
 * Admin Console words a failed task ("<what>: 401: <the server's detail>").
 */
export async function send(op: Operation, request: ScimRequest, what: string): Promise<ScimResponse> {
  if (!op.client) throw new ProvisioningFailure(`${what}: no base URL is configured (Provisioning → Integration)`);
  const response = await op.client.send(request);
  if (!isSuccess(response.status)) throw new ProvisioningFailure(`${what}: ${describeAnswer(response, op.redactor)}`);
  return response;
}
