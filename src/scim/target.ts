import { readFile } from "node:fs/promises";
import type { Context } from "../core/io.js";
import { fileErrorWords, UsageError } from "../core/errors.js";
import { loadTemplateFile, loadVendorTemplate } from "../templates/load.js";
import { fillPlaceholders, parseParams, resolveParameters, unfilledPlaceholders } from "../templates/resolve.js";
import type { AuthMode, Dialect, Template } from "../templates/schema.js";
import { DEFAULT_MAX_BODY_BYTES } from "./client.js";

/** Where the SCIM server is and how to authenticate, as the target flags give it (DESIGN §2 "SCIM target"). */
export interface TargetOptions {
  baseUrl?: string | undefined;
  auth?: AuthMode | undefined;
  headerFormat?: string | undefined;
  tokenFile?: string | undefined;
  username?: string | undefined;
  passwordFile?: string | undefined;
  vendor?: string | undefined;
  template?: string | undefined;
  /** `name=value` template parameters. */
  param: readonly string[];
  /** Per request, in seconds. */
  timeout: number;
  insecure: boolean;
  trace?: string | undefined;
  /** --max-body, in bytes (default DEFAULT_MAX_BODY_BYTES). */
  maxBody?: number | undefined;
}

/** A SCIM server as Okta would see it: where, and the exact Authorization header Okta sends. */
export interface ScimTarget {
  baseUrl: string;
  url: URL;
  /** Where the base URL came from, as messages name it: "--base-url", "SCIM_BASE_URL", "--param baseUrl". */
  baseUrlSource?: string | undefined;
  authMode: AuthMode;
  /** Exactly what Okta sends; undefined when no credential was given. */
  authorization: string | undefined;
  /** For header auth: the raw token, to try the other Bearer form in diagnoses. */
  token: string | undefined;
  /** Where the credential came from, as messages name it: "SCIM_TOKEN", "--token-file t.txt", "SCIM_USERNAME and SCIM_PASSWORD". */
  credentialSource?: string | undefined;
  headerFormat: string;
  dialect: Dialect;
  timeoutMs: number;
  /** Largest response body read, after decompression (--max-body); the client's default when absent. */
  maxBodyBytes?: number | undefined;
  insecure: boolean;
  tracePath: string | undefined;
  template: Template | undefined;
}

const DEFAULT_HEADER_FORMAT = "Bearer {token}";

export async function resolveTarget(options: TargetOptions, ctx: Context, stdinReader: () => Promise<string> = readStdin): Promise<ScimTarget> {
  if (options.vendor && options.template) throw new UsageError("--vendor and --template cannot be used together", "choose one");
  const template = options.vendor
    ? await loadVendorTemplate(options.vendor)
    : options.template
      ? await loadTemplateFile(options.template)
      : undefined;

  const { value: baseUrl, source } = resolveBaseUrl(options, ctx.env, template);
  const url = parseBaseUrl(baseUrl, source);
  if (url.username !== "" || url.password !== "") {
    // Refused before anything runs, with a message that never quotes the URL's user info. (Not
    // registered with the redactor: a short password would blank words of this very message.)
    throw new UsageError(
      `the SCIM base URL (${source.name}) has a user name or password in it (https://user:password@host/…); neither scim-okta nor Okta sends credentials from the URL`,
      "remove them from the URL and give the credential the way Okta sends it: SCIM_TOKEN for header auth, or --auth basic with SCIM_USERNAME and SCIM_PASSWORD",
    );
  }

  const authMode: AuthMode = options.auth ?? template?.scim.auth.mode ?? "header";
  const headerFormat = options.headerFormat ?? template?.scim.auth.headerSent ?? DEFAULT_HEADER_FORMAT;
  if (authMode !== "basic" && !headerFormat.includes("{token}")) {
    throw new UsageError(`--header-format "${headerFormat}" must contain {token}`, 'e.g. --header-format "Bearer {token}" or "{token}"');
  }

  let authorization: string | undefined;
  let token: string | undefined;
  let credentialSource: string;
  if (authMode === "basic") {
    credentialSource = `${options.username === undefined ? "SCIM_USERNAME" : "--username"} and ${options.passwordFile === undefined ? "SCIM_PASSWORD" : `--password-file ${options.passwordFile}`}`;
    const username = options.username ?? ctx.env.SCIM_USERNAME;
    const password = await readSecret(options.passwordFile, "--password-file", ctx.env.SCIM_PASSWORD, stdinReader);
    if (!username) throw new UsageError("basic auth needs a username: set SCIM_USERNAME or pass --username", "the username the vendor gave you");
    if (!password) throw new UsageError("basic auth needs a password: set SCIM_PASSWORD or pass --password-file <path|->", "secrets are never read from the command line");
    ctx.redactor.addBasicCredentials(username, password);
    authorization = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  } else {
    credentialSource = options.tokenFile === undefined ? "SCIM_TOKEN" : `--token-file ${options.tokenFile}`;
    token = await readSecret(options.tokenFile, "--token-file", ctx.env.SCIM_TOKEN, stdinReader);
    if (!token) throw new UsageError(`${authMode} auth needs a token: set SCIM_TOKEN or pass --token-file <path|->`, "secrets are never read from the command line");
    ctx.redactor.addSecret(token);
    if (authMode !== "oauth-bearer") assertHeaderValue(headerFormat, "--header-format");
    assertHeaderValue(token, options.tokenFile === undefined ? "SCIM_TOKEN" : `the token in --token-file ${options.tokenFile}`);
    authorization = authMode === "oauth-bearer" ? `Bearer ${token}` : headerFormat.replaceAll("{token}", token);
    ctx.redactor.addSecret(authorization);
  }

  return {
    baseUrl: baseUrl.replace(/\/+$/, ""),
    url,
    baseUrlSource: source.name,
    authMode,
    authorization,
    token,
    credentialSource,
    headerFormat,
    dialect: template?.scim.dialect ?? "oin",
    timeoutMs: Math.round(options.timeout * 1000),
    maxBodyBytes: options.maxBody ?? DEFAULT_MAX_BODY_BYTES,
    insecure: options.insecure,
    tracePath: options.trace,
    template,
  };
}

/** Where the base URL came from, as the user would fix it: the flag, the env var or the template. */
interface BaseUrlSource {
  /** "--base-url", "SCIM_BASE_URL", "the kloudhybrid template's base URL". */
  name: string;
  /** How to write a corrected value there: `--base-url https://…`, `SCIM_BASE_URL=https://…`. */
  example(url: string): string;
}

const FLAG_SOURCE: BaseUrlSource = { name: "--base-url", example: (url) => `--base-url ${url}` };
const ENV_SOURCE: BaseUrlSource = { name: "SCIM_BASE_URL", example: (url) => `SCIM_BASE_URL=${url}` };

/** The base URL as a URL, or a usage error naming its source: a missing scheme, not http(s), not a URL. */
function parseBaseUrl(baseUrl: string, source: BaseUrlSource): URL {
  const shown = withoutUserInfo(baseUrl);
  if (/^(["']).*\1$/.test(baseUrl)) {
    throw new UsageError(`${source.name} ${shown} has quotes around it`, `e.g. ${source.example(shown.slice(1, -1))}`);
  }
  // "example.com/scim" and "localhost:8080/scim" have no scheme (the second even parses, as scheme "localhost:").
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(baseUrl)) {
    const malformed = /^(https?):?\/*/i.exec(shown);
    const fixed = malformed ? `${malformed[1]?.toLowerCase() ?? "https"}://${shown.slice(malformed[0].length)}` : `https://${shown.replace(/^\/+/, "")}`;
    throw new UsageError(`${source.name} "${shown}" is not a URL: it lacks https:// (or http://) in front`, `e.g. ${source.example(fixed)}`);
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new UsageError(`${source.name} "${shown}" is not a URL`, `e.g. ${source.example("https://example.com/scim/v2")}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new UsageError(`${source.name} must be http or https, not ${url.protocol}`, `e.g. ${source.example("https://example.com/scim/v2")}`);
  }
  return url;
}

function resolveBaseUrl(options: TargetOptions, env: NodeJS.ProcessEnv, template: Template | undefined): { value: string; source: BaseUrlSource } {
  if (options.baseUrl) return { value: options.baseUrl.trim(), source: FLAG_SOURCE };
  if (env.SCIM_BASE_URL) return { value: env.SCIM_BASE_URL.trim(), source: ENV_SOURCE };
  if (!template) {
    throw new UsageError("missing SCIM base URL: pass --base-url or set SCIM_BASE_URL", "or pass --vendor <id> to use a vendor's URL");
  }
  const { values, missing } = resolveParameters(template, parseParams(options.param));
  const filled = fillPlaceholders(template.scim.baseUrl.value, values);
  const left = unfilledPlaceholders(filled);
  if (left.length > 0 || missing.some((name) => template.scim.baseUrl.value.includes(`{${name}}`))) {
    const names = left.length > 0 ? left : missing;
    throw new UsageError(
      `template ${template.id} needs ${names.map((name) => `--param ${name}=…`).join(" ")} to build its base URL`,
      "or pass --base-url",
    );
  }
  const pattern = template.scim.baseUrl.value;
  const whole = /^\{([A-Za-z0-9_]+)\}$/.exec(pattern)?.[1];
  const source: BaseUrlSource = whole
    ? { name: `--param ${whole}`, example: (url) => `--param ${whole}=${url}` }
    : { name: `the base URL of template ${template.id} (${pattern})`, example: (url) => `--base-url ${url}` };
  return { value: filled, source };
}

/** A secret from a file (or stdin when "-"), else from its env var. Never from argv. */
async function readSecret(
  file: string | undefined,
  flag: string,
  fromEnv: string | undefined,
  stdinReader: () => Promise<string>,
): Promise<string | undefined> {
  if (file === undefined) return fromEnv === "" ? undefined : fromEnv;
  let text: string;
  try {
    text = file === "-" ? await stdinReader() : await readFile(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${flag} ${file}: ${fileErrorWords(error)}`, "check the path");
  }
  const secret = text.replace(/\r?\n$/, "");
  if (secret === "") throw new UsageError(`${flag} ${file} is empty`, "put the secret in the file, on one line");
  return secret;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** `https://user:pass@host` → `https://…@host`, for messages about a URL that did not parse. */
function withoutUserInfo(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, "$1…@");
}

/**
 * The Authorization header must be a valid HTTP header value (tab, printable ASCII, Latin-1): a
 * line break or control character pasted with a token would otherwise fail every request with an
 * obscure client error. Says which character, never the secret.
 */
function assertHeaderValue(value: string, source: string): void {
  const found = /[^\t\x20-\x7e\x80-\xff]/.exec(value)?.[0];
  if (found === undefined) return;
  const code = found.codePointAt(0) ?? 0;
  const what = code === 0x0a || code === 0x0d ? "a line break" : code < 0x20 || code === 0x7f ? "a control character" : "a character outside Latin-1";
  throw new UsageError(
    `${source} contains ${what} (U+${code.toString(16).toUpperCase().padStart(4, "0")}), which an HTTP header cannot carry`,
    "copy the token again without line breaks or invisible characters (a file may end with one line break; it is removed)",
  );
}
