import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/core/errors.js";
import { parseOrgUrl, resolveOktaConnection, SETUP_SCOPES, type ConnectionInputs } from "../../src/okta/connection.js";

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const PEM = rsa.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const JWK = JSON.stringify(rsa.privateKey.export({ format: "jwk" }));
const PUBLIC_PEM = rsa.publicKey.export({ type: "spki", format: "pem" }).toString();
const ED25519 = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const EC = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();

function home(yaml?: string): string {
  const dir = mkdtempSync(join(tmpdir(), "okta-home-"));
  if (yaml !== undefined) {
    mkdirSync(join(dir, ".okta"));
    writeFileSync(join(dir, ".okta", "okta.yaml"), yaml);
  }
  return dir;
}

function resolve(overrides: Partial<ConnectionInputs>) {
  return resolveOktaConnection({ env: {}, homeDir: undefined, cwd: tmpdir(), defaultScopes: SETUP_SCOPES, ...overrides });
}

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error("expected a UsageError");
}

describe("org URL", () => {
  it.each([
    ["https://acme.okta.com", "https://acme.okta.com"],
    ["https://acme.okta.com/", "https://acme.okta.com"],
    ["  https://ACME.oktapreview.com/app/UserHome ", "https://acme.oktapreview.com"],
    ["https://acme-admin.okta.com/admin/dashboard", "https://acme.okta.com"],
    ["https://acme.okta-emea.com", "https://acme.okta-emea.com"],
    ["https://acme.okta-gov.com", "https://acme.okta-gov.com"],
    ["http://127.0.0.1:8123", "http://127.0.0.1:8123"],
    ["http://localhost:9000/", "http://localhost:9000"],
    ["https://[::1]:8443", "https://[::1]:8443"],
  ])("%s → %s", (raw, expected) => {
    expect(parseOrgUrl(raw, "--org-url")).toBe(expected);
  });

  it.each([
    ["acme.okta.com", /--org-url is not a URL/],
    ["http://acme.okta.com", /--org-url must use https/],
    ["https://login.acme.com", /--org-url is not an Okta org: https:\/\/login\.acme\.com/],
    ["https://okta.com", /not an Okta org/],
    ["https://acme.okta.com.evil.example", /not an Okta org/],
    ["ftp://acme.okta.com", /must be an https URL/],
    ["https://user:pw@acme.okta.com", /must not carry credentials/],
  ])("%s is refused, naming the source", (raw, message) => {
    expect(usageMessage(() => parseOrgUrl(raw, "--org-url"))).toMatch(message);
  });

  it("comes from --org-url, then OKTA_ORG_URL, then OKTA_CLIENT_ORGURL, then okta.yaml", () => {
    const yamlHome = home("okta:\n  client:\n    orgUrl: https://yaml.okta.com\n    token: t-yaml-0000\n");
    const env = { OKTA_API_TOKEN: "tok-0000", OKTA_ORG_URL: "https://env.okta.com", OKTA_CLIENT_ORGURL: "https://sdk.okta.com" };
    expect(resolve({ env, orgUrl: "https://flag.okta.com" })).toMatchObject({ orgUrl: "https://flag.okta.com", orgUrlSource: "--org-url" });
    expect(resolve({ env })).toMatchObject({ orgUrl: "https://env.okta.com", orgUrlSource: "OKTA_ORG_URL" });
    expect(resolve({ env: { ...env, OKTA_ORG_URL: "" } })).toMatchObject({ orgUrl: "https://sdk.okta.com", orgUrlSource: "OKTA_CLIENT_ORGURL" });
    expect(resolve({ env: { OKTA_API_TOKEN: "tok-0000" }, homeDir: yamlHome }).orgUrlSource).toMatch(/okta\.yaml \(okta\.client\.orgUrl\)$/);
  });

  it("a bad OKTA_ORG_URL is named as such", () => {
    expect(usageMessage(() => resolve({ env: { OKTA_API_TOKEN: "tok-0000", OKTA_ORG_URL: "http://acme.okta.com" } }))).toMatch(/^OKTA_ORG_URL must use https/);
  });

  it("missing altogether: says which flag and env var", () => {
    expect(usageMessage(() => resolve({ env: { OKTA_API_TOKEN: "tok-0000" } }))).toBe("no Okta org URL: pass --org-url or set OKTA_ORG_URL");
  });
});

describe("credential chain (first found wins)", () => {
  const org = { OKTA_ORG_URL: "https://acme.okta.com" };

  it("OKTA_API_TOKEN wins over a service app and the SDK's names", () => {
    const connection = resolve({ env: { ...org, OKTA_API_TOKEN: "ssws-1234", OKTA_CLIENT_ID: "0oa1", OKTA_PRIVATE_KEY: PEM, OKTA_CLIENT_TOKEN: "sdk-1234" } });
    expect(connection.credentials).toEqual({ kind: "ssws", token: "ssws-1234", source: "OKTA_API_TOKEN" });
  });

  it("a service app: OKTA_CLIENT_ID + OKTA_PRIVATE_KEY (PEM), OKTA_KEY_ID, default scopes", () => {
    const connection = resolve({ env: { ...org, OKTA_CLIENT_ID: "0oa1", OKTA_PRIVATE_KEY: PEM, OKTA_KEY_ID: "kid-1" } });
    expect(connection.credentials).toEqual({ kind: "private-key", clientId: "0oa1", privateKey: PEM, keyId: "kid-1", scopes: [...SETUP_SCOPES], source: "OKTA_CLIENT_ID with OKTA_PRIVATE_KEY" });
  });

  it("a service app with a JWK and OKTA_SCOPES (space or comma separated)", () => {
    const connection = resolve({ env: { ...org, OKTA_CLIENT_ID: "0oa1", OKTA_PRIVATE_KEY: JWK, OKTA_SCOPES: "okta.apps.read, okta.apps.manage" } });
    expect(connection.credentials).toMatchObject({ kind: "private-key", scopes: ["okta.apps.read", "okta.apps.manage"] });
  });

  it("--private-key-file, relative to cwd, wins over OKTA_PRIVATE_KEY", () => {
    const dir = mkdtempSync(join(tmpdir(), "okta-key-"));
    writeFileSync(join(dir, "key.pem"), PEM);
    const connection = resolve({ env: { ...org, OKTA_CLIENT_ID: "0oa1", OKTA_PRIVATE_KEY: "not a key" }, privateKeyFile: "key.pem", cwd: dir });
    expect(connection.credentials).toMatchObject({ kind: "private-key", privateKey: PEM, source: "OKTA_CLIENT_ID with --private-key-file key.pem" });
  });

  it.each([
    [{ OKTA_CLIENT_ID: "0oa1" }, undefined, /^OKTA_CLIENT_ID is set but no private key: set OKTA_PRIVATE_KEY or pass --private-key-file/],
    [{ OKTA_PRIVATE_KEY: PEM }, undefined, /^OKTA_PRIVATE_KEY is set but OKTA_CLIENT_ID is not/],
    [{}, "/nonexistent/key.pem", /^--private-key-file is set but OKTA_CLIENT_ID is not/],
    [{ OKTA_CLIENT_ID: "0oa1" }, "/nonexistent/key.pem", /^cannot read --private-key-file \/nonexistent\/key\.pem: ENOENT/],
    [{ OKTA_CLIENT_ID: "0oa1", OKTA_PRIVATE_KEY: "hunter2-not-a-key" }, undefined, /^OKTA_PRIVATE_KEY is not a private key in PEM or JWK form$/],
    [{ OKTA_CLIENT_ID: "0oa1", OKTA_PRIVATE_KEY: PUBLIC_PEM }, undefined, /^OKTA_PRIVATE_KEY is not a private key/],
    [{ OKTA_CLIENT_ID: "0oa1", OKTA_PRIVATE_KEY: ED25519 }, undefined, /^OKTA_PRIVATE_KEY is a ed25519 key; use an RSA key$/],
    [{ OKTA_CLIENT_ID: "0oa1", OKTA_PRIVATE_KEY: EC }, undefined, /^OKTA_PRIVATE_KEY is an ec key; use an RSA key$/],
  ])("an incomplete service app is a one-line error naming what is missing (%#)", (env, privateKeyFile, message) => {
    const text = usageMessage(() => resolve({ env: { ...org, ...env }, privateKeyFile }));
    expect(text).toMatch(message);
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("\n");
  });

  it("the SDK's env names: OKTA_CLIENT_TOKEN", () => {
    expect(resolve({ env: { ...org, OKTA_CLIENT_TOKEN: "sdk-1234" } }).credentials).toEqual({ kind: "ssws", token: "sdk-1234", source: "OKTA_CLIENT_TOKEN" });
  });

  it("the SDK's env names: PrivateKey mode", () => {
    const env = { ...org, OKTA_CLIENT_AUTHORIZATIONMODE: "PrivateKey", OKTA_CLIENT_CLIENTID: "0oa2", OKTA_CLIENT_PRIVATEKEY: PEM, OKTA_CLIENT_SCOPES: "okta.apps.read" };
    expect(resolve({ env }).credentials).toMatchObject({ kind: "private-key", clientId: "0oa2", scopes: ["okta.apps.read"], source: "OKTA_CLIENT_CLIENTID with OKTA_CLIENT_PRIVATEKEY" });
  });

  it("~/.okta/okta.yaml, with the SDK's env names overriding it field by field", () => {
    const dir = home(
      ["okta:", "  client:", "    orgUrl: https://yaml.okta.com", "    authorizationMode: PrivateKey", "    clientId: 0oa-yaml", "    scopes:", "      - okta.apps.read", "      - okta.groups.read", `    privateKey: ${JSON.stringify(JWK)}`, "    keyId: kid-yaml", ""].join("\n"),
    );
    const fromYaml = resolve({ homeDir: dir });
    expect(fromYaml).toMatchObject({ orgUrl: "https://yaml.okta.com", credentials: { kind: "private-key", clientId: "0oa-yaml", keyId: "kid-yaml", scopes: ["okta.apps.read", "okta.groups.read"] } });
    expect(fromYaml.credentials.source).toMatch(/okta\.yaml \(okta\.client\.clientId\) with .*okta\.yaml \(okta\.client\.privateKey\)$/);
    const overridden = resolve({ homeDir: dir, env: { OKTA_CLIENT_CLIENTID: "0oa-env" } });
    expect(overridden.credentials).toMatchObject({ clientId: "0oa-env", keyId: "kid-yaml" });
  });

  it("okta.yaml with a JWK given as a YAML mapping", () => {
    const jwk = JSON.parse(JWK) as Record<string, string>;
    const lines = Object.entries(jwk).map(([key, value]) => `      ${key}: ${JSON.stringify(value)}`);
    const dir = home(["okta:", "  client:", "    orgUrl: https://yaml.okta.com", "    authorizationMode: PrivateKey", "    clientId: 0oa3", "    privateKey:", ...lines, ""].join("\n"));
    expect(resolve({ homeDir: dir }).credentials).toMatchObject({ kind: "private-key", clientId: "0oa3" });
  });

  it("a broken okta.yaml is named", () => {
    const dir = home("okta: [unclosed");
    expect(usageMessage(() => resolve({ env: org, homeDir: dir }))).toMatch(/okta\.yaml is not valid YAML/);
  });

  it("no okta.yaml in the injected home is fine; nothing at all says what to set", () => {
    expect(usageMessage(() => resolve({ env: org, homeDir: home() }))).toBe("no Okta credentials found");
  });

  it("an unknown SDK authorization mode is named", () => {
    expect(usageMessage(() => resolve({ env: { ...org, OKTA_CLIENT_AUTHORIZATIONMODE: "Bearer", OKTA_CLIENT_TOKEN: "x-1234" } }))).toMatch(/^OKTA_CLIENT_AUTHORIZATIONMODE is "Bearer": expected SSWS or PrivateKey/);
  });
});
