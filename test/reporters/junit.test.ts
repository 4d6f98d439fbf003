import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { JunitReporter, renderJunit } from "../../src/scim/reporters/junit.js";
import { fakeContext, fixtureReport } from "./fixture.js";

interface Testcase {
  "@_classname": string;
  "@_name": string;
  "@_time": string;
  failure?: { "@_message": string; "@_type": string; "#text": string };
  skipped?: { "@_message": string };
  "system-out"?: string;
}
interface Testsuite {
  "@_name": string;
  "@_tests": string;
  "@_failures": string;
  "@_errors": string;
  "@_skipped": string;
  testcase: Testcase[];
}

async function writeJunit(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "scim-okta-junit-"));
  const { ctx } = fakeContext({ cwd: dir });
  await new JunitReporter(ctx, "reports/junit.xml").finish(fixtureReport());
  return readFile(join(dir, "reports/junit.xml"), "utf8");
}

function parse(xml: string): { testsuites: Record<string, string> & { testsuite: Testsuite[] } } {
  return new XMLParser({
    ignoreAttributes: false,
    htmlEntities: true,
    isArray: (name) => name === "testsuite" || name === "testcase",
  }).parse(xml) as { testsuites: Record<string, string> & { testsuite: Testsuite[] } };
}

describe("junit reporter", () => {
  it("writes well-formed XML with totals that match the exit code's view", async () => {
    const xml = await writeJunit();
    expect(XMLValidator.validate(xml)).toBe(true);
    const { testsuites } = parse(xml);
    expect(testsuites).toMatchObject({ "@_name": "scim-okta probe", "@_tests": "8", "@_failures": "1", "@_errors": "0", "@_skipped": "3", "@_time": "2.345" });
  });

  it("has one testsuite per suite, sorted, with testcases in report order", async () => {
    const suites = parse(await writeJunit()).testsuites.testsuite;
    expect(suites.map((suite) => [suite["@_name"], suite["@_tests"], suite["@_failures"], suite["@_skipped"]])).toEqual([
      ["okta-spec", "3", "1", "1"],
      ["rfc", "5", "0", "2"],
    ]);
    expect(suites[0]?.testcase.map((testcase) => testcase["@_name"])).toEqual([
      "okta-spec/create-user: Create a user",
      "okta-spec/get-user-by-id: Get a user by id <after create>",
      "okta-spec/deactivate-user: Deactivate a user",
    ]);
    expect(suites[1]?.testcase.map((testcase) => testcase["@_classname"])).toEqual(Array(5).fill("scim-okta.rfc"));
  });

  it("records the run's target, dialect and suites as properties of each testsuite", async () => {
    const xml = await writeJunit();
    expect(xml).toContain('<property name="scim-okta.dialect" value="oin"/>');
    expect(xml).toContain('<property name="scim-okta.suites" value="okta-spec,rfc"/>');
  });

  it("maps each status as documented", async () => {
    const cases = new Map(
      parse(await writeJunit())
        .testsuites.testsuite.flatMap((suite) => suite.testcase)
        .map((testcase) => [testcase["@_name"].split(":")[0], testcase]),
    );
    const failed = cases.get("okta-spec/get-user-by-id");
    expect(failed?.failure?.["@_type"]).toBe("required check failed");
    expect(failed?.failure?.["@_message"]).toBe("Expected 200, got 404 & the server echoed [REDACTED]\nsecond line: 100% sure");
    expect(failed?.failure?.["#text"]).toContain("expected: HTTP 200 with the user");
    expect(failed?.failure?.["#text"]).toContain("actual:   HTTP 404");
    expect(failed?.failure?.["#text"]).toContain("curl:     curl -X GET 'https://scim.example.com/scim/v2/Users/42?token=[REDACTED]'");
    expect(failed?.["@_time"]).toBe("0.040");

    const optional = cases.get("rfc/error-status-string");
    expect(optional?.failure).toBeUndefined();
    expect(optional?.skipped?.["@_message"]).toBe('optional check failed: status was the number 404, not the string "404"');
    expect(optional?.["system-out"]).toContain('actual:   "status": 404');

    expect(cases.get("rfc/duplicate-group")?.skipped?.["@_message"]).toBe("known failure (baseline): got 500");
    expect(cases.get("okta-spec/deactivate-user")?.skipped?.["@_message"]).toBe("--read-only: needs a write");
    expect(cases.get("rfc/discovery")?.["system-out"]).toBe("warning: /ResourceTypes is missing; Okta does not need it");
    expect(cases.get("okta-spec/create-user")?.failure).toBeUndefined();
    expect(cases.get("okta-spec/create-user")?.skipped).toBeUndefined();
  });

  it("replaces characters XML 1.0 cannot carry and escapes markup", async () => {
    const xml = await writeJunit();
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\u0001]/);
    expect(xml).toContain("Control \uFFFD chars, \uFFFD lone surrogate, ]]&gt; and 'quotes'");
    expect(xml).toContain("Get a user by id &lt;after create&gt;");
  });

  it("is deterministic", () => {
    expect(renderJunit(fixtureReport())).toBe(renderJunit(fixtureReport()));
  });
});
