import { request, type Dispatcher } from "undici";
import type { Redactor } from "../core/redact.js";
import { REDACTED } from "../core/redact.js";
import { classifyNetworkError, NetworkError } from "../http/network-error.js";
import type { RecordedExchange, TraceWriter } from "../http/trace.js";

export const SCIM_MEDIA_TYPE = "application/scim+json";
export const OKTA_USER_AGENT = "Okta SCIM Client 1.0.0";

export interface ScimRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** A path below the base URL ("/Users?count=1") or an absolute URL. */
  path: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string is sent as it is. */
  body?: unknown;
  /** Send this Authorization header instead of the configured one; null sends none. */
  authorization?: string | null;
}

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
  userAgent?: string;
  trace?: TraceWriter;
  signal?: AbortSignal;
  /** Called with every exchange, for reports and counters. */
  onExchange?: (exchange: RecordedExchange) => void;
}

/** Response bodies kept in exchanges are cut here: reports stay readable and small. */
const MAX_RECORDED_BODY = 16_384;

/**
 * The SCIM HTTP client: undici over one keep-alive pool, Okta's headers by default, every exchange
 * recorded (redacted) for traces, reports and curl lines. Network failures throw NetworkError.
 */
export class ScimClient {
  readonly baseUrl: string;
  requestCount = 0;

  constructor(private readonly options: ScimClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
  }

  url(path: string): string {
    return /^https?:\/\//i.test(path) ? path : `${this.baseUrl}${path.startsWith("/") ? "" : "/"}${path}`;
  }

  async send(req: ScimRequest): Promise<ScimResponse> {
    const url = this.url(req.path);
    const headers: Record<string, string> = {
      accept: SCIM_MEDIA_TYPE,
      "accept-charset": "utf-8",
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
    const startedAt = new Date().toISOString();
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = this.options.signal ? AbortSignal.any([timeout, this.options.signal]) : timeout;
    this.requestCount += 1;
    const recordedRequest = {
      startedAt,
      method: req.method,
      url: this.options.redactor.redact(url),
      requestHeaders: this.redactHeaders(headers),
      ...(body === undefined ? {} : { requestBody: this.options.redactor.redact(body) }),
    };
    try {
      const response = await request(url, {
        method: req.method,
        headers,
        body,
        dispatcher: this.options.dispatcher,
        signal,
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
      });
      const text = await response.body.text();
      const responseHeaders = flattenHeaders(response.headers);
      const exchange: RecordedExchange = {
        ...recordedRequest,
        status: response.statusCode,
        responseHeaders: this.redactHeaders(responseHeaders),
        responseBody: truncate(this.options.redactor.redact(text)),
        durationMs: Math.round(performance.now() - started),
      };
      this.record(exchange);
      return { status: response.statusCode, headers: responseHeaders, text, json: parseJson(text), exchange };
    } catch (error) {
      const failure = classifyNetworkError(error);
      const safeFailure = { ...failure, message: this.options.redactor.redact(failure.message) };
      const exchange: RecordedExchange = { ...recordedRequest, durationMs: Math.round(performance.now() - started), error: safeFailure };
      this.record(exchange);
      throw new NetworkError(safeFailure, recordedRequest.url, exchange);
    }
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

function truncate(text: string): string {
  return text.length > MAX_RECORDED_BODY ? `${text.slice(0, MAX_RECORDED_BODY)}… (${text.length - MAX_RECORDED_BODY} more characters)` : text;
}
