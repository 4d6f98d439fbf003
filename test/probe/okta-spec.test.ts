import { afterEach, describe, expect, test } from "vitest";
import type { ProbeStatus } from "../../src/scim/report.js";
import { defectiveProxy, probe, probeMade, probeResult, referenceServer, type FaultId, type ProxyDefect, type ReferenceScimServer } from "./support/harness.js";

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const server of servers.splice(0).reverse()) await server.close();
});

async function start(faults: FaultId[] = []): Promise<ReferenceScimServer> {
  const server = await referenceServer({ faults });
  servers.push(server);
  return server;
}

/** Defects no reference-server fault models: a proxy changes exactly that. */
const PROXY_DEFECTS = {
  "get-by-id-drops-name": {
    rewrite: (request, body) => {
      if (request.method !== "GET" || !/\/Users\/[^?]+$/.test(request.path)) return body;
      const { name: _dropped, ...rest } = body as Record<string, unknown>;
      return rest;
    },
  },
  "upper-case-filter-400": {
    answer: (request) =>
      request.method === "GET" && request.path.includes("SCIMOKTAPROBE") && request.headers.authorization !== "non-token"
        ? { status: 400, body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "400", detail: "bad filter" } }
        : undefined,
  },
} satisfies Record<string, ProxyDefect>;

test("okta-spec passes on the clean reference server, leaves nothing behind, and sends Okta's requests", async () => {
  const server = await start();
  const run = await probe(server.baseUrl, ["--suite", "okta-spec"]);

  expect(run.code).toBe(0);
  expect(run.report.probes.map((entry) => [entry.id, entry.status])).toEqual([
    ["okta-spec/01-users-endpoint", "passed"],
    ["okta-spec/02-get-user-by-id", "passed"],
    ["okta-spec/03-invalid-user-by-username", "passed"],
    ["okta-spec/04-invalid-user-by-id", "passed"],
    ["okta-spec/05-random-user-absent", "passed"],
    ["okta-spec/06-create-user", "passed"],
    ["okta-spec/07-verify-user-created", "passed"],
    ["okta-spec/08-duplicate-user-409", "passed"],
    ["okta-spec/09-username-case", "passed"],
    ["okta-spec/10-groups-endpoint", "passed"],
    ["okta-spec/11-status-401", "passed"],
    ["okta-spec/12-status-404", "passed"],
  ]);
  expect(run.report.probes.map((entry) => entry.title)).toContain("Required Test: Test Users endpoint");
  expect(probeResult(run.report, "okta-spec/10-groups-endpoint")).toMatchObject({ required: false, title: "Optional Test: Verify Groups endpoint", reference: "Okta SPEC step 10" });
  expect(run.report.leftovers).toEqual([]);
  expect(probeMade(server)).toEqual([]);

  const posts = server.requests.filter((request) => request.method === "POST");
  // The fixture user for step 1, step 6's user, step 8's duplicate attempt.
  expect(posts).toHaveLength(3);
  for (const post of posts) {
    expect(post.headers["content-type"]).toBe("application/json");
    expect(post.headers["user-agent"]).toBe("OKTA SCIM Integration");
    expect(JSON.parse(post.body ?? "{}")).toMatchObject({ name: { givenName: expect.stringMatching(/^ScimOktaProbe\d{3}$/) }, active: true });
  }
  const step11 = server.requests.find((request) => request.headers.authorization === "non-token");
  expect(step11?.path).toMatch(/\/Users\?filter=userName%20eq%20%22SCIMOKTAPROBE/);
  // The server had no users: step 1 created a fixture user, not reported as a probe; its exchange shows in step 1.
  expect(probeResult(run.report, "okta-spec/01-users-endpoint").exchanges.map((exchange) => exchange.method)).toEqual(["GET", "POST", "GET"]);
});

interface DefectCase {
  defect: FaultId | keyof typeof PROXY_DEFECTS;
  step: string;
  status: ProbeStatus;
  message: string;
  argv?: string[];
}

const DEFECTS: DefectCase[] = [
  { defect: "list-counts-as-strings", step: "01-users-endpoint", status: "failed", message: "itemsPerPage is not a number" },
  { defect: "user-missing-name", step: "01-users-endpoint", status: "failed", message: "Resources[0].name.familyName is missing" },
  { defect: "get-by-id-drops-name", step: "02-get-user-by-id", status: "failed", message: "name.familyName is missing" },
  { defect: "no-match-404", step: "03-invalid-user-by-username", status: "failed", message: "status is 404, expected 200" },
  { defect: "error-not-scim-404", step: "04-invalid-user-by-id", status: "failed", message: "detail is missing" },
  { defect: "no-match-404", step: "05-random-user-absent", status: "failed", message: "status is 404, expected 200" },
  { defect: "create-returns-200", step: "06-create-user", status: "failed", message: "status is 200, expected 201" },
  { defect: "reject-plain-json-body", step: "06-create-user", status: "failed", message: "status is 415, expected 201" },
  { defect: "get-by-id-drops-name", step: "07-verify-user-created", status: "failed", message: "name.familyName is missing" },
  { defect: "no-409-duplicate-user", step: "08-duplicate-user-409", status: "failed", message: "expected 409: the server created a second user" },
  { defect: "upper-case-filter-400", step: "09-username-case", status: "failed", message: "status is 400, expected 200" },
  { defect: "case-sensitive-username", step: "09-username-case", status: "warned", message: "found 0 users instead of 1" },
  { defect: "slow-responses", step: "10-groups-endpoint", status: "failed", message: "Okta's test wants it under 600 ms", argv: ["--only", "okta-spec/10-groups-endpoint"] },
  { defect: "error-plain-401", step: "11-status-401", status: "failed", message: "the body is not JSON (text/html" },
  { defect: "auth-not-enforced", step: "11-status-401", status: "failed", message: "status is 200, expected 401" },
  { defect: "error-missing-detail", step: "12-status-404", status: "failed", message: "detail is missing" },
  { defect: "error-not-scim-404", step: "12-status-404", status: "failed", message: 'schemas does not have "urn:ietf:params:scim:api:messages:2.0:Error"' },
  { defect: "error-status-number", step: "12-status-404", status: "warned", message: 'the error\'s "status" is the number 404' },
];

describe("each okta-spec step catches its defect", () => {
  test.each(DEFECTS)("$defect → okta-spec/$step $status", async ({ defect, step, status, message, argv }) => {
    const isProxy = defect in PROXY_DEFECTS;
    const server = await start(isProxy ? [] : [defect as FaultId]);
    let baseUrl = server.baseUrl;
    if (isProxy) {
      const proxy = await defectiveProxy(server, PROXY_DEFECTS[defect as keyof typeof PROXY_DEFECTS]);
      servers.push(proxy);
      baseUrl = proxy.baseUrl;
    }
    const run = await probe(baseUrl, ["--suite", "okta-spec", ...(argv ?? [])]);

    const result = probeResult(run.report, `okta-spec/${step}`);
    expect(result.status).toBe(status);
    expect(result.message).toContain(message);
    if (status === "failed") {
      expect(run.code).toBe(result.required ? 1 : 0);
      expect(result.curl).toMatch(/^curl -sS -X (GET|POST) '/);
      expect(result.expected).not.toBeNull();
      expect(result.actual).not.toBeNull();
    }
    expect(probeMade(server)).toEqual([]);
  });
});

test("a failed probe explains itself: expected, actual, exchanges, and a curl line without the token", async () => {
  const server = await start(["create-returns-200"]);
  const run = await probe(server.baseUrl, ["--suite", "okta-spec"]);
  const result = probeResult(run.report, "okta-spec/06-create-user");

  expect(result).toMatchObject({ status: "failed", expected: "status 201", actual: "status 200" });
  expect(result.exchanges).toEqual([expect.objectContaining({ method: "POST", url: `${server.baseUrl}/Users`, status: 200 })]);
  expect(result.exchanges[0]?.requestBody).toContain('"userName":"ScimOktaProbe');
  expect(result.curl).toMatch(new RegExp(`^curl -sS -X POST '${server.baseUrl}/Users' `));
  expect(result.curl).toContain(`-H 'content-type: application/json'`);
  expect(result.curl).toContain('-H "Authorization: Bearer $SCIM_TOKEN"');
  expect(result.curl).toMatch(/--data-raw '\{"schemas":\["urn:ietf:params:scim:schemas:core:2.0:User"\],"userName":"ScimOktaProbe/);
  expect(JSON.stringify(run.report)).not.toContain("probe-test-token");
  // Steps after a failed step say why they did not run.
  expect(probeResult(run.report, "okta-spec/07-verify-user-created")).toMatchObject({ status: "skipped", message: "needs okta-spec/06-create-user, which failed" });
});
