import { expect } from "vitest";
import { ProvisioningEngine } from "../../src/sandbox/okta/provisioning/index.js";
import { OrgStore } from "../../src/sandbox/okta/store.js";
import type { AppRecord, ProvisioningAuth, UserRecord } from "../../src/sandbox/okta/model.js";
import { startReferenceScimServer, type RecordedScimRequest, type ReferenceScimServer, type ReferenceScimServerOptions } from "../../src/sandbox/scim/index.js";

export const SCIM_TOKEN = "prov-scim-token-31337";
export const SCIM_USER = "okta-prov";
export const SCIM_PASSWORD = "prov-basic-pw-27182";
const ALL_ACTIONS = ["importNewUsersAndProfileUpdates", "pushNewUsers", "pushProfileUpdates", "pushGroups"] as const;

export type AppKind = "scim2headerauth" | "scim2testapp" | "scim2testapp_basic" | "custom-saml";

export interface Org {
  store: OrgStore;
  engine: ProvisioningEngine;
  scim: ReferenceScimServer;
  app: AppRecord;
  close(): Promise<void>;
  /** The SCIM requests since the last call (method, path, parsed body), and forget them. */
  take(): Array<{ method: string; path: string; body: any; authorization: string | undefined }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- bodies are read field by field
  user(login: string, extra?: Record<string, unknown>): UserRecord;
}

/** The auth an admin would type for each app kind, all accepted by the reference server. */
export function authFor(kind: AppKind): ProvisioningAuth {
  if (kind === "scim2testapp_basic") return { type: "basic", username: SCIM_USER, password: SCIM_PASSWORD };
  if (kind === "scim2testapp") return { type: "oauth-bearer", token: SCIM_TOKEN };
  // OIN header auth sends what the admin typed; the AIW form adds "Bearer " itself.
  return kind === "custom-saml" ? { type: "header", value: SCIM_TOKEN } : { type: "header", value: `Bearer ${SCIM_TOKEN}` };
}

/**
 * An org (store + provisioning engine) with one app whose provisioning points at a fresh reference
 * SCIM server, everything To App on, as an admin sets it in the Admin Console.
 */
export async function orgWithApp(
  kind: AppKind,
  options: { toApp?: Partial<AppRecord["provisioning"]["toApp"]>; auth?: ProvisioningAuth; scim?: ReferenceScimServerOptions; credentials?: Record<string, unknown> } = {},
): Promise<Org> {
  const scim = await startReferenceScimServer({ auth: { mode: "header", token: SCIM_TOKEN, basic: { username: SCIM_USER, password: SCIM_PASSWORD } }, ...options.scim });
  const store = new OrgStore();
  const engine = new ProvisioningEngine(store).start();
  const app =
    kind === "custom-saml"
      ? store.createApp({ label: "Acme SAML", signOnMode: "SAML_2_0", ...(options.credentials ? { credentials: options.credentials } : {}) }, true)
      : store.createApp({ name: kind, label: "SCIM 2.0 Test App", signOnMode: "AUTO_LOGIN", ...(options.credentials ? { credentials: options.credentials } : {}) }, true);
  store.setProvisioning(app.id, {
    scimEnabled: true,
    baseUrl: scim.baseUrl,
    auth: options.auth ?? authFor(kind),
    ...(kind === "custom-saml" ? { supportedActions: [...ALL_ACTIONS] } : {}),
    toApp: { create: true, update: true, deactivate: true, password: false, ...options.toApp },
  });
  await engine.whenIdle();
  scim.requests.length = 0;
  return {
    store,
    engine,
    scim,
    app,
    async close() {
      await engine.stop();
      await scim.close();
    },
    take() {
      const taken = scim.requests.splice(0).map((request: RecordedScimRequest) => ({
        method: request.method,
        path: request.path.replace(/^\/scim\/v2/, ""),
        body: request.body === undefined ? undefined : JSON.parse(request.body),
        authorization: request.headers.authorization,
      }));
      return taken;
    },
    user(login, extra = {}) {
      const [first = "Ann"] = login.split("@");
      return store.createUser({ login, email: login, firstName: first, lastName: "Tester", ...extra }, { activate: true, hasPassword: true });
    },
  };
}

/** Bounded polling until the app user reaches a sync state (provisioning runs in the background). */
export async function settled(org: Org, userId: string, syncState: "SYNCHRONIZED" | "ERROR" = "SYNCHRONIZED"): Promise<void> {
  await expect.poll(() => org.store.appUsers.get(`${org.app.id}/${userId}`)?.syncState, { timeout: 5_000, interval: 10 }).toBe(syncState);
  await org.engine.whenIdle();
}
