/**
 * Okta's per-bucket rate limits (research/okta-api.md §8, §14): each answer carries
 * X-Rate-Limit-Limit / -Remaining / -Reset (UTC epoch seconds), and a request past the limit in
 * the current minute gets 429 E0000047. Windows are fixed minutes from the bucket's first request.
 */
export type RateLimitBucket = "apps" | "app" | "users" | "user" | "groups" | "userTypes" | "api" | "token";

/** Limits seen on real orgs (research §14); `rateLimit` replaces them all. */
const DEFAULT_BUCKET_LIMITS: Readonly<Record<RateLimitBucket, number>> = {
  apps: 100,
  app: 500,
  users: 600,
  user: 2000,
  groups: 500,
  userTypes: 500,
  api: 500,
  token: 600,
};

interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

export class RateLimiter {
  private readonly windows = new Map<RateLimitBucket, { resetAt: number; count: number }>();

  constructor(
    private readonly now: () => Date,
    private readonly perMinute: number | undefined,
  ) {}

  take(bucket: RateLimitBucket): RateDecision {
    const limit = this.perMinute ?? DEFAULT_BUCKET_LIMITS[bucket];
    const nowMs = this.now().getTime();
    let window = this.windows.get(bucket);
    if (!window || nowMs >= window.resetAt) {
      window = { resetAt: nowMs + 60_000, count: 0 };
      this.windows.set(bucket, window);
    }
    window.count += 1;
    const allowed = window.count <= limit;
    return {
      allowed,
      headers: {
        "X-Rate-Limit-Limit": String(limit),
        "X-Rate-Limit-Remaining": String(Math.max(0, limit - window.count)),
        "X-Rate-Limit-Reset": String(Math.ceil(window.resetAt / 1000)),
      },
    };
  }
}
