import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { Context } from "../core/io.js";
import { UsageError } from "../core/errors.js";
import { loadTemplateFile, loadVendorTemplate } from "../templates/load.js";
import { fillPlaceholders, parseParams, resolveParameters, unfilledPlaceholders } from "../templates/resolve.js";
import type { AuthMode, Dialect, Template } from "../templates/schema.js";

/** The raw target flags, as commander hands them over (DESIGN §2 "SCIM target"). */
export const targetOptionsSchema = z.object({
  baseUrl: z.string().optional(),
  auth: z.enum(["header", "basic", "oauth-bearer"]).optional(),
  headerFormat: z.string().optional(),
  tokenFile: z.string().optional(),
  username: z.string().optional(),
  passwordFile: z.string().optional(),
  vendor: z.string().optional(),
  template: z.string().optional(),
  param: z.array(z.string()).default([]),
  timeout: z.string().default("60"),
  insecure: z.boolean().default(false),
  trace: z.string().optional(),
});
export type TargetOptions = z.infer<typeof targetOptionsSchema>;

/** A SCIM server as Okta would see it: where, and the exact Authorization header Okta sends. */
export interface ScimTarget {
  baseUrl: string;
  url: URL;
  authMode: AuthMode;
  /** Exactly what Okta sends; undefined when no credential was given. */
  authorization: string | undefined;
  /** For header auth: the raw token, to try the other Bearer form in diagnoses. */
  token: string | undefined;
  headerFormat: string;
  dialect: Dialect;
  timeoutMs: number;
  insecure: boolean;
  tracePath: string | undefined;
  template: Template | undefined;
}

export const DEFAULT_HEADER_FORMAT = "Bearer {token}";

export async function resolveTarget(options: TargetOptions, ctx: Context, stdinReader: () => Promise<string> = readStdin): Promise<ScimTarget> {
  if (options.vendor && options.template) throw new UsageError("--vendor and --template cannot be used together", "choose one");
  const template = options.vendor
    ? await loadVendorTemplate(options.vendor)
    : options.template
      ? await loadTemplateFile(options.template)
      : undefined;

  const timeoutSeconds = Number(options.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new UsageError(`--timeout "${options.timeout}" must be a positive number of seconds`, "e.g. --timeout 60 (Okta's own limit)");
  }

  const baseUrl = resolveBaseUrl(options, ctx.env, template);
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new UsageError(`--base-url "${baseUrl}" is not a URL`, "e.g. --base-url https://example.com/scim/v2");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new UsageError(`--base-url must be http or https, not ${url.protocol}`, "e.g. --base-url https://example.com/scim/v2");
  }

  const authMode: AuthMode = options.auth ?? template?.scim.auth.mode ?? "header";
  const headerFormat = options.headerFormat ?? template?.scim.auth.headerSent ?? DEFAULT_HEADER_FORMAT;
  if (authMode !== "basic" && !headerFormat.includes("{token}")) {
    throw new UsageError(`--header-format "${headerFormat}" must contain {token}`, 'e.g. --header-format "Bearer {token}" or "{token}"');
  }

  let authorization: string | undefined;
  let token: string | undefined;
  if (authMode === "basic") {
    const username = options.username ?? ctx.env.SCIM_USERNAME;
    const password = await readSecret(options.passwordFile, "--password-file", ctx.env.SCIM_PASSWORD, stdinReader);
    if (!username) throw new UsageError("basic auth needs a username: set SCIM_USERNAME or pass --username", "the username the vendor gave you");
    if (!password) throw new UsageError("basic auth needs a password: set SCIM_PASSWORD or pass --password-file <path|->", "secrets are never read from the command line");
    ctx.redactor.addBasicCredentials(username, password);
    authorization = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  } else {
    token = await readSecret(options.tokenFile, "--token-file", ctx.env.SCIM_TOKEN, stdinReader);
    if (!token) throw new UsageError(`${authMode} auth needs a token: set SCIM_TOKEN or pass --token-file <path|->`, "secrets are never read from the command line");
    ctx.redactor.addSecret(token);
    authorization = authMode === "oauth-bearer" ? `Bearer ${token}` : headerFormat.replaceAll("{token}", token);
    ctx.redactor.addSecret(authorization);
  }

  return {
    baseUrl: baseUrl.replace(/\/+$/, ""),
    url,
    authMode,
    authorization,
    token,
    headerFormat,
    dialect: template?.scim.dialect ?? "oin",
    timeoutMs: Math.round(timeoutSeconds * 1000),
    insecure: options.insecure,
    tracePath: options.trace,
    template,
  };
}

function resolveBaseUrl(options: TargetOptions, env: NodeJS.ProcessEnv, template: Template | undefined): string {
  const explicit = options.baseUrl ?? env.SCIM_BASE_URL;
  if (explicit) return explicit.trim();
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
  return filled;
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
    throw new UsageError(`cannot read ${flag} ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, "check the path");
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
