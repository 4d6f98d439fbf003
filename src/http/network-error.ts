import type { RecordedExchange } from "./trace.js";

/**
 * Why a request got no usable HTTP answer, in the terms an admin can act on. undici reports the
 * cause in nested `cause` chains with Node's error codes; this is the one place that reads them.
 *
 * Most kinds mean no answer at all. Some mean the server did answer (status and headers arrived)
 * but the body cannot be used; those carry `answered` and are findings about the server, never
 * "unreachable":
 * - too-large: the body (after decompression) is larger than --max-body;
 * - cut-off: the connection failed or timed out while the body was arriving;
 * - too-deep: JSON nested deeper than any SCIM resource (parsing it would exhaust the stack);
 * - undecodable: a Content-Encoding Okta did not ask for, or compressed data that does not inflate.
 * `proxy` is a forward proxy refusing the request (407: it wants credentials); `other-origin` is a
 * request the client refused to send, because credentials only ever go to the base URL's origin.
 */
export type NetworkFailureKind =
  | "dns"
  | "refused"
  | "timeout"
  | "tls"
  | "reset"
  | "aborted"
  | "proxy"
  | "too-large"
  | "cut-off"
  | "too-deep"
  | "undecodable"
  | "other-origin"
  | "other";

export interface NetworkFailure {
  kind: NetworkFailureKind;
  /** Node's or undici's code, e.g. ENOTFOUND, DEPTH_ZERO_SELF_SIGNED_CERT, or ours (RESPONSE_TOO_LARGE). */
  code: string;
  message: string;
  /** The server answered with this status before the body turned out unusable. */
  answered?: { status: number };
  /** For a timeout: the limit that ran out (--timeout), so messages can name it. */
  timeoutMs?: number;
}

const PROXY_AUTH_CODE = "PROXY_AUTH_REQUIRED";

/** OpenSSL's words for a peer that answered the TLS hello with something else (plain HTTP, mostly). */
const NOT_TLS_CODES = new Set(["ERR_SSL_WRONG_VERSION_NUMBER", "ERR_SSL_PACKET_LENGTH_TOO_LONG", "ERR_SSL_HTTP_REQUEST"]);
const NOT_TLS_CODE = "ERR_SSL_WRONG_VERSION_NUMBER";

/** What to do about a server that could not be reached, by cause: one line for the error's hint. */
export function unreachableHint(failure: NetworkFailure, baseUrlSource = "--base-url / SCIM_BASE_URL"): string {
  if (failure.kind === "proxy") {
    return failure.code === PROXY_AUTH_CODE
      ? "put the proxy's credentials in its URL (HTTPS_PROXY=http://user:password@proxy:port), or list the SCIM host in NO_PROXY if it is reachable directly"
      : "check the proxy in HTTPS_PROXY / HTTP_PROXY, or list the SCIM host in NO_PROXY if it is reachable directly";
  }
  if (plainHttpOnTlsPort(failure)) return "this port speaks plain HTTP: use http:// for a local development server (--insecure cannot help); Okta itself needs https";
  if (failure.kind === "tls") return "Okta would reject this certificate too; for a development server pass --insecure (or NODE_EXTRA_CA_CERTS for a private CA)";
  if (failure.kind === "timeout") {
    return "check that the server is up and that no firewall drops packets; a slow answer needs a faster server (Okta waits 60 s at most), or a larger --timeout here";
  }
  return `check ${baseUrlSource}, that the server is running and reachable from here (proxy, firewall, DNS)`;
}

/** https:// to a port that speaks plain HTTP: --insecure cannot help, the scheme is wrong. */
export function plainHttpOnTlsPort(failure: NetworkFailure): boolean {
  return failure.kind === "tls" && failure.code === NOT_TLS_CODE;
}

function seconds(ms: number): string {
  return String(Math.round(ms) / 1000);
}

/** No HTTP answer came back at all: the server is unreachable from here (as opposed to a bad answer). */
export function gotNoAnswer(failure: NetworkFailure): boolean {
  return failure.answered === undefined && failure.kind !== "aborted" && failure.kind !== "other-origin";
}

/** In the words an admin can act on: "connection refused (ECONNREFUSED)". */
export function describeNetworkFailure(failure: NetworkFailure): string {
  const what: Record<NetworkFailureKind, string> = {
    dns: "the host name does not resolve",
    refused: "connection refused",
    timeout: failure.timeoutMs === undefined ? "timed out" : `no answer within --timeout ${seconds(failure.timeoutMs)} s`,
    tls: failure.code === NOT_TLS_CODE ? "the port does not speak TLS (plain HTTP?)" : "TLS handshake failed",
    reset: "the connection was reset",
    aborted: "aborted",
    proxy: failure.code === PROXY_AUTH_CODE ? "the proxy asks for credentials (407 Proxy Authentication Required)" : "the proxy refused the request",
    "too-large": "response too large",
    "cut-off": "the body was cut off",
    "too-deep": "JSON nested too deep",
    undecodable: "the body cannot be decoded",
    "other-origin": "not sent: another origin than the SCIM base URL's",
    other: "request failed",
  };
  return `${what[failure.kind]} (${failure.code})`;
}

/**
 * The one-line verdict on a failed request: "no answer: connection refused (ECONNREFUSED)", or for
 * an answer that arrived unusable, "answered 200, but response too large (RESPONSE_TOO_LARGE): …".
 */
export function describeFailedRequest(failure: NetworkFailure): string {
  if (failure.answered) return `answered ${failure.answered.status}, but ${describeNetworkFailure(failure)}: ${failure.message}`;
  if (failure.kind === "other-origin" || failure.kind === "proxy") return `${describeNetworkFailure(failure)}: ${failure.message}`;
  return `no answer: ${describeNetworkFailure(failure)}`;
}

const TLS_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_GET_ISSUER_CERT",
  "CERT_UNTRUSTED",
  "CERT_REVOKED",
  "ERR_SSL_WRONG_VERSION_NUMBER",
  "EPROTO",
]);

export function classifyNetworkError(error: unknown): NetworkFailure {
  const chain = causeChain(error);
  const codes = chain.map((entry) => entry.code).filter((code): code is string => typeof code === "string");
  const message = chain.map((entry) => entry.message).find((text) => text && text !== "fetch failed") ?? String(error);
  const has = (...wanted: string[]) => codes.find((code) => wanted.includes(code));
  const proxy = proxyRefusal(chain);
  if (proxy) return proxy;
  if (codes.some((code) => NOT_TLS_CODES.has(code)) || chain.some((entry) => /wrong version number|packet length too long/i.test(entry.message))) {
    return { kind: "tls", code: NOT_TLS_CODE, message: "what answered on this port does not speak TLS — most likely plain HTTP: an https:// URL pointed at an http:// port" };
  }
  let found: string | undefined;
  if ((found = has("ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_FAIL"))) return { kind: "dns", code: found, message };
  if ((found = has("ECONNREFUSED"))) return { kind: "refused", code: found, message };
  if ((found = codes.find((code) => TLS_CODES.has(code) || code.startsWith("ERR_TLS") || code.startsWith("ERR_SSL")))) {
    return { kind: "tls", code: found, message };
  }
  if ((found = has("UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "ETIMEDOUT", "TimeoutError"))) {
    return { kind: "timeout", code: found, message };
  }
  if (chain.some((entry) => entry.name === "TimeoutError")) return { kind: "timeout", code: "TimeoutError", message };
  if (chain.some((entry) => entry.name === "AbortError")) return { kind: "aborted", code: "ABORT_ERR", message };
  if ((found = has("ECONNRESET", "UND_ERR_SOCKET", "EPIPE", "UND_ERR_CLOSED"))) return { kind: "reset", code: found, message };
  return { kind: "other", code: codes[0] ?? "UNKNOWN", message };
}

/**
 * undici's words for a forward proxy that said no: "Proxy Authentication Required (407)" for a
 * proxied http:// request, "Proxy response (407) !== 200 when HTTP Tunneling" for a CONNECT tunnel
 * (an AbortError by name, which must not read as Ctrl-C).
 */
function proxyRefusal(chain: readonly ErrorLike[]): NetworkFailure | undefined {
  for (const entry of chain) {
    const status = /Proxy Authentication Required \((\d{3})\)|Proxy response \((\d{3})\) !== 200/.exec(entry.message);
    if (!status) continue;
    const code = status[1] ?? status[2] ?? "";
    return code === "407"
      ? { kind: "proxy", code: PROXY_AUTH_CODE, message: "the proxy in HTTPS_PROXY/HTTP_PROXY answered 407: put its credentials in the proxy URL (http://user:password@proxy:port)" }
      : { kind: "proxy", code: `PROXY_${code}`, message: `the proxy in HTTPS_PROXY/HTTP_PROXY answered ${code} to the CONNECT request` };
  }
  return undefined;
}

interface ErrorLike {
  code?: unknown;
  name?: string;
  message: string;
}

function causeChain(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  let current: unknown = error;
  while (current && typeof current === "object" && chain.length < 8) {
    const entry = current as ErrorLike & { cause?: unknown; errors?: unknown[] };
    chain.push({ code: entry.code, name: entry.name, message: String(entry.message ?? "") });
    if (Array.isArray(entry.errors) && entry.errors.length > 0) chain.push(...causeChain(entry.errors[0]));
    current = entry.cause;
  }
  return chain;
}

/** The request got no HTTP answer, or none that can be used (see NetworkFailure.answered). */
export class NetworkError extends Error {
  override name = "NetworkError";
  constructor(
    readonly failure: NetworkFailure,
    readonly url: string,
    /** The (redacted) request as recorded, so reports can show and reproduce what got no answer. */
    readonly exchange?: RecordedExchange,
  ) {
    super(`${failure.code}: ${failure.message}`);
  }
}
