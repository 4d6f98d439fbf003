import { describe, expect, it } from "vitest";
import { RateLimitPacer, rateLimitBucket } from "../../src/okta/rate-limit.js";

const T0 = Date.UTC(2026, 10, 29, 12, 0, 0);

function headers(values: Record<string, string>) {
  const map = new Map(Object.entries(values).map(([name, value]) => [name.toLowerCase(), value]));
  return { get: (name: string) => map.get(name.toLowerCase()) ?? null };
}

/** An Okta answer at `at` (ms on our clock), whose server clock runs `skewMs` ahead of ours. */
function answer(limit: number, remaining: number, resetInSeconds: number, at = T0, skewMs = 0) {
  const serverNow = at + skewMs;
  return headers({
    "X-Rate-Limit-Limit": String(limit),
    "X-Rate-Limit-Remaining": String(remaining),
    "X-Rate-Limit-Reset": String(Math.floor(serverNow / 1000) + resetInSeconds),
    Date: new Date(serverNow).toUTCString(),
  });
}

describe("pacing by X-Rate-Limit-Remaining", () => {
  it("does not wait while more than half the bucket is left", () => {
    const pacer = new RateLimitPacer();
    pacer.observe("/api/v1/apps", answer(50, 40, 60), T0);
    expect(pacer.delayBefore("/api/v1/apps", T0)).toBe(0);
    expect(pacer.delayBefore("/api/v1/apps", T0)).toBe(0);
  });

  it("spreads what is left evenly until the reset once below half, and the spacing grows as it falls", () => {
    const pacer = new RateLimitPacer();
    pacer.observe("/api/v1/apps", answer(50, 20, 60), T0);
    const first = pacer.delayBefore("/api/v1/apps", T0);
    const second = pacer.delayBefore("/api/v1/apps", T0);
    expect(first).toBe(0);
    expect(second).toBe(3_000); // 60 s over 20 requests
    const fewer = new RateLimitPacer();
    fewer.observe("/api/v1/apps", answer(50, 5, 60), T0);
    fewer.delayBefore("/api/v1/apps", T0);
    expect(fewer.delayBefore("/api/v1/apps", T0)).toBe(12_000); // 60 s over 5
  });

  it("waits for the reset (plus a second for clock precision) when nothing is left", () => {
    const pacer = new RateLimitPacer();
    pacer.observe("/api/v1/apps", answer(50, 0, 30), T0);
    expect(pacer.delayBefore("/api/v1/apps", T0)).toBe(31_000);
  });

  it("measures the reset against Okta's Date header, so our clock's skew does not matter", () => {
    const pacer = new RateLimitPacer();
    pacer.observe("/api/v1/apps", answer(50, 0, 30, T0, 3_600_000), T0);
    expect(pacer.delayBefore("/api/v1/apps", T0)).toBe(31_000);
  });

  it("buckets are separate, and a bucket whose reset passed is fresh again", () => {
    const pacer = new RateLimitPacer();
    pacer.observe("/api/v1/apps", answer(50, 0, 30), T0);
    expect(pacer.delayBefore("/api/v1/users", T0)).toBe(0);
    expect(pacer.delayBefore("/api/v1/apps", T0 + 31_000)).toBe(0);
  });

  it("answers that overtake each other: the lowest Remaining in one window counts", () => {
    const pacer = new RateLimitPacer();
    pacer.observe("/api/v1/apps", answer(50, 0, 30), T0);
    pacer.observe("/api/v1/apps", answer(50, 45, 30), T0);
    expect(pacer.delayBefore("/api/v1/apps", T0)).toBe(31_000);
  });

  it("ignores answers without the headers", () => {
    const pacer = new RateLimitPacer();
    pacer.observe("/api/v1/apps", headers({}), T0);
    expect(pacer.delayBefore("/api/v1/apps", T0)).toBe(0);
  });
});

describe("after a 429", () => {
  it("waits until X-Rate-Limit-Reset", () => {
    const pacer = new RateLimitPacer();
    expect(pacer.retryDelay("/api/v1/apps", answer(50, 0, 12), T0, 0)).toBe(13_000);
  });

  it("takes the first value of a duplicated header (OKTA-112507)", () => {
    const pacer = new RateLimitPacer();
    const reset = String(Math.floor(T0 / 1000) + 5);
    const duplicated = headers({ "X-Rate-Limit-Reset": `${reset}, ${reset}`, Date: new Date(T0).toUTCString() });
    expect(pacer.retryDelay("/api/v1/apps", duplicated, T0, 0)).toBe(6_000);
  });

  it("backs off exponentially when the answer says nothing usable", () => {
    const pacer = new RateLimitPacer();
    expect([0, 1, 2].map((attempt) => pacer.retryDelay("/api/v1/apps", headers({}), T0, attempt))).toEqual([1_000, 2_000, 4_000]);
  });
});

describe("Okta's buckets", () => {
  it.each([
    ["GET", "/api/v1/apps/0oa1", "/api/v1/apps/{id}"],
    ["PUT", "/api/v1/apps/0oa1", "/api/v1/apps/{id}"],
    ["DELETE", "/api/v1/apps/0oa1", "DELETE /api/v1/apps/{id}"],
    ["GET", "/api/v1/apps?q=x", "/api/v1/apps"],
    ["PUT", "/api/v1/apps/0oa1/features/USER_PROVISIONING", "/api/v1/apps"],
    ["POST", "/api/v1/apps/0oa1/group-push/mappings", "/api/v1/apps"],
    ["GET", "/api/v1/mappings?targetId=0oa1", "/api/v1"],
    ["POST", "/api/v1/meta/schemas/apps/0oa1/default", "/api/v1"],
    ["GET", "/api/v1/meta/types/user", "/api/v1/meta/types/user"],
    ["GET", "/api/v1/users/rae%40example.com", "/api/v1/users"],
    ["GET", "/api/v1/groups?q=Eng", "/api/v1/groups"],
  ])("%s %s → %s", (method, path, bucket) => {
    expect(rateLimitBucket(method, path)).toBe(bucket);
  });
});
