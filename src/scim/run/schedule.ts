/*
 * A generic dependency scheduler: tasks with `after` chains, run as soon as what they need has
 * succeeded, independent chains side by side up to a limit, and "skipped: needs X, which failed"
 * for the rest. It knows nothing about SCIM: probes use it, and so will setup's apply (plan steps
 * that wait on a manual step are skipped with the reason, not failed).
 */

/** A unit of work: a probe, a step of a plan. */
export interface ScheduledTask {
  id: string;
  /** Ids of tasks that must have succeeded first. */
  after?: readonly string[];
}

/** Whether the dependants of a finished task may run, and if not why ("failed", "was skipped"). */
export type Verdict = { ok: true } | { ok: false; why: string };

export interface ScheduleOptions<T extends ScheduledTask, R> {
  /** In order of preference: among ready tasks, the first starts first. */
  tasks: readonly T[];
  /** Does the work; a failure is a result, not a rejection. */
  run(task: T): Promise<R>;
  verdict(result: R): Verdict;
  /** The result of a task that will not run. */
  skipped(task: T, reason: string): R;
  /** How many tasks may run at once now; it may change between calls (call wake() when it does). */
  limit(): number;
  /** A reason to start nothing more (Ctrl-C, an unreachable server), checked before every start. */
  halt?(): string | undefined;
  /** A reason this task will not run, known before the run (e.g. deselected). */
  precondition?(task: T): string | undefined;
  /** The skip reason for a task whose dependency is not among the tasks. */
  missing(task: T, dependency: string): string;
  started?(task: T): void;
  finished?(task: T, result: R): void;
  /** An abort re-examines the waiting tasks at once (halt() then says why). */
  signal?: AbortSignal;
}

export class Scheduler<T extends ScheduledTask, R> {
  private readonly results = new Map<string, R>();
  private readonly ids: ReadonlySet<string>;
  private pump: () => void = () => {};

  constructor(private readonly options: ScheduleOptions<T, R>) {
    this.ids = new Set(options.tasks.map((task) => task.id));
  }

  /** Every task's result, by id, once all have run or been skipped. */
  run(): Promise<ReadonlyMap<string, R>> {
    const waiting = [...this.options.tasks];
    let running = 0;
    const { signal } = this.options;
    return new Promise((resolve) => {
      const pump = () => {
        let changed = true;
        while (changed) {
          changed = false;
          for (let index = 0; index < waiting.length; index += 1) {
            const task = waiting[index];
            if (!task) continue;
            const readiness = this.readiness(task);
            if (readiness === "wait") continue;
            if (readiness !== "ready") {
              waiting.splice(index, 1);
              index -= 1;
              this.finish(task, this.options.skipped(task, readiness.skip));
              changed = true;
              continue;
            }
            if (running >= this.options.limit()) continue;
            waiting.splice(index, 1);
            index -= 1;
            running += 1;
            this.options.started?.(task);
            void this.options.run(task).then((result) => {
              running -= 1;
              this.finish(task, result);
              pump();
            });
          }
        }
        if (waiting.length === 0 && running === 0) {
          signal?.removeEventListener("abort", pump);
          resolve(this.results);
        }
      };
      this.pump = pump;
      signal?.addEventListener("abort", pump);
      pump();
    });
  }

  /** Look at the waiting tasks again (the limit or halt() changed). */
  wake(): void {
    queueMicrotask(() => this.pump());
  }

  private readiness(task: T): "ready" | "wait" | { skip: string } {
    const halted = this.options.halt?.();
    if (halted !== undefined) return { skip: halted };
    const precondition = this.options.precondition?.(task);
    if (precondition !== undefined) return { skip: precondition };
    for (const dependency of task.after ?? []) {
      if (!this.ids.has(dependency)) return { skip: this.options.missing(task, dependency) };
      const result = this.results.get(dependency);
      if (result === undefined) return "wait";
      const verdict = this.options.verdict(result);
      if (!verdict.ok) return { skip: `needs ${dependency}, which ${verdict.why}` };
    }
    return "ready";
  }

  private finish(task: T, result: R): void {
    this.results.set(task.id, result);
    this.options.finished?.(task, result);
  }
}
