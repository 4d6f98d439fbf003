import { afterEach, describe, expect, it } from "vitest";
import { Redactor } from "../../src/core/redact.js";
import { OktaClient } from "../../src/okta/client.js";
import type { Clock } from "../../src/okta/transport.js";
import { applyPlan } from "../../src/setup/apply.js";
import { desiredSetup, type DesiredSetup } from "../../src/setup/desired.js";
import { prepareSetup } from "../../src/setup/prepare.js";
import { startOktaEmulator, type OktaEmulator } from "../../src/sandbox/okta/index.js";
import { loadVendorTemplate } from "../../src/templates/load.js";
import { startFaultProxy, type Fault, type FaultProxy } from "./support/fault-proxy.js";

/** Sleeps pass at once: a 429's wait is honoured without making the test slow. */
const instantClock: Clock = { now: () => Date.now(), sleep: async () => {} };

let emulator: OktaEmulator | undefined;
let proxy: FaultProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await emulator?.close();
  proxy = undefined;
  emulator = undefined;
});

async function freshOrg(): Promise<{ emulator: OktaEmulator; proxy: FaultProxy; desired: DesiredSetup }> {
  emulator = await startOktaEmulator({ connectionsApi: "works", featuresApi: "works", rateLimit: 100_000, record: false });
  proxy = await startFaultProxy(emulator.orgUrl);
  const { store } = emulator;
  const group = store.createGroup({ name: "Engineering" });
  const user = store.createUser({ login: "ann@example.com", email: "ann@example.com", firstName: "Ann", lastName: "Lee", managerId: "boss@example.com" }, { activate: true, hasPassword: true });
  store.addGroupMember(group.id, user.id);
  const desired = desiredSetup({
    template: await loadVendorTemplate("kloudhybrid"),
    params: { baseUrl: "https://acme.apps.kloudspot.com/scim/v2", managerSource: "user.managerId" },
    pushGroups: ["Engineering"],
    assignGroups: ["Engineering"],
  });
  // KloudHybrid's app takes basic auth: the connection is a manual step the admin has done.
  store.events.on("app.created", ({ appId }) => store.setProvisioning(appId, { scimEnabled: true, baseUrl: "https://acme.apps.kloudspot.com/scim/v2", auth: { type: "basic", username: "u", password: "p" } }));
  return { emulator, proxy, desired };
}

async function runSetup(proxyUrl: string, token: string, desired: DesiredSetup): Promise<{ failed: boolean; writes: number }> {
  const client = new OktaClient({ connection: { orgUrl: proxyUrl, orgUrlSource: "--org-url", credentials: { kind: "ssws", token, source: "OKTA_API_TOKEN" } }, env: {}, redactor: new Redactor(), clock: instantClock });
  try {
    const prepared = await prepareSetup(client, desired, async (candidates) => candidates[0]!);
    const result = await applyPlan({ client, desired, plan: prepared.plan, observed: prepared.observed });
    return { failed: [...result.outcomes.values()].some((outcome) => outcome.status !== "done"), writes: client.writeCount };
  } catch {
    return { failed: true, writes: client.writeCount };
  } finally {
    await client.close();
  }
}

/** What setup is responsible for in the org, in a comparable form (ids replaced by names). */
function snapshot(org: OktaEmulator, label: string) {
  const { store } = org;
  const apps = [...store.apps.values()].filter((app) => app.label === label);
  return apps.map((app) => ({
    name: app.name,
    userNameTemplate: app.credentials.userNameTemplate.template,
    toApp: app.provisioning.toApp,
    custom: [...store.appSchema(app.id).custom.keys()].sort(),
    mapping: Object.fromEntries([...(store.toAppMapping(app.id)?.properties ?? new Map())].sort(([a], [b]) => a.localeCompare(b))),
    groups: store.appGroupAssignmentsOf(app.id).map((entry) => store.getGroup(entry.groupId).profile.name),
    pushes: store.groupPushMappingsOf(app.id).map((mapping) => ({ group: store.getGroup(mapping.sourceGroupId).profile.name, status: mapping.status })),
  }));
}

/** A clean run's end state, and how many writes and requests it took. */
async function reference() {
  const org = await freshOrg();
  const clean = await runSetup(org.proxy.url, org.emulator.apiToken, org.desired);
  expect(clean.failed).toBe(false);
  const expected = snapshot(org.emulator, "KloudHybrid");
  expect(expected).toHaveLength(1);
  expect(expected[0]?.pushes).toEqual([{ group: "Engineering", status: "ACTIVE" }]);
  const writes = org.proxy.seen.filter((request) => request.method !== "GET").length;
  const requests = org.proxy.seen.length;
  // A re-run with nothing changed writes nothing: counted where the requests arrive, not by the client.
  const before = org.proxy.seen.length;
  const again = await runSetup(org.proxy.url, org.emulator.apiToken, org.desired);
  expect(again.failed).toBe(false);
  expect(org.proxy.seen.slice(before).filter((request) => request.method !== "GET")).toEqual([]);
  await proxy!.close();
  await emulator!.close();
  return { expected, writes, requests };
}

/** Break the nth request `which` selects, re-run unbroken, and compare with the clean run. */
async function breakAndRerun(fault: Fault, nth: number, which: (method: string) => boolean, expected: unknown) {
  const org = await freshOrg();
  org.proxy.arm(fault, nth, which);
  const broken = await runSetup(org.proxy.url, org.emulator.apiToken, org.desired);
  org.proxy.disarm();
  const rerun = await runSetup(org.proxy.url, org.emulator.apiToken, org.desired);
  expect(rerun.failed, `${fault} at request ${nth}: re-run`).toBe(false);
  expect(snapshot(org.emulator, "KloudHybrid"), `${fault} at request ${nth}`).toEqual(expected);
  await proxy!.close();
  await emulator!.close();
  proxy = undefined;
  emulator = undefined;
  return broken;
}

describe("setup converges after a fault at any step", () => {
  it("every write broken by a dropped answer, a 500 or a 429 ends, after a re-run, as an unbroken run does, with no duplicates", async () => {
    const { expected, writes } = await reference();
    expect(writes).toBeGreaterThanOrEqual(6);
    for (const fault of ["drop-after-processing", "500", "429"] as Fault[]) {
      for (let nth = 1; nth <= writes; nth += 1) {
        const broken = await breakAndRerun(fault, nth, (method) => method !== "GET", expected);
        // Writes are never retried blindly (a dropped answer may hide a done change): the run stops; a 429 is waited out.
        expect(broken.failed, `${fault} at write ${nth}`).toBe(fault !== "429");
      }
    }
  }, 180_000);

  it("every read broken the same ways ends, after a re-run, as an unbroken run does", async () => {
    const { expected, requests, writes } = await reference();
    for (const fault of ["drop-after-processing", "500", "429"] as Fault[]) {
      for (let nth = 1; nth <= requests - writes; nth += 1) await breakAndRerun(fault, nth, (method) => method === "GET", expected);
    }
  }, 300_000);
});
