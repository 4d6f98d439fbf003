import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, runCli } from "../support/cli.js";

const ALL_IDS = ["aiw-scim", "cloudapp", "clumio", "infrascale", "kloudhybrid", "scim2-basic", "scim2-header", "scim2-oauth-bearer", "strongdm"];

describe("vendors list", () => {
  it("prints a table with every template's id, name, Okta app kind and auth", async () => {
    const { code, stdout, stderr } = await runCli(["vendors", "list"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID\s+NAME\s+OKTA APP\s+AUTH$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual(ALL_IDS);
    expect(stdout).toMatch(/^kloudhybrid\s+KloudHybrid\s+SCIM 2\.0 Test App \(Basic Auth\)\s+basic$/m);
    expect(stdout).toMatch(/^cloudapp\s+CloudApp\s+own app \+ Enable SCIM \(AIW\)\s+HTTP header$/m);
  });

  it("--json is exactly {schemaVersion, vendors[]}", async () => {
    const { code, stdout, stderr } = await runCli(["--json", "vendors", "list"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const document = JSON.parse(stdout) as { schemaVersion: number; vendors: Record<string, unknown>[] };
    expect(Object.keys(document)).toEqual(["schemaVersion", "vendors"]);
    expect(document.schemaVersion).toBe(1);
    expect(document.vendors.map((vendor) => vendor.id)).toEqual(ALL_IDS);
    expect(document.vendors.find((vendor) => vendor.id === "kloudhybrid")).toEqual({
      id: "kloudhybrid",
      name: "KloudHybrid",
      appKind: "oin-test-app",
      auth: "basic",
      dialect: "oin",
      baseUrl: "{baseUrl}",
      source: "003_0c4206412551d22d.txt",
    });
    expect(document.vendors.find((vendor) => vendor.id === "scim2-header")).not.toHaveProperty("source");
    for (const vendor of document.vendors) expect(Object.keys(vendor).filter((key) => key !== "source")).toEqual(["id", "name", "appKind", "auth", "dialect", "baseUrl"]);
  });
});

describe("vendors show", () => {
  it("kloudhybrid: settings, managerValue, the manual clicks and the vendor-side steps in order", async () => {
    const { code, stdout, stderr } = await runCli(["vendors", "show", "kloudhybrid"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toContain("KloudHybrid Platform 5.14.X or later");
    expect(stdout).toContain("--param baseUrl=https://sj-test.apps.kloudspot.com/scim/v2");
    expect(stdout).toMatch(/Application username format: Okta username/);
    expect(stdout).toMatch(/Create Users: on\n\s+Update User Attributes: on\n\s+Deactivate Users: on\n\s+Sync Password: off/);
    expect(stdout).toMatch(/- managerValue ← \{managerSource\} — the manager's userName/);
    expect(stdout).toMatch(/3\. The provisioning connection: base URL and credentials\n\s+how: by hand: /);
    expect(stdout).toMatch(/4\. Provisioning to App\n\s+how: setup tries Okta's Features API; if Okta refuses, it prints these steps and checks the app's features\n/);
    const vendorSide = stdout.slice(stdout.indexOf("1. In KloudHybrid, before Okta"));
    expect(vendorSide).toMatch(/1\) .*Configuration -> Integrations -> External Authentication[\s\S]*2\) Enable SCIM Provisioning[\s\S]*3\) Note the Username/);
    expect(vendorSide).toContain("warning: Copy the Tenant URL/Base URL your KloudHybrid shows");
  });

  it("clumio: the lock-out warning stands on the Enable Auto User Provisioning step", async () => {
    const { code, stdout } = await runCli(["vendors", "show", "clumio"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/2\) Click Enable Auto User Provisioning\.\n\s+warning: Only after the admin's own group was pushed from Okta and its sync confirmed/);
    expect(stdout).toMatch(/Not supported:\s+Remove users, Sync password, Enhanced group push/);
  });

  it("infrascale: AIW settings in the form's own words, and the attributes to keep", async () => {
    const { code, stdout } = await runCli(["vendors", "show", "infrascale"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Unique identifier field for users: userName/);
    expect(stdout).toMatch(/Supported provisioning actions: Push New Users, Push Profile Updates/);
    expect(stdout).toMatch(/- givenName \(apply on create\)/);
    expect(stdout).toMatch(/Keep only userName, givenName, familyName, email, emailType, displayName; remove every other attribute/);
    expect(stdout).toMatch(/Enable SCIM provisioning first:\n\s+how: by hand: /);
  });

  it("strongdm: what to paste and what Okta sends", async () => {
    const { stdout } = await runCli(["vendors", "show", "strongdm"]);
    expect(stdout).toContain("paste into Okta: Bearer {token}");
    expect(stdout).toContain("Okta then sends: Authorization: Bearer {token}");
    // As setup plans it for a token on a catalog app: the Connections API first, the Admin Console steps if that does not do it.
    expect(stdout).toMatch(/provisioning connection[^\n]*\n\s+how: by hand: setup first tries Okta's Connections API with the token/);
  });

  it("--json gives the template and the manual steps", async () => {
    const { code, stdout } = await runCli(["--json", "vendors", "show", "cloudapp"]);
    expect(code).toBe(0);
    const document = JSON.parse(stdout) as { schemaVersion: number; template: { id: string }; manualSteps: { id: string; step: string; why: string; whereToClick: string }[] };
    expect(document.schemaVersion).toBe(1);
    expect(document.template.id).toBe("cloudapp");
    expect(document.manualSteps.map((step) => step.id)).toEqual(["locate-app", "enable-scim", "provisioning-connection", "to-app"]);
    for (const step of document.manualSteps) expect(step).toMatchObject({ step: expect.any(String), why: expect.any(String), whereToClick: expect.any(String) });
  });

  it("an unknown id exits 2, lists the known ids and suggests the closest", async () => {
    const { code, stdout, stderr } = await runCli(["vendors", "show", "kloudhybird"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(`unknown vendor "kloudhybird"`);
    expect(stderr).toContain(`known: ${ALL_IDS.join(", ")}`);
    expect(stderr).toContain(`did you mean "kloudhybrid"?`);
  });
});

describe("vendors validate", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "scim-okta-vendors-"));
  });

  const goodTemplate = [
    "schemaVersion: 1",
    "id: acme",
    "name: Acme",
    "description: Acme's SCIM server",
    "okta:",
    "  app: { kind: oin-test-app, oinName: scim2headerauth, label: Acme, create: true }",
    "  toApp: { createUsers: { value: true }, updateUserAttributes: { value: true }, deactivateUsers: { value: true }, syncPassword: { value: false } }",
    "scim:",
    "  baseUrl: { value: https://acme.example.com/scim/v2 }",
    "  auth: { mode: header, pasteIntoOkta: 'Bearer {token}', headerSent: 'Bearer {token}' }",
    "  dialect: oin",
    "",
  ].join("\n");

  it("a good file: exit 0 and one OK line", async () => {
    const file = join(dir, "acme.yaml");
    await writeFile(file, goodTemplate);
    const { code, stdout, stderr } = await runCli(["vendors", "validate", file]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toBe(`OK: ${file} is a valid template (id acme)\n`);
  });

  it("a shipped template validates too, relative to the working directory", async () => {
    const { code, stdout } = await runCli(["vendors", "validate", "templates/kloudhybrid.yaml"], { cwd: REPO_ROOT });
    expect(code).toBe(0);
    expect(stdout).toContain("OK: templates/kloudhybrid.yaml");
  });

  const badTemplate = goodTemplate.replace("id: acme", "id: Acme Corp").replace("dialect: oin", "dialect: scim").replace("syncPassword: { value: false }", "syncPassword: { value: no-thanks }");

  it("a bad file: exit 2 and every error with its field path on stderr, one per line", async () => {
    const file = join(dir, "bad.yaml");
    await writeFile(file, badTemplate);
    const { code, stdout, stderr } = await runCli(["vendors", "validate", file]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    const lines = stderr.trimEnd().split("\n");
    expect(lines[0]).toBe(`error: ${file} is not a valid template (3 errors)`);
    expect(lines.slice(1).map((line) => line.trim().split(":")[0]).sort()).toEqual(["id", "okta.toApp.syncPassword.value", "scim.dialect"]);
  });

  it("a bad file with --json: {schemaVersion, valid: false, errors[{path, message}]} on stdout", async () => {
    const file = join(dir, "bad.yaml");
    await writeFile(file, badTemplate);
    const { code, stdout, stderr } = await runCli(["--json", "vendors", "validate", file]);
    expect(code).toBe(2);
    expect(stderr).toBe("");
    const document = JSON.parse(stdout) as { schemaVersion: number; valid: boolean; errors: { path: string; message: string }[] };
    expect(document).toMatchObject({ schemaVersion: 1, valid: false });
    expect(document.errors.map((error) => error.path).sort()).toEqual(["id", "okta.toApp.syncPassword.value", "scim.dialect"]);
    for (const error of document.errors) expect(error.message).not.toBe("");
  });

  it("YAML that does not parse: each syntax error with its line and column", async () => {
    const file = join(dir, "broken.yaml");
    await writeFile(file, "schemaVersion: 1\nid: x\nname: ok\nokta:\n  app: x\n   kind: aiw\n");
    const { code, stderr } = await runCli(["vendors", "validate", file]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^ {2}line 5, column 8: YAML syntax: \S/m);
    expect(stderr).not.toMatch(/ at line \d+/);
  });

  it("YAML syntax errors under --json carry their position as the path", async () => {
    const file = join(dir, "broken-json.yaml");
    await writeFile(file, "id: [unclosed\nname: x\n");
    const { code, stdout } = await runCli(["--json", "vendors", "validate", file]);
    expect(code).toBe(2);
    const document = JSON.parse(stdout) as { errors: { path: string; message: string }[] };
    expect(document.errors.length).toBeGreaterThan(0);
    for (const error of document.errors) expect(error.path).toMatch(/^line \d+, column \d+$/);
  });

  it("a missing file: exit 2 naming the file", async () => {
    const file = join(dir, "nope.yaml");
    const { code, stderr } = await runCli(["vendors", "validate", file]);
    expect(code).toBe(2);
    expect(stderr).toContain(`error: cannot read template file ${file}: no such file (ENOENT)`);
  });
});
