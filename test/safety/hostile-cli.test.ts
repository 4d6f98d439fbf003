import { mkdir, mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import type { RunReport } from "../../src/scim/report.js";
import { runCli } from "../support/cli.js";
import { endless, hostileServer, type HostileHandler, type HostileServer } from "../http/hostile-server.js";

const TOKEN = "hostile-cli-token-7c1f";
const servers: HostileServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function serve(handler: HostileHandler): Promise<HostileServer> {
  const server = await hostileServer(handler);
  servers.push(server);
  return server;
}

/** 8 MB of spaces in 8 KB of gzip. */
const BOMB = gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20));
const LIST = JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });

describe("a base URL with user info", () => {
  it.each(["probe", "test-connector"])("%s refuses it with exit 2, a hint, and without printing it", async (command) => {
    const server = await serve((_request, response) => response.end(LIST));
    // A short password ("pass") must not blank words of the message itself ("[REDACTED]word").
    for (const [user, password] of [["alice", "hunter22"], ["bob", "pass"]] as const) {
      const withUserInfo = server.baseUrl.replace("http://", `http://${user}:${password}@`);
      for (const json of [false, true]) {
        const result = await runCli([...(json ? ["--json"] : []), command], { env: { SCIM_BASE_URL: withUserInfo, SCIM_TOKEN: TOKEN } });
        expect(result.code).toBe(2);
        const said = `${result.stdout}${result.stderr}`;
        expect(said).toContain("has a user name or password in it (https://user:password@host/…)");
        expect(said).toContain("SCIM_TOKEN for header auth, or --auth basic with SCIM_USERNAME and SCIM_PASSWORD");
        expect(said).not.toContain("[REDACTED]");
        expect(said).not.toContain(`${user}:${password}`);
        if (password === "hunter22") expect(said).not.toContain(password);
      }
    }
    expect(server.seen).toEqual([]);
  });
});

describe("output files are checked before any request", () => {
  it.each([
    [["--reporter", "json=r.json", "--reporter", "html=./r.json"], "--reporter json=r.json and --reporter html=./r.json would write the same file"],
    [["--reporter", "junit=out/r.xml", "--trace", "out/../out/r.xml"], "--reporter junit=out/r.xml and --trace out/../out/r.xml would write the same file"],
    [["--reporter", "html=reports"], "--reporter html=reports: reports is a folder"],
    [["--trace", "/proc/trace.jsonl"], "--trace /proc/trace.jsonl: cannot write to the folder /proc"],
  ])("%j → exit 2, nothing sent, nothing written", async (argv, message) => {
    const server = await serve((_request, response) => response.end(LIST));
    const cwd = await mkdtemp(join(tmpdir(), "scim-okta-outputs-"));
    await mkdir(join(cwd, "reports"));
    for (const command of ["probe", "test-connector"]) {
      const result = await runCli([command, ...argv], { env: { SCIM_BASE_URL: server.baseUrl, SCIM_TOKEN: TOKEN }, cwd });
      expect({ command, code: result.code }).toEqual({ command, code: 2 });
      expect(result.stderr).toContain(message);
    }
    expect(server.seen).toEqual([]);
    expect(await readdir(cwd)).toEqual(["reports"]);
  });
});

describe("hostile answers are findings about the server, bounded, and named for what they are", () => {
  const cases: [string, HostileHandler, RegExp, string][] = [
    [
      "an endless body",
      (_request, response, written) => {
        response.writeHead(200, { "content-type": "application/scim+json" });
        endless(response, written, `{"Resources":[${"1,".repeat(4096)}`);
      },
      /answered 200, but response too large \(RESPONSE_TOO_LARGE\): response too large: the body is over 256 KB \(--max-body\)/,
      "connector/response-too-large",
    ],
    [
      "a gzip bomb",
      (_request, response) => response.writeHead(200, { "content-type": "application/scim+json", "content-encoding": "gzip" }).end(BOMB),
      /answered 200, but response too large .*inflates to over 256 KB/,
      "connector/response-too-large",
    ],
    [
      "JSON nested 50,000 levels deep",
      (_request, response) => response.writeHead(200, { "content-type": "application/scim+json" }).end(`${"[".repeat(50_000)}${"]".repeat(50_000)}`),
      /answered 200, but JSON nested too deep \(JSON_TOO_DEEP\)/,
      "connector/json-too-deep",
    ],
    [
      "a body cut off after the headers",
      (_request, response) => {
        response.writeHead(200, { "content-type": "application/scim+json", "content-length": "9000" });
        response.write(LIST.slice(0, 20), () => response.socket?.destroy());
      },
      /answered 200, but the body was cut off .*after 20 bytes/,
      "connector/answer-cut-off",
    ],
  ];

  it.each(cases)("probe: %s fails the probes that met it (exit 1), not the run as unreachable", async (_label, handler, words) => {
    const server = await serve(handler);
    const result = await runCli(["probe", "--reporter", "json", "--max-body", "256KB", "--suite", "rfc"], { env: { SCIM_BASE_URL: server.baseUrl, SCIM_TOKEN: TOKEN } });
    expect(result.code, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as RunReport;
    const failed = report.probes.filter((probe) => probe.status === "failed");
    expect(failed.length).toBeGreaterThan(3);
    expect(failed.map((probe) => probe.message).find((message) => words.test(message))).toBeDefined();
    expect(JSON.stringify(report)).not.toMatch(/no answer|Maximum call stack|ERR_STRING_TOO_LONG/);
  });

  it.each(cases)("test-connector: %s is diagnosed as such (exit 1)", async (_label, handler, _words, diagnosis) => {
    const server = await serve(handler);
    const result = await runCli(["test-connector", "--json", "--max-body", "256KB"], { env: { SCIM_BASE_URL: server.baseUrl, SCIM_TOKEN: TOKEN } });
    expect(result.code, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as RunReport & { probes: { diagnosis?: { id: string } }[] };
    expect(report.probes.find((probe) => probe.id === "connector/list-users")?.diagnosis?.id).toBe(diagnosis);
  });

  it("--max-body refuses what is not a size", async () => {
    const result = await runCli(["probe", "--max-body", "lots"], { env: { SCIM_BASE_URL: "http://127.0.0.1:9/scim/v2", SCIM_TOKEN: TOKEN } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--max-body");
    expect(result.stderr).toContain("must be a size like 5MB, 512KB or 1048576 (bytes)");
  });
});

describe("https:// pointed at a plain-HTTP port", () => {
  it("probe stops with exit 3, names the cause and does not suggest --insecure", async () => {
    const server = await serve((_request, response) => response.end(LIST));
    const result = await runCli(["probe"], { env: { SCIM_BASE_URL: server.baseUrl.replace("http://", "https://"), SCIM_TOKEN: TOKEN } });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("the port does not speak TLS (plain HTTP?)");
    expect(result.stderr).toContain("use http:// for a local development server (--insecure cannot help)");
    expect(result.stderr).not.toMatch(/openssl|tls_validate_record_header/i);
  });

  it("test-connector's diagnosis says plain HTTP, not OpenSSL's words", async () => {
    const server = await serve((_request, response) => response.end(LIST));
    const result = await runCli(["test-connector"], { env: { SCIM_BASE_URL: server.baseUrl.replace("http://", "https://"), SCIM_TOKEN: TOKEN } });
    expect(result.code).toBe(3);
    expect(result.stdout).toContain("most likely plain HTTP: an https:// URL pointed at an http:// port");
    expect(result.stdout).not.toMatch(/openssl|tls_validate_record_header/i);
  });
});

describe("a credential an HTTP header cannot carry", () => {
  it.each([
    [{ SCIM_TOKEN: "abc\ndef-token" }, [], "SCIM_TOKEN contains a line break (U+000A), which an HTTP header cannot carry"],
    [{ SCIM_TOKEN: "tok\u0007en-1234" }, [], "SCIM_TOKEN contains a control character (U+0007)"],
    [{ SCIM_TOKEN: "tøken-✓-1234" }, [], "SCIM_TOKEN contains a character outside Latin-1 (U+2713)"],
    [{ SCIM_TOKEN: "token-1234" }, ["--header-format", "Bearer\t{token}\r"], "--header-format contains a line break (U+000D)"],
  ])("%j %j → exit 2 naming where it came from, not a network error", async (env, argv, message) => {
    const server = await serve((_request, response) => response.end(LIST));
    const result = await runCli(["test-connector", ...argv], { env: { SCIM_BASE_URL: server.baseUrl, ...env } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/UND_ERR|cannot reach|firewall|abc|def-token|tøken/);
    expect(server.seen).toEqual([]);
  });
});

describe("a proxy that wants credentials", () => {
  async function proxyAnswering407(): Promise<string> {
    const server = await serve((_request, response) => response.writeHead(407, { "proxy-authenticate": 'Basic realm="corp"' }).end());
    return server.origin;
  }

  it("probe names the proxy, not the SCIM server, and says how to give it credentials (exit 3)", async () => {
    const proxy = await proxyAnswering407();
    const result = await runCli(["probe"], { env: { SCIM_BASE_URL: "http://scim.example.test/scim/v2", SCIM_TOKEN: TOKEN, HTTP_PROXY: proxy } });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("the proxy asks for credentials (407 Proxy Authentication Required)");
    expect(result.stderr).toContain("put the proxy's credentials in its URL (HTTPS_PROXY=http://user:password@proxy:port)");
  });

  it("test-connector diagnoses connector/proxy-refused (exit 3)", async () => {
    const proxy = await proxyAnswering407();
    const result = await runCli(["test-connector", "--json"], { env: { SCIM_BASE_URL: "http://scim.example.test/scim/v2", SCIM_TOKEN: TOKEN, HTTP_PROXY: proxy } });
    expect(result.code).toBe(3);
    const report = JSON.parse(result.stdout) as RunReport & { probes: { id: string; diagnosis?: { id: string; title: string } }[] };
    expect(report.probes.find((probe) => probe.id === "connector/list-users")?.diagnosis).toMatchObject({
      id: "connector/proxy-refused",
      title: "The proxy asks for credentials (407)",
    });
  });
});

describe("server text that tries to drive the terminal or the CI runner", () => {
  const HOSTILE = "bad\n::add-mask::x\n::error title=owned::pwned\r\n   ##vso[task.setvariable variable=x]1\u001b]0;owned\u0007\u001b[2J\u009b1m\u0085::warning::y";

  it.each([["probe"], ["test-connector"]])("%s: no output line starts with server text, no control character reaches the terminal", async (command) => {
    const server = await serve((_request, response) =>
      response.writeHead(500, { "content-type": "application/scim+json" }).end(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "500", detail: HOSTILE })),
    );
    const result = await runCli([command, "--reporter", "pretty"], { env: { SCIM_BASE_URL: server.baseUrl, SCIM_TOKEN: TOKEN, NO_COLOR: "1" } });
    const output = `${result.stdout}\n${result.stderr}`;
    expect(output).toContain("::add-mask::x");
    for (const line of output.split("\n")) expect(line).not.toMatch(/^\s*(::|##)/);
    expect(output).not.toMatch(new RegExp(`[${String.fromCharCode(0x1b)}${String.fromCharCode(0x07)}${String.fromCharCode(0x0d)}\\u0085\\u009b]`));
  });
});

describe("ids a server chose, in the leftover list", () => {
  it("are shown inert on stderr: one line each, control characters visible", async () => {
    // Creates answer with the name that was sent and an id full of control characters, and what a
    // GET shows at that id is somebody else: nothing is written to it, and it is listed as unproven.
    let created = 0;
    const writes: string[] = [];
    const server = await serve((request, response, _written, body) => {
      if (request.method !== "GET" && request.method !== "POST") writes.push(`${request.method} ${request.url}`);
      if (request.method === "POST") {
        created += 1;
        const sent = JSON.parse(body) as Record<string, unknown>;
        const id = `evil-${created}\n::error::leftover\u001b[2J`;
        response.writeHead(201, { "content-type": "application/scim+json" }).end(JSON.stringify({ ...sent, id, meta: { resourceType: "User" } }));
        return;
      }
      if (request.method === "GET" && request.url?.includes("/Users/evil")) {
        response.writeHead(200, { "content-type": "application/scim+json" }).end(JSON.stringify({ id: decodeURIComponent(request.url.split("/Users/")[1] ?? ""), userName: "someone" }));
        return;
      }
      response.writeHead(500, { "content-type": "application/scim+json" }).end(JSON.stringify({ detail: "no" }));
    });
    const result = await runCli(["probe", "--suite", "rfc", "--reporter", "json"], { env: { SCIM_BASE_URL: server.baseUrl, SCIM_TOKEN: TOKEN, NO_COLOR: "1" } });
    const report = JSON.parse(result.stdout) as RunReport;
    expect(report.leftovers.length).toBeGreaterThan(0);
    expect(result.stderr).toContain("left on the server: User (unknown): POST /Users answered with User evil-");
    expect(result.stderr).toContain("\\n::error::leftover\\x1b[2J");
    expect(writes).toEqual([]);
    for (const line of result.stderr.split("\n")) expect(line).not.toMatch(/^\s*(::|##)/);
    expect(result.stderr).not.toContain(String.fromCharCode(0x1b));
  });
});
