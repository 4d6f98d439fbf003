import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { authenticate, insufficientScope, missingScopes } from "./auth.js";
import type { ConnectionsApiMode, EmulatorContext, EmulatorModes, FeaturesApiMode } from "./context.js";
import { errorBody, methodNotAllowed, OktaApiError, routeNotFound } from "./errors.js";
import { readBody, type ApiReply, type ApiRequest } from "./http.js";
import { ID_PREFIX, newOktaId } from "./ids.js";
import { AccessTokens, type OAuthClientRegistration } from "./oauth.js";
import { RateLimiter } from "./rate-limit.js";
import { fileSink, RECORD_DIR_ENV, type ExchangeSink, type RecordedExchange } from "./recorder.js";
import { Router } from "./router.js";
import { ROUTES } from "./routes/index.js";
import { OrgStore } from "./store.js";

export interface OktaEmulatorOptions {
  /** Default 127.0.0.1: the sandbox never listens beyond loopback. */
  host?: string;
  /** Default 0: an ephemeral port. */
  port?: number;
  /** The org's subdomain in generated custom app names. Default "sandbox". */
  orgName?: string;
  /** The SSWS API token the org accepts. Default: a fresh random one (see `apiToken`). */
  apiToken?: string;
  /** `--connections-api`; default "unknown" (DESIGN §6). */
  connectionsApi?: ConnectionsApiMode;
  /** `--features-api`; default "error". */
  featuresApi?: FeaturesApiMode;
  /** `--rate-limit N`: requests per minute in every bucket; default Okta's per-bucket limits (rate-limit.ts). */
  rateLimit?: number;
  /** The clock (tests fix it). */
  now?: () => Date;
  /** The Admin Console's origin for the apps' `_links.help` (the sandbox's admin stand-in); default the org URL. Changeable later. */
  adminOrigin?: string;
  /**
   * Where each exchange goes. Default: a JSON-lines file in $SCIM_OKTA_CONTRACT_RECORD_DIR when
   * that is set (the contract test), else nowhere. `false` turns recording off.
   */
  record?: ExchangeSink | false;
}

export interface OktaEmulator {
  /** e.g. http://127.0.0.1:54321 (no trailing slash). */
  orgUrl: string;
  /** The SSWS token: `Authorization: SSWS <apiToken>`. */
  apiToken: string;
  /** The org's state, rules and events: what the Admin Console stand-in and the provisioning engine use. */
  store: OrgStore;
  /** The switches, changeable while running. */
  modes: EmulatorModes;
  /** Point the apps' `_links.help` (and so setup's Admin Console deep links) at this origin, e.g. the admin stand-in's URL. */
  setAdminOrigin(origin: string): void;
  /** Register an OAuth service app (private key JWT); returns its client id. */
  registerOAuthClient(registration: OAuthClientRegistration): { clientId: string };
  /** An access token with these scopes, without the token exchange. */
  issueAccessToken(scopes: readonly string[]): string;
  close(): Promise<void>;
}

const JSON_TYPE = "application/json";

/**
 * Start the Okta org emulator on loopback (DESIGN §6, issue 12): Okta's management API for the
 * endpoints setup, verify and Okta's CRUD test use, with Okta's errors, auth, scopes, rate limits
 * and paging, answering as real Okta does where research §14 recorded it.
 */
export async function startOktaEmulator(options: OktaEmulatorOptions = {}): Promise<OktaEmulator> {
  const now = options.now ?? (() => new Date());
  const store = new OrgStore({ orgName: options.orgName ?? "sandbox", now });
  const apiToken = options.apiToken ?? `00${randomBytes(20).toString("base64url")}`;
  const modes: EmulatorModes = { connectionsApi: options.connectionsApi ?? "unknown", featuresApi: options.featuresApi ?? "error", appPutScim: "keeps-with-features" };
  const tokens = new AccessTokens(now);
  const limiter = new RateLimiter(now, options.rateLimit);
  const router = new Router(ROUTES);
  const recordDir = process.env[RECORD_DIR_ENV];
  const record: ExchangeSink | undefined = options.record === false ? undefined : (options.record ?? (recordDir ? fileSink(recordDir) : undefined));
  let orgUrl = "";
  let adminOrigin = options.adminOrigin?.replace(/\/+$/, "");

  async function dispatch(req: IncomingMessage, url: URL, bodyText: string): Promise<{ reply: ApiReply; routedAs?: string }> {
    const method = (req.method ?? "GET").toUpperCase();
    if (url.pathname === "/oauth2/v1/token") {
      const rate = limiter.take("token");
      if (!rate.allowed) return { reply: errorReply(new OktaApiError(429, "E0000047", "API call exceeded rate limit due to too many requests."), rate.headers) };
      if (method !== "POST") return { reply: errorReply(methodNotAllowed(), rate.headers) };
      const answer = await tokens.exchange(new URLSearchParams(bodyText), `${orgUrl}/oauth2/v1/token`);
      return { reply: { status: answer.status, body: answer.body, headers: { ...rate.headers, "Cache-Control": "no-cache, no-store", Pragma: "no-cache" } } };
    }
    const { match, pathKnown } = router.match(method, url.pathname);
    if (!match) return { reply: errorReply(pathKnown ? methodNotAllowed() : routeNotFound(method, url.pathname), limiter.take("api").headers) };
    const { route, params } = match;
    const rate = limiter.take(route.bucket);
    try {
      const caller = authenticate(req.headers.authorization, apiToken, tokens);
      const missing = missingScopes(caller, route.scopes);
      if (missing.length > 0) throw insufficientScope(orgUrl, missing, url.pathname);
      if (!rate.allowed) throw new OktaApiError(429, "E0000047", "API call exceeded rate limit due to too many requests.");
      const request: ApiRequest = { method, url, params, headers: req.headers, bodyText, scopes: caller.kind === "oauth" ? caller.scopes : undefined };
      const context: EmulatorContext = { store, orgUrl, modes, adminOrigin: adminOrigin ?? orgUrl };
      const reply = await route.handle(request, context);
      return { reply: { ...reply, headers: { ...rate.headers, ...reply.headers } }, routedAs: route.operationId };
    } catch (error) {
      if (error instanceof OktaApiError) return { reply: errorReply(error, rate.headers), routedAs: route.operationId };
      throw error;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://okta.invalid");
    // The Admin Console is not the API: as Okta sends /admin/… on the org's host to its -admin host,
    // the emulator sends it to the Admin Console stand-in (not an API exchange: not recorded).
    if ((req.method === "GET" || req.method === "HEAD") && url.pathname.startsWith("/admin/") && adminOrigin && adminOrigin !== orgUrl) {
      res.writeHead(302, { Location: `${adminOrigin}${url.pathname}${url.search}` });
      return void res.end();
    }
    let bodyText = "";
    let outcome: { reply: ApiReply; routedAs?: string };
    try {
      bodyText = await readBody(req);
      outcome = await dispatch(req, url, bodyText);
    } catch (error) {
      const failure = error instanceof OktaApiError ? error : new OktaApiError(500, "E0000009", "Internal Server Error");
      outcome = { reply: errorReply(failure, {}) };
    }
    const { reply } = outcome;
    const payload = reply.body === undefined ? undefined : JSON.stringify(reply.body);
    const headers: Record<string, string> = {
      "X-Okta-Request-Id": randomBytes(12).toString("base64url"),
      ...(payload !== undefined ? { "Content-Type": `${JSON_TYPE};charset=UTF-8` } : {}),
      ...reply.headers,
    };
    res.writeHead(reply.status, headers);
    res.end(payload);
    record?.(toRecord(req, url, bodyText, reply, headers, payload, outcome.routedAs));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  orgUrl = `http://${host}:${address.port}`;

  return {
    orgUrl,
    apiToken,
    store,
    modes,
    setAdminOrigin: (origin) => {
      adminOrigin = origin.replace(/\/+$/, "");
    },
    registerOAuthClient: (registration) => tokens.register(registration),
    issueAccessToken: (scopes) => tokens.issue(scopes),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function errorReply(error: OktaApiError, rateHeaders: Record<string, string>): ApiReply {
  const noBody = (error as OktaApiError & { noBody?: boolean }).noBody === true;
  const headers = { ...rateHeaders, ...error.headers };
  if (error.status === 429) headers["X-Rate-Limit-Remaining"] = "0";
  return noBody ? { status: error.status, headers } : { status: error.status, body: errorBody(error, newOktaId(ID_PREFIX.error)), headers };
}

function toRecord(req: IncomingMessage, url: URL, bodyText: string, reply: ApiReply, headers: Record<string, string>, payload: string | undefined, routedAs: string | undefined): RecordedExchange {
  const lowerHeaders = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return {
    routedAs,
    method: (req.method ?? "GET").toUpperCase(),
    path: url.pathname,
    query: url.search,
    requestContentType: req.headers["content-type"],
    // The token exchange is outside the management spec; its client assertion is not kept.
    requestBody: bodyText === "" || url.pathname.startsWith("/oauth2/") ? undefined : bodyText,
    status: reply.status,
    responseHeaders: lowerHeaders,
    responseBody: payload,
  };
}
