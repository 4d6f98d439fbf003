import { request } from "undici";
import { afterEach, describe, expect, test } from "vitest";
import type { Sandbox } from "../../src/sandbox/start.js";
import { addApp, admin, okta, sandbox } from "./admin-support.js";

const boxes: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(boxes.splice(0).map((box) => box.close()));
});
async function open(): Promise<Sandbox> {
  const box = await sandbox();
  boxes.push(box);
  return box;
}

describe("Admin Console stand-in, JSON", () => {
  test("a new app has provisioning off and no features", async () => {
    const box = await open();
    const app = await addApp(box, "scim2headerauth");
    const { status, json } = await admin(box, "GET", `/apps/${app.id}/provisioning`);
    expect(status).toBe(200);
    expect(json).toEqual({
      appId: app.id,
      name: "scim2headerauth",
      label: "My SCIM app",
      dialect: "oin",
      scimEnabled: false,
      baseUrl: null,
      auth: null,
      toApp: { create: false, update: false, deactivate: false, password: false },
      toOkta: { import: false },
      features: [],
    });
  });

  test("PUT sets any subset; secrets come back as (set), never as themselves; the app's features follow", async () => {
    const box = await open();
    const app = await addApp(box, "scim2headerauth");
    const secret = `Bearer ${box.scimToken}`;
    const first = await admin(box, "PUT", `/apps/${app.id}/provisioning`, { scimEnabled: true, baseUrl: box.scimBaseUrl, auth: { type: "header", value: secret } });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ scimEnabled: true, baseUrl: box.scimBaseUrl, auth: { type: "header", value: "(set)" }, features: ["SCIM_PROVISIONING", "GROUP_PUSH"] });
    expect(first.text).not.toContain(box.scimToken);

    const second = await admin(box, "PUT", `/apps/${app.id}/provisioning`, { toApp: { create: true, deactivate: true }, toOkta: { import: true } });
    expect(second.json).toMatchObject({ baseUrl: box.scimBaseUrl, auth: { type: "header", value: "(set)" }, toApp: { create: true, update: false, deactivate: true, password: false }, toOkta: { import: true } });
    const read = await admin(box, "GET", `/apps/${app.id}/provisioning`);
    expect(read.json).toEqual(second.json);
    expect(read.text).not.toContain(box.scimToken);

    const { json: fromApi } = await okta(box, "GET", `/api/v1/apps/${app.id}`);
    expect(fromApi.features).toEqual(expect.arrayContaining(["SCIM_PROVISIONING", "PUSH_NEW_USERS", "PUSH_USER_DEACTIVATION", "IMPORT_NEW_USERS"]));
    expect(fromApi.features).not.toContain("PUSH_PROFILE_UPDATES");

    const basic = await admin(box, "PUT", `/apps/${app.id}/provisioning`, { auth: { type: "basic", username: box.scimUsername, password: box.scimPassword } });
    expect(basic.json.auth).toEqual({ type: "basic", username: box.scimUsername, password: "(set)" });
    expect(basic.text).not.toContain(box.scimPassword);
    const bearer = await admin(box, "PUT", `/apps/${app.id}/provisioning`, { auth: { type: "oauth-bearer", token: box.scimToken } });
    expect(bearer.json.auth).toEqual({ type: "oauth-bearer", token: "(set)" });
  });

  test("an AIW app has a unique identifier field and supported actions; features follow the actions", async () => {
    const box = await open();
    const app = await addApp(box, "custom-saml", "Acme");
    const { json } = await admin(box, "PUT", `/apps/${app.id}/provisioning`, {
      scimEnabled: true,
      baseUrl: box.scimBaseUrl,
      auth: { type: "header", value: box.scimToken },
      uniqueIdentifier: "email",
      supportedActions: ["pushNewUsers", "pushGroups"],
      toApp: { create: true, update: true },
    });
    expect(json).toMatchObject({ dialect: "aiw", uniqueIdentifier: "email", supportedActions: ["pushNewUsers", "pushGroups"] });
    expect(json.features).toEqual(expect.arrayContaining(["SCIM_PROVISIONING", "PUSH_NEW_USERS", "GROUP_PUSH"]));
    expect(json.features).not.toContain("PUSH_PROFILE_UPDATES");
  });

  test.each<[string, unknown, string]>([
    ["an unknown auth type", { auth: { type: "ntlm", value: "x" } }, "auth.type"],
    ["a base URL that is not a URL", { baseUrl: "scim.example.com" }, "baseUrl"],
    ["an empty token", { auth: { type: "oauth-bearer", token: " " } }, "auth.token"],
    ["an unknown setting", { scimEnabeld: true }, "(body)"],
    ["a switch that is not a boolean", { scimEnabled: "yes" }, "scimEnabled"],
    ["a supported action Okta does not have", { supportedActions: ["pushPasswords"] }, "supportedActions.0"],
  ])("%s is refused with 400 naming the field", async (_what, body, field) => {
    const box = await open();
    const app = await addApp(box, "custom-saml");
    const { status, json } = await admin(box, "PUT", `/apps/${app.id}/provisioning`, body);
    expect(status).toBe(400);
    expect(json.error.field).toBe(field);
    expect(json.error.message).toMatch(new RegExp(`^${field.replace(/[().]/g, "\\$&")}: `));
  });

  test("fields the Admin Console does not offer for this app are refused: AIW fields on a catalog app, To App before provisioning is on", async () => {
    const box = await open();
    const app = await addApp(box, "scim2headerauth");
    const aiwOnly = await admin(box, "PUT", `/apps/${app.id}/provisioning`, { uniqueIdentifier: "email" });
    expect(aiwOnly).toMatchObject({ status: 400, json: { error: { field: "uniqueIdentifier" } } });
    const tooEarly = await admin(box, "PUT", `/apps/${app.id}/provisioning`, { toApp: { create: true } });
    expect(tooEarly.status).toBe(400);
    expect(tooEarly.json.error.message).toMatch(/enable provisioning first/);
    const notJson = await admin(box, "PUT", `/apps/${app.id}/provisioning`, "{scimEnabled: true");
    expect(notJson.status).toBe(400);
    const unknownApp = await admin(box, "GET", "/apps/0oaNOPE/provisioning");
    expect(unknownApp).toMatchObject({ status: 404, json: { error: { message: "no app 0oaNOPE in this org" } } });
  });

  test("a wrong token is accepted by the form and shows up where Okta shows it: the assigned user's syncState is ERROR", async () => {
    const box = await open();
    const app = await addApp(box, "scim2headerauth");
    await admin(box, "PUT", `/apps/${app.id}/provisioning`, { scimEnabled: true, baseUrl: box.scimBaseUrl, auth: { type: "header", value: "Bearer not-the-sandbox-token" } });
    const saved = await admin(box, "PUT", `/apps/${app.id}/provisioning`, { toApp: { create: true } });
    expect(saved.status).toBe(200);
    const user = await okta(box, "POST", "/api/v1/users?activate=true", { profile: { firstName: "Wu", lastName: "Li", email: "wu@example.com", login: "wu@example.com" } });
    expect(user.status).toBe(200);
    const assigned = await okta(box, "POST", `/api/v1/apps/${app.id}/users`, { id: user.json.id, scope: "USER" });
    expect(assigned.status).toBe(200);
    await expect.poll(async () => (await okta(box, "GET", `/api/v1/apps/${app.id}/users/${user.json.id}`)).json.syncState, { timeout: 5_000, interval: 20 }).toBe("ERROR");
    expect(box.scim.snapshot().users).toEqual([]);
  });

  test("Okta's Admin Console links open the stand-in: the app's help link and the provisioning deep link", async () => {
    const box = await open();
    const app = await addApp(box, "scim2headerauth");
    const { json: fromApi } = await okta(box, "GET", `/api/v1/apps/${app.id}`);
    expect(String(fromApi._links?.help?.href)).toMatch(new RegExp(`^${box.adminUrl}/`));
    const deepLink = await request(`${box.adminUrl}/admin/app/${app.name}/instance/${app.id}/#tab-provisioning`);
    await deepLink.body.text();
    expect(deepLink.statusCode).toBe(302);
    expect(deepLink.headers.location).toBe(`/apps/${app.id}`);
    // Setup's "add the app" steps start at Okta's Applications page: the stand-in's list of apps.
    const applications = await request(`${box.adminUrl}/admin/apps/active`);
    await applications.body.text();
    expect(applications.statusCode).toBe(302);
    expect(applications.headers.location).toBe("/");
    const list = await request(`${box.adminUrl}/`);
    expect(await list.body.text()).toContain(app.id);
    // Before the app exists setup links the org's own host, as Okta's -admin host is found from it: sent on to the stand-in.
    const fromOrg = await request(`${box.oktaOrgUrl}/admin/apps/active`);
    await fromOrg.body.text();
    expect(fromOrg.statusCode).toBe(302);
    expect(fromOrg.headers.location).toBe(`${box.adminUrl}/admin/apps/active`);
  });

  test("Test API Credentials runs test-connector's check on the saved settings", async () => {
    const box = await open();
    const app = await addApp(box, "scim2headerauth");
    await admin(box, "PUT", `/apps/${app.id}/provisioning`, { scimEnabled: true, baseUrl: box.scimBaseUrl, auth: { type: "header", value: `Bearer ${box.scimToken}` } });
    box.scim.requests.length = 0;
    const good = await admin(box, "POST", `/apps/${app.id}/provisioning/test`);
    expect(good.status).toBe(200);
    expect(good.json.passed).toBe(true);
    expect(good.json.checks.find((check: { id: string }) => check.id === "connector/list-users")).toMatchObject({ status: "passed" });
    expect(box.scim.requests.map((request) => request.path)).toContain("/scim/v2/Users?startIndex=1&count=2");

    await admin(box, "PUT", `/apps/${app.id}/provisioning`, { auth: { type: "header", value: "Bearer wrong-token-for-the-test" } });
    const bad = await admin(box, "POST", `/apps/${app.id}/provisioning/test`);
    expect(bad.json.passed).toBe(false);
    expect(bad.json.checks.find((check: { id: string }) => check.id === "connector/list-users")).toMatchObject({ status: "failed", message: expect.stringMatching(/401/) });
    expect(bad.text).not.toContain("wrong-token-for-the-test");

    await admin(box, "PUT", `/apps/${app.id}/provisioning`, { baseUrl: "http://127.0.0.1:1/scim/v2" });
    const unreachable = await admin(box, "POST", `/apps/${app.id}/provisioning/test`);
    expect(unreachable.json.passed).toBe(false);
  });
});
