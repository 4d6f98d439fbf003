import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BugError, UsageError } from "../../src/core/errors.js";
import { runReportSchema, type RunReport } from "../../src/scim/report.js";
import { JsonReporter } from "../../src/scim/reporters/json.js";
import { fakeContext, fixtureReport } from "./fixture.js";

describe("json reporter", () => {
  it("writes the report as one line on stdout, and it round-trips through the schema", async () => {
    const { ctx, stdout } = fakeContext();
    await new JsonReporter(ctx, { kind: "stream", stream: "stdout" }).finish(fixtureReport());
    expect(stdout.text.endsWith("\n")).toBe(true);
    expect(stdout.text.trimEnd().split("\n")).toHaveLength(1);
    const parsed = runReportSchema.parse(JSON.parse(stdout.text));
    const expected = fixtureReport();
    expect(parsed.summary).toEqual({ passed: 3, failed: 3, skipped: 1, warned: 1, requiredFailed: 1 });
    expect(parsed.probes.map((probe) => probe.id)).toEqual(expected.probes.map((probe) => probe.id));
    expect(parsed.probes[2]?.exchanges[0]).toMatchObject({ method: "GET", status: 404, durationMs: 17 });
    expect(parsed.probes[2]?.message).toBe("Expected 200, got 404 & the server echoed [REDACTED]\nsecond line: 100% sure");
    expect({ dialect: parsed.dialect, suites: parsed.suites }).toEqual({ dialect: "oin", suites: ["okta-spec", "rfc"] });
  });

  it("pretty-prints to a file, creating its directory", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scim-okta-json-"));
    const { ctx, stdout } = fakeContext({ cwd: dir });
    await new JsonReporter(ctx, { kind: "file", path: "out/report.json" }).finish(fixtureReport());
    const text = await readFile(join(dir, "out/report.json"), "utf8");
    expect(text.startsWith('{\n  "schemaVersion": 1,')).toBe(true);
    expect(runReportSchema.parse(JSON.parse(text)).durationMs).toBe(2345);
    expect(stdout.text).toBe("");
  });

  it("refuses a report that breaks the schema: a bug, not a user error", async () => {
    const { ctx } = fakeContext();
    const broken = { ...fixtureReport(), schemaVersion: 2 } as unknown as RunReport;
    await expect(new JsonReporter(ctx, { kind: "stream", stream: "stdout" }).finish(broken)).rejects.toBeInstanceOf(BugError);
  });
});

describe("report files", () => {
  it("a path that cannot be written is the user's to fix, naming --reporter", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scim-okta-unwritable-"));
    const { ctx } = fakeContext({ cwd: dir });
    await new JsonReporter(ctx, { kind: "file", path: "out/report.json" }).finish(fixtureReport());
    const error = await new JsonReporter(ctx, { kind: "file", path: "out/report.json/nested.json" })
      .finish(fixtureReport())
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(/^Cannot write the json report to out\/report\.json\/nested\.json: /);
    expect((error as UsageError).hint).toBe("Pass a writable path to --reporter json=<file>.");
  });
});
