import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { runReportSchema, type ProbeResult, type RunReport } from "../../src/scim/report.js";
import { runCli, type CliResult } from "../support/cli.js";
import { startBetterAuthScimServer, type BetterAuthScimServer } from "./better-auth-server.js";
import deviationsFile from "./better-auth-deviations.json" with { type: "json" };

/**
 * Acceptance 7 of issue 3: every suite, in both Okta dialects, against a real third-party SCIM
 * server. Every required probe passes except where Better Auth really deviates; those are listed,
 * with the exchange that shows it, in better-auth-deviations.json, and the failures must match that
 * list exactly — a new failure or a deviation that went away both fail this test.
 */

const DIALECTS = ["oin", "aiw"] as const;
type Dialect = (typeof DIALECTS)[number];

const deviationSchema = z.object({
  probeId: z.string(),
  /** The dialect the deviation shows in; both when absent. */
  dialect: z.enum(DIALECTS).optional(),
  why: z.string().min(1),
  evidence: z.object({
    /** "METHOD /path?query" relative to the base URL, as Better Auth received it. */
    request: z.string().regex(/^(GET|POST|PUT|PATCH|DELETE) \//),
    status: z.number().int(),
    responseBody: z.string(),
  }),
});
const deviations = z.array(deviationSchema).parse(deviationsFile);

/** Prefix of every resource a probe run creates (ProbeContext.uniqueName). */
const PROBE_PREFIX = "scim-okta-probe";

function deviationsFor(dialect: Dialect) {
  return deviations.filter((deviation) => (deviation.dialect ?? dialect) === dialect);
}

function failedIds(probes: readonly { id: string; status: string; required: boolean }[], required: boolean): string[] {
  return probes.filter((probe) => probe.required === required && probe.status === "failed").map((probe) => probe.id).sort();
}

function expectedIds(dialect: Dialect, listed: readonly ListedProbe[], required: boolean): string[] {
  const requiredById = new Map(listed.map((probe) => [probe.id, probe.required]));
  return deviationsFor(dialect)
    .filter((deviation) => requiredById.get(deviation.probeId) === required)
    .map((deviation) => deviation.probeId)
    .sort();
}

function describeFailures(probes: readonly ProbeResult[]): string {
  return probes
    .filter((probe) => probe.status === "failed")
    .map((probe) => `${probe.id}: ${probe.message}\n  expected: ${probe.expected}\n  actual: ${probe.actual}\n  ${probe.curl ?? ""}`)
    .join("\n");
}

/** "GET /Users/{id}?x=1" → a pattern for the decoded request line, "{…}" standing for any one path segment or value. */
function requestPattern(request: string): RegExp {
  const parts = request.split(/\{[^}]*\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join("[^/?&]+")}`);
}

const listSchema = z.object({ probes: z.array(z.object({ id: z.string(), required: z.boolean() })) });
type ListedProbe = z.infer<typeof listSchema>["probes"][number];

type ScimResource = Record<string, unknown> & { id: string };

async function scimRequest(server: BetterAuthScimServer, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${server.token}`, "content-type": "application/scim+json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Everything the server holds, every page of Users and Groups, by resource path. */
async function serverContents(server: BetterAuthScimServer): Promise<Map<string, ScimResource>> {
  const contents = new Map<string, ScimResource>();
  for (const endpoint of ["Users", "Groups"]) {
    for (let startIndex = 1; ; ) {
      const page = (await scimRequest(server, "GET", `/${endpoint}?startIndex=${startIndex}&count=100`)) as { totalResults: number; Resources: ScimResource[] };
      for (const resource of page.Resources) contents.set(`/${endpoint}/${resource.id}`, resource);
      startIndex += page.Resources.length;
      if (page.Resources.length === 0 || startIndex > page.totalResults) break;
    }
  }
  return contents;
}

/** Data the server had before any probe ran, as a real vendor's server would: the run must not touch it. */
async function seedExistingData(server: BetterAuthScimServer): Promise<void> {
  const user = await scimRequest(server, "POST", "/Users", {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName: "Existing.Person@example.org",
    externalId: "existing-00u1",
    name: { givenName: "Existing", familyName: "Person" },
    emails: [{ value: "existing.person@example.org", type: "work", primary: true }],
    active: true,
  });
  await scimRequest(server, "POST", "/Groups", {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    displayName: "Existing Team",
    members: [{ value: user.id }],
  });
}

describe("probe against Better Auth's SCIM plugin (a real third-party server)", () => {
  let server: BetterAuthScimServer;
  let reportDir: string;
  let before: Map<string, ScimResource>;

  beforeAll(async () => {
    server = await startBetterAuthScimServer();
    await seedExistingData(server);
    before = await serverContents(server);
    reportDir = await mkdtemp(join(tmpdir(), "scim-okta-e2e-"));
  });
  afterAll(async () => {
    await server?.close();
    if (reportDir) await rm(reportDir, { recursive: true, force: true });
  });

  // Both dialects run one after the other against the same server: the second run also shows that
  // the first left nothing behind that gets in its way.
  describe.each(DIALECTS)("--dialect %s, every suite", (dialect) => {
    let listed: ListedProbe[];
    let report: RunReport;
    let reportText: string;
    let result: CliResult;

    beforeAll(async () => {
      const list = await runCli(["--json", "probe", "--list", "--dialect", dialect]);
      expect(list.code, list.stderr).toBe(0);
      listed = listSchema.parse(JSON.parse(list.stdout)).probes;

      const reportFile = join(reportDir, `report-${dialect}.json`);
      result = await runCli(
        ["probe", "--base-url", server.baseUrl, "--dialect", dialect, "--timeout", "10", "--reporter", `json=${reportFile}`],
        { env: { SCIM_TOKEN: server.token } },
      );
      reportText = await readFile(reportFile, "utf8").catch((error: unknown) => {
        throw new Error(`probe --dialect ${dialect} wrote no report (exit ${result.code}): ${result.stderr}`, { cause: error });
      });
      report = runReportSchema.parse(JSON.parse(reportText));
    }, 120_000);

    it("lists each deviation once, for a probe that runs in this dialect", () => {
      const ids = deviationsFor(dialect).map((deviation) => deviation.probeId);
      expect(ids.filter((id, index) => ids.indexOf(id) !== index), "listed twice").toEqual([]);
      const known = new Set(listed.map((probe) => probe.id));
      expect(ids.filter((id) => !known.has(id)), "no such probe in this dialect").toEqual([]);
    });

    it("reported every probe of every suite, and skipped no required one", () => {
      expect(report.probes.map((probe) => probe.id).sort()).toEqual(listed.map((probe) => probe.id).sort());
      expect(new Set(report.probes.map((probe) => probe.suite))).toEqual(new Set(["okta-spec", "okta-runtime", "rfc"]));
      const skipped = report.probes.filter((probe) => probe.required && probe.status === "skipped");
      expect(skipped.map((probe) => `${probe.id}: ${probe.message}`)).toEqual([]);
    });

    it("fails exactly the required probes listed in better-auth-deviations.json", () => {
      expect(failedIds(report.probes, true), describeFailures(report.probes)).toEqual(expectedIds(dialect, listed, true));
      expect(result.code, result.stderr).toBe(expectedIds(dialect, listed, true).length > 0 ? 1 : 0);
    });

    it("fails exactly the optional probes listed there too", () => {
      expect(failedIds(report.probes, false), describeFailures(report.probes)).toEqual(expectedIds(dialect, listed, false));
    });

    it("still shows each deviation's recorded exchange", () => {
      for (const deviation of deviationsFor(dialect)) {
        const pattern = requestPattern(deviation.evidence.request);
        const exchanges = report.probes.find((probe) => probe.id === deviation.probeId)?.exchanges ?? [];
        const lines = exchanges.map((exchange) => ({
          line: `${exchange.method} ${decodeURIComponent(exchange.url.slice(server.baseUrl.length))}`,
          status: exchange.status,
        }));
        expect(
          lines.some(({ line, status }) => pattern.test(line) && status === deviation.evidence.status),
          `${deviation.probeId}: no "${deviation.evidence.request}" answered ${deviation.evidence.status} in ${JSON.stringify(lines)}`,
        ).toBe(true);
      }
    });

    it("cleaned up and touched nothing else: the server holds exactly what it held before", async () => {
      expect(report.leftovers).toEqual([]);
      const after = await serverContents(server);
      const ours = [...after].filter(([, resource]) => JSON.stringify([resource.userName, resource.displayName, resource.externalId]).toLowerCase().includes(PROBE_PREFIX));
      expect(ours.map(([path]) => path), `left behind with the ${PROBE_PREFIX} prefix`).toEqual([]);
      expect(after).toEqual(before);
    });

    it("kept the token out of the report", () => {
      expect(reportText).not.toContain(server.token);
    });
  });

  // Issue 11 item 4: a vendor's template decides which attributes Okta sends beyond the core ones.
  it("with --vendor kloudhybrid, sends KloudHybrid's mapped attributes (managerValue as the enterprise manager.value), which Better Auth stores", async () => {
    const result = await runCli(
      ["probe", "--vendor", "kloudhybrid", "--base-url", server.baseUrl, "--auth", "header", "--header-format", "Bearer {token}", "--only", "okta-runtime/mapped-attributes", "--timeout", "10", "--reporter", "json"],
      { env: { SCIM_TOKEN: server.token } },
    );
    expect(result.code, result.stderr).toBe(0);
    const probe = runReportSchema.parse(JSON.parse(result.stdout)).probes.find((entry) => entry.id === "okta-runtime/mapped-attributes");
    expect(probe).toMatchObject({ status: "passed", message: expect.stringContaining("(mapped by the KloudHybrid template)") });
    const enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    const create = probe?.exchanges.find((exchange) => exchange.method === "POST" && exchange.requestBody?.includes(enterprise));
    expect(JSON.parse(create?.requestBody ?? "{}")).toMatchObject({ schemas: expect.arrayContaining([enterprise]), [enterprise]: { manager: { value: expect.stringContaining(PROBE_PREFIX) }, costCenter: expect.any(String) } });
    expect(await serverContents(server)).toEqual(before);
  }, 120_000);
});
