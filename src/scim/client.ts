import { promisify } from "node:util";
import { gunzip, inflate, inflateRaw, type InputType, type ZlibOptions } from "node:zlib";
import { request, type Dispatcher } from "undici";
import type { Redactor } from "../core/redact.js";
import { REDACTED } from "../core/redact.js";
import { classifyNetworkError, NetworkError, type NetworkFailure } from "../http/network-error.js";
import { formatBytes } from "../http/size.js";
import type { RecordedExchange } from "../http/trace.js";

export const SCIM_MEDIA_TYPE = "application/scim+json";
export const OKTA_USER_AGENT = "Okta SCIM Client 1.0.0";

/** What a response body may weigh (after decompression) unless --max-body says otherwise. */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

/**
 * Deeper JSON than this is not parsed: no SCIM resource nests more than a handful of levels, and a
 * body nested thousands deep would exhaust the stack of whatever walks it next.
 */
export const MAX_JSON_DEPTH = 64;

export interface ScimRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** A path below the base URL ("/Users?count=1") or an absolute URL on the base URL's origin. */
  path: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string is sent as it is. */
  body?: unknown;
  /** Send this Authorization header instead of the configured one; null sends none. */
  authorization?: string | null;
}

/**
 * An answer, already redacted: `text`, `json` and `headers` are what the server sent with every
 * registered secret replaced, so whatever quotes or cuts them later cannot cut a secret in half.
 */
export interface ScimResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The parsed body, or undefined when it is empty or not JSON. */
  json: unknown;
  exchange: RecordedExchange;
}

/** A 2xx answer: the server did what was asked. */
export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

export interface ScimClientOptions {
  baseUrl: string;
  /** The Authorization header value, exactly as Okta would send it. */
  authorization: string | undefined;
  dispatcher: Dispatcher;
  redactor: Redactor;
  timeoutMs: number;
  /** Largest body read, after decompression; a larger one fails the request as "response too large". */
  maxBodyBytes?: number | undefined;
  userAgent?: string;
  trace?: TraceSink;
  signal?: AbortSignal;
  /** Called with every exchange, for reports and counters. */
  onExchange?: (exchange: RecordedExchange) => void;
}

interface TraceSink {
  record(exchange: RecordedExchange): void;
}

/** Response bodies kept in exchanges are cut here: reports stay readable and small. */
const MAX_RECORDED_BODY = 16_384;

/**
 * The SCIM HTTP client: undici over one keep-alive pool, Okta's headers by default, every exchange
 * recorded (redacted) for traces, reports and curl lines. Everything it hands back is bounded
 * (--max-body, after decompression; JSON depth) and redacted. Requests only ever go to the base
 * URL's origin, so the credential cannot be sent anywhere else. Failures throw NetworkError.
 */
export class ScimClient {
  readonly baseUrl: string;
  requestCount = 0;
  private readonly origin: string;
  private readonly maxBodyBytes: number;

  constructor(private readonly options: ScimClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.origin = new URL(this.baseUrl).origin;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  }

  url(path: string): string {
    return /^https?:\/\//i.test(path) ? path : `${this.baseUrl}${path.startsWith("/") ? "" : "/"}${path}`;
  }

  async send(req: ScimRequest): Promise<ScimResponse> {
    const url = this.url(req.path);
    const headers: Record<string, string> = {
      accept: SCIM_MEDIA_TYPE,
      "accept-charset": "utf-8",
      "accept-encoding": "gzip,deflate",
      "user-agent": this.options.userAgent ?? OKTA_USER_AGENT,
    };
    const authorization = req.authorization === undefined ? this.options.authorization : req.authorization;
    if (authorization) headers.authorization = authorization;
    let body: string | undefined;
    if (req.body !== undefined) {
      body = typeof req.body === "string" ? req.body : JSON.stringify(req.body);
      headers["content-type"] = `${SCIM_MEDIA_TYPE}; charset=utf-8`;
    }
    for (const [name, value] of Object.entries(req.headers ?? {})) headers[name.toLowerCase()] = value;

    const started = performance.now();
    const recordedRequest = {
      startedAt: new Date().toISOString(),
      method: req.method,
      url: this.options.redactor.redact(url),
      requestHeaders: this.redactHeaders(headers),
      ...(body === undefined ? {} : { requestBody: this.options.redactor.redact(body) }),
    };
    /** Record the failed exchange (with the status and headers when the server did answer) and build its error. */
    const failed = (failure: NetworkFailure, answer?: Pick<RecordedExchange, "status" | "responseHeaders" | "responseBody">): NetworkError => {
      const safeFailure = { ...failure, message: this.options.redactor.redact(failure.message) };
      const exchange: RecordedExchange = { ...recordedRequest, ...answer, durationMs: Math.round(performance.now() - started), error: safeFailure };
      this.record(exchange);
      return new NetworkError(safeFailure, recordedRequest.url, exchange);
    };

    if (originOf(url) !== this.origin) {
      throw failed({
        kind: "other-origin",
        code: "OTHER_ORIGIN",
        message: `refused to send ${req.method} ${url}: scim-okta sends requests, and the credential, only to the SCIM server's origin ${this.origin}`,
      });
    }

    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = this.options.signal ? AbortSignal.any([timeout, this.options.signal]) : timeout;
    this.requestCount += 1;
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method: req.method,
        headers,
        body,
        dispatcher: this.options.dispatcher,
        signal,
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
      });
    } catch (error) {
      throw failed(classifyNetworkError(error));
    }

    const status = response.statusCode;
    const responseHeaders = this.redactHeaders(flattenHeaders(response.headers));
    const answered = { status, responseHeaders };
    if (status === 407) {
      response.body.destroy();
      throw failed(
        {
          kind: "proxy",
          code: "PROXY_AUTH_REQUIRED",
          message: "a proxy between here and the server answered 407 Proxy Authentication Required: put its credentials in HTTPS_PROXY/HTTP_PROXY (http://user:password@proxy:port)",
        },
        answered,
      );
    }

    const read = await readBody(response, this.maxBodyBytes);
    if (read.kind === "failed") {
      const cause = classifyNetworkError(read.error);
      if (cause.kind === "aborted" && this.options.signal?.aborted) throw failed(cause, answered);
      const why = cause.kind === "timeout" ? `it did not finish within ${this.options.timeoutMs / 1000} s (--timeout)` : `${cause.code}: ${cause.message}`;
      throw failed({ kind: "cut-off", code: cause.code, message: `the body was cut off after ${read.bytes} bytes: ${why}`, answered: { status } }, answered);
    }
    if (read.kind === "too-large") {
      throw failed({ kind: "too-large", code: "RESPONSE_TOO_LARGE", message: `response too large: the body is over ${formatBytes(this.maxBodyBytes)} (--max-body)`, answered: { status } }, answered);
    }

    const decoded = await decodeBody(read.bytes, responseHeaders["content-encoding"], this.maxBodyBytes);
    if (decoded.kind !== "decoded") {
      const message =
        decoded.kind === "too-large"
          ? `response too large: the body inflates to over ${formatBytes(this.maxBodyBytes)} (--max-body)`
          : decoded.message;
      const kind = decoded.kind === "too-large" ? "too-large" : "undecodable";
      throw failed({ kind, code: kind === "too-large" ? "RESPONSE_TOO_LARGE" : "UNDECODABLE_BODY", message, answered: { status } }, answered);
    }

    const rawText = new TextDecoder("utf-8").decode(decoded.bytes);
    const text = this.options.redactor.redact(rawText);
    const depth = jsonNesting(rawText);
    if (depth > MAX_JSON_DEPTH) {
      throw failed(
        {
          kind: "too-deep",
          code: "JSON_TOO_DEEP",
          message: `the JSON nests more than ${MAX_JSON_DEPTH} levels deep (no SCIM resource comes close), so it was not parsed`,
          answered: { status },
        },
        { ...answered, responseBody: this.options.redactor.excerpt(text, 200) },
      );
    }
    const exchange: RecordedExchange = {
      ...recordedRequest,
      ...answered,
      responseBody: this.options.redactor.excerpt(text, MAX_RECORDED_BODY),
      durationMs: Math.round(performance.now() - started),
    };
    this.record(exchange);
    return { status, headers: responseHeaders, text, json: this.options.redactor.redactValue(parseJson(rawText)), exchange };
  }

  private record(exchange: RecordedExchange): void {
    this.options.trace?.record(exchange);
    this.options.onExchange?.(exchange);
  }

  private redactHeaders(headers: Record<string, string>): Record<string, string> {
    const redacted: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      redacted[name] = name === "authorization" || name === "proxy-authorization" ? redactAuthorization(value) : this.options.redactor.redact(value);
    }
    return redacted;
  }
}

/** Keep the scheme, drop the credential: "Bearer [REDACTED]", "Basic [REDACTED]". */
export function redactAuthorization(value: string): string {
  const scheme = /^(Bearer|Basic|SSWS|Token)\s+/i.exec(value)?.[1];
  return scheme ? `${scheme} ${REDACTED}` : REDACTED;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

type BodyRead = { kind: "read"; bytes: Buffer } | { kind: "too-large" } | { kind: "failed"; bytes: number; error: unknown };

/**
 * Read the body up to `limit` bytes. A Content-Length over the limit, or more bytes than that
 * arriving, stops reading at once (the connection is closed): an endless body costs at most the limit.
 */
async function readBody(response: Dispatcher.ResponseData, limit: number): Promise<BodyRead> {
  const declared = Number(response.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    response.body.destroy();
    return { kind: "too-large" };
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of response.body) {
      const buffer = chunk as Buffer;
      total += buffer.length;
      if (total > limit) {
        response.body.destroy();
        return { kind: "too-large" };
      }
      chunks.push(buffer);
    }
  } catch (error) {
    return { kind: "failed", bytes: total, error };
  }
  return { kind: "read", bytes: Buffer.concat(chunks, total) };
}

type BodyDecoding = { kind: "decoded"; bytes: Buffer } | { kind: "too-large" } | { kind: "undecodable"; message: string };

const inflaters: Record<string, ((input: InputType, options: ZlibOptions) => Promise<Buffer>)[]> = {
  gzip: [promisify(gunzip)],
  "x-gzip": [promisify(gunzip)],
  // "deflate" is zlib-wrapped by the RFC; some servers send raw deflate, as browsers tolerate.
  deflate: [promisify(inflate), promisify(inflateRaw)],
};

/** Undo Content-Encoding (gzip, deflate: what Okta's Accept-Encoding asks for), bounded after inflation. */
async function decodeBody(bytes: Buffer, contentEncoding: string | undefined, limit: number): Promise<BodyDecoding> {
  const codings = (contentEncoding ?? "")
    .split(",")
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== "" && coding !== "identity");
  let current = bytes;
  // Codings are listed in the order they were applied: undo them last first.
  for (const coding of codings.reverse()) {
    const candidates = inflaters[coding];
    if (!candidates) {
      return { kind: "undecodable", message: `the body is encoded with Content-Encoding ${coding}, which Okta does not accept (it sends Accept-Encoding: gzip,deflate)` };
    }
    let inflated: Buffer | undefined;
    let lastError: unknown;
    for (const inflateWith of candidates) {
      try {
        inflated = await inflateWith(current, { maxOutputLength: limit + 1 });
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") return { kind: "too-large" };
        lastError = error;
      }
    }
    if (!inflated) {
      const reason = lastError instanceof Error ? lastError.message : String(lastError);
      return { kind: "undecodable", message: `the body says Content-Encoding ${coding} but does not inflate: ${reason}` };
    }
    if (inflated.length > limit) return { kind: "too-large" };
    current = inflated;
  }
  return { kind: "decoded", bytes: current };
}

/** How deep the brackets of a JSON text nest (strings skipped); 0 for text that is not JSON. */
export function jsonNesting(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c) index += 1;
      else if (code === 0x22) inString = false;
      continue;
    }
    if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if (code === 0x7d || code === 0x5d) depth -= 1;
  }
  return deepest;
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
