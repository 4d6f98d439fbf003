/**
 * Okta's rate limits (research/okta-api.md §8, §14): each answer carries X-Rate-Limit-Limit,
 * -Remaining and -Reset (epoch seconds, server clock) for the endpoint's bucket. We slow down as
 * Remaining falls — spreading what is left evenly until the reset — so that a 429 is rare, and
 * on a 429 wait until the reset before retrying. Pure: the caller owns the clock and the sleeping.
 */

/** Below this share of the bucket left, requests are spaced out. */
const SLOW_DOWN_BELOW = 0.5;
/** Date and X-Rate-Limit-Reset have second precision: wait one more second, as Okta's SDKs do. */
const CLOCK_MARGIN_MS = 1_000;
/** Without usable headers, a 429 is retried after 1 s, 2 s, 4 s, … */
const FALLBACK_BACKOFF_MS = 1_000;

interface BucketState {
  limit: number;
  remaining: number;
  /** When the bucket refills, on our clock. */
  resetAtMs: number;
  /** The earliest time the next paced request may go (requests in flight reserve their slot). */
  nextSlotMs: number;
}

interface RateLimitHeaders {
  get(name: string): string | null | undefined;
}

export class RateLimitPacer {
  private readonly buckets = new Map<string, BucketState>();

  /** How long to wait before sending a request to `bucket`; reserves its slot. */
  delayBefore(bucket: string, nowMs: number): number {
    const state = this.buckets.get(bucket);
    if (!state) return 0;
    if (nowMs >= state.resetAtMs) {
      this.buckets.delete(bucket);
      return 0;
    }
    const untilReset = state.resetAtMs - nowMs;
    if (state.remaining <= 0) {
      const start = Math.max(state.resetAtMs + CLOCK_MARGIN_MS, state.nextSlotMs);
      state.nextSlotMs = start;
      return start - nowMs;
    }
    if (state.remaining / Math.max(state.limit, 1) > SLOW_DOWN_BELOW) {
      state.remaining -= 1;
      return 0;
    }
    const spacing = untilReset / state.remaining;
    const start = Math.max(nowMs, state.nextSlotMs);
    state.nextSlotMs = start + spacing;
    state.remaining -= 1;
    return start - nowMs;
  }

  /** Record what an answer says about its bucket. */
  observe(bucket: string, headers: RateLimitHeaders, receivedAtMs: number): void {
    const limit = firstNumber(headers.get("x-rate-limit-limit"));
    const remaining = firstNumber(headers.get("x-rate-limit-remaining"));
    const resetAtMs = resetTime(headers, receivedAtMs);
    if (limit === undefined || remaining === undefined || resetAtMs === undefined) return;
    const previous = this.buckets.get(bucket);
    this.buckets.set(bucket, {
      limit,
      // Answers overtake each other: within one window, the lowest count is the latest.
      remaining: previous && previous.resetAtMs === resetAtMs ? Math.min(previous.remaining, remaining) : remaining,
      resetAtMs,
      nextSlotMs: previous?.nextSlotMs ?? receivedAtMs,
    });
  }

  /**
   * How long to wait after a 429 before retrying: until X-Rate-Limit-Reset (measured against the
   * answer's Date header, so our clock's skew does not matter), else an exponential backoff.
   */
  retryDelay(bucket: string, headers: RateLimitHeaders, receivedAtMs: number, attempt: number): number {
    const resetAtMs = resetTime(headers, receivedAtMs);
    const state = this.buckets.get(bucket);
    if (state) state.remaining = 0;
    if (resetAtMs === undefined || resetAtMs < receivedAtMs) return FALLBACK_BACKOFF_MS * 2 ** attempt;
    return resetAtMs - receivedAtMs + CLOCK_MARGIN_MS;
  }
}

/**
 * Okta's bucket for a request, close enough to its rate-limit table (terraform-provider-okta's
 * rate_limit_lines.go): an app by id has its own bucket; its sub-resources share /api/v1/apps;
 * mappings and schemas share /api/v1.
 */
export function rateLimitBucket(method: string, path: string): string {
  const pathname = path.split("?")[0] ?? path;
  const verb = method.toUpperCase();
  if (/^\/api\/v1\/apps\/[^/]+$/.test(pathname)) return verb === "DELETE" ? "DELETE /api/v1/apps/{id}" : "/api/v1/apps/{id}";
  for (const prefix of ["/api/v1/apps", "/api/v1/users", "/api/v1/groups", "/api/v1/meta/types/user", "/oauth2/v1/token"]) {
    if (pathname === prefix || pathname.startsWith(`${prefix}/`)) return prefix;
  }
  return "/api/v1";
}

/** The reset instant on our clock: reset − Date (the server's own clock) + when we received it. */
function resetTime(headers: RateLimitHeaders, receivedAtMs: number): number | undefined {
  const reset = firstNumber(headers.get("x-rate-limit-reset"));
  if (reset === undefined) return undefined;
  const serverNow = Date.parse(headers.get("date") ?? "");
  if (Number.isNaN(serverNow)) return reset * 1000;
  return receivedAtMs + (reset * 1000 - serverNow);
}

/** Duplicated headers arrive joined by commas (OKTA-112507): take the first number. */
function firstNumber(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const first = Number(value.split(",")[0]?.trim());
  return Number.isFinite(first) ? first : undefined;
}
