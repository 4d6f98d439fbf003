import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/cli.js";

/** action/summary.js, typed for the tests (plain JavaScript outside the TypeScript project). */
const { withinSummaryLimit, fenced, SUMMARY_LIMIT } = (await import(pathToFileURL(join(REPO_ROOT, "action", "summary.js")).href)) as {
  withinSummaryLimit(markdown: string, path: string, limit?: number): string;
  fenced(text: string): string;
  SUMMARY_LIMIT: number;
};

const failure = (index: number) => `#### \`rfc/probe-${index}\` — a failure\n\n\`\`\`text\n${"x".repeat(2000)}\n\`\`\`\n`;

describe("the job summary", () => {
  it("stays under GitHub's 1 MiB limit, cut before a whole failure, saying where the full report is", () => {
    const markdown = `## ❌ scim-okta probe\n\n${Array.from({ length: 800 }, (_, index) => failure(index)).join("\n")}`;
    expect(Buffer.byteLength(markdown)).toBeGreaterThan(1024 * 1024);

    const cut = withinSummaryLimit(markdown, "/w/scim-okta-reports/probe.md");
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(SUMMARY_LIMIT).toBeLessThan(1024 * 1024);
    expect(cut).toMatch(/```\n\n\*\*The summary is cut here \(GitHub's 1 MiB limit\); the whole report is \/w\/scim-okta-reports\/probe\.md and the JSON beside it\.\*\*\n$/);
    expect(cut.split("#### ").length - 1).toBe(cut.split("```text").length - 1);
  });

  it("leaves a summary under the limit as it is", () => {
    const markdown = `## ✅ scim-okta probe\n\n${failure(1)}`;
    expect(withinSummaryLimit(markdown, "probe.md")).toBe(markdown);
  });

  it("fences text no line of it can close", () => {
    expect(fenced("a ```` b")).toBe("`````text\na ```` b\n`````\n");
    expect(fenced("plain")).toBe("```text\nplain\n```\n");
  });
});
