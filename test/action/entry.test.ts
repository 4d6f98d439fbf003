import { execFileSync } from "node:child_process";
import { readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startReferenceScimServer, type FaultId, type ReferenceScimServer } from "../../src/sandbox/scim/index.js";
import type { RunReport } from "../../src/scim/report.js";
import { annotations, connectedTo, hostPort, runAction, runnerNode, temporaryFolder, type ActionRun } from "./support.js";

/** A canary: if any of its forms shows up anywhere the action wrote, the secret leaked. */
const TOKEN = "cAnArY-action/t0k+3e9=";
const FORMS = [TOKEN, encodeURIComponent(TOKEN), Buffer.from(TOKEN).toString("base64"), `Bearer ${TOKEN}`];

const servers: ReferenceScimServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function scimServer(faults: FaultId[] = []): Promise<ReferenceScimServer> {
  const server = await startReferenceScimServer({ auth: { mode: "header", token: TOKEN }, faults });
  servers.push(server);
  return server;
}

/** Everything the step leaves behind: its logs (but the mask command itself), the runner's files, every report. */
async function everythingWritten(run: ActionRun): Promise<Record<string, string>> {
  const written: Record<string, string> = {
    stdout: run.stdout.replace(`::add-mask::${TOKEN}\n`, ""),
    stderr: run.stderr,
    GITHUB_OUTPUT: run.outputFile,
    GITHUB_STEP_SUMMARY: run.summary,
  };
  const reportDir = join(run.workspace, "scim-okta-reports");
  for (const file of await readdir(reportDir).catch(() => [])) written[file] = await readFile(join(reportDir, file), "utf8");
  return written;
}

function expectNoSecret(written: Record<string, string>): void {
  for (const [name, text] of Object.entries(written)) {
    for (const form of FORMS) expect({ in: name, leaks: text.includes(form) }).toEqual({ in: name, leaks: false });
  }
}

/** Each run starts Node twice (the entry script, then the CLI): generous limits for a busy machine. */
describe(`the action's entry script, from a checkout without node_modules, on the runner's Node (${execFileSync(runnerNode(), ["--version"], { encoding: "utf8" }).trim()})`, { timeout: 120_000 }, () => {
  it("a conformant server: exit 0, counts in the outputs, the summary and a verdict annotation, reports on disk; no connection but to the server", async () => {
    const server = await scimServer();
    const run = await runAction({ "base-url": server.baseUrl, token: TOKEN, suites: "okta-spec,rfc" });

    expect(run.code, run.stderr).toBe(0);
    expect(connectedTo(run)).toEqual([hostPort(server.baseUrl)]);
    expect(run.stdout.split("\n")[0]).toBe(`::add-mask::${TOKEN}`);
    const report = JSON.parse(await readFile(run.outputs["report-json"]!, "utf8")) as RunReport;
    expect(report.summary.passed).toBeGreaterThan(10);
    expect(run.outputs).toEqual({
      "exit-code": "0",
      passed: String(report.summary.passed),
      failed: "0",
      "report-json": join(run.workspace, "scim-okta-reports", "probe.json"),
      "report-junit": join(run.workspace, "scim-okta-reports", "probe.junit.xml"),
      "summary-markdown": join(run.workspace, "scim-okta-reports", "probe.md"),
    });
    expect(await readFile(run.outputs["report-junit"]!, "utf8")).toContain("<testsuite");
    expect(run.summary).toContain("## ✅ scim-okta probe");
    expect(run.summary).toMatch(/\| \*\*total\*\* \| \*\*\d+\*\* \| \*\*0\*\* \|/);
    expect(annotations(run.stdout).filter((note) => note.level !== "add-mask")).toEqual([
      { level: "notice", properties: { title: "scim-okta probe" }, message: expect.stringContaining(`against ${server.baseUrl}`) },
    ]);
    expectNoSecret(await everythingWritten(run));
  });

  it("a server with a defect (that echoes the token back): exit 1, the failure annotated and in the summary with its reference and curl line, no secret anywhere", async () => {
    const server = await scimServer(["content-type-json", "echo-authorization"]);
    const run = await runAction({ "base-url": server.baseUrl, token: TOKEN, suites: "rfc" });

    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(await readFile(run.outputs["report-json"]!, "utf8")) as RunReport;
    const failing = report.probes.find((probe) => probe.id === "rfc/responses-are-scim-json");
    expect(failing?.status).toBe("failed");
    expect(run.outputs["exit-code"]).toBe("1");
    expect(run.outputs.failed).toBe(String(report.summary.failed));
    expect(Number(run.outputs.failed)).toBeGreaterThanOrEqual(1);

    const errors = annotations(run.stdout).filter((note) => note.level === "error");
    expect(errors.map((note) => note.properties.title)).toContain("rfc/responses-are-scim-json");
    expect(run.summary).toContain("## ❌ scim-okta probe");
    expect(run.summary).toContain("`rfc/responses-are-scim-json`");
    expect(run.summary).toContain(`Reference: ${failing!.reference.startsWith("https://") ? `<${failing!.reference}>` : failing!.reference}`);
    expect(run.summary).toMatch(/```sh\ncurl [^\n]*Authorization: Bearer \$SCIM_TOKEN/);
    expectNoSecret(await everythingWritten(run));
  });

  it("test-connector: Okta's connector test through the same reports, outputs and summary", async () => {
    const server = await scimServer();
    const run = await runAction({ command: "test-connector", "base-url": server.baseUrl, token: TOKEN });

    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(await readFile(run.outputs["report-json"]!, "utf8")) as RunReport;
    expect(report.command).toBe("test-connector");
    expect(run.outputs).toMatchObject({ "exit-code": "0", passed: String(report.summary.passed), failed: String(report.summary.failed) });
    expect(run.outputs["report-json"]).toBe(join(run.workspace, "scim-okta-reports", "test-connector.json"));
    expect(run.summary).toContain("## ✅ scim-okta test-connector");
    expect(server.requests.some((request) => request.path.startsWith("/scim/v2/Users?startIndex=1&count=2"))).toBe(true);
    expectNoSecret(await everythingWritten(run));
  });

  it("a server that cannot be reached: the CLI's exit 3 fails the step, and the summary says why", async () => {
    const server = await scimServer();
    const baseUrl = server.baseUrl;
    await server.close();
    servers.splice(0);
    const run = await runAction({ "base-url": baseUrl, token: TOKEN, suites: "rfc" });

    expect(run.code).toBe(3);
    expect(run.outputs["exit-code"]).toBe("3");
    expect(run.summary).toMatch(/\*\*Exit 3 \(cannot proceed\)\*\*[\s\S]*cannot reach the SCIM server/);
    expectNoSecret(await everythingWritten(run));
  });

  it("an input the command does not take: exit 2 before anything runs, the annotation and the summary name the input", async () => {
    const run = await runAction({ command: "test-connector", "base-url": "https://scim.example.com/scim/v2", token: TOKEN, suites: "rfc" });

    expect(run.code).toBe(2);
    expect(run.outputs["exit-code"]).toBe("2");
    expect(annotations(run.stdout)).toContainEqual({
      level: "error",
      properties: { title: "scim-okta action" },
      message: 'error: input "suites" is for command probe only, not test-connector',
    });
    expect(run.summary).toContain("could not run (exit 2, bad input)");
    expectNoSecret(await everythingWritten(run));
  });

  it("a value the CLI refuses: the CLI's own exit 2 and its error line reach the summary and an annotation", async () => {
    const server = await scimServer();
    const run = await runAction({ "base-url": server.baseUrl, token: TOKEN, suites: "rfcs" });

    expect(run.code).toBe(2);
    expect(run.outputs["exit-code"]).toBe("2");
    expect(run.outputs["report-json"]).toBe("");
    const error = annotations(run.stdout).find((note) => note.level === "error");
    expect(error?.message).toMatch(/--suite "rfcs" is not a suite/);
    expect(run.summary).toMatch(/could not run \(exit 2, bad input\)[\s\S]*--suite "rfcs" is not a suite/);
    expect(server.requests).toEqual([]);
  });

  it("a run the CLI ends early with exit 0 and no report (extra-args: --list): the step passes, with a warning that says so", async () => {
    const run = await runAction({ "base-url": "https://scim.example.com/scim/v2", token: TOKEN, "extra-args": "--list" });

    expect(run.code, run.stderr).toBe(0);
    expect(run.outputs).toMatchObject({ "exit-code": "0", "report-json": "" });
    expect(annotations(run.stdout).filter((note) => note.level === "warning").map((note) => note.message)).toEqual([expect.stringContaining("no report was written")]);
    expect(run.summary).toContain("exit 0, but no report was written");
    expect(run.connections).toEqual([]);
  });

  it("an earlier run's reports in the same workspace are never shown as this run's", async () => {
    const server = await scimServer();
    const first = await runAction({ "base-url": server.baseUrl, token: TOKEN, suites: "rfc" });
    expect(first.code, first.stderr).toBe(0);
    const second = await runAction({ "base-url": server.baseUrl, token: TOKEN, suites: "rfcs" }, { workspace: first.workspace });

    expect(second.code).toBe(2);
    expect(second.outputs).toMatchObject({ "exit-code": "2", passed: "0", failed: "0", "report-json": "" });
    expect(second.summary).toContain("could not run (exit 2, bad input)");
    expect(second.summary).not.toContain("✅");
  });

  it("report-dir naming a file: exit 2 naming the input, no stack trace", async () => {
    const workspace = await temporaryFolder("scim-okta-action-");
    await writeFile(join(workspace, "reports"), "not a folder\n");
    const run = await runAction({ "base-url": "https://scim.example.com/scim/v2", token: TOKEN, "report-dir": "reports" }, { workspace });

    expect(run.code).toBe(2);
    expect(annotations(run.stdout).find((note) => note.level === "error")?.message).toMatch(/^error: input "report-dir": cannot write the reports in /);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.connections).toEqual([]);
  });

  it("a secret with a % in it is registered as the runner reads it (escaped)", async () => {
    const run = await runAction({ "base-url": "https://scim.example.com/scim/v2", token: "ab%25cd\r", "extra-args": "--list" });

    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split("\n").filter((line) => line.startsWith("::add-mask::"))).toEqual(["::add-mask::ab%2525cd"]);
  });

  it("the action's own input refused: an earlier run's report files are removed too (an `if: always()` upload would ship them)", async () => {
    const server = await scimServer();
    const first = await runAction({ "base-url": server.baseUrl, token: TOKEN, suites: "rfc" });
    expect(first.code, first.stderr).toBe(0);
    const second = await runAction({ "base-url": server.baseUrl, token: TOKEN, "read-only": "yes" }, { workspace: first.workspace });

    expect(second.code).toBe(2);
    expect(await readdir(join(first.workspace, "scim-okta-reports"))).toEqual([]);
  });

  it("an earlier run's JSON report kept as the baseline is read, not removed as an old report", async () => {
    const server = await scimServer(["content-type-json"]);
    const first = await runAction({ "base-url": server.baseUrl, token: TOKEN, suites: "rfc" });
    expect(first.code).toBe(1);
    const second = await runAction({ "base-url": server.baseUrl, token: TOKEN, suites: "rfc", baseline: "scim-okta-reports/probe.json" }, { workspace: first.workspace });

    expect(second.code, second.stderr).toBe(0);
    const report = JSON.parse(await readFile(second.outputs["report-json"]!, "utf8")) as RunReport;
    expect(report.probes.find((probe) => probe.id === "rfc/responses-are-scim-json")).toMatchObject({ status: "failed", baselined: true });
  });

  it("that kept report is not taken for this run's when the CLI stops before writing one", async () => {
    const server = await scimServer(["content-type-json"]);
    const first = await runAction({ "base-url": server.baseUrl, token: TOKEN, suites: "rfc" });
    expect(first.code).toBe(1);
    const second = await runAction({ "base-url": server.baseUrl, token: TOKEN, suites: "rfcs", baseline: "scim-okta-reports/probe.json" }, { workspace: first.workspace });

    expect(second.code).toBe(2);
    expect(second.outputs).toMatchObject({ "exit-code": "2", passed: "0", failed: "0", "report-json": "" });
    expect(second.summary).toContain("could not run (exit 2, bad input)");
  });
});

