import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { OktaEmulator, OrgEventType } from "../../../src/sandbox/okta/index.js";
import { linksByRel, startForTest, type OktaCall } from "./okta-http.js";

let emulator: OktaEmulator;
let call: OktaCall;
let appId: string;

beforeEach(async () => {
  ({ emulator, call } = await startForTest());
  const app = await call("POST", "/api/v1/apps", { body: { name: "scim2headerauth", label: "Vendor", signOnMode: "AUTO_LOGIN", credentials: { userNameTemplate: { template: "${source.email}", type: "BUILT_IN" } } } });
  appId = app.body.id;
});
afterEach(() => emulator.close());

async function newUser(login: string, extra: Record<string, unknown> = {}): Promise<string> {
  const user = await call("POST", "/api/v1/users", { body: { profile: { login, email: login, firstName: "Grace", lastName: "Hopper", ...extra } } });
  return user.body.id;
}

const COST_CENTER = { title: "Cost center", type: "string", scope: "NONE", externalName: "costCenter", externalNamespace: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User" };

describe("app user schema", () => {
  test("the SCIM test app's base attributes carry their SCIM externalName; the id has no /api/v1 and there are no _links", async () => {
    const schema = (await call("GET", `/api/v1/meta/schemas/apps/${appId}/default`)).body;
    expect(schema.id).toBe(`${emulator.orgUrl}/meta/schemas/apps/${appId}/default`);
    expect(schema.title).toBe("Vendor User");
    expect(schema._links).toBeUndefined();
    expect(schema.definitions.base.properties.userName).toMatchObject({ externalName: "userName", required: true });
    expect(schema.definitions.base.properties.givenName).toMatchObject({ externalName: "name.givenName", externalNamespace: "urn:ietf:params:scim:schemas:core:2.0:User" });
    expect(schema.definitions.base.properties.emailType.externalName).toBe("emails.^[primary==true].type");
    expect(schema.definitions.custom).toEqual({ id: "#custom", type: "object", properties: {} });
  });

  test("custom attributes are added; `null` removes one, and `required` disappears with the last (research §14)", async () => {
    const added = await call("POST", `/api/v1/meta/schemas/apps/${appId}/default`, { body: { definitions: { custom: { properties: { costCenter: COST_CENTER } } } } });
    expect(added.status).toBe(200);
    expect(added.body.definitions.custom.properties.costCenter).toMatchObject(COST_CENTER);
    expect(added.body.definitions.custom.required).toEqual([]);
    const removed = await call("POST", `/api/v1/meta/schemas/apps/${appId}/default`, { body: { definitions: { custom: { properties: { costCenter: null } } } } });
    expect(removed.body.definitions.custom.properties).toEqual({});
    expect(removed.body.definitions.custom.required).toBeUndefined();
  });

  test("a custom attribute named like a base one, or without title/type, is refused", async () => {
    const clash = await call("POST", `/api/v1/meta/schemas/apps/${appId}/default`, { body: { definitions: { custom: { properties: { givenName: COST_CENTER } } } } });
    expect(clash.body).toMatchObject({ errorCode: "E0000001", errorSummary: "Api validation failed: updateAppUserSchemas" });
    const incomplete = await call("POST", `/api/v1/meta/schemas/apps/${appId}/default`, { body: { definitions: { custom: { properties: { costCenter: { externalName: "costCenter" } } } } } });
    expect(incomplete.status).toBe(400);
  });

  test("a custom SAML app has only userName until SCIM is enabled, then the SCIM attributes and their mappings", async () => {
    const custom = (await call("POST", "/api/v1/apps", { body: { label: "Custom", signOnMode: "SAML_2_0" } })).body;
    expect(Object.keys((await call("GET", `/api/v1/meta/schemas/apps/${custom.id}/default`)).body.definitions.base.properties)).toEqual(["userName"]);
    emulator.store.setProvisioning(custom.id, { scimEnabled: true });
    expect((await call("GET", `/api/v1/meta/schemas/apps/${custom.id}/default`)).body.definitions.base.properties.givenName).toBeDefined();
    const mapping = (await call("GET", `/api/v1/mappings?targetId=${custom.id}`)).body[0];
    expect((await call("GET", `/api/v1/mappings/${mapping.id}`)).body.properties.givenName).toEqual({ expression: "user.firstName", pushStatus: "PUSH" });
  });
});

describe("profile mappings", () => {
  test("To App and To Okta mappings exist per app; lists have no properties, GET by id has them", async () => {
    const types = (await call("GET", "/api/v1/meta/types/user")).body;
    const toApp = await call("GET", `/api/v1/mappings?sourceId=${types[0].id}&targetId=${appId}`);
    expect(toApp.body).toHaveLength(1);
    expect(toApp.body[0].properties).toBeUndefined();
    expect(toApp.body[0]).toMatchObject({ source: { id: types[0].id, type: "user", name: "user" }, target: { id: appId, type: "appuser", name: "scim2headerauth" } });
    // sourceId/targetId are dropped from the self link, the default limit spelled out (research §14).
    expect(linksByRel(toApp.headers.link).self).toBe(`${emulator.orgUrl}/api/v1/mappings?limit=20`);
    const toOkta = await call("GET", `/api/v1/mappings?sourceId=${appId}`);
    expect(toOkta.body[0].target.type).toBe("user");
    const full = await call("GET", `/api/v1/mappings/${toApp.body[0].id}`);
    expect(full.body.properties).toMatchObject({ givenName: { expression: "user.firstName", pushStatus: "PUSH" }, familyName: { expression: "user.lastName", pushStatus: "PUSH" } });
  });

  test("POST is a partial update: add, change pushStatus, `null` removes; an unknown target attribute is 400", async () => {
    await call("POST", `/api/v1/meta/schemas/apps/${appId}/default`, { body: { definitions: { custom: { properties: { costCenter: COST_CENTER } } } } });
    const mappingId = (await call("GET", `/api/v1/mappings?targetId=${appId}`)).body[0].id;
    const updated = await call("POST", `/api/v1/mappings/${mappingId}`, {
      body: { properties: { costCenter: { expression: "user.costCenter", pushStatus: "PUSH" }, givenName: { expression: "user.firstName", pushStatus: "DONT_PUSH" }, nickName: null, title: { expression: null, pushStatus: null } } },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.properties.costCenter).toEqual({ expression: "user.costCenter", pushStatus: "PUSH" });
    expect(updated.body.properties.givenName.pushStatus).toBe("DONT_PUSH");
    expect(updated.body.properties.nickName).toBeUndefined();
    expect(updated.body.properties.title).toBeUndefined();
    expect(updated.body.properties.familyName).toBeDefined();

    const unknown = await call("POST", `/api/v1/mappings/${mappingId}`, { body: { properties: { managerValue: { expression: "user.managerId", pushStatus: "PUSH" } } } });
    expect(unknown.body).toMatchObject({ errorCode: "E0000001", errorSummary: "Api validation failed: updateMapping", errorCauses: [{ errorSummary: "Invalid target field managerValue" }] });
    expect((await call("GET", "/api/v1/mappings/prmNOTAMAPPING0000000")).body.errorSummary).toContain("(ProfileMapping)");
  });
});

describe("app users", () => {
  test("assignment answers 200 with scope USER, syncState DISABLED, externalId null, no lastSync, the mapped profile with nulls (research §14)", async () => {
    const userId = await newUser("grace@example.com");
    const assigned = await call("POST", `/api/v1/apps/${appId}/users`, { body: { id: userId, scope: "USER" } });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ id: userId, scope: "USER", status: "ACTIVE", syncState: "DISABLED", externalId: null, credentials: { userName: "grace@example.com" } });
    expect("lastSync" in assigned.body).toBe(false);
    // The list's self link spells out its default page size, 50 (research §14).
    expect(linksByRel((await call("GET", `/api/v1/apps/${appId}/users`)).headers.link).self).toBe(`${emulator.orgUrl}/api/v1/apps/${appId}/users?limit=50`);
    expect(assigned.body.profile).toMatchObject({ userName: "grace@example.com", givenName: "Grace", familyName: "Hopper", email: "grace@example.com", title: null, emailType: null });
  });

  test("with PUSH_NEW_USERS on, a new app user is STAGED and SYNCING until provisioning records the outcome", async () => {
    emulator.store.setProvisioning(appId, { scimEnabled: true, toApp: { create: true } });
    const userId = await newUser("grace@example.com");
    const assigned = await call("POST", `/api/v1/apps/${appId}/users`, { body: { id: userId } });
    expect(assigned.body).toMatchObject({ status: "STAGED", syncState: "SYNCING", externalId: null });
    emulator.store.setAppUserOutcome(appId, userId, { status: "PROVISIONED", syncState: "SYNCHRONIZED", externalId: "scim-id-1", lastSync: "2026-11-29T12:00:00.000Z" });
    expect((await call("GET", `/api/v1/apps/${appId}/users/${userId}`)).body).toMatchObject({ status: "PROVISIONED", syncState: "SYNCHRONIZED", externalId: "scim-id-1", lastSync: "2026-11-29T12:00:00.000Z" });
  });

  test("POST …/users/{userId} updates, and creates the assignment for a user not yet assigned (upsert); DELETE answers 204", async () => {
    const userId = await newUser("grace@example.com");
    const upserted = await call("POST", `/api/v1/apps/${appId}/users/${userId}`, { body: { credentials: { userName: "ghopper" } } });
    expect([upserted.status, upserted.body.credentials.userName, upserted.body.scope]).toEqual([200, "ghopper", "USER"]);
    const updated = await call("POST", `/api/v1/apps/${appId}/users/${userId}`, { body: { profile: { title: "Rear Admiral" } } });
    expect(updated.body.profile.title).toBe("Rear Admiral");
    const refused = await call("POST", `/api/v1/apps/${appId}/users/${userId}`, { body: { profile: { notInSchema: "x" } } });
    expect(refused.status).toBe(400);
    expect((await call("DELETE", `/api/v1/apps/${appId}/users/${userId}`)).status).toBe(204);
    const gone = await call("GET", `/api/v1/apps/${appId}/users/${userId}`);
    expect([gone.status, gone.body.errorSummary]).toEqual([404, `Not found: Resource not found: ${userId} (User)`]);
  });

  test("a user profile change flows into the app profile through PUSH mappings only", async () => {
    const userId = await newUser("grace@example.com", { title: "Captain" });
    await call("POST", `/api/v1/apps/${appId}/users`, { body: { id: userId } });
    const mappingId = (await call("GET", `/api/v1/mappings?targetId=${appId}`)).body[0].id;
    await call("POST", `/api/v1/mappings/${mappingId}`, { body: { properties: { title: { expression: "user.title", pushStatus: "DONT_PUSH" } } } });
    const events: string[] = [];
    emulator.store.events.on("appUser.profileChanged", (event) => events.push(event.changed.join(",")));
    await call("POST", `/api/v1/users/${userId}`, { body: { profile: { firstName: "Amazing", title: "Admiral" } } });
    const appUser = (await call("GET", `/api/v1/apps/${appId}/users/${userId}`)).body;
    expect(appUser.profile).toMatchObject({ givenName: "Amazing", title: "Captain" });
    expect(events).toEqual(["givenName"]);
  });

  test("deactivating a user removes their app users; activating again restores what a group grants", async () => {
    const userId = await newUser("grace@example.com");
    const group = (await call("POST", "/api/v1/groups", { body: { profile: { name: "Navy" } } })).body;
    await call("PUT", `/api/v1/groups/${group.id}/users/${userId}`);
    await call("PUT", `/api/v1/apps/${appId}/groups/${group.id}`, {});
    expect((await call("GET", `/api/v1/apps/${appId}/users/${userId}`)).body.scope).toBe("GROUP");
    await call("POST", `/api/v1/users/${userId}/lifecycle/deactivate`);
    expect((await call("GET", `/api/v1/apps/${appId}/users`)).body).toEqual([]);
    await call("POST", `/api/v1/users/${userId}/lifecycle/activate`);
    expect((await call("GET", `/api/v1/apps/${appId}/users`)).body.map((appUser: { id: string }) => appUser.id)).toEqual([userId]);
  });
});

describe("app group assignments", () => {
  test("PUT assigns (200, no _embedded), members get GROUP-scope app users, priorities stay packed", async () => {
    const ada = await newUser("ada@example.com");
    const navy = (await call("POST", "/api/v1/groups", { body: { profile: { name: "Navy" } } })).body;
    const army = (await call("POST", "/api/v1/groups", { body: { profile: { name: "Army" } } })).body;
    await call("PUT", `/api/v1/groups/${navy.id}/users/${ada}`);
    const first = await call("PUT", `/api/v1/apps/${appId}/groups/${navy.id}`, { body: { priority: 5 } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: navy.id, priority: 0 });
    expect(first.body._embedded).toBeUndefined();
    await call("PUT", `/api/v1/apps/${appId}/groups/${army.id}`, { body: { priority: 0 } });
    const listed = (await call("GET", `/api/v1/apps/${appId}/groups`)).body.map((assignment: { id: string; priority: number }) => [assignment.id, assignment.priority]);
    expect(listed).toEqual([
      [army.id, 0],
      [navy.id, 1],
    ]);
    expect((await call("GET", `/api/v1/apps/${appId}/users/${ada}`)).body.scope).toBe("GROUP");

    // A member who joins later is assigned too; leaving the group unassigns them.
    const bob = await newUser("bob@example.com");
    await call("PUT", `/api/v1/groups/${navy.id}/users/${bob}`);
    expect((await call("GET", `/api/v1/apps/${appId}/users/${bob}`)).status).toBe(200);
    await call("DELETE", `/api/v1/groups/${navy.id}/users/${bob}`);
    expect((await call("GET", `/api/v1/apps/${appId}/users/${bob}`)).status).toBe(404);

    expect((await call("DELETE", `/api/v1/apps/${appId}/groups/${navy.id}`)).status).toBe(204);
    expect((await call("GET", `/api/v1/apps/${appId}/users`)).body).toEqual([]);
    expect((await call("GET", `/api/v1/apps/${appId}/groups/${army.id}`)).body.priority).toBe(0);
  });

  test("a direct assignment survives the group's removal", async () => {
    const ada = await newUser("ada@example.com");
    const navy = (await call("POST", "/api/v1/groups", { body: { profile: { name: "Navy" } } })).body;
    await call("PUT", `/api/v1/groups/${navy.id}/users/${ada}`);
    await call("PUT", `/api/v1/apps/${appId}/groups/${navy.id}`);
    await call("POST", `/api/v1/apps/${appId}/users`, { body: { id: ada } });
    await call("DELETE", `/api/v1/apps/${appId}/groups/${navy.id}`);
    expect((await call("GET", `/api/v1/apps/${appId}/users/${ada}`)).body.scope).toBe("USER");
  });
});

describe("group push mappings", () => {
  test("need provisioning with group push; create answers 200 with second-precision times and no lastPush/errorSummary (research §14)", async () => {
    const group = (await call("POST", "/api/v1/groups", { body: { profile: { name: "Engineering" } } })).body;
    const refused = await call("POST", `/api/v1/apps/${appId}/group-push/mappings`, { body: { sourceGroupId: group.id, targetGroupName: "Engineering" } });
    expect([refused.status, refused.body.errorCode]).toEqual([400, "E0000001"]);

    emulator.store.setProvisioning(appId, { scimEnabled: true });
    const created = await call("POST", `/api/v1/apps/${appId}/group-push/mappings`, { body: { sourceGroupId: group.id, targetGroupName: "Engineering", status: "ACTIVE" } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ sourceGroupId: group.id, status: "ACTIVE" });
    expect(created.body.id).toMatch(/^gPm/);
    expect(created.body.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect("lastPush" in created.body || "errorSummary" in created.body).toBe(false);

    emulator.store.setGroupPushOutcome(appId, created.body.id, { status: "ERROR", lastPush: "2026-11-29T12:00:00Z", errorSummary: "401 Unauthorized" });
    expect((await call("GET", `/api/v1/apps/${appId}/group-push/mappings/${created.body.id}`)).body).toMatchObject({ status: "ERROR", errorSummary: "401 Unauthorized", lastPush: "2026-11-29T12:00:00Z" });

    const duplicate = await call("POST", `/api/v1/apps/${appId}/group-push/mappings`, { body: { sourceGroupId: group.id, targetGroupName: "Again" } });
    expect(duplicate.status).toBe(400);
  });

  test("an ACTIVE mapping refuses DELETE; INACTIVE, DELETE answers 200 with an empty body (research §14)", async () => {
    emulator.store.setProvisioning(appId, { scimEnabled: true });
    const group = (await call("POST", "/api/v1/groups", { body: { profile: { name: "Engineering" } } })).body;
    const mapping = (await call("POST", `/api/v1/apps/${appId}/group-push/mappings`, { body: { sourceGroupId: group.id, targetGroupName: "Engineering" } })).body;
    expect((await call("DELETE", `/api/v1/apps/${appId}/group-push/mappings/${mapping.id}`)).status).toBe(403);
    expect((await call("PATCH", `/api/v1/apps/${appId}/group-push/mappings/${mapping.id}`, { body: { status: "INACTIVE" } })).body.status).toBe("INACTIVE");
    const deleted = await call("DELETE", `/api/v1/apps/${appId}/group-push/mappings/${mapping.id}?deleteTargetGroup=true`);
    expect([deleted.status, deleted.text]).toEqual([200, ""]);
    const list = await call("GET", `/api/v1/apps/${appId}/group-push/mappings`);
    expect(list.body).toEqual([]);
    expect(linksByRel(list.headers.link).self).toBe(`${emulator.orgUrl}/api/v1/apps/${appId}/group-push/mappings?limit=100`);
  });
});

describe("org events for provisioning", () => {
  test("each change is announced once, after it is committed, in order", async () => {
    const seen: string[] = [];
    emulator.store.events.onAny((type: OrgEventType) => seen.push(type));
    emulator.store.setProvisioning(appId, { scimEnabled: true, toApp: { create: true } });
    const userId = await newUser("grace@example.com");
    await call("POST", `/api/v1/apps/${appId}/users`, { body: { id: userId } });
    await call("POST", `/api/v1/users/${userId}`, { body: { profile: { firstName: "G" } } });
    const group = (await call("POST", "/api/v1/groups", { body: { profile: { name: "Navy" } } })).body;
    await call("PUT", `/api/v1/groups/${group.id}`, { body: { profile: { name: "US Navy" } } });
    await call("DELETE", `/api/v1/apps/${appId}/users/${userId}`);
    await call("POST", `/api/v1/users/${userId}/lifecycle/deactivate`);
    expect(seen).toEqual([
      "app.provisioningChanged",
      "user.created",
      "appUser.assigned",
      "user.profileChanged",
      "appUser.profileChanged",
      "group.created",
      "group.renamed",
      "appUser.unassigned",
      "user.lifecycle",
    ]);
    expect(emulator.store.events.listenerErrors).toEqual([]);
  });
});
