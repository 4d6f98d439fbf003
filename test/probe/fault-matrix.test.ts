import { describe, expect, test } from "vitest";
import { FAULT_IDS, type FaultId } from "../../src/sandbox/scim/index.js";
import { OKTA_USER_AGENT } from "../../src/scim/client.js";
import { allProbes } from "../../src/scim/probes/index.js";
import type { Dialect } from "../../src/templates/schema.js";
import { FAULT_MATRIX, type FaultExpectation } from "./fault-matrix.expected.js";
import { runEverySuite, stableMessage, type MatrixRun } from "./fault-matrix.run.js";

/**
 * Every probe of every suite, in both Okta dialects, against the clean reference server (all pass)
 * and against each fault alone (exactly the probes in fault-matrix.expected.ts fail, with those
 * words). A probe that starts or stops failing somewhere breaks this test; so does a probe no fault
 * catches. One fresh server per fault and dialect, faults one after another, probes concurrent.
 */

const DIALECTS: readonly Dialect[] = ["oin", "aiw"];

interface Observed {
  failed: Record<string, string>;
  warned: Record<string, string>;
}

function observe(run: MatrixRun): Observed {
  const observed: Observed = { failed: {}, warned: {} };
  for (const result of run.results) {
    if (result.status === "failed" || result.status === "warned") observed[result.status][result.id] = stableMessage(result.message, run.server.baseUrl);
  }
  return observed;
}

function expectedIn(expectation: FaultExpectation, dialect: Dialect): Observed {
  return { failed: { ...expectation.failed, ...expectation[dialect] }, warned: { ...expectation.warned } };
}

/** Same probe ids, and each observed message contains its fragment. */
function expectMatch(observed: Record<string, string>, expected: Record<string, string>, what: string): void {
  expect(Object.keys(observed).sort(), `${what}: which probes`).toEqual(Object.keys(expected).sort());
  for (const [id, fragment] of Object.entries(expected)) {
    expect(observed[id], `${what}: ${id}'s message`).toContain(fragment);
  }
}

describe.each(DIALECTS)("fault matrix, %s dialect", (dialect) => {
  test("every probe passes on the clean reference server, sending Okta's headers", async () => {
    const run = await runEverySuite([], dialect);
    const notPassed = run.results.filter((result) => result.status !== "passed").map((result) => `${result.id}: ${result.status} ${result.message}`);
    expect(notPassed).toEqual([]);
    expect(run.results.map((result) => result.id)).toEqual(allProbes().filter((probe) => probe.dialects?.includes(dialect) ?? true).map((probe) => probe.id));
    expect(run.leftovers).toBe(0);

    // okta-runtime sends Okta's production headers as captured (okta-spec sends its Runscope test's own).
    const runtime = run.results.filter((result) => result.suite === "okta-runtime").flatMap((result) => result.exchanges);
    expect(runtime.length).toBeGreaterThan(30);
    for (const exchange of runtime) {
      expect(exchange.requestHeaders?.["user-agent"], `${exchange.method} ${exchange.url}`).toBe(OKTA_USER_AGENT);
      expect(exchange.requestHeaders?.accept).toBe("application/scim+json");
      expect(exchange.requestHeaders?.["accept-charset"]).toBe("utf-8");
      expect(exchange.requestHeaders?.["accept-encoding"]).toBe("gzip,deflate");
      if (exchange.requestBody !== undefined) expect(exchange.requestHeaders?.["content-type"]).toBe("application/scim+json; charset=utf-8");
    }
    // The reference server compresses as Okta's Accept-Encoding allows, and the probes still read every answer.
    expect(runtime.filter((exchange) => exchange.responseHeaders?.["content-encoding"] === "gzip").length).toBeGreaterThan(30);
    // Okta's create body, with its placeholder password; link-existing-user's first POST is the vendor's own user.
    const creates = run.results
      .filter((result) => result.suite === "okta-runtime" && result.id !== "okta-runtime/link-existing-user")
      .flatMap((result) => result.exchanges)
      .filter((exchange) => exchange.method === "POST" && exchange.url.endsWith("/Users"));
    expect(creates.length).toBeGreaterThan(5);
    for (const create of creates) {
      expect(JSON.parse(create.requestBody ?? "{}")).toMatchObject({ externalId: expect.stringMatching(/^00u/), groups: [], active: true, password: expect.stringMatching(/^[A-Za-z0-9]{8}$/) });
    }
  });

  test("under --read-only the GET-only probes pass, the rest are skipped, and only GETs reach the server", async () => {
    const run = await runEverySuite([], dialect, { readOnly: true });
    const byStatus = (status: string) => run.results.filter((result) => result.status === status).map((result) => result.id);
    expect(byStatus("failed")).toEqual([]);
    const readOnlyIds = new Set(allProbes().filter((probe) => probe.readOnly).map((probe) => probe.id));
    for (const id of byStatus("passed")) expect(readOnlyIds.has(id), `${id} passed under --read-only`).toBe(true);
    expect(byStatus("passed")).toEqual(expect.arrayContaining(["okta-runtime/lookup-user-before-create", "okta-runtime/import-users-paging", "rfc/start-index-one-based"]));
    expect(new Set(run.server.requests.map((request) => request.method))).toEqual(new Set(["GET"]));
  });

  test.each(FAULT_IDS)("%s", async (fault: FaultId) => {
    const expected = expectedIn(FAULT_MATRIX[fault], dialect);
    const observed = observe(await runEverySuite([fault], dialect));
    expectMatch(observed.failed, expected.failed, `${fault} (${dialect}) failures`);
    expectMatch(observed.warned, expected.warned, `${fault} (${dialect}) warnings`);
  });
});

describe("fault matrix, coverage", () => {
  test("every probe fails (or, for a step Okta only warns about, warns) on at least one fault", () => {
    const caught = new Set(Object.values(FAULT_MATRIX).flatMap((row) => [row.failed, row.oin, row.aiw, row.warned].flatMap((ids) => Object.keys(ids ?? {}))));
    const uncaught = allProbes()
      .map((probe) => probe.id)
      .filter((id) => !caught.has(id));
    expect(uncaught).toEqual([]);
  });

  test("a fault that fails nothing says why, and no fault does both", () => {
    for (const [fault, row] of Object.entries(FAULT_MATRIX)) {
      const fails = [row.failed, row.oin, row.aiw].some((ids) => Object.keys(ids ?? {}).length > 0);
      expect(fails !== (row.failsNothing !== undefined), fault).toBe(true);
    }
  });
});
