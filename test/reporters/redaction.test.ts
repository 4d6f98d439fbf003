import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createReporters } from "../../src/scim/reporters/index.js";
import { CANARY_FORMS, fakeContext, fixtureReport } from "./fixture.js";

/**
 * The fixture plants a registered secret raw in a probe message, base64 in a response body and
 * URL-encoded in a curl line; reporters redact before they escape, so no form survives anywhere.
 */
describe("no reporter prints a registered secret", () => {
  it("the fixture really carries every form of the canary", () => {
    const unredacted = JSON.stringify(fixtureReport());
    for (const secret of Object.values(CANARY_FORMS)) expect(unredacted).toContain(JSON.stringify(secret).slice(1, -1));
  });

  it.each([
    [["pretty"], false],
    [["json"], false],
    [["github"], false],
    [["pretty", "json", "github"], true],
    [["markdown"], false],
  ])("%j (with --json: %s)", async (specs, json) => {
    const dir = await mkdtemp(join(tmpdir(), "scim-okta-redact-"));
    const { ctx, stdout, stderr } = fakeContext({ cwd: dir, global: { json }, env: { FORCE_COLOR: "1" } });
    const reporters = createReporters([...specs, "json=r.json", "junit=r.xml", "html=r.html", "markdown=r.md"], ctx, { command: "probe" });
    for (const reporter of reporters) await reporter.finish(fixtureReport());
    const outputs = {
      stdout: stdout.text,
      stderr: stderr.text,
      json: await readFile(join(dir, "r.json"), "utf8"),
      junit: await readFile(join(dir, "r.xml"), "utf8"),
      html: await readFile(join(dir, "r.html"), "utf8"),
      markdown: await readFile(join(dir, "r.md"), "utf8"),
    };
    expect(stdout.text.length).toBeGreaterThan(0);
    for (const [name, text] of Object.entries(outputs)) {
      for (const [form, secret] of Object.entries(CANARY_FORMS)) {
        expect(text.includes(secret), `${form} form of the canary in ${name}`).toBe(false);
      }
      if (text !== "") expect(text, name).toContain("[REDACTED]");
    }
  });
});
