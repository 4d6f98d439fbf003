import { afterEach, describe, expect, it } from "vitest";
import { startReferenceScimServer, type ReferenceScimServer } from "../../src/sandbox/scim/index.js";
import { runCli } from "../support/cli.js";
import { check, conformantList, diagnosisIds, LIST_RESPONSE, listResponse, sendJson, startServer, testConnector, type Handler, type TestServer } from "./support.js";

const TOKEN = "connector-test-token-0123456789";
const env = (baseUrl: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ SCIM_BASE_URL: baseUrl, SCIM_TOKEN: TOKEN, ...extra });

const servers: Array<TestServer | ReferenceScimServer> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(handler: Handler): Promise<TestServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

describe("test-connector against a conformant server", () => {
  it("sends exactly Okta's request, passes, and says a loopback server is reachable only from here (exit 0)", async () => {
    const reference = await startReferenceScimServer({ auth: { mode: "header", token: TOKEN } });
    servers.push(reference);
    const { code, report, checklist } = await testConnector([], env(reference.baseUrl));

    expect(code).toBe(0);
    const users = reference.requests.find((request) => request.path.includes("/Users"));
    expect(users?.method).toBe("GET");
    expect(users?.path).toBe("/scim/v2/Users?startIndex=1&count=2");
    expect(users?.headers.accept).toBe("application/scim+json");
    expect(users?.headers["user-agent"]).toBe("Okta SCIM Client 1.0.0");
    expect(users?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(reference.requests.some((request) => request.path === "/scim/v2/Groups?startIndex=1&count=100")).toBe(true);

    expect(check(report, "connector/list-users").status).toBe("passed");
    expect(check(report, "connector/list-groups").status).toBe("passed");
    expect(check(report, "connector/https")).toMatchObject({ status: "warned", diagnosis: { id: "connector/http-on-loopback" } });
    expect(check(report, "connector/public-address")).toMatchObject({ status: "failed", required: false, diagnosis: { id: "connector/loopback-address" } });
    expect(check(report, "connector/certificate").status).toBe("skipped");
    expect(report.command).toBe("test-connector");
    expect(report.summary.requiredFailed).toBe(0);

    expect(checklist).toMatch(/✓ connector\/list-users/);
    expect(checklist).toMatch(/✗ connector\/public-address .*\(optional: does not fail the run\)/);
    expect(checklist).toMatch(/Reachable only from this machine \[connector\/loopback-address\]/);
    expect(checklist).toContain("The server answers as Okta needs, but Okta cannot reach it from its cloud");
  });

  it("without --json prints the checklist on stdout and nothing else", async () => {
    const server = await serve(conformantList);
    const { code, stdout, stderr } = await runCli(["test-connector"], { env: env(`${server.origin}/scim/v2`) });
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toMatch(/^Okta connector test: http:\/\/127\.0\.0\.1:\d+\/scim\/v2\n/);
    expect(stdout).toMatch(/✓ connector\/list-users — GET \/Users\?startIndex=1&count=2 answers a ListResponse/);
    expect(stdout).toMatch(/! connector\/https/);
    expect(stdout).toMatch(/What to do: /);
  });
});

/** One misbehaving server per row: the diagnosis id, words from its message, and the exit code. */
const answers: Array<{ name: string; handler: Handler; id: string; words: RegExp; code: number; base?: string }> = [
  {
    name: "a 403 (IP allow-list)",
    handler: (_req, res) => sendJson(res, 403, { schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "403", detail: "IP 203.0.113.9 is not allowed" }),
    id: "connector/forbidden",
    words: /403.*IP 203\.0\.113\.9 is not allowed[\s\S]*Okta's IP ranges for your org's cell/,
    code: 1,
  },
  {
    name: "a redirect to a login page",
    handler: (_req, res) => {
      res.writeHead(302, { location: "https://login.vendor.example/sso?next=/scim" });
      res.end();
    },
    id: "connector/redirect",
    words: /answered 302 to https:\/\/login\.vendor\.example\/sso\?next=\/scim\. Okta does not follow redirects[\s\S]*exempt the SCIM path from SSO/,
    code: 1,
  },
  {
    name: "a redirect to the real base path",
    handler: (req, res) => {
      res.writeHead(301, { location: (req.url ?? "").replace("/old/", "/scim/v2/") });
      res.end();
    },
    id: "connector/redirect",
    words: /answered 301 to \/scim\/v2\/Users\?startIndex=1&count=2[\s\S]*What to do: Use http:\/\/127\.0\.0\.1:\d+\/scim\/v2 as the base URL/,
    code: 1,
    base: "/old",
  },
  {
    name: "an HTML login page",
    handler: (_req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end('<!DOCTYPE html><html><head><title>Sign in - Vendor</title></head><body><form><input type="password" name="p"></form></body></html>');
    },
    id: "connector/html-page",
    words: /Login page instead of SCIM[\s\S]*answered 200 with a login page \("Sign in - Vendor"\)/,
    code: 1,
  },
  {
    name: "an HTML page (wrong URL)",
    handler: (_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html><head><title>Vendor — Home</title></head><body>Welcome</body></html>");
    },
    id: "connector/html-page",
    words: /HTML page instead of SCIM[\s\S]*points at a web page, not the SCIM API/,
    code: 1,
  },
  {
    name: "invalid JSON",
    handler: (_req, res) => sendJson(res, 200, '{"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": 0,'),
    id: "connector/invalid-json",
    words: /answered 200 \(application\/scim\+json\) with a body that is not JSON: "\{"schemas"/,
    code: 1,
  },
  {
    name: "a ListResponse without Resources",
    handler: (_req, res) => sendJson(res, 200, { schemas: [LIST_RESPONSE], totalResults: 0, startIndex: 1, itemsPerPage: 0 }),
    id: "connector/missing-resources",
    words: /No results for users returned[\s\S]*Resources is missing\. Okta fails the test with "No results for users returned"[\s\S]*"Resources": \[\]/,
    code: 1,
  },
  {
    name: "Resources: null",
    handler: (_req, res) => sendJson(res, 200, { schemas: [LIST_RESPONSE], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: null }),
    id: "connector/missing-resources",
    words: /Resources is null/,
    code: 1,
  },
  {
    name: "counts sent as strings",
    handler: (_req, res) => sendJson(res, 200, { schemas: [LIST_RESPONSE], totalResults: "0", startIndex: "1", itemsPerPage: 0, Resources: [] }),
    id: "connector/counts-not-integers",
    words: /totalResults is the string "0"; startIndex is the string "1"[\s\S]*as JSON integers/,
    code: 1,
  },
  {
    name: "JSON that is not a ListResponse",
    handler: (_req, res) => sendJson(res, 200, { users: [], count: 0 }, "application/json"),
    id: "connector/not-list-response",
    words: /JSON that is not a SCIM ListResponse: an object with users, count, and no Resources or totalResults/,
    code: 1,
  },
  {
    name: "a bare JSON array",
    handler: (_req, res) => sendJson(res, 200, [], "application/json"),
    id: "connector/not-list-response",
    words: /the body is a JSON array \(0 items\)/,
    code: 1,
  },
  {
    name: "a 500 with a SCIM error detail",
    handler: (_req, res) => sendJson(res, 500, { schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "500", detail: "database connection pool exhausted" }),
    id: "connector/server-error",
    words: /answered 500\. The server says: "database connection pool exhausted"/,
    code: 1,
  },
  {
    name: "a 503 with a text body",
    handler: (_req, res) => {
      res.writeHead(503, { "content-type": "text/plain" });
      res.end("upstream unavailable");
    },
    id: "connector/server-error",
    words: /answered 503\. The server says: "upstream unavailable"/,
    code: 1,
  },
  {
    name: "a 400 for the paging parameters",
    handler: (_req, res) => sendJson(res, 400, { detail: "unknown parameter startIndex" }),
    id: "connector/unexpected-status",
    words: /answered 400; Okta expects 200\. The server says: "unknown parameter startIndex"[\s\S]*Accept the startIndex and count/,
    code: 1,
  },
];

describe("test-connector diagnoses a server that answers wrongly", () => {
  it.each(answers)("$name → $id, exit $code", async ({ handler, id, words, code, base }) => {
    const server = await serve(handler);
    const result = await testConnector([], env(`${server.origin}${base ?? "/scim/v2"}`));
    expect(result.code, result.checklist).toBe(code);
    const users = check(result.report, "connector/list-users");
    expect(users.status).toBe("failed");
    expect(users.diagnosis?.id).toBe(id);
    expect(users.message).toMatch(words);
    expect(result.checklist).toMatch(words);
    expect(result.checklist).toContain(`[${id}]`);
    expect(check(result.report, "connector/list-groups").status).toBe("skipped");
    expect(server.paths[0]).toBe(`${base ?? "/scim/v2"}/Users?startIndex=1&count=2`);
  });
});

describe("404: wrong base path", () => {
  it("finds the base path that answers a ListResponse and names it", async () => {
    const reference = await startReferenceScimServer({ auth: { mode: "header", token: TOKEN } });
    servers.push(reference);
    const origin = new URL(reference.baseUrl).origin;
    const { code, report, checklist } = await testConnector([], env(`${origin}/scim`));
    expect(code).toBe(1);
    const users = check(report, "connector/list-users");
    expect(users.diagnosis?.id).toBe("connector/wrong-base-path");
    expect(users.message).toContain(`404 for ${origin}/scim/Users, but ${origin}/scim/v2/Users answers a ListResponse`);
    expect(checklist).toContain(`What to do: Use ${origin}/scim/v2 as the base URL in Okta`);
    // The report's curl line can be pasted: the token comes from the environment, not the report.
    expect(users.curl).toBe(
      `curl -sS -X GET '${origin}/scim/Users?startIndex=1&count=2' -H 'accept: application/scim+json' -H 'accept-charset: utf-8' -H 'user-agent: Okta SCIM Client 1.0.0' -H "Authorization: Bearer $SCIM_TOKEN" --compressed`,
    );
  });

  it("a pasted /Users is recognised, whatever the server answers to …/Users/Users", async () => {
    const reference = await startReferenceScimServer({ auth: { mode: "header", token: TOKEN } });
    servers.push(reference);
    const loose = await serve((_req, res) => sendJson(res, 200, listResponse()));
    for (const base of [`${reference.baseUrl}/Users`, `${loose.origin}/scim/v2/users/`]) {
      const { code, report } = await testConnector([], env(base));
      expect(code).toBe(1);
      const users = check(report, "connector/list-users");
      expect(users.diagnosis?.id).toBe("connector/wrong-base-path");
      expect(users.message).toContain(`The base URL ends in /${base.includes("/users/") ? "users" : "Users"}: Okta adds /Users and /Groups to it itself`);
      expect(users.diagnosis?.whatToDo).toBe(`Use ${base.replace(/\/users\/?$/i, "")} as the base URL in Okta (and in SCIM_BASE_URL).`);
    }
  });

  it("says which base paths it tried when none answers", async () => {
    const server = await serve((_req, res) => sendJson(res, 404, { detail: "no such route" }, "application/json"));
    const { code, report } = await testConnector([], env(`${server.origin}/api`));
    expect(code).toBe(1);
    const users = check(report, "connector/list-users");
    expect(users.diagnosis?.id).toBe("connector/not-found");
    expect(users.message).toContain(`The server says: "no such route"`);
    expect(users.message).toContain(`${server.origin}/api/scim/v2, ${server.origin}/api/v2`);
    expect(server.paths).toContain("/api/scim/v2/Users?startIndex=1&count=2");
  });
});

describe("a redirect under the very base URL given", () => {
  it.each([
    ["a trailing slash added", (url: string) => url.replace("/Users?", "/Users/?")],
    ["the query dropped", (url: string) => url.replace(/\?.*$/, "")],
  ])("%s: never suggests the base URL the user gave, says to answer without redirecting", async (_name, moved) => {
    const server = await serve((req, res) => {
      res.writeHead(301, { location: moved(req.url ?? "") });
      res.end();
    });
    const base = `${server.origin}/scim/v2`;
    const { code, report } = await testConnector([], env(base));
    expect(code).toBe(1);
    const users = check(report, "connector/list-users");
    expect(users.diagnosis?.id).toBe("connector/redirect");
    expect(users.diagnosis?.whatToDo).not.toContain(base);
    expect(users.diagnosis?.whatToDo).toContain("make /Users and /Groups answer directly, exactly as requested, without a redirect");
  });
});

describe("GET /Groups is a warning, not a failure", () => {
  it.each([
    ["a 404", (res: Parameters<Handler>[1]) => sendJson(res, 404, { detail: "Groups not supported" }), "connector/not-found"],
    ["counts as strings", (res: Parameters<Handler>[1]) => sendJson(res, 200, { ...listResponse(), totalResults: "0" }), "connector/counts-not-integers"],
    ["a 500", (res: Parameters<Handler>[1]) => sendJson(res, 500, { detail: "boom" }), "connector/server-error"],
  ])("Groups answering %s warns and exits 0", async (_name, groups, id) => {
    const server = await serve((req, res) => ((req.url ?? "").includes("/Groups") ? groups(res) : sendJson(res, 200, listResponse())));
    const { code, report, checklist } = await testConnector([], env(`${server.origin}/scim/v2`));
    expect(code).toBe(0);
    expect(check(report, "connector/list-users").status).toBe("passed");
    expect(check(report, "connector/list-groups")).toMatchObject({ status: "warned", required: false, diagnosis: { id } });
    expect(server.paths).toContain("/scim/v2/Groups?startIndex=1&count=100");
    expect(checklist).toMatch(/! connector\/list-groups/);
    expect(diagnosisIds(report)).toContain(id);
    if (id === "connector/not-found") expect(checklist).toContain("What to do: Answer GET /Groups with a ListResponse (an empty one if you do not support groups)");
  });
});
