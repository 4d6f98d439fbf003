import { afterEach, expect, test } from "vitest";
import { join } from "node:path";
import { closedPort, defectiveProxy, probe, probeMade, probeResult, readText, referenceServer, tempDir, type ReferenceScimServer } from "./support/harness.js";
import { runCli } from "../support/cli.js";

const closers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const closer of closers.splice(0).reverse()) await closer.close();
});

async function start(options: Parameters<typeof referenceServer>[0] = {}): Promise<ReferenceScimServer> {
  const server = await referenceServer(options);
  closers.push(server);
  return server;
}

const SEED = {
  users: [
    { userName: "ada.lovelace@customer.example", name: { givenName: "Ada", familyName: "Lovelace" }, emails: [{ value: "ada.lovelace@customer.example", primary: true, type: "work" }], active: true },
    { userName: "grace.hopper@customer.example", name: { givenName: "Grace", familyName: "Hopper" }, emails: [{ value: "grace.hopper@customer.example", primary: true, type: "work" }], active: false },
  ],
  groups: [{ displayName: "Engineering" }, { displayName: "Finance" }],
};

test("a full run leaves the server's own users and groups exactly as they were, and nothing of its own", async () => {
  const server = await start({ seed: SEED });
  const before = server.snapshot();

  const run = await probe(server.baseUrl, []);

  expect(run.report.probes.length).toBeGreaterThanOrEqual(12);
  expect(server.snapshot()).toEqual(before);
  expect(probeMade(server)).toEqual([]);
  expect(run.report.leftovers).toEqual([]);
  // Writes only ever reached what the run created.
  const seededIds = new Set([...before.users, ...before.groups].map((resource) => resource.id));
  const writes = server.requests.filter((request) => !["GET", "POST"].includes(request.method));
  for (const write of writes) expect(seededIds.has(decodeURIComponent(write.path.split("/").at(-1) ?? ""))).toBe(false);
});

test("cleanup runs after a failed probe: the duplicate a server wrongly created is removed too", async () => {
  const server = await start({ faults: ["no-409-duplicate-user"] });
  const run = await probe(server.baseUrl, ["--suite", "okta-spec"]);

  expect(run.code).toBe(1);
  expect(probeResult(run.report, "okta-spec/08-duplicate-user-409").status).toBe("failed");
  expect(server.requests.filter((request) => request.method === "DELETE")).toHaveLength(3);
  expect(probeMade(server)).toEqual([]);
  expect(run.report.leftovers).toEqual([]);
});

test("a server that answers 500 to every write: probes fail, nothing is left, the run ends normally", async () => {
  const server = await start({ faults: ["server-error-on-write"] });
  const run = await probe(server.baseUrl, ["--suite", "okta-spec"]);

  expect(run.code).toBe(1);
  expect(probeResult(run.report, "okta-spec/06-create-user").message).toContain("status is 500, expected 201");
  expect(run.report.leftovers).toEqual([]);
  expect(server.snapshot().users).toEqual([]);
});

test("what cleanup cannot remove is listed by id, in the report and on stderr", async () => {
  const server = await start();
  const refuseWrites = await defectiveProxy(server, {
    answer: (request) =>
      ["DELETE", "PATCH", "PUT"].includes(request.method)
        ? { status: 500, body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "500", detail: "write refused" } }
        : undefined,
  });
  closers.push(refuseWrites);

  const run = await probe(refuseWrites.baseUrl, ["--only", "okta-spec/06-create-user"]);

  const left = server.snapshot().users;
  expect(left).toHaveLength(1);
  const id = left[0]?.id ?? "";
  expect(run.report.leftovers).toEqual([
    { type: "User", id, reason: expect.stringContaining("could not delete or deactivate: DELETE answered 500, PATCH active=false answered 500, PUT answered 500") },
  ]);
  expect(run.stderr).toContain(`left on the server: User ${id}`);
});

test("a server that cannot DELETE users gets them deactivated, and says so", async () => {
  const server = await start({ faults: ["no-delete"] });
  const run = await probe(server.baseUrl, ["--suite", "okta-spec"]);

  expect(run.code).toBe(0);
  const users = server.snapshot().users;
  expect(users).toHaveLength(2);
  expect(users.every((user) => user.active === false)).toBe(true);
  expect(run.report.leftovers.map((leftover) => leftover.id).sort()).toEqual(users.map((user) => user.id).sort());
  for (const leftover of run.report.leftovers) expect(leftover.reason).toMatch(/^deactivated, not deleted: DELETE answered 405/);
  const patches = server.requests.filter((request) => request.method === "PATCH");
  expect(patches.map((request) => JSON.parse(request.body ?? "{}"))).toEqual([
    { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", value: { active: false } }] },
    { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", value: { active: false } }] },
  ]);
});

test("Ctrl-C in the middle of a run: no new probe starts, what was created is removed, exit 130", async () => {
  const server = await start({ latencyMs: 40 });
  const abort = new AbortController();
  const watcher = setInterval(() => {
    if (server.requests.some((request) => request.method === "POST")) {
      clearInterval(watcher);
      abort.abort();
    }
  }, 2);

  const run = await probe(server.baseUrl, ["--suite", "okta-spec", "--concurrency", "1"], { signal: abort.signal });
  clearInterval(watcher);

  expect(run.code).toBe(130);
  expect(probeMade(server)).toEqual([]);
  expect(server.snapshot().users).toEqual([]);
  expect(server.requests.some((request) => request.method === "DELETE")).toBe(true);
  const notRun = run.report.probes.filter((entry) => entry.status === "skipped");
  expect(notRun.length).toBeGreaterThan(0);
  for (const entry of notRun) expect(entry.message).toMatch(/interrupted/);
  expect(run.stderr).toMatch(/Interrupted: stopped starting probes, removed [1-9]\d* resource\(s\) this run created; nothing was left behind\./);
});

test("--read-only sends only GETs; steps that need to write are skipped and say why", async () => {
  const server = await start({ seed: SEED });
  const run = await probe(server.baseUrl, ["--read-only"]);

  expect(new Set(server.requests.map((request) => request.method))).toEqual(new Set(["GET"]));
  expect(run.code).toBe(0);
  expect(probeResult(run.report, "okta-spec/01-users-endpoint").status).toBe("passed");
  expect(probeResult(run.report, "okta-spec/02-get-user-by-id").status).toBe("passed");
  expect(probeResult(run.report, "okta-spec/06-create-user")).toMatchObject({ status: "skipped", message: "sends write requests; --read-only allows only GET" });
  expect(probeResult(run.report, "okta-spec/07-verify-user-created")).toMatchObject({ status: "skipped", message: "needs okta-spec/06-create-user, which was skipped" });
});

test("--read-only on an empty server skips the steps that need a user, and names --seed-user", async () => {
  const server = await start();
  const run = await probe(server.baseUrl, ["--read-only", "--suite", "okta-spec"]);

  expect(new Set(server.requests.map((request) => request.method))).toEqual(new Set(["GET"]));
  expect(run.code).toBe(0);
  expect(probeResult(run.report, "okta-spec/01-users-endpoint")).toMatchObject({ status: "skipped", message: expect.stringContaining("--seed-user") });
  expect(probeResult(run.report, "okta-spec/02-get-user-by-id").status).toBe("skipped");
  expect(probeResult(run.report, "okta-spec/12-status-404").status).toBe("passed");
});

test("--seed-user: step 2 reads that user and no fixture user is created", async () => {
  const server = await start({ seed: SEED });
  const seeded = server.snapshot().users[0]?.id ?? "";
  const run = await probe(server.baseUrl, ["--only", "okta-spec/02-get-user-by-id", "--seed-user", seeded]);

  expect(run.code).toBe(0);
  expect(server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
    // The preflight: Okta's own list requests (test-connector's).
    "GET /scim/v2/Users?startIndex=1&count=2",
    "GET /scim/v2/Groups?startIndex=1&count=100",
    "GET /scim/v2/Users?count=1&startIndex=1",
    `GET /scim/v2/Users/${seeded}`,
  ]);
});

test.each([
  [[], "Connection refused"],
  [["--no-preflight"], "not run: the SCIM server could not be reached"],
])("an unreachable base URL (%j) stops at once with exit 3 and a one-line diagnosis, after writing the reports", async (argv, inReport) => {
  const port = await closedPort();
  const dir = await tempDir();
  const junit = join(dir, "probe.xml");
  const result = await runCli(["probe", "--reporter", `junit=${junit}`, ...argv], { env: { SCIM_BASE_URL: `http://127.0.0.1:${port}/scim/v2`, SCIM_TOKEN: "whatever-token" } });

  expect(result.code).toBe(3);
  expect(result.stdout).toBe("");
  const lines = result.stderr.trim().split("\n");
  expect(lines).toContain(`error: cannot reach the SCIM server at http://127.0.0.1:${port}/scim/v2: connection refused (ECONNREFUSED)`);
  expect(lines.at(-1)).toMatch(/^hint: /);
  const xml = await readText(junit);
  expect(xml).toContain("<testsuites");
  expect(xml).toContain("ECONNREFUSED");
  expect(xml).toContain(inReport);
});
