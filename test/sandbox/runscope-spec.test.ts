import { afterEach, describe, expect, test } from "vitest";
import { loadRunscopeTest, oktaSpecTestVariables, replayRunscopeTest } from "../../src/sandbox/runscope/index.js";
import { startReferenceScimServer, type FaultId, type ReferenceScimServer } from "../../src/sandbox/scim/index.js";
import { oktaFilePresent, SPEC_TEST_FILE } from "./okta-files.js";

const TOKEN = "spec-replay-token-5150";
const SEED = { userName: "seed.user@example.com", name: { givenName: "Seed", familyName: "User" }, emails: [{ value: "seed.user@example.com", primary: true, type: "work" }], active: true };

const servers: ReferenceScimServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A defective server fails for good: a step after a pause is polled for a short bound, not the file's 5 s. */
async function replaySpec(faults: FaultId[] = []) {
  const server = await startReferenceScimServer({ auth: { mode: "header", token: TOKEN }, seed: { users: [SEED] }, faults });
  servers.push(server);
  const test = await loadRunscopeTest(SPEC_TEST_FILE);
  const result = await replayRunscopeTest(test, {
    variables: { ...oktaSpecTestVariables(), SCIMBaseURL: server.baseUrl, auth: `Bearer ${TOKEN}` },
    secretVariables: ["auth"],
    ...(faults.length > 0 ? { pauses: { boundMs: () => 300 } } : {}),
  });
  return { result, server };
}

describe.skipIf(!oktaFilePresent(SPEC_TEST_FILE, "Okta's SPEC test replay"))("Okta's SCIM 2.0 SPEC test, replayed as written against the reference server", () => {
  test("every step and every assertion in the file holds", async () => {
    const { result, server } = await replaySpec();
    const failures = result.steps.filter((step) => !step.passed);
    expect(failures).toEqual([]);
    expect(result.summary).toMatchObject({ requests: 12, passed: 12, failed: 0, assertionsFailed: 0 });
    expect(result.summary.assertions).toBeGreaterThanOrEqual(50);
    // The file's own requests reached the server, headers and all: 12 steps, the 401 check without our token.
    expect(server.requests).toHaveLength(12);
    expect(server.requests.map((request) => request.headers.authorization)).toContain("non-token");
    expect(server.requests.find((request) => request.method === "GET")?.headers["user-agent"]).toBe("OKTA SCIM Integration");
    // The create step's variables were extracted and used by the next steps.
    expect(result.variables.idUserOne).toMatch(/\S/);
    expect(server.requests.some((request) => request.path.endsWith(`/Users/${result.variables.idUserOne}`))).toBe(true);
  });

  test("the token never appears in the result", async () => {
    const { result } = await replaySpec();
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    expect(result.variables.auth).toBe("[REDACTED]");
  });

  test.each<[FaultId, string, string]>([
    ["auth-not-enforced", "Required Test: Check status 401", "response_status"],
    ["error-missing-detail", "Required Test: Test invalid User by ID", "response_json"],
    ["user-missing-name", "Required Test: Test Users endpoint", "response_json"],
    ["get-by-id-summary", "Required Test: Get Users/{{id}} ", "response_json"],
  ])("a server with the %s defect fails the step %j", async (fault, note, source) => {
    const { result } = await replaySpec([fault]);
    const step = result.steps.find((candidate) => candidate.note === note);
    expect(step?.passed).toBe(false);
    expect(step?.assertions.some((assertion) => !assertion.passed && assertion.source === source)).toBe(true);
    expect(result.passed).toBe(false);
  });
});
