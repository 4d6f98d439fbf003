import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { OktaEmulator } from "../../../src/sandbox/okta/index.js";
import { linksByRel, startForTest, type OktaCall } from "./okta-http.js";

let emulator: OktaEmulator;
let call: OktaCall;

beforeEach(async () => {
  ({ emulator, call } = await startForTest({ orgName: "acme" }));
});
afterEach(() => emulator.close());

const oinApp = (name: string, label: string, signOnMode = "AUTO_LOGIN") => ({ name, label, signOnMode, credentials: { userNameTemplate: { template: "${source.email}", type: "BUILT_IN" } } });

describe("creating apps", () => {
  test.each(["scim2headerauth", "scim2testapp", "scim2testapp_basic"])("the SCIM 2.0 test app %s is created by its catalog name and answered with 200", async (name) => {
    const answer = await call("POST", "/api/v1/apps?activate=true", { body: oinApp(name, `Vendor ${name}`) });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ name, label: `Vendor ${name}`, status: "ACTIVE", features: [], credentials: { userNameTemplate: { template: "${source.email}" } } });
    expect(answer.body.id).toMatch(/^0oa[A-Za-z0-9]{17}$/);
  });

  test("an OIN app created with AUTO_LOGIN comes back with signOnMode null, as Okta answers (research §14)", async () => {
    const answer = await call("POST", "/api/v1/apps", { body: oinApp("scim2headerauth", "Header") });
    expect(answer.body.signOnMode).toBeNull();
    expect(answer.body.visibility.appLinks).toEqual({ scim2headerauth_login: true });
  });

  test("an OIN SAML app answers a reduced settings.signOn (research §14)", async () => {
    const answer = await call("POST", "/api/v1/apps", { body: { name: "scim2testapp", label: "Bearer", signOnMode: "SAML_2_0", settings: { signOn: { ssoAcsUrlOverride: "https://sp.example.com/acs", honorForceAuthn: true } } } });
    expect(answer.body.settings.signOn).toEqual({ ssoAcsUrlOverride: "https://sp.example.com/acs", attributeStatements: [] });
    expect(answer.body.visibility.appLinks).toEqual({ login: true });
  });

  test("_links.help points at the Admin Console's origin, which the sandbox sets to its admin stand-in", async () => {
    const app = (await call("POST", "/api/v1/apps", { body: oinApp("scim2headerauth", "H") })).body;
    expect(app._links.help.href).toBe(`${emulator.orgUrl}/app/scim2headerauth/${app.id}/setup/help/AUTO_LOGIN/instructions`);
    emulator.setAdminOrigin("http://127.0.0.1:9/");
    expect((await call("GET", `/api/v1/apps/${app.id}`)).body._links.help.href).toBe(`http://127.0.0.1:9/app/scim2headerauth/${app.id}/setup/help/AUTO_LOGIN/instructions`);
  });

  test("an unknown catalog name is refused with E0000001", async () => {
    const answer = await call("POST", "/api/v1/apps", { body: oinApp("scim2basicauth", "Nope") });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ errorCode: "E0000001", errorSummary: "Api validation failed: name" });
  });

  test("a custom SAML app (no name) gets {org}_{label lowercased, non-alphanumerics stripped}_{n}", async () => {
    const first = await call("POST", "/api/v1/apps", { body: { label: "Cloud App (Prod)!", signOnMode: "SAML_2_0" } });
    const second = await call("POST", "/api/v1/apps", { body: { label: "Cloud App (Prod)!", signOnMode: "SAML_2_0" } });
    expect(first.body.name).toBe("acme_cloudappprod_1");
    expect(second.body.name).toBe("acme_cloudappprod_2");
    expect(first.body.visibility.appLinks).toEqual({ acme_cloudappprod_1_link: true });
    expect(first.body.settings.signOn).toMatchObject({ idpIssuer: "http://www.okta.com/${org.externalKey}", spIssuer: null, requestCompressed: false, inlineHooks: [], assertionEncryption: { enabled: false } });
  });

  test("posting an existing custom app's own name is refused as Okta does", async () => {
    const custom = await call("POST", "/api/v1/apps", { body: { label: "Mine", signOnMode: "SAML_2_0" } });
    const again = await call("POST", "/api/v1/apps", { body: { name: custom.body.name, label: "Mine", signOnMode: "SAML_2_0" } });
    expect(again.body).toMatchObject({ errorCode: "E0000001", errorSummary: "Api validation failed: mediated", errorCauses: [{ errorSummary: "Cannot create an existing App Wizard App" }] });
  });

  test("a body without label or signOnMode is refused naming the field; a malformed body is E0000003", async () => {
    const missing = await call("POST", "/api/v1/apps", { body: { name: "scim2headerauth" } });
    expect(missing.status).toBe(400);
    expect(missing.body.errorCauses).toEqual([{ errorSummary: "label: The field cannot be left blank" }, { errorSummary: "signOnMode: The field cannot be left blank" }]);
    const malformed = await call("POST", "/api/v1/apps", { rawBody: "{not json" });
    expect(malformed.body).toMatchObject({ errorCode: "E0000003", errorSummary: "The request body was not well-formed." });
  });

  test("features sent on create are ignored: the read-only array reflects provisioning only", async () => {
    const answer = await call("POST", "/api/v1/apps", { body: { ...oinApp("scim2headerauth", "X"), features: ["SCIM_PROVISIONING", "PUSH_NEW_USERS"] } });
    expect(answer.body.features).toEqual([]);
  });
});

describe("the features array follows the provisioning state", () => {
  test("OIN app: SCIM on, then each To App / To Okta switch adds its feature", async () => {
    const app = (await call("POST", "/api/v1/apps", { body: oinApp("scim2headerauth", "H") })).body;
    emulator.store.setProvisioning(app.id, { scimEnabled: true });
    expect((await call("GET", `/api/v1/apps/${app.id}`)).body.features).toEqual(["SCIM_PROVISIONING", "GROUP_PUSH"]);
    emulator.store.setProvisioning(app.id, { toApp: { create: true, update: true, deactivate: true }, toOkta: { import: true } });
    expect((await call("GET", `/api/v1/apps/${app.id}`)).body.features).toEqual([
      "SCIM_PROVISIONING",
      "PUSH_NEW_USERS",
      "PUSH_PROFILE_UPDATES",
      "PUSH_USER_DEACTIVATION",
      "REACTIVATE_USERS",
      "IMPORT_NEW_USERS",
      "IMPORT_PROFILE_UPDATES",
      "GROUP_PUSH",
    ]);
    emulator.store.setProvisioning(app.id, { toApp: { password: true } });
    expect((await call("GET", `/api/v1/apps/${app.id}`)).body.features).toContain("PUSH_PASSWORD_UPDATES");
  });

  test("AIW app: only the supported provisioning actions turn into features", async () => {
    const app = (await call("POST", "/api/v1/apps", { body: { label: "Custom", signOnMode: "SAML_2_0" } })).body;
    emulator.store.setProvisioning(app.id, { scimEnabled: true, supportedActions: ["pushNewUsers"], toApp: { create: true, update: true, deactivate: true } });
    expect((await call("GET", `/api/v1/apps/${app.id}`)).body.features).toEqual(["SCIM_PROVISIONING", "PUSH_NEW_USERS", "PUSH_USER_DEACTIVATION", "REACTIVATE_USERS"]);
  });
});

describe("full PUT", () => {
  test("on a custom SAML app, a body that leaves SCIM out switches provisioning off and wipes the connection (research §13)", async () => {
    const app = (await call("POST", "/api/v1/apps", { body: { label: "Custom", signOnMode: "SAML_2_0" } })).body;
    emulator.store.setProvisioning(app.id, { scimEnabled: true, baseUrl: "https://scim.example.com/v2", auth: { type: "header", value: "Bearer t" }, toApp: { create: true } });
    const read = (await call("GET", `/api/v1/apps/${app.id}`)).body;
    expect(read.features).toContain("SCIM_PROVISIONING");

    const roundTrip = await call("PUT", `/api/v1/apps/${app.id}`, { body: { ...read, label: "Custom renamed" } });
    expect(roundTrip.status).toBe(200);
    expect(roundTrip.body.features).toContain("SCIM_PROVISIONING");

    const partial = await call("PUT", `/api/v1/apps/${app.id}`, { body: { label: "Custom renamed", signOnMode: "SAML_2_0" } });
    expect(partial.body.features).toEqual([]);
    expect(emulator.store.getApp(app.id).provisioning).toMatchObject({ scimEnabled: false, baseUrl: null, auth: null });
  });

  test("on an OIN app, a partial PUT keeps provisioning and changes the username template", async () => {
    const app = (await call("POST", "/api/v1/apps", { body: oinApp("scim2headerauth", "H") })).body;
    emulator.store.setProvisioning(app.id, { scimEnabled: true });
    const answer = await call("PUT", `/api/v1/apps/${app.id}`, { body: { name: "scim2headerauth", label: "H", signOnMode: "AUTO_LOGIN", credentials: { userNameTemplate: { template: "${source.login}", type: "BUILT_IN" } } } });
    expect(answer.body.features).toContain("SCIM_PROVISIONING");
    expect(answer.body.credentials.userNameTemplate.template).toBe("${source.login}");
  });
});

describe("lifecycle and delete", () => {
  test("an ACTIVE app refuses DELETE with 403 E0000056; deactivated, it goes and then answers 404 (AppInstance)", async () => {
    const app = (await call("POST", "/api/v1/apps", { body: oinApp("scim2headerauth", "H") })).body;
    const refused = await call("DELETE", `/api/v1/apps/${app.id}`);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ errorCode: "E0000056", errorLink: "E0000056" });
    const deactivated = await call("POST", `/api/v1/apps/${app.id}/lifecycle/deactivate`);
    expect([deactivated.status, deactivated.body]).toEqual([200, {}]);
    expect((await call("GET", `/api/v1/apps/${app.id}`)).body.status).toBe("INACTIVE");
    expect((await call("DELETE", `/api/v1/apps/${app.id}`)).status).toBe(204);
    const gone = await call("GET", `/api/v1/apps/${app.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.errorSummary).toBe(`Not found: Resource not found: ${app.id} (AppInstance)`);
  });

  test("?activate=false creates an INACTIVE app", async () => {
    expect((await call("POST", "/api/v1/apps?activate=false", { body: oinApp("scim2headerauth", "H") })).body.status).toBe("INACTIVE");
  });
});

describe("listing", () => {
  async function createApps(): Promise<void> {
    await call("POST", "/api/v1/apps", { body: oinApp("scim2headerauth", "Strongdm") });
    await call("POST", "/api/v1/apps", { body: oinApp("scim2testapp_basic", "Kloud") });
    await call("POST", "/api/v1/apps", { body: { label: "Infrascale SAML", signOnMode: "SAML_2_0" } });
  }

  test("filter by name and q (startsWith on name or label)", async () => {
    await createApps();
    const byName = await call("GET", `/api/v1/apps?filter=${encodeURIComponent('name eq "scim2testapp_basic"')}`);
    expect(byName.body.map((app: { label: string }) => app.label)).toEqual(["Kloud"]);
    const byQ = await call("GET", "/api/v1/apps?q=infra");
    expect(byQ.body.map((app: { label: string }) => app.label)).toEqual(["Infrascale SAML"]);
    const byStatus = await call("GET", `/api/v1/apps?filter=${encodeURIComponent('status eq "ACTIVE"')}`);
    expect(byStatus.body).toHaveLength(3);
  });

  test("Link paging with limit/after; the self link is re-serialised with limit first", async () => {
    await createApps();
    const first = await call("GET", "/api/v1/apps?q=&limit=2");
    expect(first.body).toHaveLength(2);
    const links = linksByRel(first.headers.link);
    expect(links.self).toBe(`${emulator.orgUrl}/api/v1/apps?limit=2&q=`);
    expect(links.next).toBe(`${emulator.orgUrl}/api/v1/apps?after=${first.body[1].id}&limit=2&q=`);
    const second = await call("GET", links.next ?? "");
    expect(second.body.map((app: { label: string }) => app.label)).toEqual(["Infrascale SAML"]);
    expect(linksByRel(second.headers.link).next).toBeUndefined();
  });

  test("the default page size is spelled out in the self link", async () => {
    expect(linksByRel((await call("GET", "/api/v1/apps")).headers.link).self).toBe(`${emulator.orgUrl}/api/v1/apps?limit=20`);
  });

  test("a bad cursor is 400 E0000029, a bad expand 400 E0000001, a bad filter 400 E0000001 (research §14)", async () => {
    const cursor = await call("GET", "/api/v1/apps?after=0oaNOTANAPP");
    expect(cursor.status).toBe(400);
    expect(cursor.body).toMatchObject({ errorCode: "E0000029", errorSummary: "Invalid paging request.", errorCauses: [{ errorSummary: "Invalid cursor." }] });
    expect((await call("GET", "/api/v1/apps?expand=everything")).body.errorCode).toBe("E0000001");
    expect((await call("GET", `/api/v1/apps?filter=${encodeURIComponent("name eq")}`)).body.errorCode).toBe("E0000001");
  });
});

describe("unknown routes and methods", () => {
  test("an unknown route answers 404 in Okta's error shape, with rate-limit headers", async () => {
    const answer = await call("GET", "/api/v1/widgets");
    expect(answer.status).toBe(404);
    expect(Object.keys(answer.body)).toEqual(["errorCode", "errorSummary", "errorLink", "errorId", "errorCauses"]);
    expect(answer.body).toMatchObject({ errorCode: "E0000007", errorLink: "E0000007", errorCauses: [] });
    expect(answer.body.errorId).toMatch(/^oae/);
    expect(answer.headers["x-rate-limit-limit"]).toBeDefined();
  });

  test("a known path with a method it does not have answers 405 E0000022", async () => {
    const answer = await call("PATCH", "/api/v1/apps");
    expect([answer.status, answer.body.errorCode]).toEqual([405, "E0000022"]);
  });
});
