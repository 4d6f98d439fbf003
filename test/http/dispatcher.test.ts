import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDispatcher } from "../../src/http/dispatcher.js";

/** A plain HTTP forward proxy that records the absolute URLs it was asked for. */
function startForwardProxy(seen: string[]): Promise<Server> {
  const proxy = createServer((incoming, outgoing) => {
    seen.push(incoming.url ?? "");
    const target = new URL(incoming.url ?? "");
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: incoming.method, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    incoming.pipe(upstream);
  });
  return new Promise((resolve) => proxy.listen(0, "127.0.0.1", () => resolve(proxy)));
}

const port = (server: Server) => (server.address() as AddressInfo).port;

describe("createDispatcher: proxy environment variables", () => {
  const seen: string[] = [];
  let origin: Server;
  let proxy: Server;

  beforeAll(async () => {
    origin = createServer((_request, response) => response.end("origin"));
    await new Promise<void>((resolve) => origin.listen(0, "127.0.0.1", resolve));
    proxy = await startForwardProxy(seen);
  });
  afterAll(() => {
    origin.close();
    proxy.close();
  });

  it.each([
    ["HTTP_PROXY routes the request through the proxy", (p: number) => ({ HTTP_PROXY: `http://127.0.0.1:${p}` }), true],
    ["http_proxy (lower case) too", (p: number) => ({ http_proxy: `http://127.0.0.1:${p}` }), true],
    ["NO_PROXY exempts the host", (p: number) => ({ HTTP_PROXY: `http://127.0.0.1:${p}`, NO_PROXY: "127.0.0.1" }), false],
    ["no proxy variable: a direct connection", () => ({}), false],
  ])("%s", async (_label, env, throughProxy) => {
    seen.length = 0;
    const dispatcher = createDispatcher({ timeoutMs: 5_000, env: env(port(proxy)) });
    const url = `http://127.0.0.1:${port(origin)}/scim/v2/Users`;
    const response = await request(url, { dispatcher });
    expect(await response.body.text()).toBe("origin");
    expect(seen).toEqual(throughProxy ? [url] : []);
    await dispatcher.close();
  });
});
