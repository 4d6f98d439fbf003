import type { Dispatcher } from "undici";
import { Redactor } from "../../core/redact.js";
import { runConnectorTest, type ConnectorRun } from "../../scim/connector/run.js";
import type { ScimTarget } from "../../scim/target.js";
import { registerConnectionSecrets, scimAuthorization, OKTA_SCIM_TIMEOUT_MS } from "../okta/provisioning/connection.js";
import type { AppRecord, ProvisioningAuth } from "../okta/model.js";

/** One check of "Test API Credentials", as the page and the JSON show it. */
export interface CredentialCheck {
  id: string;
  status: string;
  required: boolean;
  message: string;
  whatToDo?: string;
}

export interface CredentialTest {
  /** Okta's verdict: its own request (GET /Users?startIndex=1&count=2) answered as it needs. */
  passed: boolean;
  baseUrl: string;
  checks: CredentialCheck[];
}

export interface CredentialTestDeps {
  dispatcher: Dispatcher;
  env: NodeJS.ProcessEnv;
  now: () => Date;
  signal?: AbortSignal;
}

/** The connection to test: the app's saved settings, or the values in the form before they are saved. */
interface ConnectionUnderTest {
  baseUrl: string | null;
  auth: ProvisioningAuth | null;
}

/**
 * "Test API Credentials": the same check as `scim-okta test-connector` (its core, called as a
 * function), for the base URL and credentials of the form. Okta only says whether it worked; the
 * sandbox shows each check with what to do, as test-connector does.
 */
export async function testCredentials(app: AppRecord, connection: ConnectionUnderTest, deps: CredentialTestDeps): Promise<CredentialTest> {
  if (!connection.baseUrl) {
    return { passed: false, baseUrl: "", checks: [{ id: "connector/base-url", status: "failed", required: true, message: "No base URL is configured: enter the SCIM connector base URL first" }] };
  }
  const redactor = new Redactor();
  registerConnectionSecrets(redactor, connection.auth);
  const probe: AppRecord = { ...app, provisioning: { ...app.provisioning, baseUrl: connection.baseUrl, auth: connection.auth } };
  const authorization = scimAuthorization(probe);
  const token = connection.auth?.type === "header" ? connection.auth.value : connection.auth?.type === "oauth-bearer" ? connection.auth.token : undefined;
  const target: ScimTarget = {
    baseUrl: connection.baseUrl.replace(/\/+$/, ""),
    url: new URL(connection.baseUrl),
    authMode: connection.auth?.type ?? "header",
    authorization,
    token,
    headerFormat: connection.auth?.type === "header" && app.dialect === "oin" ? "{token}" : "Bearer {token}",
    dialect: app.dialect,
    timeoutMs: OKTA_SCIM_TIMEOUT_MS,
    insecure: false,
    tracePath: undefined,
    template: undefined,
  };
  const run: ConnectorRun = await runConnectorTest({
    target,
    dispatcher: deps.dispatcher,
    redactor,
    signal: deps.signal ?? new AbortController().signal,
    env: deps.env,
    now: deps.now,
  });
  const checks: CredentialCheck[] = run.checks.map((check) =>
    redactor.redactValue({
      id: check.id,
      status: check.status,
      required: check.required,
      message: check.diagnosis?.message ?? check.message,
      ...(check.diagnosis ? { whatToDo: check.diagnosis.whatToDo } : {}),
    }),
  );
  const listUsers = run.checks.find((check) => check.id === "connector/list-users");
  return { passed: listUsers?.status === "passed" || listUsers?.status === "warned", baseUrl: target.baseUrl, checks };
}
