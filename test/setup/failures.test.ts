import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/start.js";
import { REPO_ROOT, runCli } from "../support/cli.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: 100_000 });
});
afterAll(async () => {
  await sandbox.close();
});

const base = () => ["setup", "--vendor", "scim2-header", "--param", `baseUrl=${sandbox.scimBaseUrl}`, "--yes"];
const env = (extra: NodeJS.ProcessEnv = {}) => ({ OKTA_ORG_URL: sandbox.oktaOrgUrl, OKTA_API_TOKEN: sandbox.oktaApiToken, SCIM_TOKEN: sandbox.scimToken, ...extra });

/** One line saying what happened, one saying what to do; never a stack trace. */
function expectOneLineError(stderr: string, message: RegExp): void {
  const lines = stderr.trim().split("\n");
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(message);
  expect(lines.length).toBeLessThanOrEqual(2);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe("setup and verify fail clearly", () => {
  it.each([
    ["a bad org URL", ["--org-url", "http://acme.okta.com"], {}, 2, /--org-url must use https/],
    ["an org URL that is not Okta", [], { OKTA_ORG_URL: "https://login.acme.example" }, 2, /OKTA_ORG_URL is not an Okta org/],
    ["no Okta credentials", [], { OKTA_API_TOKEN: "" }, 2, /no Okta credentials found/],
    ["a refused token", [], { OKTA_API_TOKEN: "00not-the-right-token-at-all" }, 3, /Okta refused the API token from OKTA_API_TOKEN \(401 E0000011 Invalid token provided\)/],
    ["an unreachable org", ["--org-url", "http://127.0.0.1:9"], {}, 3, /cannot reach Okta at http:\/\/127\.0\.0\.1:9: the connection was refused/],
    ["missing SCIM credentials when not interactive", [], { SCIM_TOKEN: "" }, 2, /setup needs the SCIM credentials .*: set SCIM_TOKEN/],
  ] as const)("%s", async (_name, flags, extraEnv, code, message) => {
    const result = await runCli([...base(), ...flags], { env: env(extraEnv) });
    expect(result.code).toBe(code);
    expectOneLineError(result.stderr, message);
  });

  it("an unknown vendor names the closest one", async () => {
    const result = await runCli(["setup", "--vendor", "kloudhybird", "--yes"], { env: env() });
    expect(result.code).toBe(2);
    expectOneLineError(result.stderr, /unknown vendor "kloudhybird"/);
    expect(result.stderr).toMatch(/did you mean "kloudhybrid"\?/);
  });

  it("an invalid template file names the field", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "tpl-")), "mine.yaml");
    writeFileSync(file, "schemaVersion: 1\nid: mine\nname: Mine\n");
    const result = await runCli(["setup", "--template", file, "--yes"], { env: env() });
    expect(result.code).toBe(2);
    expectOneLineError(result.stderr, /is not a valid template: /);
  });

  it("Okta refusing the catalog app's name says so and how to go on with --app-id", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "tpl-")), "renamed.yaml");
    writeFileSync(file, readFileSync(join(REPO_ROOT, "templates", "scim2-header.yaml"), "utf8").replace("oinName: scim2headerauth", "oinName: scim2headerauthx"));
    const result = await runCli(["setup", "--template", file, "--param", `baseUrl=${sandbox.scimBaseUrl}`, "--yes", "--no-probe"], { env: env() });
    expect(result.code).toBe(3);
    expectOneLineError(result.stderr, /Okta refused to create a SCIM 2\.0 Test App \(Header Auth\) app named scim2headerauthx \(Api validation failed: name; No app definition found for the name: scim2headerauthx\)/);
    expect(result.stderr).toMatch(/run setup again with --app-id <its id>/);
  });

  it("a missing parameter in a non-interactive run names --param", async () => {
    const result = await runCli(["setup", "--vendor", "kloudhybrid", "--base-url", sandbox.scimBaseUrl, "--yes"], { env: env({ SCIM_USERNAME: "u", SCIM_PASSWORD: "p-1234567" }) });
    expect(result.code).toBe(2);
    expectOneLineError(result.stderr, /template kloudhybrid needs --param managerSource=…/);
    // The hint says what the parameter is, with its example once.
    expect(result.stderr.split("user.managerId")).toHaveLength(2);
  });

  it("a base URL ending in /Users is refused before anything is read or written, with the URL to use", async () => {
    const result = await runCli(["setup", "--vendor", "scim2-header", "--base-url", `${sandbox.scimBaseUrl}/Users/`, "--yes"], { env: env() });
    expect(result.code).toBe(2);
    expectOneLineError(result.stderr, /the base URL http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/Users\/ ends in \/Users: Okta adds \/Users and \/Groups to it itself/);
    expect(result.stderr).toContain(`hint: e.g. --base-url ${sandbox.scimBaseUrl}\n`);
    expect(sandbox.okta.store.apps.size).toBe(0);
  });

  it("a service app lacking a scope: exit 3 naming the scope", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const { clientId } = sandbox.okta.registerOAuthClient({ publicKeys: [{ ...publicKey.export({ format: "jwk" }), kid: "k1" }], scopes: ["okta.apps.read", "okta.schemas.read", "okta.profileMappings.read", "okta.userTypes.read"] });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const result = await runCli([...base(), "--probe", "none"], {
      env: env({ OKTA_API_TOKEN: "", OKTA_CLIENT_ID: clientId, OKTA_PRIVATE_KEY: pem, OKTA_KEY_ID: "k1", OKTA_SCOPES: "okta.apps.read okta.apps.manage okta.schemas.read okta.profileMappings.read okta.userTypes.read" }),
    });
    expect(result.code).toBe(3);
    expectOneLineError(result.stderr, /lacks the scope okta\.apps\.manage/);
    for (const line of pem.split("\n").filter((text) => text.length >= 16)) expect(result.stdout + result.stderr).not.toContain(line);
  });
});

describe("no secret in any output or trace", () => {
  it("SSWS token and SCIM token: stdout, stderr, --json and the trace file hold neither", async () => {
    const trace = join(mkdtempSync(join(tmpdir(), "trace-")), "setup.jsonl");
    const human = await runCli([...base(), "--trace", trace], { env: env() });
    const json = await runCli(["--json", ...base()], { env: env() });
    const traced = readFileSync(trace, "utf8");
    expect(traced).toContain("SSWS [REDACTED]");
    for (const text of [human.stdout, human.stderr, json.stdout, json.stderr, traced]) {
      expect(text).not.toContain(sandbox.oktaApiToken);
      expect(text).not.toContain(sandbox.scimToken);
      expect(text).not.toContain(Buffer.from(sandbox.scimToken).toString("base64"));
    }
  });
});
