import { afterEach, describe, expect, test } from "vitest";
import { CONNECTIONS_API_MODES, FEATURES_API_MODES, type ConnectionsApiMode, type FeaturesApiMode, type OktaEmulator } from "../../../src/sandbox/okta/index.js";
import { startForTest, type OktaCall } from "./okta-http.js";

/**
 * DESIGN §6's switches, in every combination: what setup meets when it tries the connections and
 * features APIs on a SCIM test app, before and after the admin turns provisioning on.
 */
let emulator: OktaEmulator | undefined;
afterEach(() => emulator?.close());

async function withApp(connectionsApi: ConnectionsApiMode, featuresApi: FeaturesApiMode, name = "scim2headerauth"): Promise<{ call: OktaCall; appId: string; emulator: OktaEmulator }> {
  const started = await startForTest({ connectionsApi, featuresApi });
  emulator = started.emulator;
  const app = await started.call("POST", "/api/v1/apps", { body: { name, label: "Mode test", signOnMode: "AUTO_LOGIN" } });
  return { call: started.call, appId: app.body.id, emulator: started.emulator };
}

const USER_PROVISIONING_ON = {
  create: { lifecycleCreate: { status: "ENABLED" } },
  update: { profile: { status: "ENABLED" }, lifecycleDeactivate: { status: "ENABLED" }, password: { status: "DISABLED", seed: "RANDOM", change: "KEEP_EXISTING" } },
};

const combinations = CONNECTIONS_API_MODES.flatMap((connectionsApi) => FEATURES_API_MODES.map((featuresApi) => ({ connectionsApi, featuresApi })));

describe.each(combinations)("connections-api $connectionsApi × features-api $featuresApi", ({ connectionsApi, featuresApi }) => {
  test("features answer 400 E0000001 \"Provisioning is not supported.\" while provisioning is off, in every mode", async () => {
    const { call, appId } = await withApp(connectionsApi, featuresApi);
    for (const path of [`/api/v1/apps/${appId}/features`, `/api/v1/apps/${appId}/features/USER_PROVISIONING`]) {
      const answer = await call("GET", path);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ errorCode: "E0000001", errorSummary: "Api validation failed: feature", errorCauses: [{ errorSummary: "Provisioning is not supported." }] });
    }
  });

  test("the connection POST and, once provisioning is on, the feature PUT answer as the mode says", async () => {
    const { call, appId, emulator: org } = await withApp(connectionsApi, featuresApi);
    const connection = await call("POST", `/api/v1/apps/${appId}/connections/default?activate=true`, { body: { profile: { authScheme: "TOKEN", token: "secret-token" } } });
    if (connectionsApi === "unknown") {
      expect([connection.status, connection.body]).toEqual([200, { status: "UNKNOWN", profile: { authScheme: "UNKNOWN" } }]);
      expect(org.store.getApp(appId).provisioning).toMatchObject({ scimEnabled: false, auth: null });
    } else if (connectionsApi === "error") {
      expect(connection.status).toBe(400);
      expect(connection.body.errorCode).toBe("E0000001");
      expect(org.store.getApp(appId).provisioning.auth).toBeNull();
    } else {
      expect(connection.status).toBe(200);
      expect(connection.body).toMatchObject({ authScheme: "TOKEN", status: "ENABLED", profile: { authScheme: "TOKEN" } });
      expect(connection.text).not.toContain("secret-token");
      expect(org.store.getApp(appId).provisioning).toMatchObject({ scimEnabled: true, auth: { type: "header", value: "secret-token" } });
    }

    // The admin turns provisioning on in the Admin Console (always possible).
    org.store.setProvisioning(appId, { scimEnabled: true });
    const put = await call("PUT", `/api/v1/apps/${appId}/features/USER_PROVISIONING`, { body: USER_PROVISIONING_ON });
    if (featuresApi === "error") {
      expect([put.status, put.body.errorCode]).toEqual([400, "E0000001"]);
      expect((await call("GET", `/api/v1/apps/${appId}`)).body.features).not.toContain("PUSH_NEW_USERS");
    } else {
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ name: "USER_PROVISIONING", status: "ENABLED", capabilities: USER_PROVISIONING_ON });
      expect(put.body._links.self.hints.allow).toEqual(["GET", "PUT"]);
      expect((await call("GET", `/api/v1/apps/${appId}`)).body.features).toEqual(expect.arrayContaining(["PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION"]));
      expect((await call("GET", `/api/v1/apps/${appId}`)).body.features).not.toContain("PUSH_PASSWORD_UPDATES");
    }
  });
});

describe("connections/default", () => {
  test.each(["unknown", "error"] as const)("%s: GET answers UNKNOWN without _links, the lifecycle calls 204, nothing is stored", async (mode) => {
    const { call, appId, emulator: org } = await withApp(mode, "error");
    expect((await call("GET", `/api/v1/apps/${appId}/connections/default`)).body).toEqual({ status: "UNKNOWN", profile: { authScheme: "UNKNOWN" } });
    expect((await call("POST", `/api/v1/apps/${appId}/connections/default/lifecycle/activate`)).status).toBe(204);
    expect((await call("POST", `/api/v1/apps/${appId}/connections/default/lifecycle/deactivate`)).status).toBe(204);
    expect(org.store.getApp(appId).connection).toBeNull();
    expect(org.store.getApp(appId).provisioning.scimEnabled).toBe(false);
  });

  test("works: a fresh app answers TOKEN/DISABLED without profile; POST stores, activate/deactivate switch provisioning", async () => {
    const { call, appId, emulator: org } = await withApp("works", "works");
    const fresh = await call("GET", `/api/v1/apps/${appId}/connections/default`);
    expect(fresh.body).toMatchObject({ authScheme: "TOKEN", status: "DISABLED" });
    expect(fresh.body.profile).toBeUndefined();
    expect(Object.keys(fresh.body._links)).toEqual(["activate", "self"]);

    const stored = await call("POST", `/api/v1/apps/${appId}/connections/default`, { body: { baseUrl: "https://scim.example.com/v2", profile: { authScheme: "TOKEN", token: "tok" } } });
    expect(stored.body).toMatchObject({ authScheme: "TOKEN", status: "DISABLED", baseUrl: "https://scim.example.com/v2" });
    expect(stored.body._links.self.hints.allow).toEqual(["POST", "GET"]);
    expect(org.store.getApp(appId).provisioning).toMatchObject({ scimEnabled: false, baseUrl: "https://scim.example.com/v2", auth: { type: "header", value: "tok" } });

    expect((await call("POST", `/api/v1/apps/${appId}/connections/default/lifecycle/activate`)).status).toBe(204);
    const active = await call("GET", `/api/v1/apps/${appId}/connections/default`);
    expect(active.body.status).toBe("ENABLED");
    expect(Object.keys(active.body._links)).toEqual(["deactivate", "self"]);
    expect((await call("GET", `/api/v1/apps/${appId}`)).body.features).toContain("SCIM_PROVISIONING");

    expect((await call("POST", `/api/v1/apps/${appId}/connections/default/lifecycle/deactivate`)).status).toBe(204);
    expect((await call("GET", `/api/v1/apps/${appId}`)).body.features).toEqual([]);
  });

  test("works: OAUTH2 and basic-auth apps are refused (the API has no basic scheme); scim2testapp stores a bearer token", async () => {
    const { call, appId } = await withApp("works", "works");
    const oauth = await call("POST", `/api/v1/apps/${appId}/connections/default`, { body: { profile: { authScheme: "OAUTH2", clientId: "x" } } });
    expect([oauth.status, oauth.body.errorCode]).toEqual([400, "E0000001"]);

    const basicApp = (await call("POST", "/api/v1/apps", { body: { name: "scim2testapp_basic", label: "Basic", signOnMode: "AUTO_LOGIN" } })).body;
    const basic = await call("POST", `/api/v1/apps/${basicApp.id}/connections/default`, { body: { profile: { authScheme: "TOKEN", token: "t" } } });
    expect([basic.status, basic.body.errorCode]).toEqual([400, "E0000001"]);

    const bearerApp = (await call("POST", "/api/v1/apps", { body: { name: "scim2testapp", label: "Bearer", signOnMode: "SAML_2_0" } })).body;
    await call("POST", `/api/v1/apps/${bearerApp.id}/connections/default`, { body: { profile: { authScheme: "TOKEN", token: "bearer-token" } } });
    expect(emulator?.store.getApp(bearerApp.id).provisioning.auth).toEqual({ type: "oauth-bearer", token: "bearer-token" });
  });

  test("an unknown app id is 404 E0000007 (AppInstance) in every mode", async () => {
    for (const mode of CONNECTIONS_API_MODES) {
      const { call } = await withApp(mode, "error");
      const answer = await call("GET", "/api/v1/apps/0oaDOESNOTEXIST12345/connections/default");
      expect([answer.status, answer.body.errorSummary]).toEqual([404, "Not found: Resource not found: 0oaDOESNOTEXIST12345 (AppInstance)"]);
      await emulator?.close();
      emulator = undefined;
    }
  });
});

describe("features (works mode)", () => {
  test("the feature name is checked before the app, the body before provisioning (research §14)", async () => {
    const { call, appId } = await withApp("unknown", "works");
    const badName = await call("GET", "/api/v1/apps/0oaDOESNOTEXIST12345/features/NOT_A_FEATURE");
    expect([badName.status, badName.body.errorSummary]).toEqual([404, "Not found: Resource not found: INVALID_FEATURE_TYPE (PublicAppFeatureSetName)"]);
    const noBody = await call("PUT", `/api/v1/apps/${appId}/features/USER_PROVISIONING`);
    expect([noBody.status, noBody.body.errorCode]).toEqual([400, "E0000003"]);
  });

  test("list, partial PUT and INBOUND_PROVISIONING with Okta's userNameFormat spelling", async () => {
    const { call, appId, emulator: org } = await withApp("unknown", "works");
    org.store.setProvisioning(appId, { scimEnabled: true });
    const list = await call("GET", `/api/v1/apps/${appId}/features`);
    expect(list.body.map((feature: { name: string; status: string }) => [feature.name, feature.status])).toEqual([
      ["USER_PROVISIONING", "DISABLED"],
      ["INBOUND_PROVISIONING", "DISABLED"],
    ]);
    const partial = await call("PUT", `/api/v1/apps/${appId}/features/USER_PROVISIONING`, { body: { create: { lifecycleCreate: { status: "ENABLED" } } } });
    expect(partial.body.capabilities.create.lifecycleCreate.status).toBe("ENABLED");
    expect(partial.body.capabilities.update.profile.status).toBe("DISABLED");
    const inbound = await call("GET", `/api/v1/apps/${appId}/features/INBOUND_PROVISIONING`);
    expect(inbound.body.capabilities.importSettings).toEqual({ username: { userNameFormat: "EMAIL" }, schedule: { status: "DISABLED", fullImport: null, incrementalImport: null } });
    await call("PUT", `/api/v1/apps/${appId}/features/INBOUND_PROVISIONING`, { body: { importSettings: { username: { userNameFormat: "CUSTOM", userNameExpression: "appuser.userName" } } } });
    expect((await call("GET", `/api/v1/apps/${appId}`)).body.features).toEqual(expect.arrayContaining(["IMPORT_NEW_USERS", "IMPORT_PROFILE_UPDATES", "PUSH_NEW_USERS"]));
  });
});
