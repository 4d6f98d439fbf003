import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { runCli } from "../support/cli.js";
import { probe, probeResult, referenceServer, tempDir, type FaultId, type ReferenceScimServer } from "./support/harness.js";

const servers: ReferenceScimServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function start(faults: FaultId[] = []): Promise<ReferenceScimServer> {
  const server = await referenceServer({ faults });
  servers.push(server);
  return server;
}

describe("--list", () => {
  test("prints every probe's id, required/optional and title in 100 columns, without a base URL", async () => {
    const result = await runCli(["probe", "--list"]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^ID\s+REQUIRED\s+TITLE$/);
    expect(lines).toContainEqual(expect.stringMatching(/^okta-spec\/01-users-endpoint\s+required\s+Required Test: Test Users endpoint$/));
    expect(lines).toContainEqual(expect.stringMatching(/^okta-spec\/10-groups-endpoint\s+optional\s+Optional Test: Verify Groups endpoint$/));
    for (const suite of ["okta-spec", "okta-runtime", "rfc"]) expect(lines.some((line) => line.startsWith(`${suite}/`))).toBe(true);
    // Every id whole (what --only and --skip take); a long title cut at a word, with "…".
    const json = JSON.parse((await runCli(["--json", "probe", "--list"])).stdout) as { probes: { id: string }[] };
    expect(lines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual(json.probes.map((entry) => entry.id));
    expect(Math.max(...lines.map((line) => [...line].length))).toBeLessThanOrEqual(100);
    expect(lines.find((line) => line.startsWith("okta-runtime/deactivate-user "))).toMatch(/ Deactivates the user the way Okta does[^…]*…$/);
  });

  test("--json prints one document with the catalogue", async () => {
    const result = await runCli(["--json", "probe", "--list", "--suite", "okta-spec"]);
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout) as { schemaVersion: number; probes: Array<Record<string, unknown>> };
    expect(document.schemaVersion).toBe(1);
    expect(document.probes).toHaveLength(12);
    expect(document.probes[5]).toMatchObject({
      id: "okta-spec/06-create-user",
      suite: "okta-spec",
      required: true,
      title: "Required Test: Create Okta user with realistic values",
      reference: "Okta SPEC step 6",
    });
  });
});

describe("--only and --skip", () => {
  test("--only runs the named probe and the probes it needs, nothing else", async () => {
    const server = await start();
    const run = await probe(server.baseUrl, ["--only", "okta-spec/07-verify-user-created"]);
    expect(run.code).toBe(0);
    expect(run.report.probes.map((entry) => [entry.id, entry.status])).toEqual([
      ["okta-spec/05-random-user-absent", "passed"],
      ["okta-spec/06-create-user", "passed"],
      ["okta-spec/07-verify-user-created", "passed"],
    ]);
  });

  test("globs select by pattern, across --only and --skip", async () => {
    const server = await start();
    const run = await probe(server.baseUrl, ["--only", "okta-spec/1*", "--skip", "okta-spec/?1-*"]);
    expect(run.report.probes.map((entry) => [entry.id, entry.status, entry.message])).toEqual([
      ["okta-spec/10-groups-endpoint", "passed", "No Groups found in the endpoint."],
      ["okta-spec/11-status-401", "skipped", "skipped by --skip"],
      ["okta-spec/12-status-404", "passed", ""],
    ]);
  });

  test("--skip of a step skips the steps that need it, with the reason", async () => {
    const server = await start();
    const run = await probe(server.baseUrl, ["--suite", "okta-spec", "--skip", "okta-spec/06-create-user"]);
    expect(run.code).toBe(0);
    expect(probeResult(run.report, "okta-spec/06-create-user").message).toBe("skipped by --skip");
    for (const id of ["07-verify-user-created", "09-username-case"]) {
      expect(probeResult(run.report, `okta-spec/${id}`)).toMatchObject({ status: "skipped", message: "needs okta-spec/06-create-user, which was skipped" });
    }
    expect(probeResult(run.report, "okta-spec/08-duplicate-user-409").status).toBe("skipped");
  });

  test.each([
    [["--only", "okta-spec/07-verify-user-creatd"], "--only okta-spec/07-verify-user-creatd is not a probe id", "did you mean okta-spec/07-verify-user-created?"],
    [["--skip", "okta-spec/nothing-*"], "--skip okta-spec/nothing-* matches no probe", "--list"],
    [["--suite", "okta-spec,rfcs"], '--suite "rfcs" is not a suite', "okta-spec, okta-runtime, rfc"],
    [["--suite", "rfc", "--only", "okta-spec/01-users-endpoint"], "is in suite okta-spec, which --suite rfc leaves out", "add okta-spec to --suite"],
    [["--concurrency", "0"], '--concurrency "0" must be a whole number from 1 to 64', "--concurrency 4"],
    [["--email-domain", "not a domain"], '--email-domain "not a domain" is not a domain name', "example.com"],
    [["--reporter", "junit"], "junit needs a file", "Valid forms"],
  ])("%j is bad input (exit 2) before any request", async (argv, message, hint) => {
    const server = await start();
    const result = await runCli(["probe", ...argv], { env: { SCIM_BASE_URL: server.baseUrl, SCIM_TOKEN: "some-token" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain(hint);
    expect(server.requests).toEqual([]);
  });
});

describe("--baseline", () => {
  test("a previous JSON report's failures are reported as known and no longer fail the run", async () => {
    const server = await start(["create-returns-200"]);
    const dir = await tempDir();
    const first = await runCli(["probe", "--suite", "okta-spec", "--reporter", `json=${join(dir, "report.json")}`], {
      env: { SCIM_BASE_URL: server.baseUrl, SCIM_TOKEN: "probe-test-token-5b1d7c" },
    });
    expect(first.code).toBe(1);

    const second = await probe(server.baseUrl, ["--suite", "okta-spec", "--baseline", join(dir, "report.json")]);
    expect(second.code).toBe(0);
    expect(probeResult(second.report, "okta-spec/06-create-user")).toMatchObject({ status: "failed", baselined: true });
    expect(second.report.summary).toMatchObject({ failed: 1, requiredFailed: 0 });
  });

  test("a plain list of ids works too, and a failure not in it still fails the run", async () => {
    const server = await start(["create-returns-200", "error-missing-detail"]);
    const dir = await tempDir();
    await writeFile(join(dir, "known.txt"), "# known failures\nokta-spec/06-create-user\n\n");
    const run = await probe(server.baseUrl, ["--suite", "okta-spec", "--baseline", join(dir, "known.txt")]);
    expect(run.code).toBe(1);
    expect(probeResult(run.report, "okta-spec/06-create-user").baselined).toBe(true);
    expect(probeResult(run.report, "okta-spec/12-status-404")).toMatchObject({ status: "failed" });
    expect(probeResult(run.report, "okta-spec/12-status-404").baselined).toBeUndefined();
  });

  test("an unreadable baseline file is bad input naming --baseline", async () => {
    const server = await start();
    const result = await runCli(["probe", "--baseline", "/nonexistent/baseline.json"], { env: { SCIM_BASE_URL: server.baseUrl, SCIM_TOKEN: "some-token" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("cannot read --baseline /nonexistent/baseline.json: no such file (ENOENT)");
  });
});
