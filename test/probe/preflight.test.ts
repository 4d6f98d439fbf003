import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { conformantList, startServer, type Handler, type TestServer } from "../connector/support.js";
import { runCli } from "../support/cli.js";
import { closedPort, probe, readText, referenceServer, tempDir, type FaultId, type ReferenceScimServer } from "./support/harness.js";

/*
 * probe runs Okta's own first request (test-connector's checks) before the suites. A target that
 * is plainly wrong stops there with one diagnosis and its fix; a server with ordinary defects gets
 * the whole run.
 */

const servers: Array<ReferenceScimServer | TestServer> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function reference(faults: FaultId[] = []): Promise<ReferenceScimServer> {
  const server = await referenceServer({ faults });
  servers.push(server);
  return server;
}

async function serve(handler: Handler): Promise<TestServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

const htmlSite: Handler = (_request, response) => {
  response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  response.end("<!doctype html><html><head><title>Acme — Home</title></head><body>Welcome</body></html>");
};

interface Wrong {
  name: string;
  /** The base URL and env of the run, and what the server saw (undefined: no server). */
  target: () => Promise<{ baseUrl: string; env?: NodeJS.ProcessEnv; requests?: () => string[] }>;
  diagnosis: string;
  code: 1 | 3;
  /** Words of the one error line and its hint. */
  error: RegExp;
  hint: RegExp;
}

const WRONG: Wrong[] = [
  {
    name: "a refused token",
    target: async () => {
      const server = await reference();
      return { baseUrl: server.baseUrl, env: { SCIM_TOKEN: "an-old-token" }, requests: () => server.requests.map((request) => `${request.method} ${request.path}`) };
    },
    diagnosis: "connector/unauthorized",
    code: 1,
    error: /^error: the suites did not run, Okta's own first request fails: Token refused \[connector\/unauthorized\]: 401 for "Authorization: Bearer <token>"/,
    hint: /^hint: Get a current SCIM\/provisioning token .*put it in SCIM_TOKEN.* Then run again, or pass --no-preflight to run the suites anyway\.$/,
  },
  {
    name: "a base URL ending in /Users",
    target: async () => {
      const server = await reference();
      return { baseUrl: `${server.baseUrl}/Users`, requests: () => server.requests.map((request) => `${request.method} ${request.path}`) };
    },
    diagnosis: "connector/wrong-base-path",
    code: 1,
    error: /^error: the suites did not run, .*Wrong base path \[connector\/wrong-base-path\]: The base URL ends in \/Users: Okta adds \/Users and \/Groups to it itself, so it would send GET http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/Users\/Users\.$/,
    hint: /^hint: Use http:\/\/127\.0\.0\.1:\d+\/scim\/v2 as the base URL in Okta \(and in SCIM_BASE_URL\)\. Then run again/,
  },
  {
    // A server that routes loosely answers …/Users/Users with a list: the URL is still wrong for Okta.
    name: "a base URL ending in /Groups/ on a server that lists anything",
    target: async () => {
      const server = await serve(conformantList);
      return { baseUrl: `${server.origin}/scim/v2/Groups/`, requests: () => server.paths.map((path) => `GET ${path}`) };
    },
    diagnosis: "connector/wrong-base-path",
    code: 1,
    error: /^error: the suites did not run, .*Wrong base path \[connector\/wrong-base-path\]: The base URL ends in \/Groups: Okta adds \/Users and \/Groups to it itself/,
    hint: /^hint: Use http:\/\/127\.0\.0\.1:\d+\/scim\/v2 as the base URL in Okta \(and in SCIM_BASE_URL\)\. Then run again/,
  },
  {
    name: "not a SCIM server (a web site)",
    target: async () => {
      const server = await serve(htmlSite);
      return { baseUrl: `${server.origin}/scim/v2`, requests: () => server.paths.map((path) => `GET ${path}`) };
    },
    diagnosis: "connector/html-page",
    code: 1,
    error: /HTML page instead of SCIM \[connector\/html-page\]: .* answered 200 with an HTML page \("Acme — Home"\), not SCIM JSON\.$/,
    hint: /take the SCIM base URL from the vendor's documentation/,
  },
  {
    name: "https:// to a plain-HTTP port",
    target: async () => {
      const server = await serve(conformantList);
      return { baseUrl: `https://127.0.0.1:${server.port}/scim/v2`, requests: () => server.paths.map((path) => `GET ${path}`) };
    },
    diagnosis: "connector/tls-handshake",
    code: 3,
    error: /^error: cannot reach the SCIM server at https:\/\/127\.0\.0\.1:\d+\/scim\/v2: the port does not speak TLS \(plain HTTP\?\) \(ERR_SSL_WRONG_VERSION_NUMBER\)$/,
    hint: /^hint: this port speaks plain HTTP: use http:\/\/ .*\(--insecure cannot help\)/,
  },
  {
    name: "nothing listening",
    target: async () => ({ baseUrl: `http://127.0.0.1:${await closedPort()}/scim/v2` }),
    diagnosis: "connector/connection-refused",
    code: 3,
    error: /^error: cannot reach the SCIM server at http:\/\/127\.0\.0\.1:\d+\/scim\/v2: connection refused \(ECONNREFUSED\)$/,
    hint: /^hint: check SCIM_BASE_URL, that the server is running/,
  },
];

describe("a plainly wrong target stops before the suites with one diagnosis", () => {
  test.each(WRONG)("$name: exit $code, the reports say it, one error line", async ({ target, diagnosis, code, error, hint }) => {
    const { baseUrl, env, requests } = await target();
    const dir = await tempDir();
    const junit = join(dir, "probe.xml");
    const run = await probe(baseUrl, ["--reporter", `junit=${junit}`], { env: env ?? {} });

    expect(run.code, run.stderr).toBe(code);
    // The JSON report (stdout) has the one deciding check, its diagnosis, and why the suites did not run.
    const ids = run.report.probes.map((entry) => entry.id);
    expect(ids.at(-1)).toBe("connector/list-users");
    expect(ids.every((id) => id.startsWith("connector/"))).toBe(true);
    expect(run.report.probes.map((entry) => entry.diagnosis?.id)).toContain(diagnosis);
    expect(run.report).toMatchObject({ command: "probe", suites: ["okta-spec", "okta-runtime", "rfc"], error: { code: code === 3 ? "cannot-proceed" : "preflight" } });
    // The other reports are written too, before the exit code.
    expect(await readText(junit)).toContain("connector/list-users");

    const lines = run.stderr.trim().split("\n");
    expect(lines.filter((line) => line.startsWith("error:"))).toHaveLength(1);
    expect(lines.at(-2)).toMatch(error);
    expect(lines.at(-1)).toMatch(hint);
    // Only Okta's read requests reached the server: no probe ran, nothing was created.
    for (const request of requests?.() ?? []) expect(request).toMatch(/^GET /);
  });

  test("a refused token: the server saw Okta's list request (and its other Bearer form), nothing else", async () => {
    const server = await reference();
    const run = await probe(server.baseUrl, [], { env: { SCIM_TOKEN: "an-old-token" } });
    expect(run.code).toBe(1);
    expect(server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      "GET /scim/v2/Users?startIndex=1&count=2",
      "GET /scim/v2/Users?startIndex=1&count=2",
    ]);
  });

  test("--no-preflight runs the suites anyway", async () => {
    const server = await reference();
    const run = await probe(server.baseUrl, ["--no-preflight", "--suite", "okta-spec"], { env: { SCIM_TOKEN: "an-old-token" } });
    expect(run.code).toBe(1);
    expect(run.report.probes).toHaveLength(12);
    expect(run.report.probes.every((entry) => entry.suite === "okta-spec")).toBe(true);
    expect(run.report.error).toBeUndefined();
  });

  test("a token from --token-file is named as such in the fix", async () => {
    const server = await reference();
    const dir = await tempDir();
    const { writeFile } = await import("node:fs/promises");
    await writeFile(join(dir, "token.txt"), "an-old-token\n");
    const result = await runCli(["probe", "--token-file", join(dir, "token.txt")], { env: { SCIM_BASE_URL: server.baseUrl } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`put it in --token-file ${join(dir, "token.txt")}`);
    expect(result.stderr).not.toContain("SCIM_TOKEN");
  });
});

describe("a server with ordinary defects gets the whole run", () => {
  test.each<[FaultId, string]>([
    ["list-missing-resources-when-empty", "okta-runtime/empty-list-has-resources"],
    ["list-counts-as-strings", "okta-runtime/import-users-paging"],
  ])("%s: the suites run and %s fails", async (fault, failing) => {
    const server = await reference([fault]);
    const run = await probe(server.baseUrl, ["--suite", "okta-runtime"]);
    expect(run.code).toBe(1);
    expect(run.report.error).toBeUndefined();
    expect(run.report.probes.some((entry) => entry.id.startsWith("connector/"))).toBe(false);
    expect(run.report.probes.find((entry) => entry.id === failing)?.status).toBe("failed");
    expect(run.report.probes.filter((entry) => entry.status === "passed").length).toBeGreaterThan(5);
  });

  test("a conformant server: the preflight is one GET before the suites, and --trace holds both", async () => {
    const server = await reference();
    const dir = await tempDir();
    const trace = join(dir, "trace.jsonl");
    const run = await probe(server.baseUrl, ["--suite", "rfc", "--trace", trace]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.report.probes.every((entry) => entry.suite === "rfc")).toBe(true);
    expect(server.requests[0]?.path).toBe("/scim/v2/Users?startIndex=1&count=2");
    const traced = (await readText(trace))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { method: string; url: string });
    expect(traced[0]?.url).toMatch(/\/Users\?startIndex=1&count=2$/);
    expect(traced.some((exchange) => exchange.method === "POST")).toBe(true);
    expect(traced).toHaveLength(server.requests.length);
  });
});
