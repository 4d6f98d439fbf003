import { describe, expect, it } from "vitest";
import { AUTOMATION } from "../../src/templates/admin-steps.js";
import { adminLink, describeFeatureCheck, featureCheckResult, manualSteps, pendingStep } from "../../src/templates/manual-steps.js";
import { shippedTemplate } from "./shipped-templates.js";

const step = (id: string, stepId: string) => {
  const found = manualSteps(shippedTemplate(id)).find((entry) => entry.id === stepId);
  if (!found) throw new Error(`${id} has no ${stepId} step`);
  return found;
};

/** What the Admin Console must be used for, per DESIGN §3, for each kind of app and auth, in the admin's order. */
describe("manualSteps", () => {
  it.each([
    ["cloudapp", [["locate-app", "always"], ["enable-scim", "always"], ["provisioning-connection", "always"], ["to-app", "if-api-fails"]]],
    ["infrascale", [["locate-app", "always"], ["enable-scim", "always"], ["provisioning-connection", "always"], ["to-app", "if-api-fails"]]],
    ["clumio", [["locate-app", "always"], ["provisioning-connection", "always"], ["to-app", "if-api-fails"]]],
    ["strongdm", [["provisioning-connection", "always"], ["to-app", "if-api-fails"]]],
    ["kloudhybrid", [["provisioning-connection", "always"], ["to-app", "if-api-fails"]]],
    ["scim2-oauth-bearer", [["provisioning-connection", "always"], ["to-app", "if-api-fails"]]],
  ])("%s", (id, expected) => {
    expect(manualSteps(shippedTemplate(id)).map((entry) => [entry.id, entry.when])).toEqual(expected);
  });

  it("the provisioning connection is a manual step for every app, whatever the auth, and its reason says why", () => {
    for (const id of ["strongdm", "kloudhybrid", "clumio", "cloudapp", "scim2-oauth-bearer"]) {
      const connection = step(id, "provisioning-connection");
      expect(connection.when, id).toBe("always");
      expect(connection.why, id).toBe(AUTOMATION["provisioning-connection"].api);
      expect(connection.why, id).not.toMatch(/falls back|if the API fails/);
    }
    expect(step("kloudhybrid", "provisioning-connection").why).toMatch(/never basic/);
  });

  it("AIW: the Integration form gets the base URL, unique identifier, supported actions, HTTP Header and the raw token", () => {
    const connection = step("cloudapp", "provisioning-connection");
    expect(connection.values).toEqual([
      { field: "SCIM connector base URL", value: "https://share.getcloudapp.com/saml/scim/v2", secret: false },
      { field: "Unique identifier field for users", value: "email", secret: false },
      { field: "Supported provisioning actions", value: "Import New Users and Profile Updates, Push New Users, Push Profile Updates", secret: false },
      { field: "Authentication Mode", value: "HTTP Header", secret: false },
      { field: "Authorization", value: "{token}", secret: true },
    ]);
    expect(connection.whereToClick).toBe(
      "Applications → Applications → CloudApp → Provisioning → Integration → Edit → fill in the values below → Test Connector Configuration → Save",
    );
    const enable = step("cloudapp", "enable-scim");
    expect(enable.whereToClick).toBe("Applications → Applications → CloudApp → General → App Settings → Edit → fill in the values below → Save");
    expect(enable.verifiedBy).toEqual({ present: ["SCIM_PROVISIONING"], absent: [] });
  });

  it("basic auth: username and password, the password secret", () => {
    expect(step("kloudhybrid", "provisioning-connection").values).toEqual([
      { field: "Enable API Integration", value: "ticked", secret: false },
      { field: "Base URL", value: "{baseUrl}", secret: false },
      { field: "Username", value: "{username}", secret: false },
      { field: "Password", value: "{password}", secret: true },
    ]);
  });

  it("header auth test app: the API Token field gets Bearer {token} (secret), and the optional Import Groups box", () => {
    expect(step("strongdm", "provisioning-connection").values).toEqual([
      { field: "Enable API Integration", value: "ticked", secret: false },
      { field: "Base URL", value: "https://app.strongdm.com/scim/okta/v2", secret: false },
      { field: "API Token", value: "Bearer {token}", secret: true },
      { field: "Import Groups", value: "ticked (optional)", secret: false },
    ]);
  });

  it("To App: every switch, and verifiedBy as data — the on switches' features present, Sync Password's absent", () => {
    const toApp = step("kloudhybrid", "to-app");
    expect(toApp.values.map((value) => [value.field, value.value])).toEqual([
      ["Create Users", "Enable (ticked)"],
      ["Update User Attributes", "Enable (ticked)"],
      ["Deactivate Users", "Enable (ticked)"],
      ["Sync Password", "leave unticked"],
    ]);
    expect(toApp.verifiedBy).toEqual({ present: ["PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION"], absent: ["PUSH_PASSWORD_UPDATES"] });
    expect(toApp.verifiedByText).toBe("the app's features show PUSH_NEW_USERS, PUSH_PROFILE_UPDATES and PUSH_USER_DEACTIVATION, and not PUSH_PASSWORD_UPDATES");
  });

  it("the prose is rendered from verifiedBy: a different check reads differently", () => {
    expect(describeFeatureCheck({ present: ["SCIM_PROVISIONING"], absent: [] })).toBe("the app's features show SCIM_PROVISIONING");
    expect(describeFeatureCheck({ present: [], absent: ["PUSH_PASSWORD_UPDATES"] })).toBe("the app's features do not show PUSH_PASSWORD_UPDATES");
    expect(describeFeatureCheck({ present: [], absent: [] })).toMatch(/found by its id or label/);
  });
});

describe("featureCheckResult: setup and verify check a step against the app's features", () => {
  const toApp = () => step("strongdm", "to-app").verifiedBy;

  it("done when every present feature is there and no absent one", () => {
    const features = ["SCIM_PROVISIONING", "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION", "REACTIVATE_USERS", "GROUP_PUSH"];
    expect(featureCheckResult(toApp(), features)).toEqual({ done: true, missing: [], unexpected: [] });
  });

  it("not done, naming what is missing and what should not be there", () => {
    expect(featureCheckResult(toApp(), ["SCIM_PROVISIONING", "PUSH_NEW_USERS", "PUSH_PASSWORD_UPDATES"])).toEqual({
      done: false,
      missing: ["PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION"],
      unexpected: ["PUSH_PASSWORD_UPDATES"],
    });
    expect(featureCheckResult(step("cloudapp", "enable-scim").verifiedBy, [])).toMatchObject({ done: false, missing: ["SCIM_PROVISIONING"] });
  });
});

describe("pendingStep: the exact Admin Console steps for a real app", () => {
  const app = { adminOrigin: "https://acme-admin.okta.com/", appName: "scim2headerauth", appId: "0oa1abc" };

  it("strongDM: a deep link to the Provisioning tab, the clicks, the values, Bearer {token} left for the caller to mask", () => {
    const pending = pendingStep(step("strongdm", "provisioning-connection"), app, { token: "s3cret-canary" });
    expect(pending.link).toBe("https://acme-admin.okta.com/admin/app/scim2headerauth/instance/0oa1abc/#tab-provisioning");
    expect(pending.instructions).toEqual([
      "Open https://acme-admin.okta.com/admin/app/scim2headerauth/instance/0oa1abc/#tab-provisioning",
      "Provisioning → Configure API Integration",
      "Enable API Integration: ticked",
      "Base URL: https://app.strongdm.com/scim/okta/v2",
      "API Token: Bearer {token}",
      "Import Groups: ticked (optional)",
      "Test API Credentials → Save",
    ]);
    expect(JSON.stringify(pending)).not.toContain("s3cret-canary");
    expect(pending.values.find((value) => value.field === "API Token")?.secret).toBe(true);
    expect(pending.verifiedBy).toEqual({ present: ["SCIM_PROVISIONING"], absent: [] });
  });

  it("KloudHybrid: parameters filled (base URL, username), the password never", () => {
    const pending = pendingStep(step("kloudhybrid", "provisioning-connection"), app, {
      baseUrl: "https://sj-test.apps.kloudspot.com/scim/v2",
      username: "scim-user",
      password: "pw-canary",
    });
    expect(pending.instructions).toContain("Base URL: https://sj-test.apps.kloudspot.com/scim/v2");
    expect(pending.instructions).toContain("Username: scim-user");
    expect(pending.instructions).toContain("Password: {password}");
    expect(JSON.stringify(pending)).not.toContain("pw-canary");
  });

  it("AIW Enable SCIM links to the app's page (its General tab), and locating links to the app list", () => {
    expect(pendingStep(step("cloudapp", "enable-scim"), { ...app, appName: "acme_cloudapp_1" }, {}).link).toBe("https://acme-admin.okta.com/admin/app/acme_cloudapp_1/instance/0oa1abc/");
    expect(pendingStep(step("cloudapp", "locate-app"), { adminOrigin: "https://acme-admin.okta.com" }, {}).link).toBe("https://acme-admin.okta.com/admin/apps/active");
    expect(adminLink("provisioning", { adminOrigin: "https://acme-admin.okta.com" })).toBe("https://acme-admin.okta.com/admin/apps/active");
  });
});
