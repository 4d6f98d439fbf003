import { describe, expect, test } from "vitest";
import { Scheduler, type ScheduledTask, type Verdict } from "../../src/scim/run/schedule.js";

/** Steps of a plan, as setup's apply has them: nothing SCIM about them. */
interface Step extends ScheduledTask {
  outcome: "applied" | "failed" | "pending";
}

type Result = { status: "applied" | "failed" | "pending" | "skipped"; note?: string };

function schedule(steps: Step[], options: { limit?: number; halt?: () => string | undefined } = {}) {
  const order: string[] = [];
  let running = 0;
  let most = 0;
  const scheduler = new Scheduler<Step, Result>({
    tasks: steps,
    run: async (step) => {
      order.push(step.id);
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
      return { status: step.outcome };
    },
    verdict: (result): Verdict => (result.status === "applied" ? { ok: true } : { ok: false, why: result.status === "pending" ? "waits for a manual step" : result.status === "failed" ? "failed" : "was skipped" }),
    skipped: (_step, note) => ({ status: "skipped", note }),
    limit: () => options.limit ?? 2,
    missing: (_step, dependency) => `needs ${dependency}, which is not in the plan`,
    ...(options.halt ? { halt: options.halt } : {}),
  });
  return { run: scheduler.run(), order, most: () => most };
}

describe("the dependency scheduler (generic: setup's apply uses it as probes do)", () => {
  test("runs each step after what it needs, independent ones side by side up to the limit, and says why the rest did not run", async () => {
    const { run, order, most } = schedule([
      { id: "app", outcome: "applied" },
      { id: "connection", outcome: "pending", after: ["app"] },
      { id: "to-app", outcome: "applied", after: ["connection"] },
      { id: "username-format", outcome: "applied", after: ["app"] },
      { id: "mappings", outcome: "failed", after: ["app"] },
      { id: "group-push", outcome: "applied", after: ["mappings"] },
      { id: "assignments", outcome: "applied", after: ["to-app", "group-push"] },
      { id: "canary", outcome: "applied", after: ["nowhere"] },
    ]);
    const results = await run;

    expect(order[0]).toBe("app");
    expect(most()).toBe(2);
    expect(Object.fromEntries([...results].map(([id, result]) => [id, result.note ?? result.status]))).toEqual({
      app: "applied",
      connection: "pending",
      "to-app": "needs connection, which waits for a manual step",
      "username-format": "applied",
      mappings: "failed",
      "group-push": "needs mappings, which failed",
      assignments: "needs to-app, which was skipped",
      canary: "needs nowhere, which is not in the plan",
    });
  });

  test("once halted, nothing more starts, and every step that had not started says why", async () => {
    const state: { halted?: string } = {};
    const { run } = schedule(
      [
        { id: "first", outcome: "applied" },
        { id: "second", outcome: "applied", after: ["first"] },
      ],
      { halt: () => state.halted },
    );
    // "first" is already running (it started at once): it finishes; "second" never starts.
    state.halted = "interrupted (Ctrl-C)";
    const results = await run;
    expect([...results.values()].map((result) => result.note ?? result.status)).toEqual(["applied", "interrupted (Ctrl-C)"]);
  });
});
