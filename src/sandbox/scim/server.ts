import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { requireCredential, type ReferenceServerAuth } from "./auth.js";
import { DISCOVERY_ENDPOINTS, handleDiscovery } from "./discovery.js";
import type { EndpointContext } from "./endpoint.js";
import { notFound, ScimHttpError } from "./errors.js";
import { toFaultSet, type FaultId } from "./faults.js";
import { groupsEndpoint } from "./groups.js";
import { errorReply, readBody, writeReply, type ScimReply, type ScimRequest } from "./http.js";
import type { ScimGroup, ScimUser } from "./model.js";
import { handleResource, type HandlerContext } from "./resource-handlers.js";
import { USER_SCHEMA, GROUP_SCHEMA } from "./schemas.js";
import { ScimStore } from "./store.js";
import { usersEndpoint } from "./users.js";

export interface ReferenceScimServerOptions {
  /** Default 127.0.0.1: the sandbox never listens beyond loopback unless told to. */
  host?: string;
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Default "/scim/v2". */
  basePath?: string;
  /** Default `{ mode: "none" }`. */
  auth?: ReferenceServerAuth;
  faults?: Iterable<FaultId>;
  /** Pre-existing data, for probes that must leave it untouched. */
  seed?: { users?: Array<Partial<ScimUser>>; groups?: Array<Partial<ScimGroup>> };
  /**
   * Delay before every response; with the slow-responses fault, before the answers to GET /Groups
   * only (the request Okta's SPEC test times), 1500 ms when not given.
   */
  latencyMs?: number;
  /**
   * Answer gzip- or deflate-encoded when the request's Accept-Encoding allows it, as a server behind
   * a compressing proxy answers Okta (`Accept-Encoding: gzip,deflate`). Default true.
   */
  compression?: boolean;
  /** Where new resource ids come from; default random UUIDs. The benchmark replays one run's ids. */
  newId?: () => string;
}

export interface RecordedScimRequest {
  method: string;
  /** Path and query string as received, e.g. "/scim/v2/Users?filter=…". */
  path: string;
  headers: Record<string, string>;
  /** The raw body, undefined when there was none. */
  body: string | undefined;
  /** The status answered, once the answer is written. */
  status?: number;
}

export interface ReferenceScimServer {
  /** e.g. http://127.0.0.1:54321/scim/v2 (no trailing slash). */
  baseUrl: string;
  close(): Promise<void>;
  setFaults(faults: Iterable<FaultId>): void;
  /** A deep copy of the stored users and groups (password included: tests may check it arrived). */
  snapshot(): { users: ScimUser[]; groups: ScimGroup[] };
  /** Every request received, in order; tests may clear it with `requests.length = 0`. */
  requests: RecordedScimRequest[];
}

const SLOW_RESPONSE_DEFAULT_MS = 1500;

function flattenHeaders(headers: IncomingMessage["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function normaliseBasePath(basePath: string): string {
  const trimmed = basePath.replace(/\/+$/, "");
  return trimmed.startsWith("/") || trimmed === "" ? trimmed : `/${trimmed}`;
}

/**
 * The reference SCIM 2.0 server (DESIGN §6): in memory, real HTTP on loopback, conformant to what
 * Okta and RFC 7643/7644 need, with switchable faults (faults.ts) so every probe can be shown to
 * catch its defect. Discovery endpoints answer without credentials, as Better Auth's server does
 * (research/servers-for-tests.md §1 A); everything else needs the configured credential.
 */
export async function startReferenceScimServer(options: ReferenceScimServerOptions = {}): Promise<ReferenceScimServer> {
  const host = options.host ?? "127.0.0.1";
  const basePath = normaliseBasePath(options.basePath ?? "/scim/v2");
  const auth: ReferenceServerAuth = options.auth ?? { mode: "none" };
  const store = new ScimStore(undefined, options.newId);
  const requests: RecordedScimRequest[] = [];
  let faults = toFaultSet(options.faults);
  let listCalls = 0;
  let baseUrl = "";
  // Pending slow-response delays end when the server closes, so close() never waits on them.
  const closing = new AbortController();

  const context = (): HandlerContext => ({ store, faults, baseUrl, nextListCall: () => listCalls++ });

  function route(request: ScimRequest): ScimReply {
    const { pathname } = request.url;
    const rest = pathname.startsWith(basePath) ? pathname.slice(basePath.length) : undefined;
    if (rest === undefined || (rest !== "" && !rest.startsWith("/"))) throw notFound(`No SCIM endpoint at ${pathname}; the base path is ${basePath || "/"}`);
    const segments = rest.split("/").filter((segment) => segment !== "").map((segment) => decodeURIComponent(segment));
    const [endpoint, id, extra] = segments;

    if (endpoint !== undefined && DISCOVERY_ENDPOINTS.has(endpoint)) {
      if (faults.has("discovery-missing")) throw notFound(`No SCIM endpoint at ${pathname}`);
      return handleDiscovery(request.method, segments, baseUrl, auth);
    }
    if (!faults.has("auth-not-enforced")) requireCredential(auth, request.headers.authorization);
    if (extra === undefined && endpoint === "Users") return handleResource(usersEndpoint, id, request, context());
    if (extra === undefined && endpoint === "Groups" && !faults.has("groups-not-implemented")) return handleResource(groupsEndpoint, id, request, context());
    throw notFound(`No SCIM endpoint at ${pathname}`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const bodyText = await readBody(req);
    const request: ScimRequest = { method: req.method ?? "GET", url: new URL(req.url ?? "/", "http://reference.invalid"), headers: req.headers, bodyText };
    const record: RecordedScimRequest = { method: request.method, path: req.url ?? "/", headers: flattenHeaders(req.headers), body: bodyText === "" ? undefined : bodyText };
    requests.push(record);
    const activeFaults = faults;
    let reply: ScimReply;
    try {
      reply = route(request);
    } catch (error) {
      const scimError = error instanceof ScimHttpError ? error : new ScimHttpError(500, `Internal server error: ${(error as Error).message}`);
      reply = errorReply(scimError, request, activeFaults);
    }
    const delay = activeFaults.has("slow-responses")
      ? request.method === "GET" && request.url.pathname.replace(/\/+$/, "") === `${basePath}/Groups`
        ? (options.latencyMs ?? SLOW_RESPONSE_DEFAULT_MS)
        : 0
      : (options.latencyMs ?? 0);
    if (delay > 0) await sleep(delay, undefined, { signal: closing.signal }).catch(() => undefined);
    const acceptEncoding = req.headers["accept-encoding"];
    record.status = reply.status;
    writeReply(res, reply, activeFaults, { compression: options.compression ?? true, ...(acceptEncoding === undefined ? {} : { acceptEncoding }) });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  baseUrl = `http://${urlHost}:${address.port}${basePath}`;

  seed(options.seed, { store, faults: new Set(), baseUrl });

  return {
    baseUrl,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
    setFaults(next) {
      faults = toFaultSet(next);
    },
    snapshot: () => store.snapshot(),
  };
}

/** Seeds go through the same validation as POST, so pre-existing data looks like created data. */
function seed(data: ReferenceScimServerOptions["seed"], ctx: EndpointContext): void {
  for (const user of data?.users ?? []) {
    const id = user.id ?? ctx.store.newId();
    const built = usersEndpoint.build({ schemas: [USER_SCHEMA], ...user }, id, ctx.store.newMeta("User", `${ctx.baseUrl}/Users/${id}`), undefined, "create", ctx);
    ctx.store.users.set(id, built);
  }
  for (const group of data?.groups ?? []) {
    const id = group.id ?? ctx.store.newId();
    const built = groupsEndpoint.build({ schemas: [GROUP_SCHEMA], ...group }, id, ctx.store.newMeta("Group", `${ctx.baseUrl}/Groups/${id}`), undefined, "create", ctx);
    ctx.store.groups.set(id, built);
  }
}
