import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { authFor, orgWithApp, SCIM_PASSWORD, SCIM_TOKEN, settled, type Org } from "./provisioning-support.js";

const USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH_URN = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group";
const lookup = (userName: string) => `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&startIndex=1&count=100`;

const orgs: Org[] = [];
afterEach(async () => {
  await Promise.all(orgs.splice(0).map((org) => org.close()));
});
async function open(...args: Parameters<typeof orgWithApp>): Promise<Org> {
  const org = await orgWithApp(...args);
  orgs.push(org);
  return org;
}

describe("users, oin dialect (SCIM 2.0 Test App, header auth)", () => {
  test("assigning a user: the API call returns first, then Okta looks the username up and POSTs its create body", async () => {
    const org = await open("scim2headerauth");
    const user = org.user("ann@example.com", { title: "Engineer" });
    const appUser = org.store.assignUser(org.app.id, { userId: user.id });
    expect(appUser).toMatchObject({ status: "STAGED", syncState: "SYNCING", externalId: null });
    expect(org.scim.requests).toHaveLength(0);

    await settled(org, user.id);
    const [find, create, ...rest] = org.take();
    expect(rest).toEqual([]);
    expect(find).toMatchObject({ method: "GET", path: lookup("ann@example.com"), authorization: `Bearer ${SCIM_TOKEN}` });
    expect(create?.method).toBe("POST");
    expect(create?.path).toBe("/Users");
    expect(create?.body).toMatchObject({
      schemas: [USER_URN],
      userName: "ann@example.com",
      name: { givenName: "ann", familyName: "Tester" },
      emails: [{ primary: true, value: "ann@example.com", type: "work" }],
      externalId: user.id,
      groups: [],
      active: true,
      title: "Engineer",
    });
    expect(create?.body.password).toMatch(/^[A-Za-z0-9]{8}$/);
    const scimUser = org.scim.snapshot().users[0];
    expect(org.store.getAppUser(org.app.id, user.id)).toMatchObject({ status: "PROVISIONED", syncState: "SYNCHRONIZED", externalId: scimUser?.id, errorSummary: null });
    expect(org.store.getAppUser(org.app.id, user.id).lastSync).not.toBeNull();
  });

  test("a changed mapped attribute is pushed as GET + PUT of the whole resource", async () => {
    const org = await open("scim2headerauth");
    const user = org.user("bo@example.com");
    org.store.assignUser(org.app.id, { userId: user.id });
    await settled(org, user.id);
    org.take();
    const externalId = org.store.getAppUser(org.app.id, user.id).externalId;

    org.store.updateUserProfile(user.id, { firstName: "Robert" }, "merge");
    await expect.poll(() => org.scim.snapshot().users[0]?.name?.givenName, { timeout: 5_000, interval: 10 }).toBe("Robert");
    await org.engine.whenIdle();
    const [get, put] = org.take();
    expect(get).toMatchObject({ method: "GET", path: `/Users/${externalId}` });
    expect(put).toMatchObject({ method: "PUT", path: `/Users/${externalId}` });
    expect(put?.body).toMatchObject({ id: externalId, userName: "bo@example.com", name: { givenName: "Robert" }, externalId: user.id });
  });

  test("apply on create (DONT_PUSH) is sent on create only; a removed mapping is never sent", async () => {
    const org = await open("scim2headerauth");
    const mapping = org.store.toAppMapping(org.app.id);
    if (!mapping) throw new Error("the app has no To App mapping");
    org.store.updateMapping(mapping.id, { title: { expression: "user.title", pushStatus: "DONT_PUSH" }, nickName: null });
    const user = org.user("cy@example.com", { title: "Intern", nickName: "Cyc" });
    org.store.assignUser(org.app.id, { userId: user.id });
    await settled(org, user.id);
    const create = org.take().find((request) => request.method === "POST");
    expect(create?.body.title).toBe("Intern");
    expect(create?.body).not.toHaveProperty("nickName");

    org.store.updateUserProfile(user.id, { title: "Lead", nickName: "Cy" }, "merge");
    await org.engine.whenIdle();
    expect(org.take()).toEqual([]);

    org.store.updateUserProfile(user.id, { lastName: "Newname" }, "merge");
    await expect.poll(() => org.scim.snapshot().users[0]?.name?.familyName, { timeout: 5_000, interval: 10 }).toBe("Newname");
    await org.engine.whenIdle();
    const put = org.take().find((request) => request.method === "PUT");
    expect(put?.body.title).toBe("Intern");
    expect(put?.body).not.toHaveProperty("nickName");
  });

  test("the app's username template decides the SCIM userName", async () => {
    const org = await open("scim2headerauth", { credentials: { userNameTemplate: { template: '${fn:substringBefore(source.email, "@")}', type: "BUILT_IN" } } });
    const user = org.user("dee@example.com");
    org.store.assignUser(org.app.id, { userId: user.id });
    await settled(org, user.id);
    const [find, create] = org.take();
    expect(find?.path).toBe(lookup("dee"));
    expect(create?.body.userName).toBe("dee");
  });

  test("deactivating the Okta user PATCHes active false; after reactivating, re-assigning finds the user and PATCHes active true", async () => {
    const org = await open("scim2headerauth");
    const user = org.user("eve@example.com");
    org.store.assignUser(org.app.id, { userId: user.id });
    await settled(org, user.id);
    org.take();
    const externalId = org.store.getAppUser(org.app.id, user.id).externalId;

    org.store.userLifecycle(user.id, "deactivate");
    await expect.poll(() => org.scim.snapshot().users[0]?.active, { timeout: 5_000, interval: 10 }).toBe(false);
    await org.engine.whenIdle();
    const [deactivate, ...others] = org.take();
    expect(others).toEqual([]);
    expect(deactivate).toMatchObject({ method: "PATCH", path: `/Users/${externalId}`, body: { schemas: [PATCH_URN], Operations: [{ op: "replace", value: { active: false } }] } });

    org.store.userLifecycle(user.id, "activate");
    org.store.assignUser(org.app.id, { userId: user.id });
    await settled(org, user.id);
    const [find, activate, ...rest] = org.take();
    expect(rest).toEqual([]);
    expect(find?.path).toBe(lookup("eve@example.com"));
    expect(activate).toMatchObject({ method: "PATCH", path: `/Users/${externalId}`, body: { Operations: [{ op: "replace", value: { active: true } }] } });
    expect(org.scim.snapshot().users).toEqual([expect.objectContaining({ id: externalId, active: true })]);
    expect(org.store.getAppUser(org.app.id, user.id).externalId).toBe(externalId);
  });

  test("unassigning PATCHes active false and never DELETEs the user", async () => {
    const org = await open("scim2headerauth");
    const user = org.user("fay@example.com");
    org.store.assignUser(org.app.id, { userId: user.id });
    await settled(org, user.id);
    org.take();
    org.store.unassignUser(org.app.id, user.id);
    await expect.poll(() => org.scim.snapshot().users[0]?.active, { timeout: 5_000, interval: 10 }).toBe(false);
    await org.engine.whenIdle();
    expect(org.take().map((request) => request.method)).toEqual(["PATCH"]);
    expect(org.scim.snapshot().users).toHaveLength(1);
  });

  test("a user assigned through a group is provisioned like a direct assignment", async () => {
    const org = await open("scim2headerauth");
    const user = org.user("gus@example.com");
    const group = org.store.createGroup({ name: "Sales" });
    org.store.addGroupMember(group.id, user.id);
    org.store.assignGroup(org.app.id, group.id, {});
    await settled(org, user.id);
    expect(org.take().map((request) => `${request.method} ${request.path.split("?")[0]}`)).toEqual(["GET /Users", "POST /Users"]);
  });

  test("with To App create off, or assigned before provisioning was on, nothing is sent", async () => {
    const off = await open("scim2headerauth", { toApp: { create: false } });
    const user = off.user("hal@example.com");
    expect(off.store.assignUser(off.app.id, { userId: user.id })).toMatchObject({ status: "ACTIVE", syncState: "DISABLED" });
    await off.engine.whenIdle();
    expect(off.take()).toEqual([]);

    const later = await open("scim2headerauth", { toApp: { create: false } });
    const early = later.user("ivy@example.com");
    later.store.assignUser(later.app.id, { userId: early.id });
    later.store.setProvisioning(later.app.id, { toApp: { create: true } });
    await later.engine.whenIdle();
    expect(later.take().filter((request) => request.path.startsWith("/Users"))).toEqual([]);
    expect(later.store.getAppUser(later.app.id, early.id).syncState).toBe("DISABLED");
  });

  test("an inactive app provisions nothing; deleting it (inactive first) sends nothing either", async () => {
    const org = await open("scim2headerauth");
    const user = org.user("ina@example.com");
    org.store.assignUser(org.app.id, { userId: user.id });
    await settled(org, user.id);
    org.take();
    org.store.setAppStatus(org.app.id, "INACTIVE");
    org.store.assignUser(org.app.id, { userId: org.user("inb@example.com").id });
    org.store.deleteApp(org.app.id);
    await org.engine.whenIdle();
    expect(org.take()).toEqual([]);
    expect(org.scim.snapshot().users.map((scimUser) => [scimUser.userName, scimUser.active])).toEqual([["ina@example.com", true]]);
  });

  test("saving To App makes Okta read the app's groups", async () => {
    const org = await open("scim2headerauth", { toApp: { create: false } });
    org.store.setProvisioning(org.app.id, { toApp: { create: true } });
    await org.engine.whenIdle();
    expect(org.take().map((request) => `${request.method} ${request.path}`)).toEqual(["GET /Groups?startIndex=1&count=100"]);
  });
});

describe("the configured credentials, and what a wrong value looks like", () => {
  test.each(["scim2testapp_basic", "scim2testapp", "scim2headerauth", "custom-saml"] as const)("%s sends the Authorization header its auth type makes", async (kind) => {
    const org = await open(kind);
    const user = org.user("jo@example.com");
    org.store.assignUser(org.app.id, { userId: user.id });
    await settled(org, user.id);
    const expected = {
      scim2testapp_basic: `Basic ${Buffer.from(`okta-prov:${SCIM_PASSWORD}`).toString("base64")}`,
      scim2testapp: `Bearer ${SCIM_TOKEN}`,
      scim2headerauth: `Bearer ${SCIM_TOKEN}`,
      "custom-saml": `Bearer ${SCIM_TOKEN}`,
    }[kind];
    expect(new Set(org.take().map((request) => request.authorization))).toEqual(new Set([expected]));
  });

  test("a wrong token shows as ERROR on the app user, with the server's answer and never the token", async () => {
    const org = await open("scim2headerauth", { auth: { type: "header", value: "Bearer wrong-token-0000" } });
    const user = org.user("kim@example.com");
    org.store.assignUser(org.app.id, { userId: user.id });
    await settled(org, user.id, "ERROR");
    const appUser = org.store.getAppUser(org.app.id, user.id);
    expect(appUser).toMatchObject({ status: "STAGED", syncState: "ERROR", externalId: null });
    expect(appUser.errorSummary).toMatch(/^Automatic provisioning of user kim@example\.com in app SCIM 2\.0 Test App failed: Error while looking up the user: 401/);
    expect(appUser.errorSummary).not.toContain("wrong-token-0000");
  });

  test("a base URL nothing answers on shows as ERROR saying it could not connect", async () => {
    const org = await open("scim2headerauth");
    org.store.setProvisioning(org.app.id, { baseUrl: "http://127.0.0.1:1/scim/v2" });
    const user = org.user("lu@example.com");
    org.store.assignUser(org.app.id, { userId: user.id });
    await settled(org, user.id, "ERROR");
    expect(org.store.getAppUser(org.app.id, user.id).errorSummary).toMatch(/Could not connect to http:\/\/127\.0\.0\.1:1\/scim\/v2/);
  });

  test("stopping the engine ends a request a silent SCIM server holds open (it would wait Okta's 60 s otherwise)", async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const org = await open("scim2headerauth");
    org.store.setProvisioning(org.app.id, { baseUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/scim/v2` });
    const user = org.user("quiet@example.com");
    let connected!: () => void;
    const held = new Promise<void>((resolve) => (connected = resolve));
    silent.once("connection", () => connected());
    org.store.assignUser(org.app.id, { userId: user.id });
    await held;
    await org.engine.stop();
    expect(org.store.getAppUser(org.app.id, user.id).syncState).toBe("ERROR");
    silent.close();
  }, 20_000);

  test("fixing the credentials and assigning again provisions", async () => {
    const org = await open("scim2headerauth", { auth: { type: "header", value: "Bearer wrong-token-0000" } });
    const user = org.user("max@example.com");
    org.store.assignUser(org.app.id, { userId: user.id });
    await settled(org, user.id, "ERROR");
    org.store.setProvisioning(org.app.id, { auth: authFor("scim2headerauth") });
    org.store.unassignUser(org.app.id, user.id);
    org.store.assignUser(org.app.id, { userId: user.id });
    await settled(org, user.id);
    expect(org.scim.snapshot().users.map((scimUser) => scimUser.userName)).toEqual(["max@example.com"]);
  });
});

describe("users, aiw dialect (custom SAML app with SCIM)", () => {
  test("profile pushes and deactivation are GET + PUT, never PATCH", async () => {
    const org = await open("custom-saml");
    const user = org.user("nia@example.com");
    org.store.assignUser(org.app.id, { userId: user.id });
    await settled(org, user.id);
    expect(org.take().map((request) => `${request.method} ${request.path.split("?")[0]}`)).toEqual(["GET /Users", "POST /Users"]);
    const externalId = org.store.getAppUser(org.app.id, user.id).externalId;

    org.store.updateUserProfile(user.id, { firstName: "Nina" }, "merge");
    await expect.poll(() => org.scim.snapshot().users[0]?.name?.givenName, { timeout: 5_000, interval: 10 }).toBe("Nina");
    org.store.userLifecycle(user.id, "deactivate");
    await expect.poll(() => org.scim.snapshot().users[0]?.active, { timeout: 5_000, interval: 10 }).toBe(false);
    await org.engine.whenIdle();
    const requests = org.take();
    expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual([`GET /Users/${externalId}`, `PUT /Users/${externalId}`, `GET /Users/${externalId}`, `PUT /Users/${externalId}`]);
    expect(requests[3]?.body).toMatchObject({ id: externalId, active: false, name: { givenName: "Nina" } });
  });

  test("the unique identifier field decides the value Okta looks the user up by", async () => {
    const org = await open("custom-saml", { credentials: { userNameTemplate: { template: '${fn:substringBefore(source.email, "@")}', type: "BUILT_IN" } } });
    org.store.setProvisioning(org.app.id, { uniqueIdentifier: "email" });
    const user = org.user("uma@example.com");
    org.store.assignUser(org.app.id, { userId: user.id });
    await settled(org, user.id);
    const [find, create] = org.take();
    expect(find?.path).toBe(lookup("uma@example.com"));
    expect(create?.body.userName).toBe("uma");
  });

  test("a user the lookup finds is linked: GET, then a PUT with Okta's externalId, no POST", async () => {
    const org = await open("custom-saml", {
      scim: { seed: { users: [{ userName: "oz@example.com", name: { givenName: "Oz", familyName: "Old" }, emails: [{ value: "old@example.com", primary: true }], externalId: "theirs-1", active: false }] } },
    });
    const seeded = org.scim.snapshot().users[0];
    const user = org.user("oz@example.com");
    org.store.assignUser(org.app.id, { userId: user.id });
    await settled(org, user.id);
    const requests = org.take();
    expect(requests.map((request) => `${request.method} ${request.path.split("?")[0]}`)).toEqual(["GET /Users", `GET /Users/${seeded?.id}`, `PUT /Users/${seeded?.id}`]);
    expect(requests[2]?.body).toMatchObject({ id: seeded?.id, externalId: user.id, active: true, groups: [] });
    expect(org.store.getAppUser(org.app.id, user.id).externalId).toBe(seeded?.id);
  });
});

describe("group push", () => {
  async function pushedOrg(kind: "scim2headerauth" | "custom-saml") {
    const org = await open(kind);
    const members = [org.user("pat@example.com"), org.user("quin@example.com")];
    const group = org.store.createGroup({ name: "Engineering" });
    for (const member of members) org.store.addGroupMember(group.id, member.id);
    org.store.assignGroup(org.app.id, group.id, {});
    for (const member of members) await settled(org, member.id);
    org.take();
    const mapping = org.store.createGroupPushMapping(org.app.id, { sourceGroupId: group.id, targetGroupName: "Engineering", status: "ACTIVE" });
    await expect.poll(() => org.store.groupPushMappings.get(mapping.id)?.lastPush ?? null, { timeout: 5_000, interval: 10 }).not.toBeNull();
    await org.engine.whenIdle();
    const ids = members.map((member) => org.store.getAppUser(org.app.id, member.id).externalId);
    return { org, group, mapping, members, ids };
  }

  test("oin: create with members, membership PATCH + GET + name re-assert, rename PATCH, unlink and delete", async () => {
    const { org, group, mapping, ids } = await pushedOrg("scim2headerauth");
    const [find, create] = org.take();
    expect(find?.path).toBe(`/Groups?filter=${encodeURIComponent('displayName eq "Engineering"')}&startIndex=1&count=100`);
    expect(create).toMatchObject({ method: "POST", path: "/Groups", body: { schemas: [GROUP_URN], displayName: "Engineering", members: [{ value: ids[0], display: "pat@example.com" }, { value: ids[1], display: "quin@example.com" }] } });
    const scimGroupId = org.scim.snapshot().groups[0]?.id;
    expect(org.store.groupPushMappings.get(mapping.id)).toMatchObject({ status: "ACTIVE", errorSummary: null });
    expect(org.store.appGroups.get(mapping.targetGroupId)?.externalId).toBe(scimGroupId);

    const newcomer = org.user("ray@example.com");
    org.store.addGroupMember(group.id, newcomer.id);
    await settled(org, newcomer.id);
    await expect.poll(() => org.scim.snapshot().groups[0]?.members?.length, { timeout: 5_000, interval: 10 }).toBe(3);
    await org.engine.whenIdle();
    const joined = org.take().filter((request) => request.path.startsWith("/Groups"));
    const newId = org.store.getAppUser(org.app.id, newcomer.id).externalId;
    expect(joined.map((request) => `${request.method} ${request.path}`)).toEqual([`PATCH /Groups/${scimGroupId}`, `GET /Groups/${scimGroupId}`, `PATCH /Groups/${scimGroupId}`]);
    expect(joined[0]?.body.Operations).toEqual([{ op: "add", path: "members", value: [{ value: newId, display: "ray@example.com" }] }]);
    expect(joined[2]?.body.Operations).toEqual([{ op: "replace", value: { id: scimGroupId, displayName: "Engineering" } }]);

    org.store.removeGroupMember(group.id, newcomer.id);
    await expect.poll(() => org.scim.snapshot().groups[0]?.members?.length, { timeout: 5_000, interval: 10 }).toBe(2);
    await org.engine.whenIdle();
    const left = org.take().filter((request) => request.path.startsWith("/Groups"));
    expect(left[0]?.body.Operations).toEqual([{ op: "remove", path: `members[value eq "${newId}"]` }]);

    org.store.replaceGroup(group.id, { name: "Platform" });
    await expect.poll(() => org.scim.snapshot().groups[0]?.displayName, { timeout: 5_000, interval: 10 }).toBe("Platform");
    await org.engine.whenIdle();
    expect(org.take()).toEqual([expect.objectContaining({ method: "PATCH", body: { schemas: [PATCH_URN], Operations: [{ op: "replace", value: { id: scimGroupId, displayName: "Platform" } }] } })]);

    org.store.setGroupPushStatus(org.app.id, mapping.id, "INACTIVE");
    org.store.deleteGroupPushMapping(org.app.id, mapping.id, true);
    await expect.poll(() => org.scim.snapshot().groups.length, { timeout: 5_000, interval: 10 }).toBe(0);
    await org.engine.whenIdle();
    expect(org.take().map((request) => `${request.method} ${request.path}`)).toEqual([`DELETE /Groups/${scimGroupId}`]);
  });

  test("aiw: every group change is a GET then a PUT of the whole group with Okta's member list", async () => {
    const { org, group, ids } = await pushedOrg("custom-saml");
    org.take();
    const scimGroupId = org.scim.snapshot().groups[0]?.id;
    const newcomer = org.user("sam@example.com");
    org.store.addGroupMember(group.id, newcomer.id);
    await settled(org, newcomer.id);
    await expect.poll(() => org.scim.snapshot().groups[0]?.members?.length, { timeout: 5_000, interval: 10 }).toBe(3);
    org.store.replaceGroup(group.id, { name: "Platform" });
    await expect.poll(() => org.scim.snapshot().groups[0]?.displayName, { timeout: 5_000, interval: 10 }).toBe("Platform");
    await org.engine.whenIdle();
    const groupRequests = org.take().filter((request) => request.path.startsWith("/Groups"));
    expect(groupRequests.map((request) => request.method)).toEqual(["GET", "PUT", "GET", "PUT"]);
    const newId = org.store.getAppUser(org.app.id, newcomer.id).externalId;
    expect(groupRequests[1]?.body).toMatchObject({ id: scimGroupId, displayName: "Engineering", members: [{ value: ids[0] }, { value: ids[1] }, { value: newId }] });
    expect(groupRequests[3]?.body).toMatchObject({ id: scimGroupId, displayName: "Platform" });
    expect(groupRequests[3]?.body.members).toHaveLength(3);
  });

  test("a push the server refuses marks the mapping ERROR with the reason", async () => {
    const org = await open("scim2headerauth");
    const group = org.store.createGroup({ name: "Ops" });
    org.store.setProvisioning(org.app.id, { auth: { type: "header", value: "Bearer not-the-token-42" } });
    const mapping = org.store.createGroupPushMapping(org.app.id, { sourceGroupId: group.id, targetGroupName: "Ops", status: "ACTIVE" });
    await expect.poll(() => org.store.groupPushMappings.get(mapping.id)?.status, { timeout: 5_000, interval: 10 }).toBe("ERROR");
    const errored = org.store.groupPushMappings.get(mapping.id);
    expect(errored?.errorSummary).toMatch(/^Failed to push group Ops to app SCIM 2\.0 Test App: Error while looking up the group: 401/);
    expect(errored?.lastPush).toBeNull();

    org.store.setProvisioning(org.app.id, { auth: authFor("scim2headerauth") });
    org.store.setGroupPushStatus(org.app.id, mapping.id, "ACTIVE");
    await expect.poll(() => org.store.groupPushMappings.get(mapping.id)?.lastPush ?? null, { timeout: 5_000, interval: 10 }).not.toBeNull();
    expect(org.scim.snapshot().groups.map((scimGroup) => scimGroup.displayName)).toEqual(["Ops"]);
  });
});
