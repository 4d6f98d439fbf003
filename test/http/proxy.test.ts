import { createServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { connect as netConnect, type AddressInfo, type Socket } from "node:net";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDispatcher } from "../../src/http/dispatcher.js";
import { proxyFor } from "../../src/http/proxy.js";
import { assessCertificate, inspectCertificate } from "../../src/scim/connector/certificate.js";
import { resolveHost } from "../../src/scim/connector/network.js";
import type { RunReport } from "../../src/scim/report.js";
import { makeTestPki, type TestPki } from "../connector/support.js";
import { runCli } from "../support/cli.js";

interface SeenByProxy {
  /** `CONNECT host:port` or `GET http://…`. */
  line: string;
  proxyAuthorization: string | undefined;
}

/**
 * A forward proxy that answers plain requests itself ("via proxy") and tunnels CONNECT to
 * 127.0.0.1 whatever host was asked for, so made-up names resolve only through it. With
 * `demand407` it refuses everything with 407 Proxy Authentication Required.
 */
async function startProxy(options: { demand407?: boolean } = {}): Promise<{ server: Server; port: number; seen: SeenByProxy[] }> {
  const seen: SeenByProxy[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((incoming, outgoing) => {
    seen.push({ line: `${incoming.method ?? ""} ${incoming.url ?? ""}`, proxyAuthorization: incoming.headers["proxy-authorization"] });
    if (options.demand407) outgoing.writeHead(407, { "proxy-authenticate": 'Basic realm="corp"' }).end();
    else outgoing.end("via proxy");
  });
  server.on("connect", (incoming, client: Socket) => {
    sockets.add(client);
    seen.push({ line: `CONNECT ${incoming.url ?? ""}`, proxyAuthorization: incoming.headers["proxy-authorization"] });
    if (options.demand407) {
      client.end("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\n\r\n");
      return;
    }
    const port = Number(/:(\d+)$/.exec(incoming.url ?? "")?.[1]);
    const upstream = netConnect(port, "127.0.0.1", () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.on("close", () => {
    for (const socket of sockets) socket.destroy();
  });
  return { server, port: (server.address() as AddressInfo).port, seen };
}

let pki: TestPki;
let tlsOrigin: Server;
let plainOrigin: Server;
let proxy: Awaited<ReturnType<typeof startProxy>>;
let refusingProxy: Awaited<ReturnType<typeof startProxy>>;
const portOf = (server: Server) => (server.address() as AddressInfo).port;

beforeAll(async () => {
  pki = await makeTestPki();
  tlsOrigin = createHttpsServer(pki.selfSigned, (_request, response) => response.end("origin"));
  plainOrigin = createServer((_request, response) => response.end("origin"));
  await new Promise<void>((resolve) => tlsOrigin.listen(0, "127.0.0.1", resolve));
  await new Promise<void>((resolve) => plainOrigin.listen(0, "127.0.0.1", resolve));
  proxy = await startProxy();
  refusingProxy = await startProxy({ demand407: true });
});

afterAll(() => {
  tlsOrigin.closeAllConnections();
  for (const server of [tlsOrigin, plainOrigin, proxy.server, refusingProxy.server]) server.close();
});

describe("proxyFor decides as the requests' dispatcher does", () => {
  const cases: [string, (p: number) => NodeJS.ProcessEnv, "https" | "http", string][] = [
    ["HTTPS_PROXY for https", (p) => ({ HTTPS_PROXY: `http://127.0.0.1:${p}` }), "https", "127.0.0.1"],
    ["HTTP_PROXY also carries https when HTTPS_PROXY is unset", (p) => ({ HTTP_PROXY: `http://127.0.0.1:${p}` }), "https", "127.0.0.1"],
    ["HTTPS_PROXY alone leaves http direct", (p) => ({ HTTPS_PROXY: `http://127.0.0.1:${p}` }), "http", "127.0.0.1"],
    ["NO_PROXY with the exact host", (p) => ({ HTTPS_PROXY: `http://127.0.0.1:${p}`, NO_PROXY: "localhost" }), "https", "localhost"],
    ["NO_PROXY with a parent domain", (p) => ({ HTTPS_PROXY: `http://127.0.0.1:${p}`, NO_PROXY: "example.test,localhost" }), "https", "127.0.0.1"],
    ["NO_PROXY=*", (p) => ({ HTTPS_PROXY: `http://127.0.0.1:${p}`, no_proxy: "*" }), "https", "127.0.0.1"],
    ["NO_PROXY for another port only", (p) => ({ HTTP_PROXY: `http://127.0.0.1:${p}`, NO_PROXY: "127.0.0.1:1" }), "http", "127.0.0.1"],
    ["lower-case http_proxy", (p) => ({ http_proxy: `http://127.0.0.1:${p}` }), "http", "localhost"],
  ];

  it.each(cases)("%s", async (_label, env, scheme, host) => {
    const origin = scheme === "https" ? tlsOrigin : plainOrigin;
    const url = new URL(`${scheme}://${host}:${portOf(origin)}/scim/v2/Users`);
    const environment = env(proxy.port);
    proxy.seen.length = 0;
    const dispatcher = createDispatcher({ timeoutMs: 5_000, insecure: true, env: environment });
    const answer = await request(url, { dispatcher });
    const body = await answer.body.text();
    await dispatcher.close();
    const wentThroughProxy = proxy.seen.length > 0 || body === "via proxy";
    expect(proxyFor(url, environment) !== undefined).toBe(wentThroughProxy);
  });

  it("verifies the server behind the proxy with NODE_EXTRA_CA_CERTS, and --insecure still applies there", async () => {
    const trusted = createHttpsServer(pki.valid, (_request, response) => response.end("origin"));
    await new Promise<void>((resolve) => trusted.listen(0, "127.0.0.1", resolve));
    const env = { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}`, NODE_EXTRA_CA_CERTS: pki.caFile };
    const verified = createDispatcher({ timeoutMs: 5_000, env });
    expect(await (await request(`https://127.0.0.1:${portOf(trusted)}/`, { dispatcher: verified })).body.text()).toBe("origin");
    const strict = createDispatcher({ timeoutMs: 5_000, env });
    await expect(request(`https://127.0.0.1:${portOf(tlsOrigin)}/`, { dispatcher: strict })).rejects.toThrow(/self-signed/);
    await Promise.all([verified.close(), strict.destroy()]);
    trusted.closeAllConnections();
    trusted.close();
  });

  it("never shows the proxy's credentials", () => {
    const route = proxyFor(new URL("https://scim.example.com"), { HTTPS_PROXY: "http://alice:s3cret@proxy.corp:3128" });
    expect(route?.shown).toBe("http://proxy.corp:3128");
    expect(route?.variable).toBe("HTTPS_PROXY");
  });
});

describe("the certificate check goes the way the requests go", () => {
  it("inspects a host that only the proxy can reach, through a CONNECT tunnel with the proxy's credentials", async () => {
    proxy.seen.length = 0;
    const url = new URL(`https://scim.proxied.test:${portOf(tlsOrigin)}/scim/v2`);
    const inspection = await inspectCertificate(url, { HTTPS_PROXY: `http://alice:s3cret@127.0.0.1:${proxy.port}` }, 5_000, new AbortController().signal);
    expect(inspection).toMatchObject({ kind: "inspected", authorized: false, authorizationError: "DEPTH_ZERO_SELF_SIGNED_CERT" });
    expect(proxy.seen).toEqual([{ line: `CONNECT scim.proxied.test:${portOf(tlsOrigin)}`, proxyAuthorization: `Basic ${Buffer.from("alice:s3cret").toString("base64")}` }]);
    expect(assessCertificate(url, inspection, false)).toMatchObject({ status: "failed", diagnosis: { id: "connector/tls-self-signed" } });
  });

  it("connects directly when NO_PROXY exempts the host", async () => {
    proxy.seen.length = 0;
    const url = new URL(`https://127.0.0.1:${portOf(tlsOrigin)}/scim/v2`);
    const inspection = await inspectCertificate(url, { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}`, NO_PROXY: "127.0.0.1" }, 5_000, new AbortController().signal);
    expect(inspection.kind).toBe("inspected");
    expect(proxy.seen).toEqual([]);
  });

  it("says it was skipped because the proxy wants credentials, naming the proxy but not its password", async () => {
    const url = new URL(`https://scim.proxied.test:${portOf(tlsOrigin)}/scim/v2`);
    const inspection = await inspectCertificate(url, { HTTPS_PROXY: `http://bob:hunter22@127.0.0.1:${refusingProxy.port}` }, 5_000, new AbortController().signal);
    expect(inspection).toMatchObject({ kind: "unavailable", code: "PROXY_AUTH_REQUIRED" });
    const verdict = assessCertificate(url, inspection, false);
    expect(verdict).toEqual({
      status: "skipped",
      message: `could not inspect scim.proxied.test's certificate: the proxy http://127.0.0.1:${refusingProxy.port} (HTTPS_PROXY) asks for credentials (407) [PROXY_AUTH_REQUIRED]`,
    });
    expect(JSON.stringify(verdict)).not.toContain("hunter22");
  });
});

describe("the DNS diagnosis goes the way the requests go", () => {
  it("does not resolve a proxied host here, and says why", async () => {
    const resolved = await resolveHost(new URL("https://scim.proxied.test/scim/v2"), { HTTPS_PROXY: "http://user:pw@proxy.corp:3128" });
    expect(resolved.skipped).toEqual({
      status: "skipped",
      message: "not resolved here: requests go through the proxy http://proxy.corp:3128 (HTTPS_PROXY), which resolves scim.proxied.test itself",
    });
  });

  it("resolves a host NO_PROXY exempts", async () => {
    const resolved = await resolveHost(new URL("https://localhost/scim/v2"), { HTTPS_PROXY: "http://proxy.corp:3128", NO_PROXY: "localhost" });
    expect(resolved.skipped).toBeUndefined();
    expect(resolved.addresses.length).toBeGreaterThan(0);
  });
});

describe("test-connector behind a proxy", () => {
  it("checks the certificate through the tunnel, sends the request through the proxy, and says why it did not resolve the host", async () => {
    proxy.seen.length = 0;
    const baseUrl = `https://scim.proxied.test:${portOf(tlsOrigin)}/scim/v2`;
    const result = await runCli(["test-connector", "--json", "--insecure"], {
      env: { SCIM_BASE_URL: baseUrl, SCIM_TOKEN: "proxied-token-1234", HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` },
    });
    const report = JSON.parse(result.stdout) as RunReport & { probes: { id: string; status: string; message: string; diagnosis?: { id: string } }[] };
    const check = (id: string) => report.probes.find((probe) => probe.id === id);
    expect(check("connector/public-address")).toMatchObject({
      status: "skipped",
      message: `not resolved here: requests go through the proxy http://127.0.0.1:${proxy.port} (HTTPS_PROXY), which resolves scim.proxied.test itself`,
    });
    expect(check("connector/certificate")).toMatchObject({ status: "failed", diagnosis: { id: "connector/tls-self-signed" } });
    // The inspection's tunnel and the request's tunnel: both through the proxy, none direct.
    expect(proxy.seen.map((entry) => entry.line)).toEqual(expect.arrayContaining([`CONNECT scim.proxied.test:${portOf(tlsOrigin)}`]));
    expect(check("connector/list-users")?.diagnosis?.id).not.toBe("connector/dns-failure");
  });
});

