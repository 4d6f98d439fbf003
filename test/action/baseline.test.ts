import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startReferenceScimServer, type FaultId, type ReferenceScimServer } from "../../src/sandbox/scim/index.js";
import { parseBaseline } from "../../src/commands/probe.js";
import type { RunReport } from "../../src/scim/report.js";
import { runCli } from "../support/cli.js";
import { annotations, runAction, temporaryFolder } from "./support.js";

/*
 * The baseline workflow end to end (README "CI"): write a baseline from a run, run against it,
 * see a fixed probe named so the baseline shrinks, and a new failure fail the build.
 */

const TOKEN = "baseline-test-token-9c2e";
const KNOWN = "rfc/responses-are-scim-json"; // what the content-type-json fault fails
const NEW = "rfc/create-returns-201-with-location"; // what the no-location-header fault fails

const servers: ReferenceScimServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function scimServer(faults: FaultId[]): Promise<string> {
  const server = await startReferenceScimServer({ auth: { mode: "header", token: TOKEN }, faults });
  servers.push(server);
  return server.baseUrl;
}

// One folder for the workflow's steps, which build on each other's baseline file.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "scim-okta-baseline-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function probe(baseUrl: string, argv: string[]) {
  // The markdown summary goes to stdout, the github annotations to stderr.
  const result = await runCli(["probe", "--suite", "rfc", "--reporter", `json=report.json`, "--reporter", "markdown", "--reporter", "github", ...argv], {
    env: { SCIM_BASE_URL: baseUrl, SCIM_TOKEN: TOKEN },
    cwd: dir,
  });
  const report = JSON.parse(await readFile(join(dir, "report.json"), "utf8")) as RunReport;
  return { ...result, report };
}

describe("the baseline workflow", () => {
  it("1. --write-baseline writes the ids of the run's failed probes, in a form --baseline reads; the run itself still fails", async () => {
    const run = await probe(await scimServer(["content-type-json"]), ["--write-baseline", "known-failures.txt"]);

    expect(run.code).toBe(1);
    const text = await readFile(join(dir, "known-failures.txt"), "utf8");
    expect(text.split("\n").filter((line) => line !== "" && !line.startsWith("#"))).toEqual([KNOWN]);
    expect([...parseBaseline(text)]).toEqual([KNOWN]);
    expect(run.stderr).toContain("Wrote the baseline known-failures.txt: 1 failed probe.");
  });

  it("2. with the baseline, the known failure is reported as baselined and the run passes", async () => {
    const run = await probe(await scimServer(["content-type-json"]), ["--baseline", "known-failures.txt"]);

    expect(run.code).toBe(0);
    expect(run.report.probes.find((probe) => probe.id === KNOWN)).toMatchObject({ status: "failed", baselined: true });
    expect(run.report.baseline).toEqual({ fixed: [], file: "known-failures.txt" });
    expect(run.stdout).toContain("### Optional and baselined failures (1)");
    expect(annotations(run.stderr).find((note) => note.properties.title === `${KNOWN} (known failure, baselined)`)?.level).toBe("warning");
  });

  it("3. a new failure fails the build, the known one still does not", async () => {
    const run = await probe(await scimServer(["content-type-json", "no-location-header"]), ["--baseline", "known-failures.txt"]);

    expect(run.code).toBe(1);
    expect(run.report.probes.filter((probe) => probe.status === "failed" && !probe.baselined).map((probe) => probe.id)).toEqual([NEW]);
    expect(run.stdout).toMatch(new RegExp(`### Failures that fail the run \\(1\\)\\n\\n#### \`${NEW}\``));
    expect(annotations(run.stderr).filter((note) => note.level === "error").map((note) => note.properties.title)).toEqual([NEW]);
  });

  it("4. once the probe passes, every report says to remove it from the baseline, and stderr too", async () => {
    const baseUrl = await scimServer([]);
    const run = await probe(baseUrl, ["--baseline", "known-failures.txt"]);

    expect(run.code).toBe(0);
    const line = (await readFile(join(dir, "known-failures.txt"), "utf8")).split("\n").indexOf(KNOWN) + 1;
    expect(line).toBeGreaterThan(1);
    expect(run.report.baseline).toEqual({ fixed: [KNOWN], file: "known-failures.txt", lines: { [KNOWN]: line } });
    expect(run.stdout).toContain("### Fixed, remove from the baseline (1)");
    // On the baseline's own line: in a pull request, the notice sits on the line to delete.
    expect(annotations(run.stderr)).toContainEqual({ level: "notice", properties: { file: "known-failures.txt", line: String(line), title: "scim-okta baseline" }, message: `Fixed, remove from the baseline: ${KNOWN} passes now` });
    expect(run.stderr).toContain(`notice: fixed, remove from the baseline known-failures.txt: ${KNOWN}`);

    const pretty = await runCli(["probe", "--suite", "rfc", "--baseline", "known-failures.txt"], { env: { SCIM_BASE_URL: baseUrl, SCIM_TOKEN: TOKEN }, cwd: dir });
    expect(pretty.stdout).toContain(`Fixed, remove from the baseline: ${KNOWN}`);
  });

  it("5. --baseline and --write-baseline on the same file shrink it to what still fails", async () => {
    const run = await probe(await scimServer([]), ["--baseline", "known-failures.txt", "--write-baseline", "known-failures.txt"]);

    expect(run.code).toBe(0);
    expect([...parseBaseline(await readFile(join(dir, "known-failures.txt"), "utf8"))]).toEqual([]);
  });

  it("--write-baseline to a place that cannot be written is refused before any request (exit 2)", async () => {
    await mkdir(join(dir, "a-folder"), { recursive: true });
    const server = await startReferenceScimServer({ auth: { mode: "header", token: TOKEN } });
    servers.push(server);
    const run = await runCli(["probe", "--write-baseline", "a-folder"], { env: { SCIM_BASE_URL: server.baseUrl, SCIM_TOKEN: TOKEN }, cwd: dir });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--write-baseline a-folder: a-folder is a folder");
    expect(server.requests).toEqual([]);
  });

  it("a --baseline file that does not exist: exit 2 before any request, the hint says how to start one", async () => {
    const server = await startReferenceScimServer({ auth: { mode: "header", token: TOKEN } });
    servers.push(server);
    const run = await runCli(["probe", "--baseline", "not-yet.txt"], { env: { SCIM_BASE_URL: server.baseUrl, SCIM_TOKEN: TOKEN }, cwd: dir });

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: cannot read --baseline not-yet\.txt: .*\nhint: start one: --write-baseline <file> writes this run's failures/);
    expect(server.requests).toEqual([]);
  });

  it("0. a --baseline that does not exist yet, with --write-baseline: no known failures this run, and this run's are written; a reused folder keeps failing on them", async () => {
    const baseUrl = await scimServer(["content-type-json"]);
    const first = await probe(baseUrl, ["--baseline", "committed.txt", "--write-baseline", "this-run.txt"]);

    expect(first.code).toBe(1);
    expect(first.stderr).toContain("note: --baseline committed.txt does not exist yet");
    expect([...parseBaseline(await readFile(join(dir, "this-run.txt"), "utf8"))]).toContain(KNOWN);
    // Jenkins, a cron box: the same folder next time. The committed baseline was not touched, so the failure still fails.
    const again = await probe(baseUrl, ["--baseline", "committed.txt", "--write-baseline", "this-run.txt"]);
    expect(again.code).toBe(1);
  });

  it("a --baseline that cannot be read for another reason (a folder): exit 2, and no hint about starting one", async () => {
    await mkdir(join(dir, "baseline-folder"), { recursive: true });
    const run = await runCli(["probe", "--baseline", "baseline-folder", "--write-baseline", "w.txt"], { env: { SCIM_BASE_URL: "https://scim.example.com/scim/v2", SCIM_TOKEN: TOKEN }, cwd: dir });

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: cannot read --baseline baseline-folder: .*\nhint: pass a JSON report of an earlier run, or a file with one probe id per line\n$/);
  });
});

describe("the baseline through the action", { timeout: 120_000 }, () => {
  it("the vendor recipe's first run (no baseline committed yet): failures count, this run's baseline is written with the reports and the summary says where; a run that writes none says nothing", async () => {
    const workspace = await temporaryFolder("scim-okta-action-baseline-");
    const inputs = { token: TOKEN, suites: "rfc", baseline: ".scim-okta-baseline", "write-baseline": "scim-okta-reports/scim-okta-baseline" };
    const run = await runAction({ ...inputs, "base-url": await scimServer(["content-type-json"]) }, { workspace });

    expect(run.code, run.stderr).toBe(1);
    const written = [...parseBaseline(await readFile(join(workspace, "scim-okta-reports", "scim-okta-baseline"), "utf8"))];
    expect(written).toContain(KNOWN);
    expect(run.summary).toContain(`**Baseline written** to \`scim-okta-reports/scim-okta-baseline\` (${written.length} probe ids)`);

    // The same workspace, the server gone: exit 3, the baseline not written again, and the summary does not claim it was.
    const unreachable = await runAction({ ...inputs, "base-url": "http://127.0.0.1:1/scim/v2" }, { workspace });
    expect(unreachable.code).toBe(3);
    expect(unreachable.summary).not.toContain("Baseline written");
  });

  it("baseline and write-baseline inputs: a fixed probe is in the job summary and annotated; the refreshed file is written", async () => {
    const workspace = await temporaryFolder("scim-okta-action-baseline-");
    await writeFile(join(workspace, ".scim-okta-baseline"), `# known failures\n${KNOWN}\n`);
    const run = await runAction(
      { "base-url": await scimServer([]), token: TOKEN, suites: "rfc", baseline: ".scim-okta-baseline", "write-baseline": "refreshed-baseline" },
      { workspace },
    );

    expect(run.code, run.stderr).toBe(0);
    expect(run.summary).toContain(`### Fixed, remove from the baseline (1)`);
    expect(run.summary).toContain(`\`${KNOWN}\``);
    expect(annotations(run.stdout)).toContainEqual({ level: "notice", properties: { file: ".scim-okta-baseline", line: "2", title: "scim-okta baseline" }, message: `Fixed, remove from the baseline: ${KNOWN} passes now` });
    expect([...parseBaseline(await readFile(join(workspace, "refreshed-baseline"), "utf8"))]).toEqual([]);
  });
});
