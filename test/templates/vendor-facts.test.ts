import { describe, expect, it } from "vitest";
import { toAppSwitches } from "../../src/templates/schema.js";
import { shippedTemplate } from "./shipped-templates.js";

/**
 * The key facts of each guide (DESIGN §4's table), spelled out so a template cannot drift from its
 * guide without a test saying so.
 */

const allUsersOn = { createUsers: true, updateUserAttributes: true, deactivateUsers: true, syncPassword: false };

describe("cloudapp (000_2ecb79f87b82058c.txt)", () => {
  const template = shippedTemplate("cloudapp");
  it("is the admin's own SAML app with SCIM enabled, located, never created, in the aiw dialect", () => {
    expect(template.okta.app).toMatchObject({ kind: "aiw", create: false });
    expect(template.scim.dialect).toBe("aiw");
  });
  it("uses the fixed base URL and HTTP header auth: paste the token, Okta sends Bearer", () => {
    expect(template.scim.baseUrl.value).toBe("https://share.getcloudapp.com/saml/scim/v2");
    expect(template.scim.auth).toMatchObject({ mode: "header", pasteIntoOkta: "{token}", headerSent: "Bearer {token}" });
    expect(template.scim.auth.credentialFrom).toContain("support@getcloudapp.com");
  });
  it("identifies users by email, with the three supported actions", () => {
    expect(template.okta.uniqueIdentifier?.value).toBe("email");
    expect(template.okta.supportedActions?.value).toEqual(["importNewUsersAndProfileUpdates", "pushNewUsers", "pushProfileUpdates"]);
  });
  it("creates, updates and deactivates users, never syncs passwords", () => {
    expect(toAppSwitches(template)).toEqual(allUsersOn);
  });
  it("needs an Enterprise plan; sets up an autojoin before Okta and turns on SSO + SCIM in Team settings before anyone is assigned", () => {
    expect(template.prerequisites).toContainEqual(expect.objectContaining({ kind: "plan", text: expect.stringContaining("Enterprise") }));
    const steps = template.vendorSteps;
    expect(steps[0]).toMatchObject({ text: expect.stringContaining("autojoin"), phase: "before-okta" });
    expect(steps.slice(1).map((step) => step.text).join(" | ")).toMatch(/Team settings.*Authentication.*SSO and SCIM.*Update/);
    for (const step of steps.slice(1)) expect(step.phase).toBe("before-assignments");
  });
  it("provisions on assignment and disables on removal", () => {
    expect(template.okta.assignment.map((fact) => fact.value).join(" ")).toMatch(/Assign.*provision.*Remove.*disable/s);
  });
});

describe("clumio (001_008034774f46ff9d.txt)", () => {
  const template = shippedTemplate("clumio");
  it("is the Clumio catalog app, located, configured by API integration with a token, in the oin dialect", () => {
    expect(template.okta.app).toMatchObject({ kind: "oin-app", create: false, label: "Clumio" });
    expect(template.scim.auth.mode).toBe("header");
    expect(template.scim.dialect).toBe("oin");
  });
  it("takes its base URL from Clumio's Configure SCIM page as a parameter", () => {
    expect(template.scim.baseUrl.value).toBe("{baseUrl}");
    expect(template.parameters.map((parameter) => parameter.name)).toEqual(["baseUrl"]);
  });
  it("sets the application username format to Email", () => {
    expect(template.okta.usernameFormat?.value.format).toBe("email");
  });
  it("creates, updates and deactivates users, never syncs passwords", () => {
    expect(toAppSwitches(template)).toEqual(allUsersOn);
  });
  it("lists the unsupported features", () => {
    expect(template.features.unsupported.map((feature) => feature.value)).toEqual(["Remove users", "Sync password", "Enhanced group push"]);
    expect(template.features.supported.map((feature) => feature.value)).toContain("Push groups");
  });
  it("pushes groups, the admin's own included; assigns them (inferred), then checks the admin's sync", () => {
    expect(template.okta.groupPush?.enabled).toBe(true);
    const instructions = template.okta.groupPush?.instructions.map((instruction) => instruction.value).join(" ") ?? "";
    expect(instructions).toMatch(/logged in to Clumio/);
    const [assign, check] = template.okta.assignment;
    expect(assign).toMatchObject({ value: expect.stringMatching(/^Assign the app to the groups you push/), inferred: expect.any(String) });
    expect(check).toMatchObject({ value: expect.stringMatching(/sync succeeded/), source: { quote: "Ensure the current user’s sync was successful in the previous step." } });
  });
  it("Clumio steps 1–6 come before Okta, 7–9 after; Enable Auto User Provisioning warns (inferred) of the lock-out", () => {
    const steps = template.vendorSteps;
    expect(steps.map((step) => step.phase)).toEqual([...Array<string>(6).fill("before-okta"), ...Array<string>(3).fill("after-okta")]);
    const enable = steps.findIndex((step) => step.text === "Click Enable Auto User Provisioning.");
    expect(enable).toBe(7);
    expect(steps[enable]?.warning?.value).toMatch(/group was pushed.*confirmed.*lock themselves out/s);
    expect(steps[enable]?.warning?.inferred).toBeDefined();
    const beforeEnable = steps.slice(0, enable).map((step) => step.text).join(" | ");
    expect(beforeEnable).toMatch(/provisioning rule.*Super Admin.*OU.*Configure SCIM.*SCIM base URL.*token/);
    expect(steps[enable - 1]?.text).toMatch(/Super Admin role.*pushed from Okta/s);
  });
});

describe("infrascale (002_34c236906f78ca7f.txt)", () => {
  const template = shippedTemplate("infrascale");
  it("is the admin's existing app with SCIM enabled, located, in the aiw dialect", () => {
    expect(template.okta.app).toMatchObject({ kind: "aiw", create: false });
    expect(template.scim.dialect).toBe("aiw");
  });
  it("takes the Dashboard's tenant URL as a parameter and uses HTTP header auth with the API token", () => {
    expect(template.scim.baseUrl.value).toBe("{baseUrl}");
    expect(template.scim.auth).toMatchObject({ mode: "header", pasteIntoOkta: "{token}", headerSent: "Bearer {token}" });
  });
  it("identifies users by userName, pushing new users and profile updates", () => {
    expect(template.okta.uniqueIdentifier?.value).toBe("userName");
    expect(template.okta.supportedActions?.value).toEqual(["pushNewUsers", "pushProfileUpdates"]);
  });
  it("creates, updates and deactivates users, never syncs passwords", () => {
    expect(toAppSwitches(template)).toEqual(allUsersOn);
  });
  it("keeps only six attributes, three of them applied on create", () => {
    const mappings = template.okta.mappings;
    expect(mappings.keepOnly).toEqual(["userName", "givenName", "familyName", "email", "emailType", "displayName"]);
    expect(mappings.removable).toBe("others-must-go");
    const onCreate = mappings.map.filter((mapping) => mapping.apply === "create").map((mapping) => mapping.attribute);
    expect(onCreate).toEqual(["givenName", "familyName", "emailType"]);
    expect(mappings.map.map((mapping) => mapping.attribute).sort()).toEqual([...(mappings.keepOnly ?? [])].sort());
  });
  it("needs the Dashboard administrator role; the vendor side sets the Account Size and generates a token shown once", () => {
    expect(template.prerequisites).toContainEqual(expect.objectContaining({ kind: "role", text: expect.stringContaining("administrator") }));
    const steps = template.vendorSteps;
    expect(steps.map((step) => step.text).join(" | ")).toMatch(/SCIM User Management.*Enable SCIM.*Tenant URL.*Account Size.*GB.*Generate.*Save/);
    expect(steps.find((step) => step.text.includes("Generate"))?.warning?.value).toMatch(/only once/);
  });
  it("says to assign users, marked inferred: the guide is cut off before that", () => {
    expect(template.okta.assignment[0]).toMatchObject({ value: expect.stringMatching(/^Assign the app/), inferred: expect.stringMatching(/cut off/) });
  });
  it("states Apply on only where the guide does", () => {
    expect(Object.fromEntries(template.okta.mappings.map.map((mapping) => [mapping.attribute, mapping.apply]))).toEqual({
      userName: undefined,
      givenName: "create",
      familyName: "create",
      email: undefined,
      emailType: "create",
      displayName: undefined,
    });
  });
});

describe("kloudhybrid (003_0c4206412551d22d.txt)", () => {
  const template = shippedTemplate("kloudhybrid");
  it("is a SCIM 2.0 Test App (Basic Auth) that setup creates, in the oin dialect", () => {
    expect(template.okta.app).toMatchObject({ kind: "oin-test-app", displayName: "SCIM 2.0 Test App (Basic Auth)", create: true });
    expect(template.okta.app.note).toMatch(/unconfirmed/);
    expect(template.scim.auth.mode).toBe("basic");
    expect(template.scim.dialect).toBe("oin");
  });
  it("takes the base URL KloudHybrid shows, whole, as an https:// parameter with the guide's example", () => {
    expect(template.scim.baseUrl.value).toBe("{baseUrl}");
    expect(template.parameters.find((parameter) => parameter.name === "baseUrl")).toMatchObject({
      example: "https://sj-test.apps.kloudspot.com/scim/v2",
      pattern: "^https://",
      required: true,
    });
  });
  it("creates accounts with the Okta username", () => {
    expect(template.okta.usernameFormat?.value.format).toBe("okta-username");
  });
  it("creates, updates and deactivates users, with Sync Password off", () => {
    expect(toAppSwitches(template)).toEqual(allUsersOn);
  });
  it("needs platform 5.14 or later", () => {
    expect(template.prerequisites).toContainEqual(expect.objectContaining({ kind: "platform-version", text: expect.stringContaining("5.14") }));
  });
  it("maps userName, givenName, familyName, email and managerValue; only the first four are required, so a user without a manager is provisioned", () => {
    expect(template.okta.mappings.map.map((mapping) => mapping.attribute)).toEqual(["userName", "givenName", "familyName", "email", "managerValue"]);
    const required = template.okta.mappings.map.filter((mapping) => mapping.required).map((mapping) => mapping.attribute);
    expect(required).toEqual(["userName", "givenName", "familyName", "email"]);
    const manager = template.okta.mappings.map.find((mapping) => mapping.attribute === "managerValue");
    expect(manager).toMatchObject({ expression: "{managerSource}", required: false });
    expect(manager?.apply).toBeUndefined();
    expect(template.parameters.find((parameter) => parameter.name === "managerSource")).toMatchObject({ required: true });
    expect(template.okta.customAttributes.find((attribute) => attribute.name === "managerValue")).toMatchObject({
      externalName: "manager.value",
      externalNamespace: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
      required: false,
    });
    for (const attribute of template.okta.customAttributes) expect(attribute.required, attribute.name).toBe(false);
  });
  it("uses the optional attributes when present and lets the rest be deleted", () => {
    expect(template.okta.mappings.optional.map((mapping) => mapping.attribute)).toEqual([
      "primaryPhone",
      "primaryPhoneType",
      "preferredLanguage",
      "locale",
      "organization",
      "costCenter",
      "division",
      "department",
      "managerDisplayName",
    ]);
    expect(template.okta.mappings.removable).toBe("others-ignored");
  });
  it("explains that the Secret Token is base64 of username:password", () => {
    const note = template.scim.auth.notes.find((entry) => /Secret Token.*base64 of username:password/.test(entry.value));
    expect(note?.inferred).toMatch(/decodes to "scim-user:1234567890"/);
  });
  it("enables SCIM provisioning under External Authentication on the vendor side", () => {
    expect(template.vendorSteps.map((step) => step.text).join(" | ")).toMatch(/Configuration -> Integrations -> External Authentication.*Enable SCIM Provisioning/);
  });
});

describe("strongdm (004_d123b21cd8dd8b00.txt)", () => {
  const template = shippedTemplate("strongdm");
  it("is a SCIM 2.0 Test App (Header Auth), scim2headerauth, that setup creates, in the oin dialect", () => {
    expect(template.okta.app).toMatchObject({ kind: "oin-test-app", oinName: "scim2headerauth", displayName: "SCIM 2.0 Test App (Header Auth)", create: true });
    expect(template.scim.dialect).toBe("oin");
  });
  it("uses https://app.strongdm.com/scim/okta/v2", () => {
    expect(template.scim.baseUrl.value).toBe("https://app.strongdm.com/scim/okta/v2");
  });
  it("has the admin paste Bearer {token}, which Okta sends as it is", () => {
    expect(template.scim.auth).toMatchObject({ mode: "header", pasteIntoOkta: "Bearer {token}", headerSent: "Bearer {token}" });
  });
  it("sets the application username format to Email", () => {
    expect(template.okta.usernameFormat?.value.format).toBe("email");
  });
  it("creates, updates and deactivates users, never syncs passwords; Import Groups is optional", () => {
    expect(toAppSwitches(template)).toEqual(allUsersOn);
    expect(template.okta.toOkta?.value).toMatchObject({ importGroups: true, optional: true });
  });
  it("needs the Account Administrator role and strongDM support to turn provisioning on; the token is shown once", () => {
    expect(template.prerequisites).toContainEqual(expect.objectContaining({ kind: "role", text: expect.stringContaining("Account Administrator") }));
    expect(template.prerequisites).toContainEqual(expect.objectContaining({ kind: "vendor-support" }));
    expect(template.vendorSteps.find((step) => step.text.includes("Settings > Provisioning"))?.warning?.value).toMatch(/one time only/);
  });
  it("has the guide's \"Add a SCIM test application\" steps as steps", () => {
    expect(template.okta.app.steps.map((step) => step.text)).toEqual([
      "Log in to your Okta account.",
      "In the Admin Console, click Applications, then Applications again.",
      "Click Add Application (Browse App Catalog in today's Admin Console).",
      "Search for SCIM 2.0 Test App (Header Auth).",
      "Click Add.",
      "On the General Settings page, give the integration a descriptive name (e.g. strongDM).",
      "In Sign on methods > Credentials Details, set the Application Username Format to Email.",
      "Click Done.",
    ]);
  });
});
