import { describe, expect, it } from "vitest";
import { escapeData, escapeProperty, GithubReporter, workflowCommand } from "../../src/scim/reporters/github.js";
import { fakeContext, fixtureReport } from "./fixture.js";

describe("github reporter", () => {
  it("annotates required failures as errors, optional/baselined failures and warnings as warnings, and the verdict as a notice", async () => {
    const { ctx, stdout } = fakeContext();
    await new GithubReporter(ctx, "stdout").finish(fixtureReport());
    const lines = stdout.text.trimEnd().split("\n");
    expect(lines.map((line) => line.slice(0, line.indexOf("::", 2) + 2))).toEqual([
      "::warning title=rfc/error-status-string (optional)::",
      "::error title=okta-spec/get-user-by-id::",
      "::warning title=rfc/discovery::",
      "::warning title=rfc/duplicate-group (known failure%2C baselined)::",
      "::notice title=scim-okta probe::",
    ]);
    expect(lines[1]).toBe(
      "::error title=okta-spec/get-user-by-id::Get a user by id <after create>: Expected 200, got 404 & the server echoed [REDACTED]%0Asecond line: 100%25 sure" +
        "%0Aexpected: HTTP 200 with the user%0Aactual: HTTP 404" +
        "%0Acurl: curl -X GET 'https://scim.example.com/scim/v2/Users/42?token=[REDACTED]'%0Areference: Okta SPEC step 6",
    );
    expect(lines[4]).toBe("::notice title=scim-okta probe::3 passed, 3 failed (1 required), 1 warned, 1 skipped against https://scim.example.com/scim/v2");
  });

  it("escapes data and properties as the Actions runner expects", () => {
    expect(escapeData("50% a\r\nb: c, d")).toBe("50%25 a%0D%0Ab: c, d");
    expect(escapeProperty("a:b,c%\n")).toBe("a%3Ab%2Cc%25%0A");
    expect(workflowCommand("error", { title: "rfc/x: y" }, "line 1\nline 2")).toBe("::error title=rfc/x%3A y::line 1%0Aline 2");
  });

  it("shows control characters from the server instead of passing them on", async () => {
    const { ctx, stdout } = fakeContext();
    const report = fixtureReport();
    const [first] = report.probes;
    if (first) first.message = "\u001b[31mred";
    await new GithubReporter(ctx, "stdout").finish(report);
    expect(stdout.text).toContain("\\x1b[31mred");
    expect(stdout.text).not.toContain("\u001b");
  });

  it("reports leftovers as warnings", async () => {
    const { ctx, stdout } = fakeContext();
    const report = { ...fixtureReport(), leftovers: [{ type: "User", id: "u1", reason: "DELETE answered 500" }] };
    await new GithubReporter(ctx, "stdout").finish(report);
    expect(stdout.text).toContain("::warning title=scim-okta leftover::User u1 could not be removed: DELETE answered 500\n");
  });
});

describe("github reporter against hostile server text", () => {
  it("keeps each annotation on one line: a line break in server text cannot start a workflow command", async () => {
    const { ctx, stdout } = fakeContext();
    const report = fixtureReport();
    for (const probe of report.probes) {
      probe.message = "x\n::add-mask::y\r\n::error::z\u2028::warning::w";
      if (probe.status === "failed") probe.actual = "%0A::stop-commands::token";
    }
    await new GithubReporter(ctx, "stdout").finish(report);
    const lines = stdout.text.trimEnd().split("\n");
    expect(lines).toHaveLength(5);
    expect(lines.every((line) => /^::(error|warning|notice) title=[^:]*::/.test(line))).toBe(true);
    expect(lines[1]).toContain("x%0A::add-mask::y\\x0d%0A::error::z\\u2028::warning::w");
    expect(lines[1]).toContain("actual: %250A::stop-commands::token");
  });
});
