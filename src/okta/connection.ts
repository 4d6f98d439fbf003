import { createPrivateKey, type JsonWebKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { UsageError } from "../core/errors.js";

/**
 * Where setup and verify find the Okta org and the credentials to call it with (DESIGN §2):
 * `--org-url` / OKTA_ORG_URL, then the credential chain, first found wins — OKTA_API_TOKEN (SSWS);
 * an OAuth 2.0 service app with a private key (OKTA_CLIENT_ID + OKTA_PRIVATE_KEY or
 * `--private-key-file`, optional OKTA_KEY_ID and OKTA_SCOPES); the Okta SDK's own env names
 * (OKTA_CLIENT_ORGURL, OKTA_CLIENT_TOKEN, …); and ~/.okta/okta.yaml. Secrets never come from argv.
 * Pure apart from reading the two files it is pointed at; env and home directory are injected.
 */

type OktaCredentials =
  | { kind: "ssws"; token: string; source: string }
  | { kind: "private-key"; clientId: string; privateKey: string; keyId?: string; scopes: string[]; source: string };

export interface OktaConnection {
  /** Origin only, e.g. https://acme.okta.com (no trailing slash). */
  orgUrl: string;
  /** Where the org URL came from (a flag, env var or file), for error messages. */
  orgUrlSource: string;
  credentials: OktaCredentials;
}

export interface ConnectionInputs {
  /** `--org-url`. */
  orgUrl?: string | undefined;
  /** `--private-key-file`, relative to cwd. */
  privateKeyFile?: string | undefined;
  env: NodeJS.ProcessEnv;
  /** The user's home directory (for ~/.okta/okta.yaml); undefined reads no file. */
  homeDir: string | undefined;
  cwd: string;
  /** Scopes requested by an OAuth service app when none are configured: what the command needs. */
  defaultScopes: readonly string[];
}

/** Scopes setup needs (research/okta-api.md §8). */
export const SETUP_SCOPES = [
  "okta.apps.read",
  "okta.apps.manage",
  "okta.profileMappings.read",
  "okta.profileMappings.manage",
  "okta.schemas.read",
  "okta.schemas.manage",
  "okta.groups.read",
  "okta.groups.manage",
  "okta.users.read",
  "okta.userTypes.read",
] as const;

/** Scopes verify needs: it only reads. */
export const VERIFY_SCOPES = [
  "okta.apps.read",
  "okta.profileMappings.read",
  "okta.schemas.read",
  "okta.groups.read",
  "okta.users.read",
  "okta.userTypes.read",
] as const;

const CREDENTIALS_HINT =
  "set OKTA_API_TOKEN (an Okta API token), or OKTA_CLIENT_ID with OKTA_PRIVATE_KEY or --private-key-file (an OAuth 2.0 service app)";

export function resolveOktaConnection(inputs: ConnectionInputs): OktaConnection {
  const env = inputs.env;
  const yamlPath = inputs.homeDir ? join(inputs.homeDir, ".okta", "okta.yaml") : undefined;
  const yamlConfig = yamlPath ? readOktaYaml(yamlPath) : undefined;
  const sdkConfig = { ...yamlConfig?.values, ...sdkEnvConfig(env) };
  const sdkSource = (field: keyof SdkClientConfig, envName: string) => (sdkEnvConfig(env)[field] !== undefined ? envName : `${yamlPath} (okta.client.${field})`);

  const orgUrlCandidates: [string | undefined, string][] = [
    [inputs.orgUrl, "--org-url"],
    [env.OKTA_ORG_URL, "OKTA_ORG_URL"],
    [sdkConfig.orgUrl, sdkSource("orgUrl", "OKTA_CLIENT_ORGURL")],
  ];
  const found = orgUrlCandidates.find(([value]) => value !== undefined && value.trim() !== "");
  if (!found) throw new UsageError("no Okta org URL: pass --org-url or set OKTA_ORG_URL", "e.g. --org-url https://acme.okta.com");
  const [rawOrgUrl, orgUrlSource] = found as [string, string];
  const orgUrl = parseOrgUrl(rawOrgUrl, orgUrlSource);

  return { orgUrl, orgUrlSource, credentials: resolveCredentials(inputs, sdkConfig, sdkSource) };
}

function resolveCredentials(
  inputs: ConnectionInputs,
  sdkConfig: SdkClientConfig,
  sdkSource: (field: keyof SdkClientConfig, envName: string) => string,
): OktaCredentials {
  const env = inputs.env;
  if (nonEmpty(env.OKTA_API_TOKEN)) return { kind: "ssws", token: env.OKTA_API_TOKEN.trim(), source: "OKTA_API_TOKEN" };

  const clientId = nonEmpty(env.OKTA_CLIENT_ID) ? env.OKTA_CLIENT_ID.trim() : undefined;
  const keyFromFile = inputs.privateKeyFile !== undefined;
  const keyFromEnv = nonEmpty(env.OKTA_PRIVATE_KEY);
  if (clientId || keyFromFile || keyFromEnv) {
    if (!clientId) {
      throw new UsageError(
        `${keyFromFile ? "--private-key-file" : "OKTA_PRIVATE_KEY"} is set but OKTA_CLIENT_ID is not`,
        "set OKTA_CLIENT_ID to the client ID of the Okta service app the key belongs to",
      );
    }
    if (!keyFromFile && !keyFromEnv) {
      throw new UsageError("OKTA_CLIENT_ID is set but no private key: set OKTA_PRIVATE_KEY or pass --private-key-file", "the key is the private half of the JWK registered on the service app");
    }
    const keySource = keyFromFile ? `--private-key-file ${inputs.privateKeyFile}` : "OKTA_PRIVATE_KEY";
    const privateKey = keyFromFile ? readPrivateKeyFile(inputs.privateKeyFile as string, inputs.cwd) : (env.OKTA_PRIVATE_KEY as string);
    checkPrivateKey(privateKey, keySource);
    return {
      kind: "private-key",
      clientId,
      privateKey,
      ...(nonEmpty(env.OKTA_KEY_ID) ? { keyId: env.OKTA_KEY_ID.trim() } : {}),
      scopes: parseScopes(env.OKTA_SCOPES, inputs.defaultScopes),
      source: `OKTA_CLIENT_ID with ${keySource}`,
    };
  }

  const mode = (sdkConfig.authorizationMode ?? "SSWS").trim();
  if (mode === "PrivateKey") {
    const modeSource = sdkSource("authorizationMode", "OKTA_CLIENT_AUTHORIZATIONMODE");
    if (!nonEmpty(sdkConfig.clientId)) throw new UsageError(`${modeSource} is PrivateKey but no client ID is set`, "set OKTA_CLIENT_CLIENTID or okta.client.clientId");
    if (!nonEmpty(sdkConfig.privateKey)) throw new UsageError(`${modeSource} is PrivateKey but no private key is set`, "set OKTA_CLIENT_PRIVATEKEY or okta.client.privateKey");
    const keySource = sdkSource("privateKey", "OKTA_CLIENT_PRIVATEKEY");
    checkPrivateKey(sdkConfig.privateKey, keySource);
    return {
      kind: "private-key",
      clientId: sdkConfig.clientId.trim(),
      privateKey: sdkConfig.privateKey,
      ...(nonEmpty(sdkConfig.keyId) ? { keyId: sdkConfig.keyId.trim() } : {}),
      scopes: parseScopes(sdkConfig.scopes, inputs.defaultScopes),
      source: `${sdkSource("clientId", "OKTA_CLIENT_CLIENTID")} with ${keySource}`,
    };
  }
  if (mode !== "SSWS") {
    throw new UsageError(
      `${sdkSource("authorizationMode", "OKTA_CLIENT_AUTHORIZATIONMODE")} is "${mode}": expected SSWS or PrivateKey`,
      CREDENTIALS_HINT,
    );
  }
  if (nonEmpty(sdkConfig.token)) return { kind: "ssws", token: sdkConfig.token.trim(), source: sdkSource("token", "OKTA_CLIENT_TOKEN") };
  throw new UsageError("no Okta credentials found", CREDENTIALS_HINT);
}

/**
 * The Okta org's origin: https on an Okta domain, or a loopback address (the sandbox, where http
 * is allowed too). Paths are dropped (people paste the Admin Console's address), and the admin
 * host `acme-admin.okta.com` becomes the org host `acme.okta.com`.
 */
export function parseOrgUrl(raw: string, source: string): string {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${source} is not a URL: ${JSON.stringify(text)}`, "expected the org's address, e.g. https://acme.okta.com");
  }
  if (url.username || url.password) throw new UsageError(`${source} must not carry credentials`, CREDENTIALS_HINT);
  const host = url.hostname.toLowerCase();
  const loopback = isLoopback(host);
  if (url.protocol === "http:" && !loopback) {
    throw new UsageError(`${source} must use https: ${url.origin}`, `Okta orgs are only reachable over https, e.g. https://${host}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new UsageError(`${source} must be an https URL: ${JSON.stringify(text)}`, "e.g. https://acme.okta.com");
  }
  if (!loopback && !isOktaHost(host)) {
    throw new UsageError(
      `${source} is not an Okta org: ${url.origin}`,
      "use the org's Okta domain (https://<org>.okta.com, .oktapreview.com, .okta-emea.com or .okta-gov.com), not a custom domain",
    );
  }
  if (!loopback) url.hostname = host.replace(/^([a-z0-9-]+?)-admin\./, "$1.");
  return url.origin;
}

const OKTA_DOMAINS = ["okta.com", "oktapreview.com", "okta-emea.com", "okta-gov.com", "okta.mil", "trexcloud.com"];

function isOktaHost(host: string): boolean {
  return OKTA_DOMAINS.some((domain) => host.endsWith(`.${domain}`) && host.length > domain.length + 1);
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** OKTA_SCOPES: space- or comma-separated; the SDK's okta.yaml may hold a list (joined by the reader). */
function parseScopes(value: string | undefined, defaults: readonly string[]): string[] {
  const scopes = (value ?? "").split(/[\s,]+/).filter(Boolean);
  return scopes.length > 0 ? scopes : [...defaults];
}

function readPrivateKeyFile(path: string, cwd: string): string {
  const full = isAbsolute(path) ? path : resolve(cwd, path);
  try {
    return readFileSync(full, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read --private-key-file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, "point it at the service app's private key (PEM or JWK)");
  }
}

/** Fail early, naming where the key came from, rather than deep inside the token request. */
function checkPrivateKey(text: string, source: string): void {
  let key;
  try {
    const trimmed = text.trim();
    key = trimmed.startsWith("{") ? createPrivateKey({ key: JSON.parse(trimmed) as JsonWebKey, format: "jwk" }) : createPrivateKey(trimmed);
  } catch {
    throw new UsageError(`${source} is not a private key in PEM or JWK form`, "use the private key of the service app's key pair (-----BEGIN PRIVATE KEY----- …, or the JWK with \"d\")");
  }
  // The SDK signs its DPoP proof of every token request with RS256, whatever the key: an EC key fails there.
  if (key.asymmetricKeyType !== "rsa") {
    throw new UsageError(`${source} is a${key.asymmetricKeyType === "ec" ? "n" : ""} ${key.asymmetricKeyType ?? "unknown"} key; use an RSA key`, "add an RSA key pair to the service app (General → Public Keys) and use its private key");
  }
}

interface SdkClientConfig {
  orgUrl?: string;
  token?: string;
  authorizationMode?: string;
  clientId?: string;
  scopes?: string;
  privateKey?: string;
  keyId?: string;
}

const SDK_FIELDS: (keyof SdkClientConfig)[] = ["orgUrl", "token", "authorizationMode", "clientId", "scopes", "privateKey", "keyId"];

/** The SDK's env names: OKTA_CLIENT_<FIELD in upper case>. */
function sdkEnvConfig(env: NodeJS.ProcessEnv): SdkClientConfig {
  const config: SdkClientConfig = {};
  for (const field of SDK_FIELDS) {
    const value = env[`OKTA_CLIENT_${field.toUpperCase()}`];
    if (nonEmpty(value)) config[field] = value;
  }
  return config;
}

/** ~/.okta/okta.yaml, as the SDK reads it: `okta.client.*`; lists are space-joined, objects (a JWK) become JSON. */
function readOktaYaml(path: string): { values: SdkClientConfig } | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR") return undefined;
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, "fix its permissions or remove it");
  }
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid YAML: ${(error as Error).message.split("\n")[0]}`, "fix the file or remove it");
  }
  const client = (document as { okta?: { client?: unknown } } | null)?.okta?.client;
  if (client === undefined || client === null) return { values: {} };
  if (typeof client !== "object" || Array.isArray(client)) throw new UsageError(`${path}: okta.client must be a mapping`, "see the Okta SDK's okta.yaml format");
  const values: SdkClientConfig = {};
  for (const field of SDK_FIELDS) {
    const value = (client as Record<string, unknown>)[field];
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) values[field] = value.map(String).join(" ");
    else if (typeof value === "object") values[field] = JSON.stringify(value);
    else values[field] = String(value);
  }
  return { values };
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== "";
}
