import { afterEach, describe, expect, it } from "vitest";
import { UsageError } from "../../src/core/errors.js";
import { applyPlan, type ApplyResult } from "../../src/setup/apply.js";
import { desiredSetup, type DesiredSetup } from "../../src/setup/desired.js";
import { prepareSetup, type Prepared } from "../../src/setup/prepare.js";
import { CONNECTIONS_API_MODES, FEATURES_API_MODES } from "../../src/sandbox/okta/index.js";
import { loadVendorTemplate } from "../../src/templates/load.js";
import { oktaFixture, type OktaFixture } from "../okta/support/emulator.js";

let fixture: OktaFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

const modes = CONNECTIONS_API_MODES.flatMap((connectionsApi) => FEATURES_API_MODES.map((featuresApi) => ({ connectionsApi, featuresApi })));

async function run(desired: DesiredSetup, token = "Bearer scim-token-0123456789"): Promise<{ prepared: Prepared; result: ApplyResult; writes: number }> {
  const client = fixture!.client;
  const before = client.writeCount;
  const prepared = await prepareSetup(client, desired, async () => {
    throw new UsageError("ambiguous");
  });
  const result = await applyPlan({ client, desired, plan: prepared.plan, observed: prepared.observed, connectionToken: token });
  return { prepared, result, writes: client.writeCount - before };
}

const statusOf = (result: ApplyResult) => Object.fromEntries([...result.outcomes].map(([step, outcome]) => [step, outcome.status]));

describe("setup converges on the emulator (scim2-header)", () => {
  it.each(modes)("connections-api $connectionsApi, features-api $featuresApi", async ({ connectionsApi, featuresApi }) => {
    fixture = await oktaFixture({ credentials: "ssws", connectionsApi, featuresApi });
    const { store } = fixture.emulator;
    const engineering = store.createGroup({ name: "Engineering" });
    for (const login of ["ann@example.com", "bob@example.com"]) {
      const user = store.createUser({ login, email: login, firstName: login[0]!.toUpperCase(), lastName: "Test" }, { activate: true, hasPassword: true });
      store.addGroupMember(engineering.id, user.id);
    }
    const template = await loadVendorTemplate("scim2-header");
    const desired = desiredSetup({ template, params: { baseUrl: "https://scim.example.com/scim/v2" }, pushGroups: ["Engineering"], assignGroups: ["Engineering"] });

    // First run: the app is created with its username format; what needs provisioning waits.
    const first = await run(desired);
    expect(first.prepared.plan.items.find((item) => item.path === "app")?.action).toBe("create");
    expect(first.prepared.plan.items.find((item) => item.path === "assignments.Engineering")?.note).toMatch(/2 people will be created at SCIM 2\.0 Test App \(Header Auth\)$/);
    expect(first.prepared.plan.peopleToCreate).toBe(2);
    const firstStatus = statusOf(first.result);
    expect(firstStatus.app).toBe("done");
    const app = first.result.app!;
    expect(app.credentials?.userNameTemplate?.template).toBe("${source.login}");
    if (connectionsApi === "works") {
      expect(firstStatus["provisioning-connection"]).toBe("done");
      expect(firstStatus["to-app"]).toBe(featuresApi === "works" ? "done" : "pending");
    } else {
      expect(firstStatus["provisioning-connection"]).toBe("pending");
      expect(firstStatus["to-app"]).toBe("pending");
      expect(firstStatus.assignments).toBe("waiting");
      expect(store.appGroupAssignmentsOf(app.id)).toEqual([]);
      // The admin does the manual step in the Admin Console (the sandbox's stand-in).
      store.setProvisioning(app.id, { scimEnabled: true, baseUrl: "https://scim.example.com/scim/v2", auth: { type: "header", value: "Bearer scim-token-0123456789" } });
    }

    // Second run: To App through the Features API, or a manual step when Okta refuses it.
    const second = await run(desired);
    if (featuresApi === "error") {
      expect(statusOf(second.result)["to-app"]).toBe("pending");
      expect(second.result.outcomes.get("to-app")).toMatchObject({ note: "Okta's Features API refused it (Provisioning is not supported.)" });
      store.setProvisioning(app.id, { toApp: { create: true, update: true, deactivate: true, password: false } });
    }
    const third = featuresApi === "error" ? await run(desired) : second;
    expect(Object.values(statusOf(third.result)).every((status) => status === "done")).toBe(true);
    expect(store.appGroupAssignmentsOf(app.id).map((assignment) => assignment.groupId)).toEqual([engineering.id]);
    expect(store.groupPushMappingsOf(app.id).map((mapping) => mapping.sourceGroupId)).toEqual([engineering.id]);

    // A re-run with nothing changed plans nothing and writes nothing.
    const again = await run(desired);
    expect(again.prepared.plan.items.every((item) => item.action === "unchanged")).toBe(true);
    expect(again.writes).toBe(0);
    expect([...store.apps.values()].filter((entry) => entry.label === desired.app.label)).toHaveLength(1);
  });
});
