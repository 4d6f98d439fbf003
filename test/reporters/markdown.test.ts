import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GithubReporter } from "../../src/scim/reporters/github.js";
import { MarkdownReporter, renderMarkdown } from "../../src/scim/reporters/markdown.js";
import { PrettyReporter } from "../../src/scim/reporters/pretty.js";
import { CANARY_FORMS, fakeContext, fixtureReport } from "./fixture.js";

describe("markdown reporter", () => {
  it("summarises the verdict, the run, counts per suite, and each failure with its reference and curl line", () => {
    const text = renderMarkdown(fixtureReport());
    const lines = text.split("\n");
    expect(lines[0]).toBe("## ❌ scim-okta probe: 3 passed, 3 failed (1 required), 1 warned, 1 skipped");
    expect(lines[2]).toBe("Target `https://scim.example.com/scim/v2` · dialect oin · suites okta-spec, rfc · 2.3 s · scim-okta 0.1.0");
    expect(text).toContain(
      [
        "| suite | passed | failed | warned | skipped |",
        "|---|--:|--:|--:|--:|",
        "| okta-spec | 1 | 1 | 0 | 1 |",
        "| rfc | 2 | 2 | 1 | 0 |",
        "| **total** | **3** | **3** | **1** | **1** |",
      ].join("\n"),
    );
    expect(text).toContain("### Failures that fail the run (1)\n\n#### `okta-spec/get-user-by-id` — Get a user by id \\<after create\\> (required)\n");
    expect(text).toContain("```text\nHTTP 200 with the user\n```");
    expect(text).toContain("Reference: Okta SPEC step 6\n\nReproduce:\n\n```sh\ncurl -X GET 'https://scim.example.com/scim/v2/Users/42?token=");
    expect(text).toContain("### Optional and baselined failures (2)\n\n<details><summary>They do not fail the run</summary>");
    expect(text).toContain("Reference: <https://datatracker.ietf.org/doc/html/rfc7644#section-3.12>");
    expect(text).toContain("#### `rfc/duplicate-group` — Duplicate group is refused with 409 (known failure, baselined)");
  });

  it("says PASS with a tick when nothing that fails the run failed, and lists leftovers", () => {
    const report = fixtureReport();
    report.summary.requiredFailed = 0;
    report.leftovers = [{ type: "User", id: "u-1", reason: "DELETE answered 500" }];
    const text = renderMarkdown(report);
    expect(text.startsWith("## ✅ scim-okta probe:")).toBe(true);
    expect(text).toContain("### Left behind on the server (remove by hand)\n\n- User `u-1`: DELETE answered 500\n");
  });

  it("keeps server text inert: no links, images, HTML, headings, or fence breakouts", () => {
    const report = fixtureReport();
    const hostile = "![x](https://evil.example/pixel.png) <img src=x onerror=alert(1)> [click](javascript:alert(1))\n# Owned\n```\n## also owned\n````";
    for (const probe of report.probes) {
      if (probe.status !== "failed") continue;
      Object.assign(probe, { message: hostile, expected: hostile, actual: hostile, curl: hostile });
    }
    report.leftovers = [{ type: "User", id: "id`with`ticks\n# heading", reason: hostile }];
    const text = renderMarkdown(report);
    // Outside code fences, no line is a heading we did not write, and no markup survives unescaped.
    let fence: string | undefined;
    for (const line of text.split("\n")) {
      const opens = /^(`{3,})/.exec(line)?.[1];
      if (fence === undefined && opens) fence = opens;
      else if (fence !== undefined && line === fence) fence = undefined;
      else if (fence === undefined) {
        expect(line).not.toMatch(/^#+ (Owned|also owned)/);
        expect(line).not.toMatch(/(?<!\\)!\[|(?<!\\)<img|(?<!\\)\[click(?<!\\)\]/);
      }
    }
    expect(fence).toBeUndefined();
    expect(text).toContain("`````text\n![x](https://evil.example/pixel.png)");
  });

  it("writes a file, or stdout, with every registered secret redacted", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scim-okta-markdown-"));
    const { ctx, stdout } = fakeContext({ cwd: dir });
    await new MarkdownReporter(ctx, { kind: "file", path: "summary.md" }).finish(fixtureReport());
    await new MarkdownReporter(ctx, { kind: "stream", stream: "stdout" }).finish(fixtureReport());
    const file = await readFile(join(dir, "summary.md"), "utf8");
    expect(file).toBe(stdout.text);
    expect(file).toContain("[REDACTED]");
    for (const secret of Object.values(CANARY_FORMS)) expect(file).not.toContain(secret);
  });
});

describe("a run stopped in the middle (Ctrl-C)", () => {
  function interruptedReport() {
    const report = fixtureReport();
    report.summary.requiredFailed = 0;
    const template = report.probes[0]!;
    const notRun = Array.from({ length: 40 }, (_, index) => ({ ...template, id: `rfc/not-run-${index}`, suite: "rfc", status: "skipped" as const, message: "not run: interrupted (Ctrl-C)" }));
    report.probes = [...report.probes.filter((probe) => probe.status !== "failed"), ...notRun];
    return report;
  }

  it("markdown: no green tick, says the run stopped, counts the probes not run in one line", () => {
    const text = renderMarkdown(interruptedReport());
    expect(text.split("\n")[0]).toMatch(/^## ⚠️ scim-okta probe: .* \(run stopped before the end\)$/);
    expect(text).toContain("- 40 probes not run\\: interrupted (Ctrl-C)\n");
    expect(text).not.toContain("not-run-");
  });

  it("github: the verdict notice says the run stopped, and no probe that never ran is annotated", async () => {
    const { ctx, stdout } = fakeContext({});
    await new GithubReporter(ctx, "stdout").finish(interruptedReport());
    expect(stdout.text).not.toContain("not-run-");
    expect(stdout.text.trimEnd().split("\n").at(-1)).toMatch(/^::notice title=scim-okta probe::.*\(run stopped before the end\) against /);
  });
});

describe("fixed since the baseline", () => {
  it("pretty, markdown and github say which baselined probes pass now", async () => {
    const report = { ...fixtureReport(), baseline: { fixed: ["rfc/list-empty", "okta-spec/create-user"] } };
    expect(renderMarkdown(report)).toContain("### Fixed, remove from the baseline (2)\n\n- `rfc/list-empty`\n- `okta-spec/create-user`\n");
    const { ctx, stdout, stderr } = fakeContext({ env: { NO_COLOR: "1" } });
    await new PrettyReporter(ctx, { stream: "stdout", command: "probe" }).finish(report);
    await new GithubReporter(ctx, "stderr").finish(report);
    expect(stdout.text).toContain("Fixed, remove from the baseline: rfc/list-empty, okta-spec/create-user\n");
    expect(stderr.text).toContain("::notice title=scim-okta baseline::Fixed, remove from the baseline: rfc/list-empty, okta-spec/create-user\n");
  });

  it("github: a fixed entry of a baseline file is annotated on its own line of that file; one without a line, together", async () => {
    const report = { ...fixtureReport(), baseline: { fixed: ["rfc/list-empty", "okta-spec/create-user"], file: "ci/scim baseline, v2", lines: { "rfc/list-empty": 4 } } };
    const { ctx, stdout } = fakeContext({});
    await new GithubReporter(ctx, "stdout").finish(report);
    const notices = stdout.text.split("\n").filter((line) => line.includes("scim-okta baseline"));
    expect(notices).toEqual([
      "::notice file=ci/scim baseline%2C v2,line=4,title=scim-okta baseline::Fixed, remove from the baseline: rfc/list-empty passes now",
      "::notice title=scim-okta baseline::Fixed, remove from the baseline: okta-spec/create-user",
    ]);
  });

  it("github: at most 8 entries on their lines, the rest in one notice, so the verdict stays within GitHub's 10 notices a step; none on a file outside the repository", async () => {
    const ids = Array.from({ length: 12 }, (_, index) => `rfc/fixed-${index}`);
    const lines = Object.fromEntries(ids.map((id, index) => [id, index + 2]));
    const { ctx, stdout } = fakeContext({});
    await new GithubReporter(ctx, "stdout").finish({ ...fixtureReport(), baseline: { fixed: ids, file: "scim-baseline", lines } });
    const notices = annotationsOf(stdout.text).filter((line) => line.startsWith("::notice"));
    expect(notices.filter((line) => line.includes("file=scim-baseline"))).toHaveLength(8);
    expect(notices).toHaveLength(10);
    expect(notices[8]).toContain(`Fixed, remove from the baseline: ${ids.slice(8).join(", ")}`);
    expect(notices[9]).toMatch(/^::notice title=scim-okta probe::/);

    for (const file of ["../scim-baseline", "/tmp/scim-baseline"]) {
      const outside = fakeContext({});
      await new GithubReporter(outside.ctx, "stdout").finish({ ...fixtureReport(), baseline: { fixed: ids.slice(0, 2), file, lines } });
      expect(outside.stdout.text).not.toContain("file=");
      expect(outside.stdout.text).toContain(`Fixed, remove from the baseline: ${ids.slice(0, 2).join(", ")}`);
    }
  });
});

function annotationsOf(text: string): string[] {
  return text.split("\n").filter((line) => line.startsWith("::"));
}

