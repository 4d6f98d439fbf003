import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { deadline } from "../../src/http/deadline.js";
import { classifyNetworkError } from "../../src/http/network-error.js";

describe("a request's deadline", () => {
  it("aborts with a TimeoutError, which reads as a timeout", async () => {
    const limit = deadline(20);
    await new Promise((resolve) => limit.signal.addEventListener("abort", resolve, { once: true }));
    expect(limit.signal.reason).toMatchObject({ name: "TimeoutError" });
    expect(classifyNetworkError(limit.signal.reason).kind).toBe("timeout");
    limit.release();
  });

  it("follows the caller's abort (Ctrl-C), already aborted or later, with the caller's reason", () => {
    const outer = new AbortController();
    const limit = deadline(60_000, outer.signal);
    outer.abort(new Error("interrupted"));
    expect(limit.signal.aborted).toBe(true);
    expect((limit.signal.reason as Error).message).toBe("interrupted");
    limit.release();
    expect(deadline(60_000, outer.signal).signal.aborted).toBe(true);
  });

  it("lets go of the caller's signal and stops its clock once the request is over", async () => {
    const outer = new AbortController();
    const limits = Array.from({ length: 200 }, () => deadline(30, outer.signal));
    expect(getEventListeners(outer.signal, "abort")).toHaveLength(200);
    for (const limit of limits) limit.release();
    expect(getEventListeners(outer.signal, "abort")).toHaveLength(0);
    // Released: neither the time limit nor the caller's later abort reaches them.
    await new Promise((resolve) => setTimeout(resolve, 60));
    outer.abort();
    expect(limits.filter((limit) => limit.signal.aborted)).toHaveLength(0);
  });
});
