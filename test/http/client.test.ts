import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { Redactor } from "../../src/core/redact.js";
import { createDispatcher } from "../../src/http/dispatcher.js";
import { NetworkError, describeFailedRequest, describeNetworkFailure, gotNoAnswer, plainHttpOnTlsPort, unreachableHint } from "../../src/http/network-error.js";
import type { RecordedExchange } from "../../src/http/trace.js";
import { MAX_JSON_DEPTH, ScimClient } from "../../src/scim/client.js";
import { curlCommand } from "../../src/scim/curl.js";
import { endless, hostileServer, type HostileHandler, type HostileServer } from "./hostile-server.js";

const TOKEN = "CANARY-s3cr3t-xyz123";
const servers: HostileServer[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  for (const close of closers.splice(0)) await close();
});

async function serve(handler: HostileHandler): Promise<HostileServer> {
  const server = await hostileServer(handler);
  servers.push(server);
  return server;
}

function client(baseUrl: string, options: { maxBodyBytes?: number; env?: NodeJS.ProcessEnv; exchanges?: RecordedExchange[] } = {}): ScimClient {
  const dispatcher = createDispatcher({ timeoutMs: 10_000, env: options.env ?? {} });
  closers.push(() => dispatcher.destroy());
  return new ScimClient({
    baseUrl,
    authorization: `Bearer ${TOKEN}`,
    dispatcher,
    redactor: new Redactor().addSecret(TOKEN).addSecret(`Bearer ${TOKEN}`),
    timeoutMs: 10_000,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    onExchange: (exchange) => options.exchanges?.push(exchange),
  });
}

async function failure(promise: Promise<unknown>): Promise<NetworkError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof NetworkError)) throw new Error(`expected a NetworkError, got ${String(error)}`);
  return error;
}

const LIST = { schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] };

describe("ScimClient sends what Okta sends", () => {
  it("asks for gzip/deflate and utf-8, as Okta's captured requests do", async () => {
    const server = await serve((_request, response) => response.writeHead(200, { "content-type": "application/scim+json" }).end(JSON.stringify(LIST)));
    await client(server.baseUrl).send({ method: "GET", path: "/Users?startIndex=1&count=2" });
    expect(server.seen[0]?.headers).toMatchObject({
      "accept-encoding": "gzip,deflate",
      "accept-charset": "utf-8",
      accept: "application/scim+json",
      "user-agent": "Okta SCIM Client 1.0.0",
    });
  });

  it.each([
    ["gzip", (body: Buffer) => gzipSync(body)],
    ["deflate", (body: Buffer) => deflateSync(body)],
    ["deflate", (body: Buffer) => deflateRawSync(body)],
  ])("reads a %s-encoded answer", async (encoding, compress) => {
    const server = await serve((_request, response) =>
      response.writeHead(200, { "content-type": "application/scim+json", "content-encoding": encoding }).end(compress(Buffer.from(JSON.stringify(LIST)))),
    );
    const answer = await client(server.baseUrl).send({ method: "GET", path: "/Users" });
    expect(answer.json).toEqual(LIST);
  });

  it("reads a large gzip-encoded answer (inflated on the thread pool, past the inline size)", async () => {
    const users = Array.from({ length: 3000 }, (_, index) => ({ id: randomUUID(), userName: `${randomUUID()}@example.com`, externalId: String(index) }));
    const big = { ...LIST, totalResults: users.length, itemsPerPage: users.length, Resources: users };
    const encoded = gzipSync(Buffer.from(JSON.stringify(big)));
    expect(encoded.length).toBeGreaterThan(64 * 1024);
    const server = await serve((_request, response) => response.writeHead(200, { "content-type": "application/scim+json", "content-encoding": "gzip" }).end(encoded));
    const answer = await client(server.baseUrl).send({ method: "GET", path: "/Users" });
    expect(answer.json).toEqual(big);
  });
});

describe("ScimClient stays bounded against hostile answers", () => {
  it("stops reading an endless body at --max-body and reports the request as too large, status included", async () => {
    const server = await serve((_request, response, written) => {
      response.writeHead(200, { "content-type": "application/scim+json" });
      endless(response, written, `{"Resources":[${"0,".repeat(8191)}`);
    });
    const exchanges: RecordedExchange[] = [];
    const error = await failure(client(server.baseUrl, { maxBodyBytes: 1024 * 1024, exchanges }).send({ method: "GET", path: "/Users" }));
    expect(error.failure).toMatchObject({ kind: "too-large", answered: { status: 200 } });
    expect(describeFailedRequest(error.failure)).toMatch(/^answered 200, but response too large .*over 1 MB \(--max-body\)/);
    expect(gotNoAnswer(error.failure)).toBe(false);
    expect(exchanges[0]).toMatchObject({ status: 200, error: { kind: "too-large" } });
    // The client hung up: the server got to write little more than the limit, not gigabytes.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.written.bytes).toBeLessThan(64 * 1024 * 1024);
  });

  it("refuses a declared Content-Length over the limit without reading it", async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { "content-type": "application/scim+json", "content-length": String(1024 ** 3) });
      response.write("{");
    });
    const error = await failure(client(server.baseUrl).send({ method: "GET", path: "/Users" }));
    expect(error.failure).toMatchObject({ kind: "too-large", code: "RESPONSE_TOO_LARGE", answered: { status: 200 } });
    expect(error.failure.message).toContain("over 5 MB (--max-body)");
  });

  it.each([
    ["inflated on the thread pool", 80 * 1024 * 1024],
    ["inflated inline (under 64 KB compressed)", 16 * 1024 * 1024],
  ])("bounds a compressed answer after decompression: a gzip bomb is too large, not an out-of-memory (%s)", async (_how, size) => {
    const bomb = gzipSync(Buffer.alloc(size, 0x20));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(bomb.length > 64 * 1024).toBe(size > 64 * 1024 * 1024);
    const server = await serve((_request, response) => response.writeHead(200, { "content-type": "application/scim+json", "content-encoding": "gzip" }).end(bomb));
    const error = await failure(client(server.baseUrl, { maxBodyBytes: 1024 * 1024 }).send({ method: "GET", path: "/Users" }));
    expect(error.failure).toMatchObject({ kind: "too-large", answered: { status: 200 } });
    expect(error.failure.message).toContain("inflates to over 1 MB");
  });

  it("reports JSON nested thousands of levels deep as a finding about the answer, not a stack overflow", async () => {
    const server = await serve((_request, response) => response.writeHead(200, { "content-type": "application/scim+json" }).end(`${"[".repeat(100_000)}${"]".repeat(100_000)}`));
    const error = await failure(client(server.baseUrl).send({ method: "GET", path: "/Users" }));
    expect(error.failure).toMatchObject({ kind: "too-deep", code: "JSON_TOO_DEEP", answered: { status: 200 } });
    expect(error.failure.message).toContain(`more than ${MAX_JSON_DEPTH} levels`);
  });

  it("says a body cut off after the status and headers was cut off, not that nothing answered", async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { "content-type": "application/scim+json", "content-length": "5000" });
      response.write('{"Resources":[', () => response.socket?.destroy());
    });
    const exchanges: RecordedExchange[] = [];
    const error = await failure(client(server.baseUrl, { exchanges }).send({ method: "GET", path: "/Users" }));
    expect(error.failure).toMatchObject({ kind: "cut-off", answered: { status: 200 } });
    expect(describeFailedRequest(error.failure)).toMatch(/^answered 200, but the body was cut off .*after 14 bytes/);
    expect(exchanges[0]?.status).toBe(200);
  });

  it("names a Content-Encoding Okta did not ask for", async () => {
    const server = await serve((_request, response) => response.writeHead(200, { "content-encoding": "br" }).end("xxxx"));
    const error = await failure(client(server.baseUrl).send({ method: "GET", path: "/Users" }));
    expect(error.failure).toMatchObject({ kind: "undecodable", answered: { status: 200 } });
    expect(error.failure.message).toContain("Content-Encoding br, which Okta does not accept");
  });
});

describe("ScimClient and proxies", () => {
  async function proxyAnswering407(): Promise<number> {
    const proxy: Server = createServer((_request, response) => response.writeHead(407, { "proxy-authenticate": 'Basic realm="corp"' }).end());
    proxy.on("connect", (_request, socket) => socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\n\r\n'));
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    closers.push(() => new Promise((resolve) => proxy.close(() => resolve())));
    return (proxy.address() as AddressInfo).port;
  }

  it.each([
    ["http:// through HTTP_PROXY", "http://scim.example.test/scim/v2", "HTTP_PROXY"],
    ["https:// through a CONNECT tunnel (HTTPS_PROXY)", "https://scim.example.test/scim/v2", "HTTPS_PROXY"],
  ])("names a proxy's 407 as the proxy asking for credentials: %s", async (_label, baseUrl, variable) => {
    const port = await proxyAnswering407();
    const error = await failure(client(baseUrl, { env: { [variable]: `http://127.0.0.1:${port}` } }).send({ method: "GET", path: "/Users" }));
    expect(error.failure).toMatchObject({ kind: "proxy", code: "PROXY_AUTH_REQUIRED" });
    expect(describeFailedRequest(error.failure)).toContain("the proxy asks for credentials (407 Proxy Authentication Required)");
    expect(gotNoAnswer(error.failure)).toBe(true);
  });
});

describe("ScimClient keeps the credential on the base URL's origin", () => {
  it.each(["http://127.0.0.2:9/scim/v2/Users", "https://attacker.example/Users"])("refuses to send anything to %s", async (elsewhere) => {
    const server = await serve((_request, response) => response.end("{}"));
    const error = await failure(client(server.baseUrl).send({ method: "GET", path: elsewhere }));
    expect(error.failure).toMatchObject({ kind: "other-origin" });
    expect(error.message).toContain(`only to the SCIM server's origin ${server.origin}`);
    expect(server.seen).toEqual([]);
  });

  it("sends to an absolute URL on the same origin, with the credential", async () => {
    const server = await serve((_request, response) => response.writeHead(200, { "content-type": "application/scim+json" }).end(JSON.stringify(LIST)));
    await client(server.baseUrl).send({ method: "GET", path: `${server.baseUrl}/Users` });
    expect(server.seen[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });
});

describe("ScimClient hands back answers already redacted", () => {
  it("removes an echoed credential from the text, the parsed JSON and the headers, before anyone cuts them", async () => {
    const echo = `${"x".repeat(390)} Bearer ${TOKEN} and ${encodeURIComponent(TOKEN).replace(/-/g, "%2d")}`;
    const server = await serve((request, response) =>
      response
        .writeHead(401, { "content-type": "application/scim+json", "x-debug": `got ${request.headers.authorization ?? ""}` })
        .end(JSON.stringify({ detail: echo, status: "401" }).replace(/\//g, "\\/")),
    );
    const answer = await client(server.baseUrl).send({ method: "GET", path: "/Users" });
    const everything = JSON.stringify([answer.text, answer.json, answer.headers, answer.exchange]);
    expect(everything).not.toContain("CANARY");
    expect(everything).not.toContain("s3cr3t");
    expect((answer.json as { detail: string }).detail).toContain("[REDACTED]");
    expect(answer.text.slice(0, 420)).not.toMatch(/CANARY|s3cr/);
  });

  it("a string that spells the credential in escapes of its own (\\u0043…) is redacted once parsed; a clean answer parses as it came", async () => {
    const spelled = [...TOKEN].map((character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
    const answers = [JSON.stringify({ detail: `token ${spelled}` }), JSON.stringify({ Resources: [{ userName: "ann@example.com", "x-note": "50% \\ off" }] })];
    let next = 0;
    const server = await serve((_request, response) => response.writeHead(200, { "content-type": "application/scim+json" }).end(answers[next++]));
    const spelledOut = await client(server.baseUrl).send({ method: "GET", path: "/Users" });
    expect((spelledOut.json as { detail: string }).detail).toBe("token [REDACTED]");
    const clean = await client(server.baseUrl).send({ method: "GET", path: "/Users" });
    expect(clean.json).toEqual(JSON.parse(answers[1]!));
  });
});

describe("https:// pointed at a plain-HTTP port", () => {
  it("is named as such, without OpenSSL's words, and the hint does not suggest --insecure", async () => {
    const server = await serve((_request, response) => response.end("plain"));
    const error = await failure(client(server.baseUrl.replace("http://", "https://")).send({ method: "GET", path: "/Users" }));
    expect(error.failure).toMatchObject({ kind: "tls", code: "ERR_SSL_WRONG_VERSION_NUMBER" });
    expect(plainHttpOnTlsPort(error.failure)).toBe(true);
    expect(describeNetworkFailure(error.failure)).toBe("the port does not speak TLS (plain HTTP?) (ERR_SSL_WRONG_VERSION_NUMBER)");
    expect(error.failure.message).not.toMatch(/openssl|tls_validate_record_header/i);
    expect(unreachableHint(error.failure)).toContain("use http://");
    expect(unreachableHint(error.failure)).toContain("--insecure cannot help");
  });
});

describe("the curl line for what the client sent", () => {
  it("asks curl for --compressed instead of copying Accept-Encoding, so a pasted line prints text, not gzip", async () => {
    const server = await serve((_request, response) => response.writeHead(200, { "content-type": "application/scim+json" }).end(JSON.stringify(LIST)));
    const answer = await client(server.baseUrl).send({ method: "GET", path: "/Users?count=1" });
    const line = curlCommand(answer.exchange, { mode: "header", headerFormat: "Bearer {token}" });
    expect(line).toContain(" --compressed");
    expect(line).not.toMatch(/accept-encoding/i);
    expect(line).toContain("-H 'accept-charset: utf-8'");
  });
});
