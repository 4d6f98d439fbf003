import { describe, expect, it } from "vitest";
import { manualSteps } from "../../src/templates/manual-steps.js";
import { shippedTemplate } from "./shipped-templates.js";

/** What the Admin Console must be used for, per DESIGN §3, for each kind of app and auth. */
describe("manualSteps", () => {
  it.each([
    ["cloudapp", [["locate-app", "always"], ["enable-scim", "always"], ["provisioning-connection", "always"], ["to-app", "if-api-fails"]]],
    ["infrascale", [["locate-app", "always"], ["enable-scim", "always"], ["provisioning-connection", "always"], ["to-app", "if-api-fails"]]],
    ["clumio", [["locate-app", "always"], ["provisioning-connection", "if-api-fails"], ["to-app", "if-api-fails"]]],
    ["strongdm", [["provisioning-connection", "if-api-fails"], ["to-app", "if-api-fails"]]],
    ["kloudhybrid", [["provisioning-connection", "always"], ["to-app", "if-api-fails"]]],
    ["scim2-oauth-bearer", [["provisioning-connection", "if-api-fails"], ["to-app", "if-api-fails"]]],
  ])("%s", (id, expected) => {
    expect(manualSteps(shippedTemplate(id)).map((step) => [step.id, step.when])).toEqual(expected);
  });

  it("AIW: the Integration form gets the base URL, unique identifier, supported actions, HTTP Header and the raw token", () => {
    const connection = manualSteps(shippedTemplate("cloudapp")).find((step) => step.id === "provisioning-connection");
    expect(connection?.values).toEqual([
      { field: "SCIM connector base URL", value: "https://share.getcloudapp.com/saml/scim/v2" },
      { field: "Unique identifier field for users", value: "email" },
      { field: "Supported provisioning actions", value: "Import New Users and Profile Updates, Push New Users, Push Profile Updates" },
      { field: "Authentication Mode", value: "HTTP Header" },
      { field: "Authorization", value: "{token}" },
    ]);
    expect(connection?.whereToClick).toContain("Provisioning → Integration");
    const enable = manualSteps(shippedTemplate("cloudapp")).find((step) => step.id === "enable-scim");
    expect(enable?.whereToClick).toContain('General → App Settings → Edit → tick "Enable SCIM provisioning"');
    expect(enable?.verifiedBy).toContain("SCIM_PROVISIONING");
  });

  it("basic auth is never offered to the Connections API: the reason names it", () => {
    const connection = manualSteps(shippedTemplate("kloudhybrid")).find((step) => step.id === "provisioning-connection");
    expect(connection?.why).toMatch(/never basic/);
    expect(connection?.values).toContainEqual({ field: "Password", value: "{password}" });
  });

  it("header auth test app: the API Token field gets Bearer {token}, and the optional Import Groups box", () => {
    const connection = manualSteps(shippedTemplate("strongdm")).find((step) => step.id === "provisioning-connection");
    expect(connection?.values).toEqual([
      { field: "Enable API Integration", value: "ticked" },
      { field: "Base URL", value: "https://app.strongdm.com/scim/okta/v2" },
      { field: "API Token", value: "Bearer {token}" },
      { field: "Import Groups", value: "ticked (optional)" },
    ]);
  });

  it("To App lists every switch, with Sync Password off", () => {
    const toApp = manualSteps(shippedTemplate("kloudhybrid")).find((step) => step.id === "to-app");
    expect(toApp?.values).toEqual([
      { field: "Create Users", value: "enabled" },
      { field: "Update User Attributes", value: "enabled" },
      { field: "Deactivate Users", value: "enabled" },
      { field: "Sync Password", value: "off" },
    ]);
  });
});
