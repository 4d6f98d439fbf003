import type { Collection } from "@okta/okta-sdk-nodejs";
import type { Http } from "@okta/okta-sdk-nodejs/src/types/http.js";
import type { OAuth } from "@okta/okta-sdk-nodejs/src/types/oauth.js";
import type { Dispatcher } from "undici";
import type { z } from "zod";
import { isUserFacing, InterruptedError } from "../core/errors.js";
import { VERSION } from "../core/version.js";
import { createDispatcher } from "../http/dispatcher.js";
import type { OktaConnection } from "./connection.js";
import { accessError, OktaRequestError, OktaResponseError, type OktaErrorBody } from "./errors.js";
import { OktaTransport, type TransportOptions } from "./transport.js";

/**
 * The one way src/okta talks to an org. The Okta SDK (@okta/okta-sdk-nodejs, loaded on first use
 * so `--help` never pays for it, its GET cache off) authenticates — SSWS, or an OAuth service app
 * with a private-key JWT, DPoP and token refresh — and OktaTransport carries its requests.
 *
 * Every call is raw JSON through the SDK's own `http`, read with our zod models: the SDK's typed
 * methods drop fields they do not know (`settings.app` on apps, `enum`/`default` on schema
 * attributes, research/okta-api.md §11) and rename others, and an app PUT must send back every
 * field it read. Any 2xx counts as success, so 200 or 201 on a create and 200 or 204 on a delete
 * both do (§14). Lists follow `Link: rel="next"` with the SDK's Collection.
 */

interface OktaClientOptions extends Omit<TransportOptions, "dispatcher" | "connection" | "timeoutMs"> {
  connection: OktaConnection;
  /** Proxy and CA settings (HTTPS_PROXY, NO_PROXY, NODE_EXTRA_CA_CERTS) are read from here. */
  env: NodeJS.ProcessEnv;
  dispatcher?: Dispatcher;
  timeoutMs?: number;
}

type WriteMethod = "POST" | "PUT" | "PATCH" | "DELETE";

/** The three SDK modules this client uses (see loadSdkModules). */
interface SdkModule {
  Http: typeof Http;
  OAuth: typeof OAuth;
  Collection: typeof Collection;
}
/** What the SDK's Http, OAuth and Collection read of a Client. */
interface SdkClient {
  baseUrl: string;
  requestExecutor: unknown;
  clientId?: string;
  scopes?: string[];
  privateKey?: string;
  keyId?: string;
  oauth?: InstanceType<SdkModule["OAuth"]>;
  http: InstanceType<SdkModule["Http"]>;
}
/** What the SDK's http() takes (its types lean on node-fetch's, which are not installed). */
interface SdkRequestInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
}

/** More pages than any org we configure has: a server repeating its `next` link stops here. */
const MAX_PAGES = 500;
const DEFAULT_TIMEOUT_MS = 60_000;

export class OktaClient {
  readonly orgUrl: string;
  readonly connection: OktaConnection;
  private readonly transport: OktaTransport;
  private readonly ownDispatcher: Dispatcher | undefined;
  private sdk: Promise<{ module: SdkModule; client: SdkClient }> | undefined;

  constructor(private readonly options: OktaClientOptions) {
    this.connection = options.connection;
    this.orgUrl = options.connection.orgUrl;
    const credentials = options.connection.credentials;
    options.redactor.addSecret(credentials.kind === "ssws" ? credentials.token : credentials.privateKey);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.ownDispatcher = options.dispatcher ? undefined : createDispatcher({ timeoutMs, env: options.env, connections: 6 });
    this.transport = new OktaTransport({
      ...options,
      timeoutMs,
      dispatcher: options.dispatcher ?? (this.ownDispatcher as Dispatcher),
    });
  }

  /** Write calls Okta accepted (setup's `applied`). */
  get writeCount(): number {
    return this.transport.writeCount;
  }

  /** GET one resource. */
  async get<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>> {
    return this.parse("GET", path, schema, await this.call("GET", path));
  }

  /** GET one resource; a 404 means it is gone (undefined). */
  async find<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S> | undefined> {
    try {
      return await this.get(path, schema);
    } catch (error) {
      if (error instanceof OktaRequestError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** GET every page of a list, following `Link: rel="next"`. */
  async list<S extends z.ZodType>(path: string, itemSchema: S): Promise<z.infer<S>[]> {
    const { module, client } = await this.loadSdk();
    const collection = new module.Collection<unknown>(client.http, this.url(path));
    const seen = new Set<string>();
    const items: z.infer<S>[] = [];
    while (collection.nextUri) {
      const pageUrl = collection.nextUri;
      if (seen.has(pageUrl) || seen.size >= MAX_PAGES) {
        throw new OktaResponseError(`Okta's paging of GET ${path} does not end (page ${seen.size + 1}: ${this.relative(pageUrl)})`);
      }
      seen.add(pageUrl);
      const page = await this.mapErrors("GET", this.relative(pageUrl), () => collection.getNextPage() as Promise<unknown>);
      if (!Array.isArray(page)) throw new OktaResponseError(`Okta's answer to GET ${this.relative(pageUrl)} is not a list`);
      for (const [index, item] of page.entries()) items.push(this.parse("GET", `${this.relative(pageUrl)} [${index}]`, itemSchema, item));
    }
    return items;
  }

  /** A write with a JSON body; the answer is parsed when a schema is given. */
  async send<S extends z.ZodType>(method: WriteMethod, path: string, body: unknown, schema: S): Promise<z.infer<S>>;
  async send(method: WriteMethod, path: string, body?: unknown): Promise<unknown>;
  async send(method: WriteMethod, path: string, body?: unknown, schema?: z.ZodType): Promise<unknown> {
    const answer = await this.call(method, path, body);
    return schema ? this.parse(method, path, schema, answer) : answer;
  }

  async close(): Promise<void> {
    await this.ownDispatcher?.close();
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const { client } = await this.loadSdk();
    const init: SdkRequestInit = {
      method,
      headers: { Accept: "application/json", ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    };
    const response = await this.mapErrors(method, path, () => client.http.http(this.url(path), init as Parameters<SdkClient["http"]["http"]>[1]));
    const text = await response.text();
    if (text.trim() === "") return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new OktaResponseError(`Okta's answer to ${method} ${path} is not JSON (HTTP ${response.status})`);
    }
  }

  /** The SDK throws OktaApiError / HttpError for non-2xx answers: turn them into ours. */
  private async mapErrors<T>(method: string, path: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (isUserFacing(error) || error instanceof InterruptedError) throw error;
      const status = (error as { status?: unknown }).status;
      if (typeof status !== "number") throw error;
      const sdkError = error as { errorCode?: string; errorSummary?: string; errorCauses?: { errorSummary?: string }[]; errorId?: string; message?: string; headers?: unknown };
      const body: OktaErrorBody =
        sdkError.errorCode !== undefined || sdkError.errorSummary
          ? {
              ...(sdkError.errorCode ? { errorCode: sdkError.errorCode } : {}),
              ...(sdkError.errorSummary ? { errorSummary: this.options.redactor.redact(sdkError.errorSummary) } : {}),
              ...(sdkError.errorCauses ? { errorCauses: sdkError.errorCauses.map((cause) => ({ errorSummary: this.options.redactor.redact(String(cause.errorSummary ?? "")) })) } : {}),
              ...(sdkError.errorId ? { errorId: sdkError.errorId } : {}),
            }
          : { errorSummary: this.options.redactor.redact(String(sdkError.message ?? "")).replace(/^HTTP \d+ /, "").slice(0, 200) };
      if (status === 401 || status === 403) {
        const headers = sdkError.headers as Headers | undefined;
        const wwwAuthenticate = typeof headers?.get === "function" ? (headers.get("www-authenticate") ?? undefined) : undefined;
        throw accessError({ status, method, path, body, wwwAuthenticate, connection: this.connection });
      }
      const hint = status === 429 ? "Okta's rate limit is exhausted; wait a minute and run again, or raise the app's rate-limit share" : undefined;
      throw new OktaRequestError(status, method, path, body, undefined, hint);
    }
  }

  private parse<S extends z.ZodType>(method: string, path: string, schema: S, value: unknown): z.infer<S> {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join(".") : "the body";
    throw new OktaResponseError(`Okta's answer to ${method} ${path} is not what we expected: ${where}: ${issue?.message ?? "invalid"}`);
  }

  private url(path: string): string {
    return /^https?:\/\//i.test(path) ? path : `${this.orgUrl}${path.startsWith("/") ? "" : "/"}${path}`;
  }

  private relative(url: string): string {
    return url.startsWith(this.orgUrl) ? url.slice(this.orgUrl.length) : url;
  }

  private loadSdk(): Promise<{ module: SdkModule; client: SdkClient }> {
    this.sdk ??= loadSdkModules().then((module) => ({ module, client: this.createSdkClient(module) }));
    return this.sdk;
  }

  /**
   * The SDK's authenticated HTTP layer, put together as the SDK's own Client constructor does it
   * (src/client.js in @okta/okta-sdk-nodejs 8.1.0): `Http` with our transport as its request
   * executor and the GET cache off, `OAuth` (private-key JWT, DPoP, token refresh) for a service
   * app, or the SSWS header. Nothing the SDK would pick up by itself (OKTA_CLIENT_* in the real
   * environment, ./okta.yaml) overrides what resolveOktaConnection chose: the SDK's config loader
   * is not involved.
   */
  private createSdkClient(module: SdkModule): SdkClient {
    const credentials = this.connection.credentials;
    const client: SdkClient = {
      baseUrl: this.orgUrl,
      requestExecutor: this.transport,
      ...(credentials.kind === "private-key"
        ? { clientId: credentials.clientId, scopes: credentials.scopes, privateKey: credentials.privateKey, keyId: credentials.keyId }
        : {}),
    } as SdkClient;
    if (credentials.kind === "private-key") client.oauth = new module.OAuth(client as unknown as ConstructorParameters<SdkModule["OAuth"]>[0]);
    client.http = new module.Http({ requestExecutor: this.transport, oauth: client.oauth, cacheMiddleware: null } as unknown as ConstructorParameters<SdkModule["Http"]>[0]);
    if (credentials.kind === "ssws") client.http.defaultHeaders.Authorization = `SSWS ${credentials.token}`;
    client.http.defaultHeaders["User-Agent"] = `scim-okta/${VERSION}`;
    return client;
  }
}

/**
 * The SDK's HTTP, OAuth and Collection modules only: its index loads some 2,400 modules of
 * generated API classes we never call (every call here is raw JSON through `http`), which cost
 * more than a second of every setup, verify and demo run. Plain `import()`s, so a bundler follows
 * them (the GitHub Action's self-contained bundle, rolldown.config.js).
 */
async function loadSdkModules(): Promise<SdkModule> {
  const [{ Http }, { OAuth }, { Collection }] = await Promise.all([
    import("@okta/okta-sdk-nodejs/src/http.js"),
    import("@okta/okta-sdk-nodejs/src/oauth.js"),
    import("@okta/okta-sdk-nodejs/src/collection.js"),
  ]);
  return { Http, OAuth, Collection };
}

/** Path with a query string; undefined values are left out. */
export function withQuery(path: string, query: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}
