import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { check, conformantList, makeTestPki, startServer, testConnector, type TestPki, type TestServer } from "./support.js";

const TOKEN = "unreachable-test-token-0123456789";
const env = (baseUrl: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ SCIM_BASE_URL: baseUrl, SCIM_TOKEN: TOKEN, ...extra });

describe("no HTTP answer: exit 3 with the cause", () => {
  it("a host that does not resolve (RFC 2606 .invalid)", async () => {
    const { code, report, checklist } = await testConnector([], env("https://scim-okta-test.invalid/scim/v2"));
    expect(code).toBe(3);
    const users = check(report, "connector/list-users");
    expect(users).toMatchObject({ status: "failed", diagnosis: { id: "connector/dns-failure" } });
    expect(users.message).toMatch(/scim-okta-test\.invalid does not resolve \[(ENOTFOUND|EAI_AGAIN)\][\s\S]*public DNS/);
    expect(check(report, "connector/public-address").status).toBe("skipped");
    expect(check(report, "connector/certificate").status).toBe("skipped");
    expect(checklist).toContain("Okta cannot reach the server: host name does not resolve.");
  });

  it("http:// and an underscore on a public-looking host are failing checks, reported with the DNS failure", async () => {
    const { code, report } = await testConnector([], env("http://scim_okta.invalid/scim/v2"));
    expect(code).toBe(3);
    expect(check(report, "connector/https")).toMatchObject({ status: "failed", required: true, diagnosis: { id: "connector/http-not-https" } });
    expect(check(report, "connector/hostname")).toMatchObject({ status: "failed", diagnosis: { id: "connector/underscore-in-host" } });
    expect(check(report, "connector/hostname").message).toContain('The host name scim_okta.invalid contains "_". Okta rejects');
    expect(check(report, "connector/list-users").diagnosis?.id).toBe("connector/dns-failure");
  });

  it("connection refused", async () => {
    const server = await startServer(conformantList);
    await server.close();
    const { code, report } = await testConnector([], env(`${server.origin}/scim/v2`));
    expect(code).toBe(3);
    const users = check(report, "connector/list-users");
    expect(users.diagnosis?.id).toBe("connector/connection-refused");
    expect(users.message).toContain(`Nothing accepts connections at 127.0.0.1:${server.port} [ECONNREFUSED]`);
    expect(check(report, "connector/list-groups").status).toBe("skipped");
  });

  describe("servers that misbehave at the socket", () => {
    let silent: Server;
    let hangUp: Server;
    const sockets = new Set<Socket>();
    const listen = async (server: Server) => {
      server.on("connection", (socket) => {
        sockets.add(socket);
        socket.on("error", () => {});
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      return (server.address() as { port: number }).port;
    };
    let silentPort = 0;
    let hangUpPort = 0;
    beforeAll(async () => {
      silent = createServer(() => {});
      silentPort = await listen(silent);
      hangUp = createServer((socket) => socket.once("data", () => socket.destroy()));
      hangUpPort = await listen(hangUp);
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all([silent, hangUp].map((server) => new Promise((resolve) => server.close(resolve))));
    });

    it("a server that never answers: --timeout 1", async () => {
      const started = Date.now();
      const { code, report, checklist } = await testConnector(["--timeout", "1"], env(`http://127.0.0.1:${silentPort}/scim/v2`));
      expect(code).toBe(3);
      expect(Date.now() - started).toBeLessThan(10_000);
      const users = check(report, "connector/list-users");
      expect(users.diagnosis?.id).toBe("connector/timeout");
      expect(users.message).toMatch(/did not answer within 1 s \(--timeout 1; Okta itself waits 60 s\)/);
      expect(checklist).toContain("Okta cannot reach the server: no answer in time.");
    });

    it("a server that closes the connection without answering", async () => {
      const { code, report } = await testConnector([], env(`http://127.0.0.1:${hangUpPort}/scim/v2`));
      expect(code).toBe(3);
      expect(check(report, "connector/list-users").diagnosis?.id).toBe("connector/connection-reset");
      expect(check(report, "connector/list-users").message).toContain(`The connection to 127.0.0.1:${hangUpPort} failed or was closed without an HTTP answer`);
    });
  });
});

describe("TLS: certificates generated in the test", () => {
  let pki: TestPki;
  const servers: TestServer[] = [];
  const https = async (pem: { key: string; cert: string }) => {
    const server = await startServer(conformantList, pem);
    servers.push(server);
    return `${server.origin}/scim/v2`;
  };
  beforeAll(async () => {
    pki = await makeTestPki();
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  it.each([
    ["self-signed", (p: TestPki) => p.selfSigned, false, "connector/tls-self-signed", /presents a self-signed certificate \(CN=127\.0\.0\.1\) \[DEPTH_ZERO_SELF_SIGNED_CERT\]\. Okta rejects/],
    ["expired", (p: TestPki) => p.expired, true, "connector/tls-expired", /certificate expired on .+ \[CERT_HAS_EXPIRED\]/],
    ["not yet valid", (p: TestPki) => p.notYetValid, true, "connector/tls-not-yet-valid", /valid only from .+ \[CERT_NOT_YET_VALID\]/],
    ["for another host", (p: TestPki) => p.wrongHost, true, "connector/tls-wrong-host", /does not name 127\.0\.0\.1 \(it is for DNS:scim\.other\.example\) \[ERR_TLS_CERT_ALTNAME_INVALID\]/],
    ["from a CA nobody here trusts", (p: TestPki) => p.valid, false, "connector/tls-untrusted", /issued by CN=scim-okta test CA\) cannot be verified: unknown issuer or incomplete chain \[UNABLE_TO_VERIFY_LEAF_SIGNATURE\]/],
  ])("a certificate %s: exit 3, and with --insecure the request goes through but the check still fails (exit 1)", async (_name, pick, trustCa, id, words) => {
    const baseUrl = await https(pick(pki));
    const extra = trustCa ? { NODE_EXTRA_CA_CERTS: pki.caFile } : {};

    const strict = await testConnector([], env(baseUrl, extra));
    expect(strict.code, strict.checklist).toBe(3);
    const certificate = check(strict.report, "connector/certificate");
    expect(certificate).toMatchObject({ status: "failed", required: true, diagnosis: { id } });
    expect(certificate.message).toMatch(words);
    expect(strict.checklist).toMatch(words);
    const users = check(strict.report, "connector/list-users");
    expect(users.diagnosis?.id).toBe("connector/tls-handshake");
    expect(users.message).toContain("Fix the certificate problem shown under connector/certificate");

    const insecure = await testConnector(["--insecure"], env(baseUrl, extra));
    expect(insecure.code, insecure.checklist).toBe(1);
    expect(check(insecure.report, "connector/list-users").status).toBe("passed");
    const stillFails = check(insecure.report, "connector/certificate");
    expect(stillFails).toMatchObject({ status: "failed", diagnosis: { id } });
    expect(stillFails.message).toContain("--insecure let this run go on; Okta has no such switch");
  });

  it("a valid certificate from the test CA (NODE_EXTRA_CA_CERTS) passes, with a warning that Okta trusts public CAs only", async () => {
    const baseUrl = await https(pki.valid);
    const { code, report, checklist } = await testConnector([], env(baseUrl, { NODE_EXTRA_CA_CERTS: pki.caFile }));
    expect(code).toBe(0);
    expect(check(report, "connector/https").status).toBe("passed");
    expect(check(report, "connector/certificate")).toMatchObject({ status: "warned", diagnosis: { id: "connector/tls-private-ca" } });
    expect(check(report, "connector/list-users").status).toBe("passed");
    expect(checklist).toMatch(/! connector\/certificate[\s\S]*verifies only with the CA in NODE_EXTRA_CA_CERTS/);
  });

  it("https:// to a port that speaks plain http", async () => {
    const server = await startServer(conformantList);
    servers.push(server);
    const { code, report } = await testConnector([], env(`https://127.0.0.1:${server.port}/scim/v2`));
    expect(code).toBe(3);
    expect(check(report, "connector/certificate").diagnosis?.id).toBe("connector/tls-handshake");
    const users = check(report, "connector/list-users");
    expect(users.diagnosis?.id).toBe("connector/tls-handshake");
    expect(users.message).toMatch(/The TLS handshake with 127\.0\.0\.1 failed \[(ERR_SSL_WRONG_VERSION_NUMBER|EPROTO|ERR_SSL_PACKET_LENGTH_TOO_LONG)\]/);
  });
});
