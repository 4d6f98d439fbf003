import { describe, expect, it } from "vitest";
import type { AppUserSchema, OktaApp, ProfileMapping } from "../../src/okta/model.js";
import { desiredSetup } from "../../src/setup/desired.js";
import { driftOf } from "../../src/setup/drift.js";
import type { ObservedOrg } from "../../src/setup/observe.js";
import { planSetup, type Plan } from "../../src/setup/plan.js";
import { planJson, renderPlan, summaryLine } from "../../src/setup/render.js";
import { loadVendorTemplate } from "../../src/templates/load.js";

const SCIM_FEATURES = ["SCIM_PROVISIONING", "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION", "REACTIVATE_USERS", "GROUP_PUSH"];

function app(overrides: Partial<OktaApp> = {}): OktaApp {
  return { id: "0oa1", name: "scim2headerauth", label: "strongDM", status: "ACTIVE", signOnMode: null, features: [], credentials: { userNameTemplate: { template: "${source.login}", type: "BUILT_IN" } }, ...overrides };
}

function schema(base: string[], custom: Record<string, { externalName: string; externalNamespace: string }> = {}): AppUserSchema {
  return { definitions: { base: { properties: Object.fromEntries(base.map((name) => [name, { type: "string" }])) }, custom: { properties: custom } } };
}

function mapping(properties: Record<string, { expression: string; pushStatus?: string }>): ProfileMapping {
  return { id: "prm1", source: { id: "oty1", type: "user" }, target: { id: "0oa1", type: "appuser" }, properties };
}

function observed(overrides: Partial<ObservedOrg> = {}): ObservedOrg {
  return { app: undefined, features: [], groups: new Map(), ...overrides };
}

const byPath = (plan: Plan) => Object.fromEntries(plan.items.map((item) => [item.path, item]));

describe("plan", () => {
  it("a new OIN test app: created with its username format; the connection is manual; what needs provisioning waits", async () => {
    const desired = desiredSetup({ template: await loadVendorTemplate("strongdm"), params: {} });
    const plan = planSetup(desired, { kind: "missing" }, observed());
    const items = byPath(plan);
    expect(items.app?.action).toBe("create");
    expect(items["app.credentials.userNameTemplate"]).toMatchObject({ action: "create", after: "${source.email}" });
    expect(items["provisioning.connection"]).toMatchObject({ action: "manual", note: "tries Okta's Connections API first" });
    expect(items["provisioning.toApp"]).toMatchObject({ action: "waiting", note: 'waits for the manual step "Configure API Integration: base URL and credentials"' });
    expect(plan.steps.find((step) => step.step === "to-app")?.status).toBe("waiting");
  });

  it("an AIW app is never created: locating it is the manual step, and everything else waits for it", async () => {
    const desired = desiredSetup({ template: await loadVendorTemplate("cloudapp"), params: {} });
    const plan = planSetup(desired, { kind: "missing" }, observed());
    expect(plan.items.find((item) => item.path === "app")).toMatchObject({ action: "manual" });
    expect(plan.items.filter((item) => item.action === "create" || item.action === "update")).toEqual([]);
    expect(plan.steps.find((step) => step.step === "enable-scim")).toMatchObject({ status: "waiting", waitingOn: "app" });
  });

  it("a configured app: username drift is a change, and To App switches come from the features", async () => {
    const desired = desiredSetup({ template: await loadVendorTemplate("strongdm"), params: {} });
    const found = app({ features: [...SCIM_FEATURES, "PUSH_PASSWORD_UPDATES"] });
    const plan = planSetup(desired, { kind: "found", app: found, by: "label" }, observed({ app: found, features: found.features ?? [] }));
    const items = byPath(plan);
    expect(items["app.credentials.userNameTemplate"]).toMatchObject({ action: "update", before: "${source.login}", after: "${source.email}" });
    expect(items["provisioning.connection"]?.action).toBe("unchanged");
    expect(items["provisioning.toApp"]).toMatchObject({ action: "update", before: { syncPassword: true }, after: { syncPassword: false } });
  });

  it("Infrascale: apply-on-create becomes DONT_PUSH, and every attribute it does not keep is removed", async () => {
    const desired = desiredSetup({ template: await loadVendorTemplate("infrascale"), params: { baseUrl: "https://scim.example.com/scim/v2" } });
    const found = app({ name: "sandbox_infrascale_1", label: "Infrascale", features: SCIM_FEATURES });
    const plan = planSetup(
      desired,
      { kind: "found", app: found, by: "label" },
      observed({
        app: found,
        features: SCIM_FEATURES,
        schema: schema(["userName", "givenName", "familyName", "email", "emailType", "displayName", "nickName", "title"]),
        toAppMapping: mapping({ givenName: { expression: "user.firstName", pushStatus: "PUSH" }, familyName: { expression: "user.lastName", pushStatus: "DONT_PUSH" }, nickName: { expression: "user.nickName", pushStatus: "PUSH" }, title: { expression: "user.title", pushStatus: "PUSH" } }),
      }),
    );
    const items = byPath(plan);
    expect(items["mappings.toApp.givenName"]).toMatchObject({ action: "update", before: "user.firstName (apply on create and update)", after: "user.firstName (apply on create)" });
    expect(items["mappings.toApp.familyName"]?.action).toBe("unchanged");
    expect(items["mappings.toApp.nickName"]).toMatchObject({ action: "update", after: null });
    expect(items["mappings.toApp.title"]).toMatchObject({ action: "update", after: null });
  });

  it("KloudHybrid: custom attributes only where the schema lacks them; managerValue mapped from the parameter", async () => {
    const desired = desiredSetup({ template: await loadVendorTemplate("kloudhybrid"), params: { baseUrl: "https://acme.apps.kloudspot.com/scim/v2", managerSource: "user.managerId" } });
    const found = app({ name: "scim2testapp_basic", label: "KloudHybrid", features: SCIM_FEATURES });
    const plan = planSetup(
      desired,
      { kind: "found", app: found, by: "label" },
      observed({ app: found, features: SCIM_FEATURES, schema: schema(["userName", "givenName", "department"], { costCenter: { externalName: "costCenter", externalNamespace: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User" } }), toAppMapping: mapping({}) }),
    );
    const items = byPath(plan);
    expect(items["schema.department"]?.action).toBe("unchanged");
    expect(items["schema.costCenter"]?.action).toBe("unchanged");
    expect(items["schema.managerValue"]?.action).toBe("create");
    expect(items["mappings.toApp.managerValue"]).toMatchObject({ action: "create", after: "user.managerId (apply on create and update)" });
  });

  it("group push: missing is created, INACTIVE or ERROR is set ACTIVE again; an assignment says how many people it creates", async () => {
    const desired = desiredSetup({ template: await loadVendorTemplate("clumio"), params: { baseUrl: "https://scim.example.com/v2" }, pushGroups: ["Admins", "Eng", "Ops"], assignGroups: ["Eng"] });
    const found = app({ name: "clumio", label: "Clumio", features: SCIM_FEATURES, credentials: { userNameTemplate: { template: "${source.email}", type: "BUILT_IN" } } });
    const group = (id: string, name: string, memberCount?: number) => [name, { name, group: { id, profile: { name } }, ...(memberCount === undefined ? {} : { memberCount }) }] as const;
    const plan = planSetup(
      desired,
      { kind: "found", app: found, by: "label" },
      observed({
        app: found,
        features: SCIM_FEATURES,
        groups: new Map([group("00g1", "Admins"), group("00g2", "Eng", 12), group("00g3", "Ops")]),
        groupPush: { available: true, value: [ { id: "gpm2", sourceGroupId: "00g2", status: "ERROR", errorSummary: "409 Conflict" }, { id: "gpm3", sourceGroupId: "00g3", status: "ACTIVE" } ] },
        appGroups: [],
      }),
    );
    const items = byPath(plan);
    expect(items["groupPush.Admins"]?.action).toBe("create");
    expect(items["groupPush.Eng"]).toMatchObject({ action: "update", before: "ERROR", after: "ACTIVE", note: "error: 409 Conflict" });
    expect(items["groupPush.Ops"]?.action).toBe("unchanged");
    expect(items["assignments.Eng"]).toMatchObject({ action: "create", note: "12 people will be created at Clumio" });
    expect(summaryLine(plan, "Clumio")).toBe("Plan: 2 to create, 1 to change, 5 unchanged, 0 manual steps, 0 waiting. Assignments will create 12 people at Clumio.");
  });
});

describe("rendering and drift", () => {
  it("renders Terraform's symbols; JSON keeps secrets out; drift lists all but unchanged with the fixing command", async () => {
    const desired = desiredSetup({ template: await loadVendorTemplate("strongdm"), params: {} });
    const found = app({ features: ["SCIM_PROVISIONING"] });
    const plan = planSetup(desired, { kind: "found", app: found, by: "id" }, observed({ app: found, features: ["SCIM_PROVISIONING"] }));
    const text = renderPlan(plan, { heading: "strongDM → https://acme.okta.com", vendor: "strongDM" });
    expect(text).toMatch(/^ {2}= app {2,}strongDM \(scim2headerauth, 0oa1\)$/m);
    expect(text).toMatch(/^ {2}~ app\.credentials\.userNameTemplate +\$\{source\.login\} → \$\{source\.email\}$/m);
    expect(text).toMatch(/^ {2}~ provisioning\.toApp /m);
    expect(planJson(plan).find((entry) => entry.path === "app")).toEqual({ step: "app", action: "unchanged", path: "app", before: null, after: "strongDM (scim2headerauth, 0oa1)" });
    const drift = driftOf(plan, "scim-okta setup --vendor strongdm --app-id 0oa1");
    expect(drift.map((entry) => entry.path)).toEqual(["app.credentials.userNameTemplate", "provisioning.toApp"]);
    expect(drift[0]).toMatchObject({ expected: "${source.email}", actual: "${source.login}", fix: "scim-okta setup --vendor strongdm --app-id 0oa1" });
  });
});
