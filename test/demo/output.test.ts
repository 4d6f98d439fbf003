import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { runDemoCommand } from "../../src/commands/demo.js";
import { runCli } from "../support/cli.js";
import { listening } from "../support/net.js";

/*
 * What demo prints without a terminal (plain text, stage by stage, nothing on stderr), with --json
 * (one document, also for an error), and that an interruption at any stage stops everything it
 * started and exits 130.
 */

const HEADINGS = [
  "1. Start the sandbox",
  "2. The org before setup",
  "3. setup: plan, then apply",
  "4. The manual steps, done in the sandbox's Admin Console stand-in",
  "5. setup again, now that the manual steps are done",
  "6. setup once more, to show it converges",
  "7. What Okta provisioned",
  "8. Deactivate alan.turing@example.com in Okta",
  "9. test-connector and the probe suites against the SCIM server",
  "Summary",
  "The same against a real Okta org:",
];

describe("demo without a terminal", () => {
  it("prints each stage as plain text, in order, and nothing on stderr", async () => {
    const { code, stdout, stderr } = await runCli(["demo"]);
    expect(code, stderr).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).not.toContain("\u001b[");
    const positions = HEADINGS.map((heading) => stdout.indexOf(`${heading}`));
    expect(positions.every((position) => position >= 0), JSON.stringify(Object.fromEntries(HEADINGS.map((heading, index) => [heading, positions[index]])))).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // setup's own renderings: the plan, the manual steps with their link, the apply summary.
    expect(stdout).toContain("Plan: ");
    expect(stdout).toMatch(/Manual step 1 of \d: Configure API Integration/);
    expect(stdout).toMatch(/Open http:\/\/127\.0\.0\.1:\d+\/admin\/app\/scim2testapp_basic\/instance\/\w+\/#tab-provisioning/);
    expect(stdout).toContain("https://acme-admin.okta.com/admin/app/scim2testapp_basic/instance/");
    expect(stdout).toMatch(/"password":"\(sensitive\)"/);
    expect(stdout).toContain("Applied 0 changes through Okta's API.");
    expect(stdout).toContain("managerValue=ada.lovelace@example.com");
    expect(stdout).toContain("npx scim-okta setup --vendor kloudhybrid --param baseUrl=https://sj-test.apps.kloudspot.com/scim/v2 --param managerSource=user.managerId");
  }, 120_000);

  it("--json prints exactly one document with schemaVersion 1", async () => {
    const { code, stdout, stderr } = await runCli(["--json", "demo", "--vendor", "strongdm"]);
    expect(code, stderr).toBe(0);
    expect(stdout.endsWith("\n")).toBe(true);
    expect(stdout.trim().split("\n")).toHaveLength(1);
    const document = JSON.parse(stdout) as { schemaVersion: number; vendor: { id: string }; setup: unknown[]; checks: unknown };
    expect(document).toMatchObject({ schemaVersion: 1, vendor: { id: "strongdm" } });
    expect(document.setup.length).toBeGreaterThanOrEqual(3);
  }, 120_000);

  it("--json with an unknown vendor: one JSON error document, exit 2, nothing started", async () => {
    const { code, stdout } = await runCli(["--json", "demo", "--vendor", "kloudhybird"]);
    expect(code).toBe(2);
    expect(stdout.trim().split("\n")).toHaveLength(1);
    expect(JSON.parse(stdout)).toMatchObject({ schemaVersion: 1, error: { message: expect.stringContaining('unknown vendor "kloudhybird"'), hint: 'did you mean "kloudhybrid"?' } });
  });
});

describe("demo against a SCIM server that does not do what Okta asks", () => {
  it("reports each finding, the failed probe, and exits 1", async () => {
    const stdout = new Watcher(() => {});
    const stderr = new Watcher(() => {});
    const code = await main(["demo"], {
      stdout,
      stderr,
      env: {},
      stdinIsTTY: false,
      handleSignals: false,
      // Okta deactivates (oin) with a PATCH without a path: this server ignores it.
      runCommand: (_path, options, ctx) => runDemoCommand(options as { vendor: string }, ctx, { afterStart: (sandbox) => sandbox.scim.setFaults(["patch-no-path-ignored"]) }),
    });
    expect(code, stderr.text).toBe(1);
    expect(stdout.text).toContain("SCIM  alan.turing@example.com still active");
    expect(stdout.text).toContain("not as Okta would do it: alan.turing@example.com: deactivated in Okta but still active at the SCIM server");
    expect(stdout.text).toMatch(/okta-runtime\/deactivate-user: /);
    expect(stdout.text).toContain("Took ");
  }, 120_000);
});

class Watcher extends Writable {
  text = "";
  constructor(private readonly onText: (text: string) => void) {
    super();
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    this.onText(this.text);
    callback();
  }
}


describe("demo interrupted (Ctrl-C) at any stage", () => {
  it.each(["2. The org before setup", "Manual step 1 of", "6. setup once more", "7. What Okta provisioned", "9. test-connector"])("at %j: exit 130, the sandbox stopped", async (stage) => {
    const abort = new AbortController();
    const stdout = new Watcher((text) => {
      if (text.includes(stage)) abort.abort();
    });
    const stderr = new Watcher(() => {});
    const code = await main(["demo"], { stdout, stderr, env: {}, stdinIsTTY: false, handleSignals: false, signal: abort.signal });
    expect(abort.signal.aborted).toBe(true);
    expect(code, stderr.text).toBe(130);
    expect(stdout.text).not.toContain("Summary");
    const urls = [...stdout.text.matchAll(/(?:Okta org|SCIM server|Admin Console) +(http:\/\/127\.0\.0\.1:\d+)/g)].map((match) => match[1] as string);
    expect(urls).toHaveLength(3);
    for (const url of urls) expect(await listening(url), url).toBe(false);
  }, 120_000);
});
