import { readFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect, rootCertificates, type PeerCertificate } from "node:tls";
import { isIP, type Socket } from "node:net";
import { classifyNetworkError, plainHttpOnTlsPort } from "../../http/network-error.js";
import { proxyFor, type ProxyRoute } from "../../http/proxy.js";
import {
  tlsExpired,
  tlsHandshake,
  tlsNotYetValid,
  tlsPrivateCa,
  tlsSelfSigned,
  tlsUntrusted,
  tlsWrongHost,
  type CertificateFacts,
  type Diagnosis,
} from "./diagnoses.js";
import { bareHost } from "./host.js";

/** What the server's certificate looks like to a client that verifies it, as Okta does. */
export type CertificateInspection =
  | {
      kind: "inspected";
      authorized: boolean;
      /** Node's verification code when not authorized, e.g. CERT_HAS_EXPIRED. */
      authorizationError: string | undefined;
      /** Authorized only because of NODE_EXTRA_CA_CERTS (a private CA Okta does not trust). */
      trustedOnlyByExtraCa: boolean;
      subject: string | undefined;
      issuer: string | undefined;
      altNames: string | undefined;
      validFrom: string | undefined;
      validTo: string | undefined;
    }
  | { kind: "unavailable"; code: string; message: string };

/**
 * Inspect the peer certificate with a separate TLS connection that accepts anything
 * (rejectUnauthorized: false) and reads Node's verdict: authorized, and authorizationError,
 * which names the problem (self-signed, expired, wrong host, unknown issuer). Trusts what the run
 * trusts (Node's roots plus NODE_EXTRA_CA_CERTS from the command's environment); when that extra
 * CA is what made it verify, a second handshake against Node's roots alone says so. Goes the way
 * the requests go: through the HTTPS_PROXY tunnel (CONNECT) unless NO_PROXY exempts the host.
 */
export async function inspectCertificate(url: URL, env: NodeJS.ProcessEnv, timeoutMs: number, signal: AbortSignal): Promise<CertificateInspection> {
  const extraCa = await readExtraCa(env);
  const proxy = proxyFor(url, env);
  const first = await handshake(url, extraCa === undefined ? undefined : [...rootCertificates, extraCa], timeoutMs, signal, proxy);
  if (first.kind === "unavailable" || !first.authorized || extraCa === undefined) return first;
  const publicOnly = await handshake(url, [...rootCertificates], timeoutMs, signal, proxy);
  return { ...first, trustedOnlyByExtraCa: publicOnly.kind === "inspected" && !publicOnly.authorized };
}

async function readExtraCa(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const path = env.NODE_EXTRA_CA_CERTS;
  if (!path) return undefined;
  try {
    return await readFile(path, "utf8");
  } catch {
    // The dispatcher reports an unreadable NODE_EXTRA_CA_CERTS as a usage error.
    return undefined;
  }
}

async function handshake(url: URL, ca: string[] | undefined, timeoutMs: number, signal: AbortSignal, proxy: ProxyRoute | undefined): Promise<CertificateInspection> {
  const host = bareHost(url);
  const port = Number(url.port || 443);
  let tunnelled: Socket | undefined;
  if (proxy) {
    const opened = await openTunnel(proxy, host, port, timeoutMs, signal);
    if ("kind" in opened) return opened;
    tunnelled = opened.socket;
  }
  return new Promise((resolve) => {
    const socket = connect({
      ...(tunnelled ? { socket: tunnelled } : { host, port }),
      ...(isIP(host) === 0 ? { servername: host } : {}),
      rejectUnauthorized: false,
      ...(ca ? { ca } : {}),
      timeout: timeoutMs,
    });
    const onAbort = () => finish({ kind: "unavailable", code: "ABORT_ERR", message: "interrupted" });
    const finish = (result: CertificateInspection) => {
      signal.removeEventListener("abort", onAbort);
      socket.destroy();
      resolve(result);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    socket.once("secureConnect", () => {
      const certificate = socket.getPeerCertificate();
      const error = socket.authorizationError as unknown;
      finish({
        kind: "inspected",
        authorized: socket.authorized,
        authorizationError: socket.authorized ? undefined : errorCode(error),
        trustedOnlyByExtraCa: false,
        ...describeCertificate(certificate),
      });
    });
    socket.once("timeout", () => finish({ kind: "unavailable", code: "ETIMEDOUT", message: `no TLS handshake within ${timeoutMs / 1000} s` }));
    socket.once("error", (error: NodeJS.ErrnoException) => {
      // OpenSSL's "wrong version number" is plain HTTP on the port: say that, not OpenSSL's words.
      const failure = classifyNetworkError(error);
      finish({ kind: "unavailable", code: error.code ?? "UNKNOWN", message: plainHttpOnTlsPort(failure) ? failure.message : error.message });
    });
  });
}

/**
 * A CONNECT tunnel through the proxy to host:port, as undici opens one for the requests (with the
 * proxy URL's credentials as Basic Proxy-Authorization). A refusal comes back as "unavailable"
 * with the proxy's status: PROXY_AUTH_REQUIRED for a 407.
 */
function openTunnel(proxy: ProxyRoute, host: string, port: number, timeoutMs: number, signal: AbortSignal): Promise<{ socket: Socket } | Extract<CertificateInspection, { kind: "unavailable" }>> {
  const authority = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
  const credentials = proxy.url.username
    ? { "proxy-authorization": `Basic ${Buffer.from(`${decodeURIComponent(proxy.url.username)}:${decodeURIComponent(proxy.url.password)}`).toString("base64")}` }
    : {};
  const send = proxy.url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const connectRequest = send({
      host: proxy.url.hostname.replace(/^\[(.*)\]$/, "$1"),
      port: Number(proxy.url.port || (proxy.url.protocol === "https:" ? 443 : 80)),
      method: "CONNECT",
      path: authority,
      headers: { host: authority, ...credentials },
      timeout: timeoutMs,
      signal,
    });
    connectRequest.once("connect", (answer, socket) => {
      if (answer.statusCode === 200) {
        resolve({ socket });
        return;
      }
      socket.destroy();
      const status = answer.statusCode ?? 0;
      resolve({
        kind: "unavailable",
        code: status === 407 ? "PROXY_AUTH_REQUIRED" : `PROXY_${status}`,
        message: status === 407 ? `the proxy ${proxy.shown} (${proxy.variable}) asks for credentials (407)` : `the proxy ${proxy.shown} (${proxy.variable}) answered ${status} to CONNECT ${authority}`,
      });
    });
    connectRequest.once("timeout", () => {
      connectRequest.destroy();
      resolve({ kind: "unavailable", code: "ETIMEDOUT", message: `the proxy ${proxy.shown} did not open a tunnel within ${timeoutMs / 1000} s` });
    });
    connectRequest.once("error", (error: NodeJS.ErrnoException) => {
      resolve({ kind: "unavailable", code: error.code ?? "UNKNOWN", message: `the proxy ${proxy.shown} (${proxy.variable}): ${error.message}` });
    });
    connectRequest.end();
  });
}

function errorCode(error: unknown): string {
  if (typeof error === "string") return error;
  if (error instanceof Error) return (error as NodeJS.ErrnoException).code ?? error.message;
  return "UNKNOWN";
}

function describeCertificate(certificate: PeerCertificate | undefined) {
  const empty = !certificate || Object.keys(certificate).length === 0;
  return {
    subject: empty ? undefined : distinguishedName(certificate.subject),
    issuer: empty ? undefined : distinguishedName(certificate.issuer),
    altNames: empty ? undefined : certificate.subjectaltname || undefined,
    validFrom: empty ? undefined : certificate.valid_from,
    validTo: empty ? undefined : certificate.valid_to,
  };
}

function distinguishedName(name: PeerCertificate["subject"] | undefined): string | undefined {
  if (!name) return undefined;
  const common = name.CN;
  if (common) return `CN=${Array.isArray(common) ? common.join(",") : common}`;
  const organisation = name.O;
  return organisation ? `O=${Array.isArray(organisation) ? organisation.join(",") : organisation}` : undefined;
}

const SELF_SIGNED = new Set(["DEPTH_ZERO_SELF_SIGNED_CERT"]);
const EXPIRED = new Set(["CERT_HAS_EXPIRED"]);
const NOT_YET_VALID = new Set(["CERT_NOT_YET_VALID"]);
const WRONG_HOST = new Set(["ERR_TLS_CERT_ALTNAME_INVALID", "HOSTNAME_MISMATCH"]);

export type CertificateVerdict =
  | { status: "passed"; message: string }
  | { status: "failed" | "warned"; diagnosis: Diagnosis }
  | { status: "skipped"; message: string };

/** Would Okta accept this certificate? Pure: `--insecure` changes the wording, never the verdict. */
export function assessCertificate(url: URL, inspection: CertificateInspection | undefined, insecure: boolean): CertificateVerdict {
  const host = bareHost(url);
  if (url.protocol !== "https:") return { status: "skipped", message: "http://: no certificate (see connector/https)" };
  if (!inspection) return { status: "skipped", message: `${host} was not inspected` };
  if (inspection.kind === "unavailable") {
    if (inspection.code.startsWith("ERR_SSL") || inspection.code === "EPROTO") {
      return { status: "failed", diagnosis: tlsHandshake(host, inspection.code, inspection.message, false) };
    }
    if (inspection.code.startsWith("PROXY_")) return { status: "skipped", message: `could not inspect ${host}'s certificate: ${inspection.message} [${inspection.code}]` };
    return { status: "skipped", message: `could not open a TLS connection to ${host} to inspect its certificate [${inspection.code}]` };
  }
  if (inspection.authorized) {
    if (inspection.trustedOnlyByExtraCa) return { status: "warned", diagnosis: tlsPrivateCa({ host, issuer: inspection.issuer }) };
    return { status: "passed", message: `valid for ${host}${inspection.issuer ? `, issued by ${inspection.issuer}` : ""}${inspection.validTo ? `, until ${inspection.validTo}` : ""}` };
  }
  const code = inspection.authorizationError ?? "UNKNOWN";
  const facts: CertificateFacts = {
    host,
    code,
    subject: inspection.subject,
    issuer: inspection.issuer,
    altNames: inspection.altNames,
    validFrom: inspection.validFrom,
    validTo: inspection.validTo,
    insecure,
  };
  if (SELF_SIGNED.has(code)) return { status: "failed", diagnosis: tlsSelfSigned(facts) };
  if (EXPIRED.has(code)) return { status: "failed", diagnosis: tlsExpired(facts) };
  if (NOT_YET_VALID.has(code)) return { status: "failed", diagnosis: tlsNotYetValid(facts) };
  if (WRONG_HOST.has(code)) return { status: "failed", diagnosis: tlsWrongHost(facts) };
  return { status: "failed", diagnosis: tlsUntrusted(facts) };
}
