import { existsSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/core/errors.js";
import { createReporters, parseReporterSpecs } from "../../src/scim/reporters/index.js";
import { fakeContext, fixtureReport } from "./fixture.js";

describe("parseReporterSpecs", () => {
  it.each([
    [["pretty"], [{ kind: "pretty" }]],
    [["json"], [{ kind: "json" }]],
    [["json=out/report.json"], [{ kind: "json", file: "out/report.json" }]],
    [["junit=junit.xml", "github"], [{ kind: "junit", file: "junit.xml" }, { kind: "github" }]],
    [["html=report.html"], [{ kind: "html", file: "report.html" }]],
    [["markdown"], [{ kind: "markdown" }]],
    [["markdown=summary.md"], [{ kind: "markdown", file: "summary.md" }]],
    [[], []],
  ])("%j → %j", (specs, expected) => {
    expect(parseReporterSpecs(specs)).toEqual(expected);
  });

  it.each([["xml"], ["junit"], ["junit="], ["html"], ["json="], ["markdown="], ["pretty=out.txt"], ["github=x"], [""]])(
    "refuses %j, naming --reporter and the valid forms",
    (spec) => {
      const error = (() => {
        try {
          parseReporterSpecs([spec]);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).message).toContain("--reporter");
      expect((error as UsageError).hint).toBe(
        "Valid forms: pretty, json, json=<file>, junit=<file>, github, html=<file>, markdown, markdown=<file> (repeat --reporter for several).",
      );
    },
  );

  it("refuses two reporters writing one file", () => {
    expect(() => parseReporterSpecs(["junit=out.xml", "html=out.xml"])).toThrow(UsageError);
  });
});

/** Which stream each reporter wrote to, found by running them on the fixture. */
async function route(specs: string[], global: { json?: boolean } = {}) {
  const fake = fakeContext({ global });
  const reporters = createReporters(specs, fake.ctx, { command: "probe" });
  for (const reporter of reporters) await reporter.finish(fixtureReport());
  return fake;
}

describe("createReporters: who owns stdout", () => {
  it("defaults to pretty on stdout", async () => {
    const { stdout, stderr } = await route([]);
    expect(stdout.text).toContain("3 passed, 3 failed (1 required), 1 warned, 1 skipped");
    expect(stderr.text).toBe("");
  });

  it("with --json and no --reporter: exactly one JSON document on stdout, no pretty", async () => {
    const { stdout, stderr } = await route([], { json: true });
    expect(JSON.parse(stdout.text)).toMatchObject({ schemaVersion: 1, command: "probe" });
    expect(stderr.text).toBe("");
  });

  it("with --json and --reporter pretty: JSON on stdout, pretty on stderr", async () => {
    const { stdout, stderr } = await route(["pretty"], { json: true });
    expect(JSON.parse(stdout.text)).toMatchObject({ schemaVersion: 1 });
    expect(stderr.text).toContain("Failures");
  });

  it("with --json and only json=<file>: the file, and still one JSON document on stdout", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scim-okta-route-"));
    const { ctx, stdout } = fakeContext({ global: { json: true }, cwd: dir });
    for (const reporter of createReporters(["json=report.json"], ctx, { command: "probe" })) await reporter.finish(fixtureReport());
    expect(JSON.parse(stdout.text)).toMatchObject({ schemaVersion: 1 });
    expect(JSON.parse(await readFile(join(dir, "report.json"), "utf8"))).toMatchObject({ schemaVersion: 1 });
  });

  it("with --json and github: JSON on stdout, annotations on stderr", async () => {
    const { stdout, stderr } = await route(["github"], { json: true });
    expect(JSON.parse(stdout.text)).toMatchObject({ schemaVersion: 1 });
    expect(stderr.text).toMatch(/^::error /m);
  });

  it("json and pretty both asked for: json keeps stdout, pretty moves to stderr", async () => {
    const { stdout, stderr } = await route(["pretty", "json"]);
    expect(JSON.parse(stdout.text)).toMatchObject({ schemaVersion: 1 });
    expect(stderr.text).toContain("3 passed, 3 failed (1 required), 1 warned, 1 skipped");
  });

  it("github and pretty: annotations on stdout, pretty on stderr", async () => {
    const { stdout, stderr } = await route(["pretty", "github"]);
    expect(stdout.text.split("\n").filter(Boolean).every((line) => line.startsWith("::"))).toBe(true);
    expect(stderr.text).toContain("Failures");
  });

  it("markdown without a file takes stdout before github and pretty", async () => {
    const { stdout, stderr } = await route(["pretty", "github", "markdown"]);
    expect(stdout.text.startsWith("## ❌ scim-okta probe:")).toBe(true);
    expect(stderr.text).toContain("::error title=okta-spec/get-user-by-id::");
    expect(stderr.text).toContain("Failures");
  });

  it("only file reporters: one line on stderr with the verdict and where the reports went, nothing on stdout", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scim-okta-files-only-"));
    const fake = fakeContext({ cwd: dir });
    for (const reporter of createReporters(["junit=r.xml", "html=out/r.html", "markdown=summary.md"], fake.ctx, { command: "probe" })) {
      await reporter.finish(fixtureReport());
    }
    expect(fake.stdout.text).toBe("");
    expect(fake.stderr.text).toBe("scim-okta probe: 3 passed, 3 failed (1 required), 1 warned, 1 skipped; reports: junit r.xml, html out/r.html, markdown summary.md\n");
    expect(await readFile(join(dir, "summary.md"), "utf8")).toContain("## ❌ scim-okta probe");
  });

  it("says nothing extra when a reporter writes to a stream", async () => {
    const { ctx, stderr } = await route(["json", "junit=r.xml"]);
    expect(stderr.text).toBe("");
    // The relative junit=r.xml went to the test's own folder, not the repo's root (where vitest runs).
    expect(ctx.cwd).not.toBe(process.cwd());
    expect(existsSync(join(ctx.cwd, "r.xml"))).toBe(true);
  });

  it("refuses two json reporters on stdout", () => {
    const { ctx } = fakeContext();
    expect(() => createReporters(["json", "json"], ctx, { command: "probe" })).toThrow(UsageError);
  });
});
