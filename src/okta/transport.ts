import { request, type Dispatcher } from "undici";
import { InterruptedError } from "../core/errors.js";
import { REDACTED, type Redactor } from "../core/redact.js";
import { readAnswerText } from "../http/body.js";
import { deadline } from "../http/deadline.js";
import { classifyNetworkError } from "../http/network-error.js";
import type { RecordedExchange, TraceWriter } from "../http/trace.js";
import type { OktaConnection } from "./connection.js";
import { OktaRequestError, OktaResponseError, OktaTokenError, OktaUnreachableError } from "./errors.js";
import { RateLimitPacer, rateLimitBucket } from "./rate-limit.js";

/**
 * What carries the Okta SDK's requests: it stands in for the SDK's request executor, so the SDK
 * keeps doing authentication (SSWS, OAuth private-key JWT, DPoP, token refresh) while every
 * request goes through undici with our dispatcher (HTTPS_PROXY / NO_PROXY, NODE_EXTRA_CA_CERTS),
 * is paced by Okta's rate-limit headers, retried after a 429, recorded (redacted) for --trace, and
 * counted. Only the org's own origin is ever called: a Link header pointing elsewhere is refused.
 */

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new InterruptedError());
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(new InterruptedError());
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};

/** The parts of a node-fetch request the SDK hands its executor. */
interface SdkRequest {
  url: string;
  method?: string;
  headers?: Record<string, unknown>;
  body?: unknown;
}

/** The parts of a node-fetch Response the SDK reads (errorFilter, Collection, OAuth). */
class TransportResponse {
  readonly ok: boolean;
  constructor(
    readonly url: string,
    readonly status: number,
    readonly headers: Headers,
    readonly bodyText: string,
  ) {
    this.ok = status >= 200 && status < 300;
  }
  get statusText(): string {
    return String(this.status);
  }
  async text(): Promise<string> {
    return this.bodyText;
  }
  async json(): Promise<unknown> {
    return JSON.parse(this.bodyText) as unknown;
  }
  async buffer(): Promise<Buffer> {
    return Buffer.from(this.bodyText);
  }
}

interface WaitNotice {
  reason: "rate-limit" | "rate-limit-429";
  bucket: string;
  ms: number;
}

export interface TransportOptions {
  connection: OktaConnection;
  dispatcher: Dispatcher;
  redactor: Redactor;
  timeoutMs: number;
  clock?: Clock;
  trace?: TraceWriter | undefined;
  onExchange?: ((exchange: RecordedExchange) => void) | undefined;
  /** Told when a request waits for the rate limit (for a progress line). */
  onWait?: ((notice: WaitNotice) => void) | undefined;
  signal?: AbortSignal | undefined;
  /** Requests in flight at once; Okta also limits concurrency per org. */
  maxConcurrency?: number;
  /** How often a 429 is retried before giving up. */
  max429Retries?: number;
}

const TOKEN_PATH = "/oauth2/v1/token";
const MAX_RECORDED_BODY = 16_384;
/** No answer setup reads is near this: an app list page of 200 apps is well under a megabyte. */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;
/** A 429 whose reset is further away than this is reported instead of waited out. */
const MAX_RATE_LIMIT_WAIT_MS = 5 * 60_000;

export class OktaTransport {
  /** Write calls (not GET) Okta accepted: what setup reports as `applied`. */
  writeCount = 0;
  private readonly pacer = new RateLimitPacer();
  private readonly clock: Clock;
  private readonly origin: string;
  private readonly slots: Semaphore;

  constructor(private readonly options: TransportOptions) {
    this.clock = options.clock ?? systemClock;
    this.origin = new URL(options.connection.orgUrl).origin;
    this.slots = new Semaphore(options.maxConcurrency ?? 6);
  }

  /** The SDK's RequestExecutor.fetch. */
  async fetch(sdkRequest: SdkRequest): Promise<TransportResponse> {
    const url = new URL(sdkRequest.url);
    const method = (sdkRequest.method ?? "GET").toUpperCase();
    if (url.origin !== this.origin) {
      throw new OktaRequestError(0, method, sdkRequest.url, {}, `Okta pointed ${method} at ${url.origin}, outside the org ${this.origin}; refusing to send credentials there`);
    }
    const headers = stringHeaders(sdkRequest.headers);
    headers.accept ??= "application/json";
    const body = typeof sdkRequest.body === "string" ? sdkRequest.body : sdkRequest.body === undefined || sdkRequest.body === null ? undefined : JSON.stringify(sdkRequest.body);
    const isToken = url.pathname === TOKEN_PATH;
    if (isToken && body) this.options.redactor.addSecret(new URLSearchParams(body).get("client_assertion") ?? undefined);
    const bucket = rateLimitBucket(method, url.pathname);

    await this.slots.acquire();
    try {
      for (let attempt = 0; ; attempt += 1) {
        const pause = this.pacer.delayBefore(bucket, this.clock.now());
        if (pause > 0) {
          this.options.onWait?.({ reason: "rate-limit", bucket, ms: pause });
          await this.clock.sleep(pause, this.options.signal);
        }
        const response = await this.send(url, method, headers, body, isToken);
        const receivedAt = this.clock.now();
        this.pacer.observe(bucket, response.headers, receivedAt);
        if (response.status === 429 && attempt < (this.options.max429Retries ?? 4)) {
          const wait = this.pacer.retryDelay(bucket, response.headers, receivedAt, attempt);
          if (wait <= MAX_RATE_LIMIT_WAIT_MS) {
            this.options.onWait?.({ reason: "rate-limit-429", bucket, ms: wait });
            await this.clock.sleep(wait, this.options.signal);
            continue;
          }
        }
        if (isToken) this.checkTokenAnswer(response);
        if (response.ok && method !== "GET" && method !== "HEAD" && !isToken) this.writeCount += 1;
        return response;
      }
    } finally {
      this.slots.release();
    }
  }

  private async send(url: URL, method: string, headers: Record<string, string>, body: string | undefined, isToken: boolean): Promise<TransportResponse> {
    const { redactor, timeoutMs, signal } = this.options;
    if (signal?.aborted) throw new InterruptedError();
    const started = performance.now();
    const recorded = {
      startedAt: new Date(this.clock.now()).toISOString(),
      method,
      url: redactor.redact(url.href),
      requestHeaders: this.redactHeaders(headers),
      ...(body === undefined ? {} : { requestBody: truncate(redactor.redact(body)) }),
    };
    const limit = deadline(timeoutMs, signal);
    try {
      const answer = await request(url, {
        method: method as Dispatcher.HttpMethod,
        headers,
        body,
        dispatcher: this.options.dispatcher,
        signal: limit.signal,
      });
      const read = await readAnswerText(answer, { maxBytes: MAX_ANSWER_BYTES, timeoutMs, interrupted: () => signal?.aborted ?? false, json: true, limitFlag: "Okta's answers" });
      if (!read.ok) {
        if (signal?.aborted) throw new InterruptedError();
        const message = redactor.redact(read.failure.message);
        this.record({ ...recorded, status: answer.statusCode, durationMs: Math.round(performance.now() - started), error: { kind: read.failure.kind, code: read.failure.code, message } });
        throw new OktaResponseError(`Okta's answer to ${method} ${url.pathname} (HTTP ${answer.statusCode}) could not be read: ${message}`);
      }
      const text = read.text;
      const responseHeaders = new Headers();
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value === undefined) continue;
        for (const item of Array.isArray(value) ? value : [value]) responseHeaders.append(name, item);
      }
      // The access token must be a known secret before the answer that carries it is recorded.
      if (isToken) this.registerAccessToken(text);
      this.record({
        ...recorded,
        status: answer.statusCode,
        responseHeaders: this.redactHeaders(Object.fromEntries(responseHeaders)),
        responseBody: truncate(redactor.redact(text)),
        durationMs: Math.round(performance.now() - started),
      });
      return new TransportResponse(url.href, answer.statusCode, responseHeaders, text);
    } catch (error) {
      if (error instanceof OktaResponseError) throw error;
      if (signal?.aborted) throw new InterruptedError();
      const failure = classifyNetworkError(error);
      const safe = { ...failure, message: redactor.redact(failure.message) };
      this.record({ ...recorded, durationMs: Math.round(performance.now() - started), error: safe });
      throw new OktaUnreachableError(safe, this.options.connection);
    } finally {
      limit.release();
    }
  }

  private registerAccessToken(text: string): void {
    try {
      const answer = JSON.parse(text) as { access_token?: unknown };
      if (typeof answer.access_token === "string") this.options.redactor.addSecret(answer.access_token);
    } catch {
      // Not JSON: nothing to register; checkTokenAnswer reports it.
    }
  }

  /**
   * A refused token request names what is wrong with the service app (invalid_client: client ID
   * or key; invalid_scope: a scope not granted). Okta's DPoP nonce challenge passes through to the SDK.
   */
  private checkTokenAnswer(response: TransportResponse): void {
    if (response.ok) return;
    let answer: { error?: string; error_description?: string } = {};
    try {
      answer = JSON.parse(response.bodyText) as typeof answer;
    } catch {
      // Not JSON: described by status alone.
    }
    if (answer.error === "use_dpop_nonce") return;
    const credentials = this.options.connection.credentials;
    const source = credentials.source;
    const said = [answer.error, answer.error_description].filter(Boolean).join(": ") || `HTTP ${response.status}`;
    if (answer.error === "invalid_scope" && credentials.kind === "private-key") {
      throw new OktaTokenError(
        `Okta refused the scopes requested for the service app from ${source} (${said})`,
        `grant these scopes to the service app (Applications → the app → Okta API Scopes), or set OKTA_SCOPES to those granted: ${credentials.scopes.join(" ")}`,
      );
    }
    throw new OktaTokenError(
      `Okta refused the token request of the service app from ${source} (${said})`,
      "check the client ID, that the app uses public key / private key client authentication, that its public key matches the private key, and OKTA_KEY_ID",
    );
  }

  private record(exchange: RecordedExchange): void {
    this.options.trace?.record(exchange);
    this.options.onExchange?.(exchange);
  }

  private redactHeaders(headers: Record<string, string>): Record<string, string> {
    const redacted: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      const lower = name.toLowerCase();
      if (lower === "authorization" || lower === "proxy-authorization") {
        const scheme = /^(SSWS|Bearer|DPoP|Basic)\s/i.exec(value)?.[1];
        redacted[lower] = scheme ? `${scheme} ${REDACTED}` : REDACTED;
      } else if (lower === "dpop") {
        redacted[lower] = REDACTED;
      } else {
        redacted[lower] = this.options.redactor.redact(value);
      }
    }
    return redacted;
  }
}

function stringHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined || value === null) continue;
    result[name.toLowerCase()] = String(value);
  }
  return result;
}

function truncate(text: string): string {
  return text.length > MAX_RECORDED_BODY ? `${text.slice(0, MAX_RECORDED_BODY)}… (${text.length - MAX_RECORDED_BODY} more characters)` : text;
}

/** At most `size` requests in flight; the rest queue in order. */
class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly size: number) {}
  async acquire(): Promise<void> {
    if (this.active < this.size) {
      this.active += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }
}
