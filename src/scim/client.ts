import { request, type Dispatcher } from "undici";
import type { Redactor } from "../core/redact.js";
import { REDACTED } from "../core/redact.js";
import { classifyNetworkError, NetworkError, type NetworkFailure } from "../http/network-error.js";
import { readAnswerText } from "../http/body.js";
import { deadline } from "../http/deadline.js";
import type { RecordedExchange } from "../http/trace.js";

export const SCIM_MEDIA_TYPE = "application/scim+json";
export const OKTA_USER_AGENT = "Okta SCIM Client 1.0.0";

/** What a response body may weigh (after decompression) unless --max-body says otherwise. */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

export { MAX_JSON_DEPTH } from "../http/body.js";

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
      const safeFailure = { ...failure, message: this.options.redactor.redact(failure.message), ...(failure.kind === "timeout" ? { timeoutMs: this.options.timeoutMs } : {}) };
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

    const limit = deadline(this.options.timeoutMs, this.options.signal);
    try {
      let response: Dispatcher.ResponseData;
      try {
        response = await request(url, {
          method: req.method,
          headers,
          body,
          dispatcher: this.options.dispatcher,
          signal: limit.signal,
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

      const answer = await readAnswerText(response, {
        maxBytes: this.maxBodyBytes,
        timeoutMs: this.options.timeoutMs,
        interrupted: () => this.options.signal?.aborted === true,
        json: true,
      });
      if (!answer.ok) {
        const partial = answer.failure.kind === "too-deep" && answer.text !== undefined ? { responseBody: this.options.redactor.excerpt(answer.text, 200) } : {};
        throw failed(answer.failure, { ...answered, ...partial });
      }
      const rawText = answer.text;
      const text = this.options.redactor.redact(rawText);
      const exchange: RecordedExchange = {
        ...recordedRequest,
        ...answered,
        responseBody: this.options.redactor.excerpt(text, MAX_RECORDED_BODY),
        durationMs: Math.round(performance.now() - started),
      };
      this.record(exchange);
      return { status, headers: responseHeaders, text, json: redactedJson(rawText, text, this.options.redactor), exchange };
    } finally {
      limit.release();
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
function redactAuthorization(value: string): string {
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

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

/**
 * The parsed answer with every string redacted. When redacting the whole text changed nothing and
 * no JSON escape in it makes a backslash or a percent sign (which a string could hold as an escape
 * of its own), no string in it holds a secret either: it is parsed as it is, without a second walk.
 */
function redactedJson(rawText: string, redactedText: string, redactor: Redactor): unknown {
  const clean = rawText === redactedText && !/\\\\|\\u00(?:5c|25)/i.test(rawText);
  return clean ? parseJson(rawText) : redactor.redactValue(parseJson(rawText));
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
