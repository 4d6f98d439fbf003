import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadRunscopeTest, oktaCrudTestVariables, replayRunscopeTest, type ReplayResult, type RunscopeTest } from "../../src/sandbox/runscope/index.js";
import type { Sandbox } from "../../src/sandbox/start.js";
import { startBetterAuthScimServer, type BetterAuthScimServer } from "../e2e/better-auth-server.js";
import { addApp, admin, sandbox } from "./admin-support.js";
import { CRUD_TEST_FILE, oktaFilePresent } from "./okta-files.js";

interface ScimTarget {
  baseUrl: string;
  /** What the admin pastes, and what the CRUD file's own SCIM reads send (its SCIMAuth variable). */
  authorization: string;
}

/**
 * Okta's CRUD test as written, against the sandbox: an app set up (through the Admin Console
 * stand-in) for a SCIM server, the file's variables generated as its initial script does, its
 * pauses replaced by bounded polling.
 */
async function replayCrud(
  file: RunscopeTest,
  box: Sandbox,
  kind: "scim2headerauth" | "custom-saml",
  target: ScimTarget,
  overrides: Record<string, string> = {},
  pauseBoundMs?: (pauseSeconds: number) => number,
): Promise<ReplayResult> {
  const app = await addApp(box, kind, `CRUD ${kind}`);
  const token = target.authorization.replace(/^Bearer /, "");
  const saved = await admin(box, "PUT", `/apps/${app.id}/provisioning`, {
    scimEnabled: true,
    baseUrl: target.baseUrl,
    // OIN header auth sends what the admin typed; the AIW form adds "Bearer " itself.
    auth: { type: "header", value: kind === "custom-saml" ? token : target.authorization },
    ...(kind === "custom-saml" ? { supportedActions: ["pushNewUsers", "pushProfileUpdates", "pushGroups"] } : {}),
  });
  expect(saved.status).toBe(200);
  expect((await admin(box, "PUT", `/apps/${app.id}/provisioning`, { toApp: { create: true, update: true, deactivate: true } })).status).toBe(200);
  return replayRunscopeTest(file, {
    variables: { ...oktaCrudTestVariables(), oktaOrgUrl: box.oktaOrgUrl, oktaToken: box.oktaApiToken, oktaAppId: String(app.id), SCIMUrl: target.baseUrl, SCIMAuth: target.authorization, ...overrides },
    secretVariables: ["oktaToken", "SCIMAuth"],
    ...(pauseBoundMs ? { pauses: { boundMs: pauseBoundMs } } : {}),
  });
}

function expectEveryAssertionHeld(result: ReplayResult): void {
  const failed = result.steps.filter((step) => !step.passed);
  expect(failed).toEqual([]);
  expect(result.summary).toMatchObject({ requests: 13, passed: 13, failed: 0, assertionsFailed: 0 });
  expect(result.summary.assertions).toBe(21);
}

/**
 * Each pause bounds its polling by its own duration (20 s, 40 s), as the file wrote it: on a busy
 * machine provisioning may take seconds. A step expected to fail costs its whole bound, so the
 * runs that must fail one step poll for at most 8 s per pause, and the two Better Auth runs overlap.
 */
const FAILING_RUN_PAUSE_BOUND = (pauseSeconds: number) => Math.min(pauseSeconds * 1000, 8_000);
describe.skipIf(!oktaFilePresent(CRUD_TEST_FILE, "Okta's CRUD test replay"))("Okta's SCIM 2.0 CRUD test, replayed as written against the sandbox", { timeout: 180_000 }, () => {
  let crud: RunscopeTest;
  let box: Sandbox;

  beforeAll(async () => {
    crud = await loadRunscopeTest(CRUD_TEST_FILE);
    box = await sandbox();
  });
  afterAll(async () => {
    await box?.close();
  });

  describe("with the reference SCIM server", () => {
    test.each(["scim2headerauth", "custom-saml"] as const)("%s: every assertion in the file holds", async (kind) => {
      box.scim.requests.length = 0;
      const result = await replayCrud(crud, box, kind, { baseUrl: box.scimBaseUrl, authorization: `Bearer ${box.scimToken}` });
      expectEveryAssertionHeld(result);
      expect(JSON.stringify(result)).not.toContain(box.scimToken);
      expect(JSON.stringify(result)).not.toContain(box.oktaApiToken);

      // What the sandbox sent, in Okta's dialect for the app (the file's own reads carry its User-Agent-less GETs).
      const okta = box.scim.requests.filter((request) => request.headers["user-agent"] === "Okta SCIM Client 1.0.0").map((request) => `${request.method} ${request.path.replace(/\?.*$/, "").replace(/\/[0-9a-f-]{36}$/, "/{id}")}`);
      const expected =
        kind === "scim2headerauth"
          ? ["GET /scim/v2/Groups", "GET /scim/v2/Users", "POST /scim/v2/Users", "GET /scim/v2/Users/{id}", "PUT /scim/v2/Users/{id}", "PATCH /scim/v2/Users/{id}", "GET /scim/v2/Users", "PATCH /scim/v2/Users/{id}", "PATCH /scim/v2/Users/{id}"]
          : ["GET /scim/v2/Groups", "GET /scim/v2/Users", "POST /scim/v2/Users", "GET /scim/v2/Users/{id}", "PUT /scim/v2/Users/{id}", "GET /scim/v2/Users/{id}", "PUT /scim/v2/Users/{id}", "GET /scim/v2/Users", "GET /scim/v2/Users/{id}", "PUT /scim/v2/Users/{id}", "GET /scim/v2/Users/{id}", "PUT /scim/v2/Users/{id}"];
      expect(okta).toEqual(expected);
    });

    test("a SCIM server that ignores reactivation fails the file's reactivation check", async () => {
      box.scim.setFaults(["reactivation-ignored"]);
      try {
        const result = await replayCrud(crud, box, "scim2headerauth", { baseUrl: box.scimBaseUrl, authorization: `Bearer ${box.scimToken}` }, {}, FAILING_RUN_PAUSE_BOUND);
        const failed = result.steps.filter((step) => !step.passed).map((step) => step.note);
        expect(failed).toEqual(["Verify if user is reactivated in SCIM App"]);
      } finally {
        box.scim.setFaults([]);
      }
    });
  });

  describe("with Better Auth's SCIM server", () => {
    let betterAuth: BetterAuthScimServer;
    beforeAll(async () => {
      betterAuth = await startBetterAuthScimServer();
    });
    afterAll(async () => {
      await betterAuth?.close();
    });

    /**
     * Better Auth stores emails lower-cased, so the file's check that the SCIM user's email equals
     * the one Okta sent fails when that email has capitals — as Okta's initial scripts make them
     * ("Runscope300Hfluaklab151@…"). That is Better Auth's deviation, and the only one.
     */
    test.concurrent.each(["scim2headerauth", "custom-saml"] as const)("%s: every assertion holds but the email's case, which Better Auth lower-cases", async (kind) => {
      const result = await replayCrud(crud, box, kind, { baseUrl: betterAuth.baseUrl, authorization: `Bearer ${betterAuth.token}` }, {}, FAILING_RUN_PAUSE_BOUND);
      const failed = result.steps.filter((step) => !step.passed);
      expect(failed.map((step) => step.note)).toEqual(["Verify if user is created in SCIM App"]);
      const failedAssertions = failed.flatMap((step) => step.assertions.filter((assertion) => !assertion.passed));
      expect(failedAssertions).toHaveLength(1);
      expect(failedAssertions[0]).toMatchObject({ property: "Resources[0].emails[0].value", comparison: "equal" });
      expect(failedAssertions[0]?.actual).toBe(failedAssertions[0]?.expected?.toLowerCase());
      expect(failedAssertions[0]?.actual).not.toBe(failedAssertions[0]?.expected);
      expect(result.summary).toMatchObject({ requests: 13, passed: 12, assertions: 21, assertionsFailed: 1 });
      expect(JSON.stringify(result)).not.toContain(betterAuth.token);
    });

    test("with an all-lower-case email every assertion in the file holds (Okta's CRUD initial script itself is not published)", async () => {
      const email = oktaCrudTestVariables().okta_user_email.toLowerCase();
      const result = await replayCrud(crud, box, "scim2headerauth", { baseUrl: betterAuth.baseUrl, authorization: `Bearer ${betterAuth.token}` }, { okta_user_email: email });
      expectEveryAssertionHeld(result);
    });
  });
});
