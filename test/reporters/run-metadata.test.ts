import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReferenceScimServer, type ReferenceScimServer } from "../../src/sandbox/scim/index.js";
import type { RunReport } from "../../src/scim/report.js";
import { runCli } from "../support/cli.js";

const TOKEN = "run-metadata-token-31c9";
let server: ReferenceScimServer;
beforeAll(async () => {
  server = await startReferenceScimServer({ auth: { mode: "header", token: TOKEN } });
});
afterAll(() => server.close());

describe("reports record what the run was asked for", () => {
  it("probe: the dialect and the suites", async () => {
    const result = await runCli(["probe", "--reporter", "json", "--suite", "rfc,okta-runtime", "--dialect", "aiw"], { env: { SCIM_BASE_URL: server.baseUrl, SCIM_TOKEN: TOKEN } });
    const report = JSON.parse(result.stdout) as RunReport;
    expect({ dialect: report.dialect, suites: report.suites }).toEqual({ dialect: "aiw", suites: ["rfc", "okta-runtime"] });
  });

  it("test-connector: its one suite", async () => {
    const result = await runCli(["test-connector", "--json"], { env: { SCIM_BASE_URL: server.baseUrl, SCIM_TOKEN: TOKEN } });
    const report = JSON.parse(result.stdout) as RunReport;
    expect(report.suites).toEqual(["connector"]);
  });
});
