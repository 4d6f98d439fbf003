import { readFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Redactor } from "../../src/core/redact.js";
import { TraceWriter } from "../../src/http/trace.js";
import { OktaClient } from "../../src/okta/client.js";
import type { OktaConnection } from "../../src/okta/connection.js";
import { OktaAccessError, OktaRequestError, OktaResponseError, OktaUnreachableError } from "../../src/okta/errors.js";
import { appSchema } from "../../src/okta/model.js";
import type { Clock } from "../../src/okta/transport.js";
import { json, startStubServer, type StubServer } from "./support/stub-server.js";

const TOKEN = "00CANARY-ssws-token-d41d8cd98f";
let server: StubServer | undefined;
let client: OktaClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

/** A clock whose sleeps pass at once and are written down. */
function fakeClock(): Clock & { slept: number[] } {
  let now = Date.UTC(2026, 10, 29, 12);
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

function connect(url: string, overrides: { clock?: Clock; redactor?: Redactor; trace?: TraceWriter } = {}): OktaClient {
  const connection: OktaConnection = { orgUrl: url, orgUrlSource: "--org-url", credentials: { kind: "ssws", token: TOKEN, source: "OKTA_API_TOKEN" } };
  client = new OktaClient({ connection, env: {}, redactor: overrides.redactor ?? new Redactor(), clock: overrides.clock ?? fakeClock(), trace: overrides.trace });
  return client;
}

const app = (id: string) => ({ id, name: "scim2headerauth", label: `App ${id}`, signOnMode: null, features: [] });

describe("Link paging", () => {
  it("follows rel=next until there is none, sending the SSWS token on each page", async () => {
    server = await startStubServer((request, response) => {
      const after = new URL(request.url, "http://x").searchParams.get("after");
      if (!after) return json(response, 200, [app("0oa1"), app("0oa2")], { link: `<${server!.url}/api/v1/apps?limit=2>; rel="self", <${server!.url}/api/v1/apps?after=0oa2&limit=2>; rel="next"` });
      return json(response, 200, [app("0oa3")], { link: `<${server!.url}/api/v1/apps?after=0oa2&limit=2>; rel="self"` });
    });
    const apps = await connect(server.url).list("/api/v1/apps?limit=2", appSchema);
    expect(apps.map((entry) => entry.id)).toEqual(["0oa1", "0oa2", "0oa3"]);
    expect(server.requests.map((request) => request.headers.authorization)).toEqual([`SSWS ${TOKEN}`, `SSWS ${TOKEN}`]);
  });

  it("a next link that repeats a page stops with an error instead of looping", async () => {
    server = await startStubServer((_request, response) => json(response, 200, [app("0oa1")], { link: `<${server!.url}/api/v1/apps?after=0oa1>; rel="next"` }));
    await expect(connect(server.url).list("/api/v1/apps", appSchema)).rejects.toThrow(OktaResponseError);
    expect(server.requests).toHaveLength(2);
  });

  it("a next link to another host is refused: the token never leaves the org", async () => {
    const elsewhere = await startStubServer((_request, response) => json(response, 200, []));
    try {
      server = await startStubServer((_request, response) => json(response, 200, [app("0oa1")], { link: `<${elsewhere.url}/steal>; rel="next"` }));
      await expect(connect(server.url).list("/api/v1/apps", appSchema)).rejects.toThrow(/outside the org/);
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await elsewhere.close();
    }
  });
});

describe("rate limits", () => {
  it("a 429 waits until X-Rate-Limit-Reset and retries", async () => {
    const clock = fakeClock();
    let calls = 0;
    server = await startStubServer((_request, response) => {
      calls += 1;
      const reset = String(Math.floor(clock.now() / 1000) + 7);
      if (calls === 1) return json(response, 429, { errorCode: "E0000047", errorSummary: "API call exceeded rate limit due to too many requests." }, { "x-rate-limit-limit": "50", "x-rate-limit-remaining": "0", "x-rate-limit-reset": reset, date: new Date(clock.now()).toUTCString() });
      return json(response, 200, app("0oa1"), { "x-rate-limit-limit": "50", "x-rate-limit-remaining": "49", "x-rate-limit-reset": reset });
    });
    const result = await connect(server.url, { clock }).get("/api/v1/apps/0oa1", appSchema);
    expect(result.id).toBe("0oa1");
    expect(clock.slept).toEqual([8_000]);
    expect(server.requests).toHaveLength(2);
  });

  it("slows down as X-Rate-Limit-Remaining falls", async () => {
    const clock = fakeClock();
    let remaining = 10;
    server = await startStubServer((_request, response) => {
      remaining -= 1;
      const reset = String(Math.floor(clock.now() / 1000) + 60);
      json(response, 200, app("0oa1"), { "x-rate-limit-limit": "50", "x-rate-limit-remaining": String(remaining), "x-rate-limit-reset": reset, date: new Date(clock.now()).toUTCString() });
    });
    const okta = connect(server.url, { clock });
    for (let i = 0; i < 4; i += 1) await okta.get("/api/v1/apps/0oa1", appSchema);
    expect(clock.slept.length).toBeGreaterThanOrEqual(2);
    expect(clock.slept.at(-1)!).toBeGreaterThan(clock.slept[0]!);
  });

  it("gives up after repeated 429s with Okta's words and what to do", async () => {
    server = await startStubServer((_request, response) => json(response, 429, { errorCode: "E0000047", errorSummary: "API call exceeded rate limit due to too many requests." }));
    const error = await connect(server.url).get("/api/v1/apps/0oa1", appSchema).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OktaRequestError);
    expect((error as OktaRequestError).message).toBe("Okta answered GET /api/v1/apps/0oa1 with 429 E0000047 API call exceeded rate limit due to too many requests.");
    expect((error as OktaRequestError).hint).toMatch(/rate limit/);
    expect(server.requests).toHaveLength(5);
  });
});

describe("answers", () => {
  it("200 and 201 on a create, 200 (empty) and 204 on a delete all succeed", async () => {
    const statuses = [200, 201];
    server = await startStubServer((request, response) => {
      if (request.method === "POST") return json(response, statuses.shift()!, app("0oa9"));
      if (request.url.endsWith("/a")) return json(response, 200, undefined);
      response.writeHead(204).end();
    });
    const okta = connect(server.url);
    expect((await okta.send("POST", "/api/v1/apps", { name: "x" }, appSchema)).id).toBe("0oa9");
    expect((await okta.send("POST", "/api/v1/apps", { name: "x" }, appSchema)).id).toBe("0oa9");
    await expect(okta.send("DELETE", "/api/v1/x/a")).resolves.toBeUndefined();
    await expect(okta.send("DELETE", "/api/v1/x/b")).resolves.toBeUndefined();
    expect(okta.writeCount).toBe(4);
  });

  it("a 404 on find means gone; Okta's error body is surfaced otherwise", async () => {
    server = await startStubServer((request, response) => {
      if (request.url.includes("gone")) return json(response, 404, { errorCode: "E0000007", errorSummary: "Not found: Resource not found: gone (AppInstance)", errorCauses: [] });
      json(response, 400, { errorCode: "E0000001", errorSummary: "Api validation failed: name", errorCauses: [{ errorSummary: "name: The app name scim2testapp_basic is not available" }] });
    });
    const okta = connect(server.url);
    await expect(okta.find("/api/v1/apps/gone", appSchema)).resolves.toBeUndefined();
    const error = (await okta.send("POST", "/api/v1/apps", {}, appSchema).catch((caught: unknown) => caught)) as OktaRequestError;
    expect(error).toBeInstanceOf(OktaRequestError);
    expect(error.status).toBe(400);
    expect(error.errorCode).toBe("E0000001");
    expect(error.summaries).toContain("name: The app name scim2testapp_basic is not available");
    expect(error.message).toBe("Okta answered POST /api/v1/apps with 400 E0000001 Api validation failed: name (name: The app name scim2testapp_basic is not available)");
    expect(okta.writeCount).toBe(0);
  });

  it("a 401 names the token's env var; an HTML error page does not crash the mapping", async () => {
    server = await startStubServer((request, response) => {
      if (request.url.includes("html")) {
        response.writeHead(502, { "content-type": "text/html" });
        return response.end("<html>Bad gateway</html>");
      }
      json(response, 401, { errorCode: "E0000011", errorSummary: "Invalid token provided", errorCauses: [] });
    });
    const okta = connect(server.url);
    const refused = await okta.get("/api/v1/apps", appSchema).catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(OktaAccessError);
    expect((refused as Error).message).toBe("Okta refused the API token from OKTA_API_TOKEN (401 E0000011 Invalid token provided)");
    const html = (await okta.get("/api/v1/html", appSchema).catch((caught: unknown) => caught)) as OktaRequestError;
    expect(html.status).toBe(502);
    expect(html.message).toMatch(/^Okta answered GET \/api\/v1\/html with 502 <html>Bad gateway<\/html>$/);
  });

  it("a body of the wrong shape names the field", async () => {
    server = await startStubServer((_request, response) => json(response, 200, { id: "0oa1", name: "x" }));
    await expect(connect(server.url).get("/api/v1/apps/0oa1", appSchema)).rejects.toThrow(/^Okta's answer to GET \/api\/v1\/apps\/0oa1 is not what we expected: label: /);
  });

  it("an answer nested too deep to parse safely is refused, not parsed", async () => {
    server = await startStubServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(`${"[".repeat(100)}${"]".repeat(100)}`);
    });
    await expect(connect(server.url).get("/api/v1/apps/0oa1", appSchema)).rejects.toThrow(/^Okta's answer to GET \/api\/v1\/apps\/0oa1 \(HTTP 200\) could not be read: the JSON nests more than 64 levels deep/);
  });

  it("keeps fields it does not model, so a PUT can send back everything it read", async () => {
    server = await startStubServer((_request, response) => json(response, 200, { ...app("0oa1"), settings: { app: { acsUrl: null }, manualProvisioning: false }, _links: { uploadLogo: {} } }));
    const read = await connect(server.url).get("/api/v1/apps/0oa1", appSchema);
    expect(read).toMatchObject({ settings: { app: { acsUrl: null }, manualProvisioning: false }, _links: { uploadLogo: {} }, signOnMode: null });
  });
});

describe("unreachable org", () => {
  it("a refused connection is exit 3 naming the URL's source", async () => {
    const stub = await startStubServer(() => {});
    const url = stub.url;
    await stub.close();
    const error = await connect(url).get("/api/v1/apps", appSchema).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OktaUnreachableError);
    expect((error as OktaUnreachableError).message).toBe(`cannot reach Okta at ${url}: the connection was refused (ECONNREFUSED)`);
    expect((error as OktaUnreachableError).hint).toMatch(/--org-url/);
  });
});

describe("trace", () => {
  it("records every exchange with the token redacted, also when Okta echoes it", async () => {
    server = await startStubServer((_request, response) => json(response, 400, { errorCode: "E0000001", errorSummary: `bad token ${TOKEN}`, errorCauses: [] }));
    const path = join(mkdtempSync(join(tmpdir(), "okta-trace-")), "trace.jsonl");
    const redactor = new Redactor();
    const trace = await TraceWriter.open(path, redactor);
    const error = (await connect(server.url, { redactor, trace }).get("/api/v1/apps/0oa1", appSchema).catch((caught: unknown) => caught)) as Error;
    await trace.close();
    const text = readFileSync(path, "utf8");
    expect(text.trim().split("\n")).toHaveLength(1);
    expect(text).toContain('"authorization":"SSWS [REDACTED]"');
    expect(text).not.toContain(TOKEN);
    expect(error.message).not.toContain(TOKEN);
  });
});
