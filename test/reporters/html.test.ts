import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { escapeHtml, HtmlReporter, renderHtml } from "../../src/scim/reporters/html.js";
import { fakeContext, fixtureReport } from "./fixture.js";

describe("html reporter", () => {
  it("writes one self-contained page", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scim-okta-html-"));
    const { ctx } = fakeContext({ cwd: dir });
    await new HtmlReporter(ctx, "site/report.html").finish(fixtureReport());
    const html = await readFile(join(dir, "site/report.html"), "utf8");
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/<script[^>]*\bsrc=/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).toContain("default-src 'none'");
  });

  it("records the run's dialect and suites", () => {
    const html = renderHtml(fixtureReport());
    expect(html).toContain("<dt>Dialect</dt><dd>oin</dd>");
    expect(html).toContain("<dt>Suites</dt><dd>okta-spec, rfc</dd>");
  });

  it("escapes everything that comes from the report", () => {
    const report = fixtureReport();
    const [first] = report.probes;
    if (first) first.message = `<img src=x onerror="alert(1)"> & 'quote'`;
    const html = renderHtml(report);
    expect(html).not.toContain("<img");
    expect(html).toContain("&#60;img src=x onerror=&#34;alert(1)&#34;&#62; &#38; &#39;quote&#39;");
    expect(html).toContain("Get a user by id &#60;after create&#62;");
  });

  it("opens failed probes and their exchanges, and leaves the others closed", () => {
    const html = renderHtml(fixtureReport());
    const probeTags = [...html.matchAll(/<details class="probe (\w+)(?: blocking)?" id="probe-([\w-]+)"( open)?>/g)].map((match) => [match[2], match[1], Boolean(match[3])]);
    expect(probeTags).toEqual([
      ["okta-spec-create-user", "passed", false],
      ["okta-spec-get-user-by-id", "failed", true],
      ["okta-spec-deactivate-user", "skipped", false],
      ["rfc-error-status-string", "failed", true],
      ["rfc-discovery", "warned", false],
      ["rfc-list-empty", "passed", false],
      ["rfc-duplicate-group", "failed", true],
      ["rfc-bad-chars", "passed", false],
    ]);
    expect(html).toContain('<details class="probe failed blocking" id="probe-okta-spec-get-user-by-id" open>');
    expect(html).toContain('<details class="probe failed" id="probe-rfc-error-status-string" open>');
    expect(html.match(/<details class="exchange"( open)?>/g)).toEqual(['<details class="exchange">', '<details class="exchange" open>']);
  });

  it("escapes the five HTML-significant characters", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;");
  });
});
