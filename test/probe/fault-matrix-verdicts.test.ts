import { afterEach, describe, expect, test } from "vitest";
import { startReferenceScimServer, type FaultId, type ReferenceScimServer, type ReferenceScimServerOptions } from "../../src/sandbox/scim/index.js";
import { assessListAnswer } from "../../src/scim/connector/list-response.js";
import { isJsonObject } from "../../src/scim/json.js";
import { ENTERPRISE_USER_SCHEMA, templateAttributeMappings } from "../../src/scim/okta-dialect.js";
import { allProbes } from "../../src/scim/probes/index.js";
import { oktaRuntimeGroupProbes } from "../../src/scim/probes/okta-runtime-groups.js";
import type { ProbeResult } from "../../src/scim/report.js";
import { loadVendorTemplate } from "../../src/templates/load.js";
import type { Dialect } from "../../src/templates/schema.js";
import { runSuites, SEED, TOKEN } from "./fault-matrix.run.js";
import { defectiveProxy } from "./support/harness.js";
import { runCli } from "../support/cli.js";

/**
 * Verdicts the fault matrix cannot show by itself (issue 15 item 1, issue 11): each tested both
 * ways — the conformant server passes, the server with the defect gets the verdict Okta would give.
 */

const servers: ReferenceScimServer[] = [];
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function server(options: ReferenceScimServerOptions = {}): Promise<ReferenceScimServer> {
  const started = await startReferenceScimServer({ auth: { mode: "header", token: TOKEN }, ...options });
  servers.push(started);
  return started;
}

function result(results: readonly ProbeResult[], id: string): ProbeResult {
  const found = results.find((entry) => entry.id === id);
  if (!found) throw new Error(`no ${id} in ${results.map((entry) => entry.id).join(", ")}`);
  return found;
}

const ONE_USER = { users: SEED.users.slice(0, 1) };
const postsUsers = (probe: ProbeResult) => probe.exchanges.some((exchange) => exchange.method === "POST" && /\/Users$/.test(exchange.url));

describe("okta-spec step 1 reads the server as Okta's test does", () => {
  test("a fixture user is created only when the server has none", async () => {
    const empty = await server();
    const onEmpty = result((await runSuites(empty.baseUrl, { dialect: "oin", only: ["okta-spec/01-users-endpoint"] })).results, "okta-spec/01-users-endpoint");
    expect([onEmpty.status, postsUsers(onEmpty)]).toEqual(["passed", true]);

    const withOne = await server({ seed: ONE_USER });
    const onOne = result((await runSuites(withOne.baseUrl, { dialect: "oin", only: ["okta-spec/01-users-endpoint"] })).results, "okta-spec/01-users-endpoint");
    expect([onOne.status, postsUsers(onOne)]).toEqual(["passed", false]);
  });

  test("one user and a 0-based startIndex fails step 1, as it fails Okta's run (no fixture user hides it)", async () => {
    const zeroBased = await server({ seed: ONE_USER, faults: ["zero-based-start-index"] });
    const step = result((await runSuites(zeroBased.baseUrl, { dialect: "oin", only: ["okta-spec/01-users-endpoint"] })).results, "okta-spec/01-users-endpoint");
    expect(step.status).toBe("failed");
    expect(step.message).toContain("Resources is empty: totalResults is 1, so the server has users and startIndex=1 must return the first of them (is startIndex 0-based?)");
    expect(postsUsers(step)).toBe(false);
  });

  test("a failure about a user that was already on the server says so, with its id; about the run's own fixture it does not", async () => {
    const seeded = await server({ seed: ONE_USER, faults: ["user-missing-name", "get-by-id-summary"] });
    const existingId = seeded.snapshot().users[0]?.id ?? "";
    const onSeeded = (await runSuites(seeded.baseUrl, { dialect: "oin", only: ["okta-spec/02-get-user-by-id"] })).results;
    expect(result(onSeeded, "okta-spec/01-users-endpoint").message).toContain(`Resources[0] is user ${existingId}, which was already on the server (not created by this run): Resources[0].name.familyName is missing`);

    const summaryOnly = await server({ seed: ONE_USER, faults: ["get-by-id-summary"] });
    const summaryId = summaryOnly.snapshot().users[0]?.id ?? "";
    const step2 = result((await runSuites(summaryOnly.baseUrl, { dialect: "oin", only: ["okta-spec/02-get-user-by-id"] })).results, "okta-spec/02-get-user-by-id");
    expect(step2.message).toContain(`user ${summaryId} was already on the server (read by step 1, not created by this run): name.familyName is missing`);

    const empty = await server({ faults: ["user-missing-name"] });
    const onEmpty = result((await runSuites(empty.baseUrl, { dialect: "oin", only: ["okta-spec/01-users-endpoint"] })).results, "okta-spec/01-users-endpoint");
    expect(onEmpty.status).toBe("failed");
    expect(onEmpty.message).toMatch(/^Resources\[0\]\.name\.familyName is missing/);
  });
});

describe("a probe depends on another only for data it needs", () => {
  test.each<Dialect>(["oin", "aiw"])("a case-sensitive userName lookup fails the lookup probe and skips none of the lifecycle (%s)", async (dialect) => {
    const caseSensitive = await server({ seed: SEED, faults: ["case-sensitive-username"] });
    const { results } = await runSuites(caseSensitive.baseUrl, { dialect, only: ["okta-runtime/*"] });
    expect(result(results, "okta-runtime/lookup-finds-created-user").status).toBe("failed");
    for (const id of ["okta-runtime/update-profile", "okta-runtime/deactivate-user", "okta-runtime/deactivated-user-still-retrievable", "okta-runtime/reactivate-user"]) {
      expect(`${id}: ${result(results, id).status}`).toBe(`${id}: passed`);
    }
  });
});

/** okta-runtime's group push probes, and the rfc probes that need a group. */
const GROUP_PROBES = [...oktaRuntimeGroupProbes.map((probe) => probe.id), "rfc/delete-returns-204-then-404", "rfc/duplicate-group-conflict"];

describe("group push probes: required once the server implements groups, skipped without /Groups", () => {
  test("every group push probe is required", () => {
    expect(GROUP_PROBES.length).toBe(14);
    expect(allProbes().filter((probe) => GROUP_PROBES.includes(probe.id) && !probe.required).map((probe) => probe.id)).toEqual([]);
  });

  test.each<Dialect>(["oin", "aiw"])("a server without /Groups skips each of them with that reason, and fails none (%s)", async (dialect) => {
    const usersOnly = await server({ seed: SEED, faults: ["groups-not-implemented"] });
    const { results } = await runSuites(usersOnly.baseUrl, { dialect });
    const groupResults = results.filter((entry) => GROUP_PROBES.includes(entry.id));
    expect(groupResults.length).toBeGreaterThan(8);
    for (const entry of groupResults) {
      expect(`${entry.id}: ${entry.status}`).toBe(`${entry.id}: skipped`);
      expect(entry.message).toMatch(/the server has no \/Groups \((POST|GET) \/scim\/v2\/Groups(\?startIndex=1&count=100)? answered 404\)|^needs okta-runtime\/[a-z-]+, which was skipped/);
    }
    expect(results.filter((entry) => entry.required && entry.status === "failed").map((entry) => entry.id)).toEqual([]);
  });

  test.each(["oin", "aiw"] as const)("%s: a server that adds members but ignores their removal (access not revoked) fails remove-group-member as required: the run exits 1", async (dialect) => {
    const keeping = await server({ seed: SEED, faults: ["group-member-removal-ignored"] });
    const run = await runCli(["probe", "--suite", "okta-runtime", "--dialect", dialect, "--reporter", "json"], { env: { SCIM_BASE_URL: keeping.baseUrl, SCIM_TOKEN: TOKEN } });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { probes: { id: string; status: string; required: boolean }[] };
    expect(report.probes.find((entry) => entry.id === "okta-runtime/remove-group-member")).toMatchObject({ status: "failed", required: true });
    expect(report.probes.find((entry) => entry.id === "okta-runtime/add-group-member")).toMatchObject({ status: "passed" });
  });

  test("a server that has /Groups but ignores membership changes fails required probes", async () => {
    const ignoring = await server({ seed: SEED, faults: ["group-members-ignored"] });
    const { results } = await runSuites(ignoring.baseUrl, { dialect: "oin", only: ["okta-runtime/add-group-member"] });
    expect(result(results, "okta-runtime/add-group-member")).toMatchObject({ status: "failed", required: true });
  });
});

/** The reference server behind a proxy that changes its JSON answers (its compression off: the proxy reads bodies as text). */
async function proxied(rewrite: (path: string, body: unknown) => unknown, options: ReferenceScimServerOptions = {}): Promise<string> {
  const target = await server({ seed: SEED, compression: false, ...options });
  const proxy = await defectiveProxy(target, { rewrite: (request, body) => rewrite(request.path, body) });
  closers.push(proxy.close);
  return proxy.baseUrl;
}

const withoutMetaVersion = (body: unknown): unknown => {
  if (!isJsonObject(body) || !isJsonObject(body.meta)) return body;
  const { version: _version, ...meta } = body.meta;
  return { ...body, meta };
};

function etagSupport(supported: boolean) {
  return (path: string, body: unknown): unknown => {
    if (path.endsWith("/ServiceProviderConfig") && isJsonObject(body)) return { ...body, etag: { supported } };
    return /\/Users\/[^/?]+$/.test(path) ? withoutMetaVersion(body) : body;
  };
}

describe("rfc/etag-matches-meta-version honours the ServiceProviderConfig", () => {
  test("a framework ETag on a server that says etag.supported false is not a failure", async () => {
    const baseUrl = await proxied(etagSupport(false));
    const probe = result((await runSuites(baseUrl, { dialect: "oin", only: ["rfc/etag-matches-meta-version"] })).results, "rfc/etag-matches-meta-version");
    expect(probe.status).toBe("skipped");
    expect(probe.message).toContain("the ServiceProviderConfig says etag.supported false");
  });

  test("the same ETag without meta.version fails a server that says etag.supported true", async () => {
    const baseUrl = await proxied(etagSupport(true));
    const probe = result((await runSuites(baseUrl, { dialect: "oin", only: ["rfc/etag-matches-meta-version"] })).results, "rfc/etag-matches-meta-version");
    expect(probe.status).toBe("failed");
    expect(probe.message).toContain('but meta.version undefined');
  });
});

describe("itemsPerPage: the one rule, the same words and severity in probe and test-connector", () => {
  const NOTE = "itemsPerPage 3 but 2 Resources (RFC 7644 §3.4.2: the number of resources on this page; Okta does not rely on it)";

  test("a page whose itemsPerPage differs from its Resources passes with that note, in the probe and in test-connector's check", async () => {
    const baseUrl = await proxied((path, body) =>
      /\/Users\?startIndex=/.test(path) && isJsonObject(body) && Array.isArray(body.Resources) ? { ...body, itemsPerPage: body.Resources.length + 1 } : body,
    );
    const probe = result((await runSuites(baseUrl, { dialect: "oin", only: ["okta-runtime/import-users-paging"] })).results, "okta-runtime/import-users-paging");
    expect(probe.status).toBe("passed");
    expect(probe.message).toContain(`; note: GET /scim/v2/Users?startIndex=1&count=2: ${NOTE}`);

    const body = { schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: 2, startIndex: 1, itemsPerPage: 3, Resources: [{ id: "a" }, { id: "b" }] };
    const verdict = assessListAnswer({ status: 200, headers: { "content-type": "application/scim+json" }, text: JSON.stringify(body), json: body }, `${baseUrl}/Users?startIndex=1&count=2`, "Users");
    expect(verdict).toMatchObject({ kind: "passed", message: expect.stringContaining(NOTE) });
  });

  test("a conformant itemsPerPage passes without a note", async () => {
    const baseUrl = await proxied((_path, body) => body);
    const probe = result((await runSuites(baseUrl, { dialect: "oin", only: ["okta-runtime/import-users-paging"] })).results, "okta-runtime/import-users-paging");
    expect(probe.status).toBe("passed");
    expect(probe.message).not.toContain("itemsPerPage");
  });
});

describe("okta-runtime/mapped-attributes sends what the vendor's template maps", () => {
  const kloudHybrid = async () => ({ source: "the KloudHybrid template", mappings: templateAttributeMappings((await loadVendorTemplate("kloudhybrid")).okta) });
  const mappedAttributesOn = async (target: ReferenceScimServer, mappedAttributes?: Awaited<ReturnType<typeof kloudHybrid>>) =>
    result((await runSuites(target.baseUrl, { dialect: "oin", only: ["okta-runtime/mapped-attributes"], ...(mappedAttributes ? { mappedAttributes } : {}) })).results, "okta-runtime/mapped-attributes");

  test("KloudHybrid's mapped attributes go out as Okta sends them (managerValue as the enterprise manager.value) and pass on a conformant server", async () => {
    const target = await server({ seed: SEED });
    const probe = await mappedAttributesOn(target, await kloudHybrid());
    expect(probe).toMatchObject({ status: "passed", message: expect.stringContaining("managerValue") });
    expect(probe.message).toContain("(mapped by the KloudHybrid template)");
    const create = target.requests.find((request) => request.method === "POST" && request.body?.includes(ENTERPRISE_USER_SCHEMA));
    const body: unknown = JSON.parse(create?.body ?? "{}");
    expect(body).toMatchObject({ schemas: expect.arrayContaining([ENTERPRISE_USER_SCHEMA]), [ENTERPRISE_USER_SCHEMA]: { manager: { value: expect.stringMatching(/@example\.com$/) }, costCenter: expect.any(String) } });
  });

  test.each<FaultId>(["enterprise-extension-rejected", "enterprise-extension-dropped"])("with the template's mappings, %s fails the probe (without them it only warns)", async (fault) => {
    expect(await mappedAttributesOn(await server({ seed: SEED, faults: [fault] }), await kloudHybrid())).toMatchObject({ status: "failed", required: true });
    const withoutTemplate = await mappedAttributesOn(await server({ seed: SEED, faults: [fault] }));
    expect(withoutTemplate).toMatchObject({ status: "warned", message: expect.stringContaining("pass --vendor or --template to check the vendor's own mappings") });
  });
});
