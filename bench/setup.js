// setup against the Okta org emulator (issue 9 item 10): Okta API calls for a fresh setup and for a
// no-op re-run, and the wall time of each with 50 ms of latency added to every call (each request
// leaves the connection pool 50 ms late), as a ratio to (calls on the critical path × 50 ms): independent
// reads run side by side, so the wall time is close to the critical path, far from one call after
// another. The critical path is the longest chain of calls each of which started after the one
// before it had its answer. Figures only, no asserts.
// Needs `npm run build` first (imports ../dist). Run directly: node bench/setup.js
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { Agent } from "undici";
import { Redactor } from "../dist/core/redact.js";
import { OktaClient } from "../dist/okta/client.js";
import { startOktaEmulator } from "../dist/sandbox/okta/index.js";
import { applyPlan } from "../dist/setup/apply.js";
import { desiredSetup } from "../dist/setup/desired.js";
import { prepareSetup } from "../dist/setup/prepare.js";
import { loadVendorTemplate } from "../dist/templates/load.js";

const LATENCY_MS = 50;
const TARGET_RATIO = 1.3;

/** A connection pool whose every request leaves LATENCY_MS late: Okta's round trip, without a proxy in between. */
function slowPool() {
  return new Agent({ keepAliveTimeout: 10_000 }).compose((dispatch) => (options, handler) => {
    setTimeout(() => dispatch(options, handler), LATENCY_MS);
    return true;
  });
}

/** The longest chain of calls where each one started after the previous one had ended. */
function criticalPath(calls) {
  const sorted = [...calls].sort((a, b) => a.end - b.end);
  const depth = [];
  for (const [index, call] of sorted.entries()) {
    let best = 0;
    for (let before = 0; before < index; before += 1) if (sorted[before].end <= call.start) best = Math.max(best, depth[before]);
    depth.push(best + 1);
  }
  return Math.max(0, ...depth);
}

async function organisation() {
  const emulator = await startOktaEmulator({ connectionsApi: "works", featuresApi: "works", rateLimit: 1_000_000, record: false });
  const { store } = emulator;
  const engineering = store.createGroup({ name: "Engineering" });
  const admins = store.createGroup({ name: "Admins" });
  for (let index = 0; index < 20; index += 1) {
    const user = store.createUser({ login: `user${index}@example.com`, email: `user${index}@example.com`, firstName: "User", lastName: String(index), managerId: "boss@example.com" }, { activate: true, hasPassword: true });
    store.addGroupMember(index % 2 === 0 ? engineering.id : admins.id, user.id);
  }
  // KloudHybrid's app takes basic auth, which no API sets: the admin has done that step when the app appears.
  store.events.on("app.created", ({ appId }) => store.setProvisioning(appId, { scimEnabled: true, baseUrl: "https://acme.apps.kloudspot.com/scim/v2", auth: { type: "basic", username: "scim-user", password: "secret-password" } }));
  return emulator;
}

async function setupRun(orgUrl, token, desired) {
  const calls = [];
  const dispatcher = slowPool();
  const client = new OktaClient({
    connection: { orgUrl, orgUrlSource: "--org-url", credentials: { kind: "ssws", token, source: "OKTA_API_TOKEN" } },
    env: {},
    redactor: new Redactor(),
    dispatcher,
    onExchange: (exchange) => calls.push({ start: Date.parse(exchange.startedAt), end: Date.parse(exchange.startedAt) + exchange.durationMs }),
  });
  try {
    const started = performance.now();
    const prepared = await prepareSetup(client, desired, async (candidates) => candidates[0]);
    const result = await applyPlan({ client, desired, plan: prepared.plan, observed: prepared.observed });
    const ms = performance.now() - started;
    const unfinished = [...result.outcomes.entries()].filter(([, outcome]) => outcome.status !== "done").map(([step, outcome]) => `${step} ${outcome.status}`);
    return { ms, writes: client.writeCount, calls, unfinished };
  } finally {
    await client.close();
    await dispatcher.close();
  }
}

const ROUNDS = 5;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** One org from scratch: a fresh setup, then the same again (nothing to do). */
async function round(desired) {
  const emulator = await organisation();
  const figures = {};
  try {
    for (const phase of ["fresh", "noop"]) {
      const { calls, ...run } = await setupRun(emulator.orgUrl, emulator.apiToken, desired);
      const critical = criticalPath(calls);
      figures[phase] = { ...run, calls: calls.length, critical, ratio: run.ms / (critical * LATENCY_MS), sequentialRatio: run.ms / (calls.length * LATENCY_MS) };
    }
  } finally {
    await emulator.close();
  }
  return figures;
}

export async function benchSetup({ print = true } = {}) {
  const desired = desiredSetup({
    template: await loadVendorTemplate("kloudhybrid"),
    params: { baseUrl: "https://acme.apps.kloudspot.com/scim/v2", managerSource: "user.managerId" },
    pushGroups: ["Admins"],
    assignGroups: ["Engineering"],
  });
  // The first round warms module loading and the JIT (the Okta SDK alone takes about a second): not counted.
  await round(desired);
  const rounds = [];
  for (let index = 0; index < ROUNDS; index += 1) rounds.push(await round(desired));
  const figures = {};
  for (const phase of ["fresh", "noop"]) {
    const byRatio = [...rounds].sort((a, b) => a[phase].ratio - b[phase].ratio);
    figures[phase] = byRatio[Math.floor(byRatio.length / 2)][phase];
    figures[phase].ms = median(rounds.map((entry) => entry[phase].ms));
  }
  if (print) {
    const verdict = (ratio) => (ratio <= TARGET_RATIO ? "within target" : "OVER TARGET");
    console.log(`setup --vendor kloudhybrid against the Okta emulator (${LATENCY_MS} ms added to every Okta call; median of ${ROUNDS} orgs)`);
    for (const [phase, label] of [["fresh", "fresh setup   "], ["noop", "no-op re-run  "]]) {
      const figure = figures[phase];
      const pending = figure.unfinished.length > 0 ? `; not done: ${figure.unfinished.join(", ")}` : "";
      console.log(`  ${label} ${figure.calls} Okta calls (${figure.writes} writes), ${figure.critical} on the critical path${pending}`);
      console.log(
        `                 ${figure.ms.toFixed(0)} ms = ${figure.ratio.toFixed(2)}× (critical path × ${LATENCY_MS} ms) (target ≤ ${TARGET_RATIO}×: ${verdict(figure.ratio)}); one call after another would take ${(1 / figure.sequentialRatio).toFixed(1)}× as long`,
      );
    }
  }
  return figures;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await benchSetup();
