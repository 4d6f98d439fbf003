/**
 * One request's time limit joined with the caller's abort signal (Ctrl-C), released as soon as the
 * request is over. `AbortSignal.timeout` + `AbortSignal.any` would do the same, but their timer and
 * listeners live on for the whole limit (60 s by default) after every request: thousands of them in
 * a probe run. The timeout aborts with a `TimeoutError`, as `AbortSignal.timeout` does.
 */
export interface Deadline {
  signal: AbortSignal;
  /** The request is over (answered and read, or failed): stop the timer, let go of the caller's signal. */
  release(): void;
}

export function deadline(timeoutMs: number, outer?: AbortSignal): Deadline {
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(outer?.reason);
  const timer = setTimeout(() => controller.abort(new DOMException(`The operation was aborted due to timeout`, "TimeoutError")), timeoutMs);
  timer.unref();
  if (outer?.aborted) controller.abort(outer.reason);
  else outer?.addEventListener("abort", onOuterAbort, { once: true });
  return {
    signal: controller.signal,
    release() {
      clearTimeout(timer);
      outer?.removeEventListener("abort", onOuterAbort);
    },
  };
}
