import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { XMLParser } from "fast-xml-parser";
import { runCli } from "../support/cli.js";
import { check, conformantList, listResponse, sendJson, startServer, testConnector, type TestServer } from "./support.js";
import { CONNECTOR_CHECKS } from "../../src/scim/connector/checks.js";
import { DIAGNOSIS_IDS } from "../../src/scim/connector/diagnoses.js";

const TOKEN = "output-test-token-0123456789";

describe("reporters and exit codes", () => {
  let good: TestServer;
  let missingResources: TestServer;
  let dir: string;
  beforeAll(async () => {
    good = await startServer(conformantList);
    missingResources = await startServer((_req, res) => sendJson(res, 200, { ...listResponse(), Resources: undefined }));
    dir = await mkdtemp(join(tmpdir(), "scim-okta-connector-"));
  });
  afterAll(async () => {
    await good.close();
    await missingResources.close();
  });

  it("junit, html and json files carry every check, the failure and its diagnosis", async () => {
    const junit = join(dir, "connector.xml");
    const html = join(dir, "connector.html");
    const json = join(dir, "connector.json");
    const { code, stdout } = await runCli(
      ["test-connector", "--reporter", `junit=${junit}`, "--reporter", `html=${html}`, "--reporter", `json=${json}`, "--reporter", "pretty"],
      { env: { SCIM_BASE_URL: `${missingResources.origin}/scim/v2`, SCIM_TOKEN: TOKEN } },
    );
    expect(code).toBe(1);
    expect(stdout).toContain("✗ connector/list-users");

    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(await readFile(junit, "utf8")) as {
      testsuites: { failures: string; testsuite: { name: string; testcase: Array<{ name: string; failure?: { message: string } }> } };
    };
    expect(xml.testsuites.failures).toBe("1");
    expect(xml.testsuites.testsuite.name).toBe("connector");
    const failed = xml.testsuites.testsuite.testcase.filter((testcase) => testcase.failure);
    expect(failed.map((testcase) => testcase.name)).toEqual([expect.stringMatching(/^connector\/list-users: /)]);
    expect(failed[0]?.failure?.message).toContain('No results for users returned [connector/missing-resources]');

    const page = await readFile(html, "utf8");
    expect(page).toContain("connector/missing-resources");
    expect(page).toContain("What to do:");

    const report = JSON.parse(await readFile(json, "utf8")) as { command: string; probes: Array<{ id: string }> };
    expect(report.command).toBe("test-connector");
    expect(report.probes.map((probe) => probe.id)).toEqual(CONNECTOR_CHECKS.map((definition) => definition.id));
  });

  it("github annotations go to stdout: an error for the failed check, a warning for the optional one", async () => {
    const { code, stdout } = await runCli(["test-connector", "--reporter", "github"], {
      env: { SCIM_BASE_URL: `${missingResources.origin}/scim/v2`, SCIM_TOKEN: TOKEN },
    });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^::error title=connector\/list-users::.*No results for users returned/m);
    expect(stdout).toMatch(/^::warning title=connector\/public-address \(optional\)::/m);
    expect(stdout).not.toContain("✗");
  });

  it("--json alone: exactly one JSON document on stdout, nothing on stderr", async () => {
    const { code, stdout, stderr } = await runCli(["--json", "test-connector"], { env: { SCIM_BASE_URL: `${good.origin}/scim/v2`, SCIM_TOKEN: TOKEN } });
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const report = JSON.parse(stdout) as { schemaVersion: number; summary: { requiredFailed: number }; target: { baseUrl: string } };
    expect(report).toMatchObject({ schemaVersion: 1, summary: { requiredFailed: 0 }, target: { baseUrl: `${good.origin}/scim/v2` } });
  });

  it.each([
    [[], {}, /missing SCIM base URL: pass --base-url or set SCIM_BASE_URL/],
    [["--timeout", "0"], { SCIM_BASE_URL: "https://example.com/scim/v2", SCIM_TOKEN: TOKEN }, /--timeout "0" must be a positive number of seconds/],
    [[], { SCIM_BASE_URL: "https://example.com/scim/v2" }, /header auth needs a token: set SCIM_TOKEN or pass --token-file/],
    [["--reporter", "junit"], { SCIM_BASE_URL: "https://example.com/scim/v2", SCIM_TOKEN: TOKEN }, /--reporter "junit": junit needs a file/],
    [["--base-url", "ftp://example.com/scim"], { SCIM_TOKEN: TOKEN }, /--base-url must be http or https/],
  ] as const)("bad input %j exits 2 before any request", async (args, env, message) => {
    const { code, stdout, stderr } = await runCli(["test-connector", ...args], { env });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
  });

  it("--list prints every check and diagnosis id", async () => {
    const { code, stdout } = await runCli(["test-connector", "--list"]);
    expect(code).toBe(0);
    for (const definition of CONNECTOR_CHECKS) expect(stdout).toContain(definition.id);
    for (const id of DIAGNOSIS_IDS) expect(stdout).toContain(id);
    const json = await runCli(["--json", "test-connector", "--list"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ schemaVersion: 1, diagnoses: [...DIAGNOSIS_IDS] });
  });

  it("a host on a non-loopback, non-public address fails the run (0.0.0.0 reaches this machine's server on Linux)", async () => {
    const { code, report } = await testConnector([], { SCIM_BASE_URL: `http://0.0.0.0:${good.port}/scim/v2`, SCIM_TOKEN: TOKEN });
    expect(check(report, "connector/public-address")).toMatchObject({ status: "failed", required: true, diagnosis: { id: "connector/private-address" } });
    expect(check(report, "connector/public-address").message).toContain("0.0.0.0 resolves only to addresses that are not public (0.0.0.0: unspecified)");
    expect(check(report, "connector/https").diagnosis?.id).toBe("connector/http-not-https");
    expect(check(report, "connector/list-users").status).toBe("passed");
    expect(code).toBe(1);
  });
});
