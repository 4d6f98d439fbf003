import type { RecordedExchange } from "./trace.js";

/**
 * Why a request got no HTTP answer, in the terms an admin can act on. undici reports the cause in
 * nested `cause` chains with Node's error codes; this is the one place that reads them.
 */
export type NetworkFailureKind = "dns" | "refused" | "timeout" | "tls" | "reset" | "aborted" | "other";

export interface NetworkFailure {
  kind: NetworkFailureKind;
  /** Node's or undici's code, e.g. ENOTFOUND, DEPTH_ZERO_SELF_SIGNED_CERT. */
  code: string;
  message: string;
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

/** The request got no HTTP answer. */
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
