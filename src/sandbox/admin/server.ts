import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Dispatcher } from "undici";
import type { OrgStore } from "../okta/store.js";
import { formStateOf, renderAppPage, renderIndex, renderNotFound } from "./page.js";
import type { CredentialTestDeps } from "./test-credentials.js";
import { settingsView } from "./view.js";

/*
 * Reading the page and the JSON needs only the store. Changing settings (zod) and testing
 * credentials (undici, test-connector's core) load on first use: the sandbox starts without them.
 */
const loadSettings = () => import("./settings.js");
const loadForm = () => import("./form.js");
const loadCredentialTest = () => import("./test-credentials.js");

export interface AdminConsoleOptions {
  store: OrgStore;
  /** Default 127.0.0.1: the sandbox never listens beyond loopback. */
  host?: string;
  /** Default 0: an ephemeral port. */
  port?: number;
  /** For "Test API Credentials"; default a keep-alive Agent of its own. */
  dispatcher?: Dispatcher;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

export interface AdminConsole {
  /** e.g. http://127.0.0.1:54323 (no trailing slash). */
  url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;
const SECURITY_HEADERS = {
  "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Cache-Control": "no-store",
};

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpProblem(413, `the body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", ...SECURITY_HEADERS });
  res.end(html);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...SECURITY_HEADERS });
  res.end(`${JSON.stringify(body)}\n`);
}

/**
 * The Admin Console stand-in (DESIGN §6, issue 12 item 4), sandbox only: per app, the clicks
 * Okta's public API cannot do — Enable SCIM provisioning (AIW) / API integration (OIN),
 * Provisioning → Integration (base URL, credentials, AIW unique identifier and actions) and the
 * To App / To Okta switches — as an HTML form for a person and as JSON for scripts, tests and
 * `demo`. It changes the org through the store, so the app's `features` and provisioning follow.
 */
export async function startAdminConsole(options: AdminConsoleOptions): Promise<AdminConsole> {
  const { store } = options;
  let ownDispatcher: Dispatcher | undefined;
  const env = options.env ?? process.env;
  const now = options.now ?? (() => new Date());
  const credentialTest = async () => {
    const { testCredentials } = await loadCredentialTest();
    if (!options.dispatcher && !ownDispatcher) {
      const { Agent } = await import("undici");
      ownDispatcher = new Agent({ keepAliveTimeout: 10_000 });
    }
    const deps: CredentialTestDeps = { dispatcher: options.dispatcher ?? (ownDispatcher as Dispatcher), env, now };
    return (app: Parameters<typeof testCredentials>[0], connection: Parameters<typeof testCredentials>[1]) => testCredentials(app, connection, deps);
  };
  let origin = "";

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", origin);
    const method = (req.method ?? "GET").toUpperCase();
    const segments = url.pathname.split("/").filter(Boolean).map((segment) => decodeURIComponent(segment));
    const json = segments[2] === "provisioning";

    if (segments.length === 0) {
      if (method !== "GET") throw new HttpProblem(405, "only GET here");
      return sendHtml(res, 200, renderIndex([...store.apps.values()]));
    }
    // Okta's Applications page (`/admin/apps/active`, where setup's "add the app" steps start) is the stand-in's list of apps.
    if (segments.join("/") === "admin/apps/active") {
      res.writeHead(302, { Location: "/", ...SECURITY_HEADERS });
      return void res.end();
    }
    // Okta's deep link to an app's page (`/admin/app/{name}/instance/{id}/#tab-provisioning`) opens the stand-in's page.
    if (segments[0] === "admin" && segments[1] === "app" && segments[3] === "instance" && segments[4] !== undefined && segments.length === 5) {
      res.writeHead(302, { Location: `/apps/${encodeURIComponent(segments[4])}`, ...SECURITY_HEADERS });
      return void res.end();
    }
    const [apps, appId, , test, ...rest] = segments;
    if (apps !== "apps" || !appId || rest.length > 0 || (segments.length > 2 && !json) || (test !== undefined && test !== "test")) {
      throw new HttpProblem(404, `no page at ${url.pathname}`);
    }
    const app = store.apps.get(appId);
    if (!app) throw new HttpProblem(404, `no app ${appId} in this org`);

    if (!json) {
      if (method === "GET") return sendHtml(res, 200, renderAppPage(app, formStateOf(app), { saved: url.searchParams.has("saved") }));
      if (method !== "POST") throw new HttpProblem(405, "GET or POST here");
      // A form posted from another site must not change the sandbox.
      if (req.headers.origin !== undefined && req.headers.origin !== origin) throw new HttpProblem(403, "the form must be posted from this page");
      const [{ readForm }, { SettingsError, toProvisioningUpdate }] = await Promise.all([loadForm(), loadSettings()]);
      const submitted = readForm(app, new URLSearchParams(await readBody(req)));
      if (submitted.action === "test") {
        const result = await (await credentialTest())(app, submitted.connection);
        return sendHtml(res, 200, renderAppPage(app, submitted.state, { test: result }));
      }
      if (!submitted.settings) return sendHtml(res, 400, renderAppPage(app, submitted.state, { error: submitted.problem ?? "invalid" }));
      try {
        store.setProvisioning(app.id, toProvisioningUpdate(app, submitted.settings));
      } catch (error) {
        if (error instanceof SettingsError) return sendHtml(res, 400, renderAppPage(app, submitted.state, { error: error.message }));
        throw error;
      }
      res.writeHead(303, { Location: `/apps/${encodeURIComponent(app.id)}?saved=1`, ...SECURITY_HEADERS });
      return void res.end();
    }

    if (test === "test") {
      if (method !== "POST") throw new HttpProblem(405, "POST here");
      return sendJson(res, 200, await (await credentialTest())(app, { baseUrl: app.provisioning.baseUrl, auth: app.provisioning.auth }));
    }
    if (method === "GET") return sendJson(res, 200, settingsView(app));
    if (method !== "PUT") throw new HttpProblem(405, "GET or PUT here");
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch (error) {
      if (error instanceof HttpProblem) throw error;
      throw new HttpProblem(400, "the body is not JSON", "(body)");
    }
    const { parseSettings, toProvisioningUpdate } = await loadSettings();
    store.setProvisioning(app.id, toProvisioningUpdate(app, parseSettings(body)));
    return sendJson(res, 200, settingsView(app));
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.end();
      const wantsJson = (req.url ?? "").includes("/provisioning");
      const settingsError = error instanceof Error && error.name === "SettingsError" ? (error as Error & { field: string }) : undefined;
      const problem =
        error instanceof HttpProblem ? error : settingsError ? new HttpProblem(400, settingsError.message, settingsError.field) : new HttpProblem(500, `internal error: ${error instanceof Error ? error.message : String(error)}`);
      if (wantsJson) sendJson(res, problem.status, { error: { message: problem.message, ...(problem.field ? { field: problem.field } : {}) } });
      else sendHtml(res, problem.status, renderNotFound(problem.message));
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
  origin = `http://${host}:${address.port}`;
  return {
    url: origin,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      await ownDispatcher?.close();
    },
  };
}
