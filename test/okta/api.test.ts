import { afterEach, describe, expect, it } from "vitest";
import { adminConsoleAppUrl, appFeatures, createApp, findAppsByLabel, findAppsByName, getApp, replaceApp } from "../../src/okta/api/apps.js";
import { assignGroup, getAppGroup, listAppGroups, unassignGroup } from "../../src/okta/api/appGroups.js";
import { assignUser, getAppUser, listAppUsers, unassignUser } from "../../src/okta/api/appUsers.js";
import { getDefaultConnection, isConnectionEnabled, setTokenConnection } from "../../src/okta/api/connections.js";
import { listFeatures, unavailableReason, updateUserProvisioning } from "../../src/okta/api/features.js";
import { createGroupPushMapping, deleteGroupPushMapping, listGroupPushMappings, setGroupPushStatus } from "../../src/okta/api/groupPush.js";
import { findGroupsByName, listGroupMembers } from "../../src/okta/api/groups.js";
import { findToAppMapping, updateMapping } from "../../src/okta/api/mappings.js";
import { getAppUserSchema, schemaProperties, updateCustomAttributes } from "../../src/okta/api/schemas.js";
import { getDefaultUserType } from "../../src/okta/api/userTypes.js";
import { getUser } from "../../src/okta/api/users.js";
import { OktaAccessError, OktaRequestError, OktaTokenError } from "../../src/okta/errors.js";
import { appSchema } from "../../src/okta/model.js";
import { CONNECTIONS_API_MODES, FEATURES_API_MODES } from "../../src/sandbox/okta/index.js";
import { CREDENTIAL_KINDS, oktaFixture, type OktaFixture } from "./support/emulator.js";

let fixture: OktaFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

const combinations = CREDENTIAL_KINDS.flatMap((credentials) =>
  CONNECTIONS_API_MODES.flatMap((connectionsApi) => FEATURES_API_MODES.map((featuresApi) => ({ credentials, connectionsApi, featuresApi }))),
);

describe("every API area against the Okta emulator, over HTTP", () => {
  it.each(combinations)("$credentials, connections-api $connectionsApi, features-api $featuresApi", async ({ credentials, connectionsApi, featuresApi }) => {
    fixture = await oktaFixture({ credentials, connectionsApi, featuresApi });
    const { client, emulator } = fixture;
    const store = emulator.store;
    const rae = store.createUser({ login: "rae@example.com", email: "rae@example.com", firstName: "Rae", lastName: "Ng" }, { activate: true, hasPassword: true });
    const sam = store.createUser({ login: "sam@example.com", email: "sam@example.com", firstName: "Sam", lastName: "Oh" }, { activate: true, hasPassword: true });
    const engineering = store.createGroup({ name: "Engineering" });
    store.addGroupMember(engineering.id, rae.id);
    store.addGroupMember(engineering.id, sam.id);
    store.createGroup({ name: "Engineering Managers" });

    // apps: create (raw, settings.app kept), find by label and by catalog name, full PUT keeps every field
    const created = await createApp(client, {
      name: "scim2headerauth",
      label: "Acme SCIM",
      signOnMode: "AUTO_LOGIN",
      credentials: { userNameTemplate: { template: "${source.email}", type: "BUILT_IN" } },
      settings: { app: { acsUrl: null, audienceUri: null } },
    });
    expect(created).toMatchObject({ name: "scim2headerauth", label: "Acme SCIM", credentials: { userNameTemplate: { template: "${source.email}" } }, settings: { app: { acsUrl: null } } });
    expect(appFeatures(created)).toEqual([]);
    expect((await findAppsByLabel(client, "Acme SCIM")).map((app) => app.id)).toEqual([created.id]);
    expect(await findAppsByLabel(client, "Acme")).toEqual([]);
    expect((await findAppsByName(client, "scim2headerauth")).map((app) => app.id)).toEqual([created.id]);
    expect(await getApp(client, "0oaDoesNotExist00000")).toBeUndefined();
    const read = (await getApp(client, created.id))!;
    const replaced = await replaceApp(client, { ...read, credentials: { ...read.credentials, userNameTemplate: { template: "${source.login}", type: "BUILT_IN" } } });
    expect(replaced.credentials?.userNameTemplate?.template).toBe("${source.login}");
    expect(replaced.settings).toMatchObject({ app: { acsUrl: null, audienceUri: null } });
    expect(adminConsoleAppUrl("https://acme.okta.com", replaced, "tab-provisioning")).toBe(`https://acme-admin.okta.com/admin/app/scim2headerauth/instance/${created.id}/#tab-provisioning`);

    // features before provisioning: Okta's 400, read as "not available"
    const before = await listFeatures(client, created.id);
    expect(before).toEqual({ available: false, reason: "Provisioning is not supported." });

    // connections: UNKNOWN and an error never count as configured; `works` switches provisioning on
    const attempt = await setTokenConnection(client, created.id, { baseUrl: "https://scim.example.com/scim/v2", profile: { authScheme: "TOKEN", token: "Bearer scim-token-1234" } }).catch((error: unknown) => error);
    if (connectionsApi === "error") {
      expect(attempt).toBeInstanceOf(OktaRequestError);
    } else {
      expect(isConnectionEnabled(attempt as Awaited<ReturnType<typeof setTokenConnection>>)).toBe(connectionsApi === "works");
      expect((await getDefaultConnection(client, created.id)).status).toBe(connectionsApi === "works" ? "ENABLED" : "UNKNOWN");
    }
    if (connectionsApi !== "works") store.setProvisioning(created.id, { scimEnabled: true, baseUrl: "https://scim.example.com/scim/v2", auth: { type: "header", value: "Bearer scim-token-1234" } });
    expect(appFeatures((await getApp(client, created.id))!)).toContain("SCIM_PROVISIONING");

    // features with provisioning on: the Features API works or refuses, by mode
    const features = await listFeatures(client, created.id);
    const toApp = await updateUserProvisioning(client, created.id, {
      create: { lifecycleCreate: { status: "ENABLED" } },
      update: { profile: { status: "ENABLED" }, lifecycleDeactivate: { status: "ENABLED" }, password: { status: "DISABLED" } },
    }).catch((error: unknown) => error);
    if (featuresApi === "works") {
      expect(features.available && features.features.map((feature) => feature.name)).toEqual(["USER_PROVISIONING", "INBOUND_PROVISIONING"]);
      expect(appFeatures((await getApp(client, created.id))!)).toEqual(expect.arrayContaining(["PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION"]));
    } else {
      expect(features.available).toBe(false);
      expect(unavailableReason(toApp)).toBe("Provisioning is not supported.");
      store.setProvisioning(created.id, { toApp: { create: true, update: true, deactivate: true, password: false } });
    }

    // app user schema: read, add a custom attribute (with externalName), remove it again
    const schema = await getAppUserSchema(client, created.id);
    expect(schemaProperties(schema).map((property) => property.name)).toEqual(expect.arrayContaining(["userName", "givenName", "familyName", "email"]));
    const added = await updateCustomAttributes(client, created.id, {
      managerValue: { title: "Manager", type: "string", externalName: "manager.value", externalNamespace: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User" },
    });
    expect(added.definitions?.custom?.properties?.managerValue).toMatchObject({ externalName: "manager.value", externalNamespace: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User" });

    // mappings: the To App mapping with its properties; a partial update; null removes
    const userType = await getDefaultUserType(client);
    const mapping = (await findToAppMapping(client, created.id, userType.id))!;
    expect(mapping.source.id).toBe(userType.id);
    expect(mapping.properties?.givenName).toMatchObject({ expression: "user.firstName", pushStatus: "PUSH" });
    const updated = await updateMapping(client, mapping.id, { properties: { managerValue: { expression: "user.managerId", pushStatus: "PUSH" }, givenName: { expression: "user.firstName", pushStatus: "DONT_PUSH" }, nickName: null } });
    expect(updated.properties).toMatchObject({ managerValue: { expression: "user.managerId" }, givenName: { pushStatus: "DONT_PUSH" } });
    expect(updated.properties?.nickName).toBeUndefined();
    const removed = await updateCustomAttributes(client, created.id, { nickNameX: null });
    expect(removed.definitions?.custom?.properties?.managerValue).toBeDefined();

    // groups and users
    const [found] = await findGroupsByName(client, "Engineering");
    expect(found?.id).toBe(engineering.id);
    expect(await listGroupMembers(client, engineering.id)).toHaveLength(2);
    expect((await getUser(client, "rae@example.com"))?.id).toBe(rae.id);
    expect(await getUser(client, "nobody@example.com")).toBeUndefined();

    // group push (provisioning is on), with Okta's 200-for-201 and 200-for-204 answers tolerated
    const push = await createGroupPushMapping(client, created.id, { sourceGroupId: engineering.id, status: "ACTIVE", targetGroupName: "Engineering" });
    expect(push).toMatchObject({ sourceGroupId: engineering.id, status: "ACTIVE" });
    expect((await listGroupPushMappings(client, created.id)).map((entry) => entry.id)).toEqual([push.id]);
    expect((await setGroupPushStatus(client, created.id, push.id, "INACTIVE")).status).toBe("INACTIVE");
    await deleteGroupPushMapping(client, created.id, push.id, false);
    expect(await listGroupPushMappings(client, created.id)).toEqual([]);

    // assignments
    const appUser = await assignUser(client, created.id, { id: rae.id, scope: "USER" });
    expect(appUser).toMatchObject({ id: rae.id, scope: "USER" });
    expect((await getAppUser(client, created.id, rae.id))?.id).toBe(rae.id);
    expect((await listAppUsers(client, created.id)).map((entry) => entry.id)).toContain(rae.id);
    await unassignUser(client, created.id, rae.id);
    expect(await getAppUser(client, created.id, rae.id)).toBeUndefined();
    await assignGroup(client, created.id, engineering.id);
    await assignGroup(client, created.id, engineering.id);
    expect((await listAppGroups(client, created.id)).map((entry) => entry.id)).toEqual([engineering.id]);
    expect((await getAppGroup(client, created.id, engineering.id))?.id).toBe(engineering.id);
    await unassignGroup(client, created.id, engineering.id);
    expect(await listAppGroups(client, created.id)).toEqual([]);

    // what the client counts as applied is what the org took
    expect(client.writeCount).toBe(fixture.writesAtEmulator());
    expect(client.writeCount).toBeGreaterThan(10);
  });
});

describe("Link paging against the emulator", () => {
  it("lists more apps than fit on one page", async () => {
    fixture = await oktaFixture({ credentials: "ssws" });
    for (let index = 0; index < 45; index += 1) fixture.emulator.store.createApp({ name: "scim2headerauth", label: `Paged ${String(index).padStart(2, "0")}`, signOnMode: "AUTO_LOGIN" }, true);
    const apps = await fixture.client.list("/api/v1/apps?limit=10", appSchema);
    expect(new Set(apps.map((app) => app.id)).size).toBe(45);
    expect(fixture.exchanges.filter((exchange) => exchange.path === "/api/v1/apps")).toHaveLength(5);
  });
});

describe("access errors against the emulator", () => {
  it("a service app without a scope: the message names the scope Okta asked for", async () => {
    fixture = await oktaFixture({ credentials: "private-key", grantedScopes: ["okta.apps.read"], requestedScopes: ["okta.apps.read"] });
    const error = await createApp(fixture.client, { name: "scim2headerauth", label: "X", signOnMode: "AUTO_LOGIN" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OktaAccessError);
    expect((error as Error).message).toMatch(/^Okta refused POST \/api\/v1\/apps\?activate=true: the access token lacks the scope okta\.apps\.manage/);
  });

  it("a service app whose key Okta does not know: the token request is refused, naming the client", async () => {
    fixture = await oktaFixture({ credentials: "private-key" });
    const stranger = await oktaFixture({ credentials: "private-key" });
    try {
      const { OktaClient } = await import("../../src/okta/client.js");
      const { Redactor } = await import("../../src/core/redact.js");
      const own = fixture.client.connection.credentials;
      const wrongKey = stranger.client.connection.credentials;
      if (own.kind !== "private-key" || wrongKey.kind !== "private-key") throw new Error("expected service-app credentials");
      const client = new OktaClient({ connection: { ...fixture.client.connection, credentials: { ...own, privateKey: wrongKey.privateKey, keyId: wrongKey.keyId } }, env: {}, redactor: new Redactor() });
      const error = await getApp(client, "0oa1").catch((caught: unknown) => caught);
      await client.close();
      expect(error).toBeInstanceOf(OktaTokenError);
      expect((error as Error).message).toBe("Okta refused the token request of the service app from OKTA_CLIENT_ID with OKTA_PRIVATE_KEY (invalid_client: The client_assertion signature is invalid.)");
    } finally {
      await stranger.close();
    }
  });

  it("a wrong SSWS token: 401 naming the env var", async () => {
    fixture = await oktaFixture({ credentials: "ssws" });
    const { OktaClient } = await import("../../src/okta/client.js");
    const { Redactor } = await import("../../src/core/redact.js");
    const client = new OktaClient({ connection: { ...fixture.client.connection, credentials: { kind: "ssws", token: "00wrong-token-value", source: "OKTA_API_TOKEN" } }, env: {}, redactor: new Redactor() });
    const error = await findAppsByLabel(client, "x").catch((caught: unknown) => caught);
    await client.close();
    expect(error).toBeInstanceOf(OktaAccessError);
    expect((error as Error).message).toBe("Okta refused the API token from OKTA_API_TOKEN (401 E0000011 Invalid token provided)");
  });
});
