import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import forge from "node-forge";
import { runCli, type CliResult } from "../support/cli.js";
import type { RunReport } from "../../src/scim/report.js";

export const LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export interface TestServer {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  port: number;
  /** Every request path received, in order. */
  paths: string[];
  /** Every Authorization header received, in order ("" when none). */
  authorizations: string[];
  close(): Promise<void>;
}

/** A real HTTP(S) server on 127.0.0.1, port 0, that behaves as the handler says. */
export async function startServer(handler: Handler, tls?: { key: string; cert: string }): Promise<TestServer> {
  const paths: string[] = [];
  const authorizations: string[] = [];
  const sockets = new Set<Socket>();
  const wrapped: Handler = (request, response) => {
    paths.push(request.url ?? "");
    authorizations.push(request.headers.authorization ?? "");
    handler(request, response);
  };
  const server: Server = tls ? createHttpsServer({ key: tls.key, cert: tls.cert }, wrapped) : createHttpServer(wrapped);
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("secureConnection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${tls ? "https" : "http"}://127.0.0.1:${port}`,
    port,
    paths,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(response: ServerResponse, status: number, body: unknown, contentType = "application/scim+json"): void {
  response.writeHead(status, { "content-type": contentType });
  response.end(typeof body === "string" ? body : JSON.stringify(body));
}

export function listResponse(resources: unknown[] = []): Record<string, unknown> {
  return { schemas: [LIST_RESPONSE], totalResults: resources.length, startIndex: 1, itemsPerPage: resources.length, Resources: resources };
}

/** A SCIM server that answers every list request with an empty ListResponse. */
export const conformantList: Handler = (_request, response) => sendJson(response, 200, listResponse());

export interface ConnectorResult extends CliResult {
  /** The JSON report (stdout, --json). */
  report: RunReport;
  /** The human checklist (stderr, since --json owns stdout). */
  checklist: string;
}

/**
 * Run `scim-okta --json test-connector --reporter pretty …`: the JSON report on stdout and the
 * checklist on stderr, from one run, so a test can check both the diagnosis id and its words.
 */
export async function testConnector(args: string[], env: NodeJS.ProcessEnv): Promise<ConnectorResult> {
  const result = await runCli(["--json", "test-connector", "--reporter", "pretty", ...args], { env });
  let report: RunReport;
  try {
    report = JSON.parse(result.stdout) as RunReport;
  } catch {
    throw new Error(`stdout is not one JSON document (exit ${result.code}):\n${result.stdout}\n--- stderr:\n${result.stderr}`);
  }
  return { ...result, report, checklist: result.stderr };
}

export function check(report: RunReport, id: string) {
  const found = report.probes.find((probe) => probe.id === id);
  if (!found) throw new Error(`no check ${id} in the report: ${report.probes.map((probe) => probe.id).join(", ")}`);
  return found;
}

/** The diagnosis ids of every failed or warned check, e.g. ["connector/loopback-address", …]. */
export function diagnosisIds(report: RunReport): string[] {
  return report.probes.flatMap((probe) => (probe.diagnosis ? [probe.diagnosis.id] : []));
}

// ── Certificates, generated in the test with node-forge (offline, no openssl needed) ────────────

export interface Pem {
  key: string;
  cert: string;
}

interface CertificateSpec {
  commonName: string;
  /** DNS names and IP addresses for subjectAltName. */
  altNames: { dns?: string[]; ip?: string[] };
  notBefore: Date;
  notAfter: Date;
  /** Signed by this CA; self-signed when absent. */
  issuer?: { pem: Pem; subject: forge.pki.CertificateField[] };
  isCa?: boolean;
}

const DAY = 24 * 60 * 60 * 1000;
let serial = 1;

function makeCertificate(spec: CertificateSpec): { pem: Pem; subject: forge.pki.CertificateField[] } {
  // node:crypto makes the key (native, fast); node-forge builds and signs the certificate.
  const pair = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
  const keys = { publicKey: forge.pki.publicKeyFromPem(pair.publicKey), privateKey: forge.pki.privateKeyFromPem(pair.privateKey) };
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = keys.publicKey;
  certificate.serialNumber = (serial++).toString(16).padStart(2, "0");
  certificate.validity.notBefore = spec.notBefore;
  certificate.validity.notAfter = spec.notAfter;
  const subject: forge.pki.CertificateField[] = [{ name: "commonName", value: spec.commonName }];
  certificate.setSubject(subject);
  certificate.setIssuer(spec.issuer?.subject ?? subject);
  const altNames = [
    ...(spec.altNames.dns ?? []).map((value) => ({ type: 2, value })),
    ...(spec.altNames.ip ?? []).map((ip) => ({ type: 7, ip })),
  ];
  certificate.setExtensions([
    { name: "basicConstraints", cA: spec.isCa ?? false },
    { name: "keyUsage", keyCertSign: spec.isCa ?? false, digitalSignature: true, keyEncipherment: !spec.isCa },
    ...(spec.isCa ? [] : [{ name: "extKeyUsage", serverAuth: true }]),
    ...(altNames.length > 0 ? [{ name: "subjectAltName", altNames }] : []),
    { name: "subjectKeyIdentifier" },
  ]);
  const signingKey = spec.issuer ? forge.pki.privateKeyFromPem(spec.issuer.pem.key) : keys.privateKey;
  certificate.sign(signingKey, forge.md.sha256.create());
  return {
    pem: { key: forge.pki.privateKeyToPem(keys.privateKey), cert: forge.pki.certificateToPem(certificate) },
    subject,
  };
}

export interface TestPki {
  /** PEM file of the test CA, for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  /** Valid for 127.0.0.1, signed by the test CA. */
  valid: Pem;
  /** Signed by the test CA, expired yesterday. */
  expired: Pem;
  /** Signed by the test CA, valid only from next year. */
  notYetValid: Pem;
  /** Signed by the test CA, for another host. */
  wrongHost: Pem;
  /** Self-signed, for 127.0.0.1. */
  selfSigned: Pem;
}

/** A CA and server certificates for every TLS diagnosis; RSA keys take a moment, so make them once. */
export async function makeTestPki(): Promise<TestPki> {
  const now = Date.now();
  const ca = makeCertificate({
    commonName: "scim-okta test CA",
    altNames: {},
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 365 * DAY),
    isCa: true,
  });
  const signed = (commonName: string, altNames: CertificateSpec["altNames"], notBefore: number, notAfter: number) =>
    makeCertificate({ commonName, altNames, notBefore: new Date(notBefore), notAfter: new Date(notAfter), issuer: ca }).pem;
  const dir = await mkdtemp(join(tmpdir(), "scim-okta-pki-"));
  const caFile = join(dir, "ca.pem");
  await writeFile(caFile, ca.pem.cert);
  return {
    caFile,
    valid: signed("127.0.0.1", { ip: ["127.0.0.1"] }, now - DAY, now + 30 * DAY),
    expired: signed("127.0.0.1", { ip: ["127.0.0.1"] }, now - 30 * DAY, now - DAY),
    notYetValid: signed("127.0.0.1", { ip: ["127.0.0.1"] }, now + 365 * DAY, now + 400 * DAY),
    wrongHost: signed("scim.other.example", { dns: ["scim.other.example"] }, now - DAY, now + 30 * DAY),
    selfSigned: makeCertificate({
      commonName: "127.0.0.1",
      altNames: { ip: ["127.0.0.1"] },
      notBefore: new Date(now - DAY),
      notAfter: new Date(now + 30 * DAY),
    }).pem,
  };
}
