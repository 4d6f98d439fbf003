import { describe, expect, it } from "vitest";
import type { Progress } from "../../src/core/io.js";
import { PrettyReporter } from "../../src/scim/reporters/pretty.js";
import { fakeContext, fixtureReport } from "./fixture.js";

const ANSI = "\u001b[";

async function prettyOutput(options: Parameters<typeof fakeContext>[0] = {}) {
  const fake = fakeContext(options);
  const reporter = new PrettyReporter(fake.ctx, { stream: "stdout", command: "probe" });
  reporter.start({ command: "probe", baseUrl: "https://scim.example.com/scim/v2", suites: ["okta-spec", "rfc"], total: 8, suiteTotals: { "okta-spec": 3, rfc: 5 } });
  reporter.suiteStarted("okta-spec");
  for (const probe of fixtureReport().probes) reporter.probeFinished(probe);
  reporter.suiteFinished("okta-spec");
  await reporter.finish(fixtureReport());
  return fake;
}

describe("pretty reporter, not a terminal", () => {
  it("prints probes grouped by suite, each failure's message once (under Failures, with its details), a table and the verdict, and no spinner", async () => {
    const { stdout, stderr } = await prettyOutput({ env: { NO_COLOR: "1" } });
    expect(stderr.text).toBe("");
    expect(stdout.text).toBe(`okta-spec
  ✓ okta-spec/create-user — Create a user (required)
  ✗ okta-spec/get-user-by-id — Get a user by id <after create> (required)
  - okta-spec/deactivate-user — Deactivate a user (required)
      skipped: --read-only: needs a write

rfc
  ✗ rfc/error-status-string — Error responses carry status as a string (optional)
  ! rfc/discovery — Discovery endpoints (optional)
      │ /ResourceTypes is missing; Okta does not need it
  ✓ rfc/list-empty — Empty ListResponse (required)
  ✗ rfc/duplicate-group — Duplicate group is refused with 409 (required, baselined)
  ✓ rfc/bad-chars — Control \\x01 chars, \uFFFD lone surrogate, ]]> and 'quotes' (required)

Failures

✗ okta-spec/get-user-by-id — Get a user by id <after create> (required)
  │ Expected 200, got 404 & the server echoed [REDACTED]
  │ second line: 100% sure
  expected  HTTP 200 with the user
  actual    HTTP 404
  curl      curl -X GET 'https://scim.example.com/scim/v2/Users/42?token=[REDACTED]'
  reference Okta SPEC step 6

✗ rfc/error-status-string — Error responses carry status as a string (optional)
  │ status was the number 404, not the string "404"
  expected  "status": "404"
  actual    "status": 404
  curl      curl -X GET 'https://scim.example.com/scim/v2/Users/missing'
  reference https://datatracker.ietf.org/doc/html/rfc7644#section-3.12

✗ rfc/duplicate-group — Duplicate group is refused with 409 (required, baselined)
  │ got 500
  reference RFC 7644 §3.3

suite      passed  failed  warned  skipped
okta-spec       1       1       0        1
rfc             2       2       1        0
total           3       3       1        1

Probed https://scim.example.com/scim/v2 in 2.3 s.
3 passed, 3 failed (1 required), 1 warned, 1 skipped
`);
  });

  it("shows control characters from the server instead of sending them to the terminal", async () => {
    const { ctx, stdout } = fakeContext({ env: { NO_COLOR: "1" } });
    const report = fixtureReport();
    const [first] = report.probes;
    if (first) first.message = "\u001b[2Jcleared\rover";
    await new PrettyReporter(ctx, { stream: "stdout", command: "probe" }).finish(report);
    expect(stdout.text).toContain("\\x1b[2Jcleared\\x0dover");
    expect(stdout.text).not.toContain("\u001b");
    expect(stdout.text).not.toContain("\r");
  });

  it("never lets server text start a line: no CI runner reads a workflow command in it", async () => {
    const { ctx, stdout } = fakeContext({ env: { NO_COLOR: "1" } });
    const report = fixtureReport();
    const hostile = "::add-mask::x\n::error title=pwned::owned\n   ##vso[task.setvariable variable=x]1\n\u2028::warning::y\u0085::notice::z";
    for (const probe of report.probes) {
      probe.message = `${hostile}\n${probe.message}`;
      if (probe.status === "failed") Object.assign(probe, { expected: hostile, actual: hostile, curl: `curl '${hostile}'` });
    }
    report.leftovers = [{ type: "User", id: `u1\n::error::leftover-id`, reason: `DELETE answered 500\n##[error]leftover` }];
    await new PrettyReporter(ctx, { stream: "stdout", command: "probe" }).finish(report);
    const lines = stdout.text.split("\n");
    expect(lines.filter((line) => /^\s*(::|##)/.test(line))).toEqual([]);
    expect(stdout.text).toContain("      │ ::add-mask::x");
    expect(stdout.text).toContain("  User u1\\n::error::leftover-id: DELETE answered 500\\n##[error]leftover");
    expect(stdout.text).not.toMatch(/[\u0085\u2028]/);
  });

  it("colours only through ctx.style: FORCE_COLOR gives ANSI, NO_COLOR and --no-color none", async () => {
    expect((await prettyOutput({ env: { FORCE_COLOR: "1" } })).stdout.text).toContain(ANSI);
    expect((await prettyOutput({ env: { NO_COLOR: "1", FORCE_COLOR: "1" } })).stdout.text).not.toContain(ANSI);
    expect((await prettyOutput({ env: { FORCE_COLOR: "1" }, global: { color: false } })).stdout.text).not.toContain(ANSI);
  });

  it("no colour when stdout is redirected though stderr is a terminal, unless FORCE_COLOR", async () => {
    expect((await prettyOutput({ terminal: true, stdoutRedirected: true })).stdout.text).not.toContain(ANSI);
    expect((await prettyOutput({ terminal: true })).stdout.text).toContain(ANSI);
    expect((await prettyOutput({ terminal: true, stdoutRedirected: true, env: { FORCE_COLOR: "1" } })).stdout.text).toContain(ANSI);
  });

  it("lists resources the run could not remove", async () => {
    const { ctx, stdout } = fakeContext({ env: { NO_COLOR: "1" } });
    await new PrettyReporter(ctx, { stream: "stdout", command: "probe" }).finish({
      ...fixtureReport(),
      leftovers: [{ type: "Group", id: "g7", reason: "DELETE answered 500" }],
    });
    expect(stdout.text).toContain("Left behind (remove by hand)\n  Group g7: DELETE answered 500\n");
  });
});

describe("pretty reporter, on a terminal", () => {
  it("spins on stderr naming the running suite and the count within it, then prints the report on stdout", async () => {
    const fake = fakeContext({ terminal: true, env: { NO_COLOR: "1" } });
    expect(fake.ctx.interactive).toBe(true);
    const shown: string[] = [];
    const progress: Progress = {
      spinner: (text) => {
        shown.push(text);
        return { update: (next) => void shown.push(next), persist: (_symbol, next) => void shown.push(`persist: ${next}`), stop: () => Promise.resolve() };
      },
    };
    const ctx = { ...fake.ctx, progress };
    const report = fixtureReport();
    const reporter = new PrettyReporter(ctx, { stream: "stdout", command: "probe" });
    reporter.start({ command: "probe", baseUrl: report.target.baseUrl, suites: ["okta-spec", "rfc"], total: 8, suiteTotals: { "okta-spec": 3, rfc: 5 } });
    reporter.suiteStarted("okta-spec");
    reporter.suiteStarted("rfc");
    const [oktaSpec, rfc] = [report.probes.filter((probe) => probe.suite === "okta-spec"), report.probes.filter((probe) => probe.suite === "rfc")];
    reporter.probeFinished(oktaSpec[0]!);
    reporter.probeFinished(rfc[0]!);
    for (const probe of oktaSpec.slice(1)) reporter.probeFinished(probe);
    reporter.suiteFinished("okta-spec");
    await reporter.finish(report);
    expect(shown).toEqual([
      "8 probes …",
      "okta-spec 0/3 …",
      "okta-spec 0/3, rfc 0/5 …",
      "okta-spec 1/3, rfc 0/5 …",
      "okta-spec 1/3, rfc 1/5 …",
      "okta-spec 2/3, rfc 1/5 …",
      "okta-spec 3/3, rfc 1/5 …",
      "persist: okta-spec 3 done, 1 failed",
      "rfc 1/5 …",
    ]);
    expect(fake.stdout.text).toContain("3 passed, 3 failed (1 required), 1 warned, 1 skipped\n");
    expect(fake.stdout.text).not.toContain("okta-spec 3 done");
    expect(fake.stderr.text).toBe("");
  });
});
