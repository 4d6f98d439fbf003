import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { BugError } from "../../core/errors.js";
import type { Redactor } from "../../core/redact.js";
import { describeFailedRequest, gotNoAnswer, NetworkError, type NetworkFailure } from "../../http/network-error.js";
import { inert } from "../reporters/printable.js";
import type { RecordedExchange } from "../../http/trace.js";
import type { Dialect } from "../../templates/schema.js";
import type { ScimRequest, ScimResponse } from "../client.js";
import { curlCommand, type AuthorizationOverride, type CurlAuth } from "../curl.js";
import { ProbeFailure, type ProbeContext, type ProbeDefinition } from "../probes/types.js";
import { NOT_RUN, passes, STOPPED_MID_PROBE, toReportExchange, type ProbeResult, type ProbeStatus } from "../report.js";
import { cleanUp, type Leftover } from "./cleanup.js";
import { Ledger, OwnershipFailure, prove, type CreatedResource, type Creation } from "./ledger.js";
import { Scheduler } from "./schedule.js";
import type { PlannedProbe } from "./select.js";

/** Everything a run creates carries this prefix (users, groups, made-up ids), so people and tests can spot it. */
export const PROBE_NAME_PREFIX = "scim-okta-probe";

/** What the runner needs from the HTTP side: the ScimClient, or a fake in tests. */
export interface ScimTransport {
  send(request: ScimRequest): Promise<ScimResponse>;
}

export interface RunProbesOptions {
  plan: readonly PlannedProbe[];
  client: ScimTransport;
  /** Aborted on Ctrl-C: no new probe starts, in-flight requests finish, cleanup runs. */
  signal: AbortSignal;
  concurrency: number;
  dialect: Dialect;
  readOnly: boolean;
  emailDomain: string;
  seedUserId: string | undefined;
  /** The target template's mapped attributes, for okta-runtime/mapped-attributes (ProbeContext.mappedAttributes). */
  mappedAttributes?: ProbeContext["mappedAttributes"];
  baseUrl: string;
  curlAuth: CurlAuth;
  redactor: Redactor;
  /** Bounds of ProbeContext.eventually (default 5 attempts, 1 s apart); the delay also spaces cleanup's second look. */
  retry?: { attempts: number; delayMs: number };
  events?: {
    probeStarted?(probe: ProbeDefinition): void;
    probeFinished?(result: ProbeResult): void;
  };
  /** Register what to say if the user forces the exit mid-run (Context.beforeForcedExit). */
  beforeForcedExit?(say: () => string): () => void;
}

export interface RunOutcome {
  /** In plan order. */
  results: ProbeResult[];
  leftovers: Leftover[];
  /** Resources created and checked gone at the end. */
  removed: CreatedResource[];
  interrupted: boolean;
  /** The very first request got no answer at all: the run stopped there. */
  unreachable?: NetworkFailure & { url: string };
}

const DEFAULT_RETRY = { attempts: 5, delayMs: 1000 };

/** Thrown inside a probe's send once Ctrl-C was pressed: the probe stops, its result is "skipped". */
class RunInterrupted extends Error {
  override name = "RunInterrupted";
}

/**
 * Run the planned probes: dependency order (`after`, through the generic scheduler), independent
 * chains concurrently, every exchange attached to its probe, everything created recorded in the
 * ledger and removed at the end — also after failures, server errors and Ctrl-C. Probes may only
 * modify what the ledger owns.
 */
export async function runProbes(options: RunProbesOptions): Promise<RunOutcome> {
  return new ProbeRun(options).execute();
}

interface ProbeRecord {
  exchanges: RecordedExchange[];
  overrides: WeakMap<RecordedExchange, AuthorizationOverride>;
  notes: string[];
}

class ProbeRun {
  private readonly ledger: Ledger;
  private readonly state = new Map<string, unknown>();
  private readonly retry: { attempts: number; delayMs: number };
  private readonly scheduler: Scheduler<PlannedProbe & { id: string; after?: readonly string[] }, ProbeResult>;
  /** Until the first request got an answer only one probe runs: an unreachable server stops the run at once. */
  private firstAnswer: "pending" | "answered" | "unreachable" = "pending";
  private unreachable: RunOutcome["unreachable"];

  constructor(private readonly options: RunProbesOptions) {
    this.ledger = new Ledger(options.baseUrl, options.readOnly);
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.scheduler = new Scheduler({
      tasks: options.plan.map((entry) => ({ ...entry, id: entry.probe.id, ...(entry.probe.after ? { after: entry.probe.after } : {}) })),
      run: (task) => this.runOne(task.probe),
      verdict: (result) => (passes(result.status) ? { ok: true } : { ok: false, why: result.status === "failed" ? "failed" : "was skipped" }),
      skipped: (task, reason) => skippedResult(task.probe, reason),
      limit: () => (this.firstAnswer === "pending" ? 1 : options.concurrency),
      halt: () => {
        if (this.unreachable) return `${NOT_RUN}the SCIM server could not be reached`;
        if (options.signal.aborted) return `${NOT_RUN}interrupted (Ctrl-C)`;
        return undefined;
      },
      precondition: (task) => task.skipReason,
      missing: (_task, dependency) => `needs ${dependency}, which does not run with --dialect ${options.dialect}`,
      started: (task) => options.events?.probeStarted?.(task.probe),
      finished: (_task, result) => options.events?.probeFinished?.(result),
      signal: options.signal,
    });
  }

  async execute(): Promise<RunOutcome> {
    const withdraw = this.options.beforeForcedExit?.(() => this.leftBehind()) ?? (() => {});
    try {
      const decided = await this.scheduler.run();
      const { leftovers, removed } = await cleanUp({
        ledger: this.ledger,
        send: (request) => this.options.client.send(request),
        concurrency: this.options.concurrency,
        redactor: this.options.redactor,
        settleMs: this.retry.delayMs,
      });
      const results = this.options.plan.map((entry) => {
        const result = decided.get(entry.probe.id);
        if (!result) throw new BugError(`probe ${entry.probe.id} was never decided`);
        return result;
      });
      return {
        results,
        leftovers,
        removed,
        interrupted: this.options.signal.aborted,
        ...(this.unreachable ? { unreachable: this.unreachable } : {}),
      };
    } finally {
      withdraw();
    }
  }

  /** For a forced exit: what has not been removed (yet), by id, redacted. */
  private leftBehind(): string {
    const { resources, unknown } = this.ledger.remaining();
    if (resources.length === 0 && unknown.length === 0) return "Nothing this run created is left on the SCIM server.\n";
    const lines = [
      // Ids come from the server: one inert line each.
      ...resources.map((resource) => `  ${resource.type} ${inert(resource.id)}${resource.name ? ` (${inert(resource.name)})` : ""}`),
      ...unknown.map((creation) => `  ${creation.type} with ${creation.field} "${creation.name}" (id unknown)`),
    ];
    return this.options.redactor.redact(`Exiting without cleanup; left on the SCIM server (remove by hand):\n${lines.join("\n")}\n`);
  }

  private async runOne(probe: ProbeDefinition): Promise<ProbeResult> {
    const record: ProbeRecord = { exchanges: [], overrides: new WeakMap(), notes: [] };
    const started = performance.now();
    const base = { probe, record, started };
    try {
      const outcome = await probe.run(this.contextFor(probe, record));
      if (!outcome || outcome.status === "passed") {
        return this.result(base, "passed", [outcome?.message, ...record.notes]);
      }
      return this.result(base, outcome.status, [outcome.message, ...record.notes]);
    } catch (error) {
      if (error instanceof RunInterrupted || (this.options.signal.aborted && isAbort(error))) {
        return this.result(base, "skipped", [STOPPED_MID_PROBE]);
      }
      if (error instanceof ProbeFailure) {
        const exchange = error.details.exchange ?? record.exchanges.at(-1);
        return this.result(base, "failed", [error.message, ...record.notes], {
          expected: error.details.expected ?? null,
          actual: error.details.actual ?? null,
          curl: exchange ? this.curl(exchange, record) : null,
        });
      }
      if (error instanceof NetworkError) {
        const exchange = error.exchange ?? record.exchanges.at(-1);
        return this.result(base, "failed", [`${describeFailedRequest(error.failure)} for ${error.exchange?.method ?? "the request to"} ${error.url}`, ...record.notes], {
          expected: error.failure.answered ? "a complete answer scim-okta can read" : "an HTTP response",
          actual: `${error.failure.code}: ${error.failure.message}`,
          curl: exchange ? this.curl(exchange, record) : null,
        });
      }
      const message = error instanceof Error ? error.message : String(error);
      return this.result(base, "failed", [`the probe itself failed (a bug in scim-okta, please report it): ${message}`]);
    }
  }

  private result(
    base: { probe: ProbeDefinition; record: ProbeRecord; started: number },
    status: ProbeStatus,
    messages: readonly (string | undefined)[],
    failure: { expected: string | null; actual: string | null; curl: string | null } = { expected: null, actual: null, curl: null },
  ): ProbeResult {
    const { probe, record } = base;
    return {
      ...describe(probe),
      status,
      durationMs: Math.round(performance.now() - base.started),
      message: this.options.redactor.redact(messages.filter((text): text is string => Boolean(text)).join(" ")),
      expected: failure.expected === null ? null : this.options.redactor.redact(failure.expected),
      actual: failure.actual === null ? null : this.options.redactor.redact(failure.actual),
      curl: failure.curl,
      exchanges: record.exchanges.map(toReportExchange),
    };
  }

  private curl(exchange: RecordedExchange, record: ProbeRecord): string {
    const override = record.overrides.get(exchange);
    const safeOverride = typeof override === "string" ? this.options.redactor.redact(override) : override;
    return this.options.redactor.redact(curlCommand(exchange, this.options.curlAuth, safeOverride));
  }

  private contextFor(probe: ProbeDefinition, record: ProbeRecord): ProbeContext {
    return {
      send: (request) => this.send(probe, record, request),
      dialect: this.options.dialect,
      readOnly: this.options.readOnly,
      emailDomain: this.options.emailDomain,
      seedUserId: this.options.seedUserId,
      ...(this.options.mappedAttributes ? { mappedAttributes: this.options.mappedAttributes } : {}),
      uniqueName: (kind) => `${PROBE_NAME_PREFIX}-${kind}-${randomBytes(5).toString("hex")}`,
      state: this.state,
      eventually: (check, bounds) => this.eventually(record, check, bounds),
      signal: this.options.signal,
    };
  }

  /**
   * A probe's request: guarded, sent, recorded on the probe; the answer to a creating POST is
   * claimed by the ledger (a foreign resource fails the probe here, before it can be touched).
   */
  private async send(probe: ProbeDefinition, record: ProbeRecord, request: ScimRequest): Promise<ScimResponse> {
    if (this.options.signal.aborted) throw new RunInterrupted();
    this.ledger.guard(request, `probe ${probe.id}`);
    // The first write to an id owned on a POST's word alone: read what is there first.
    const unproven = this.ledger.proofNeeded(request);
    if (unproven) {
      const proof = await prove(this.ledger, unproven.creation, unproven.id, (read) => this.exchange(record, read).catch(unanswered));
      if (proof.kind === "foreign") throw proof.failure;
    }
    const creation = this.ledger.creationOf(request);
    const response = await this.exchange(record, request, creation);
    if (creation) await this.claim(record, creation, response);
    const disowned = this.ledger.noteRead(request, response);
    if (disowned) throw disowned;
    return response;
  }

  private async exchange(record: ProbeRecord, request: ScimRequest, creation?: Creation): Promise<ScimResponse> {
    try {
      const response = await this.options.client.send(request);
      if (this.firstAnswer === "pending") {
        this.firstAnswer = "answered";
        this.scheduler.wake();
      }
      record.exchanges.push(response.exchange);
      if (request.authorization !== undefined) record.overrides.set(response.exchange, request.authorization);
      return response;
    } catch (error) {
      if (error instanceof NetworkError) {
        if (error.exchange) {
          record.exchanges.push(error.exchange);
          if (request.authorization !== undefined) record.overrides.set(error.exchange, request.authorization);
        }
        if (this.firstAnswer === "pending" && gotNoAnswer(error.failure)) {
          this.firstAnswer = "unreachable";
          this.unreachable = { ...error.failure, url: error.url };
        }
        // The request may have reached the server and created something: cleanup looks for it.
        if (creation && mayHaveArrived(error.failure)) this.ledger.lookUp(creation, `${creation.label} got ${describeFailedRequest(error.failure)}`);
      }
      throw error;
    }
  }

  private async claim(record: ProbeRecord, creation: Creation, response: ScimResponse): Promise<void> {
    let claim = this.ledger.claim(creation, response);
    if (claim.kind === "confirm") claim = await prove(this.ledger, creation, claim.id, (read) => this.exchange(record, read).catch(unanswered));
    if (claim.kind === "foreign") throw claim.failure;
  }

  private async eventually<T>(record: ProbeRecord, check: () => Promise<T>, bounds?: { attempts?: number; delayMs?: number }): Promise<T> {
    const attempts = Math.max(1, bounds?.attempts ?? this.retry.attempts);
    const delayMs = bounds?.delayMs ?? this.retry.delayMs;
    const spacing = `${delayMs / 1000} s apart`;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const value = await check();
        if (attempt > 1) record.notes.push(`(passed on attempt ${attempt} of ${attempts}, retried ${spacing} where Okta's test pauses)`);
        return value;
      } catch (error) {
        // An ownership finding is about what the server handed back: asking again cannot change it.
        if (!(error instanceof ProbeFailure) || error instanceof OwnershipFailure) throw error;
        if (attempt >= attempts || this.options.signal.aborted) {
          if (attempt > 1) throw new ProbeFailure(`${error.message} (still so after ${attempt} attempts, ${spacing}, where Okta's test pauses)`, error.details);
          throw error;
        }
        await sleep(delayMs, undefined, { signal: this.options.signal });
      }
    }
  }
}

function describe(probe: ProbeDefinition): Pick<ProbeResult, "id" | "suite" | "title" | "required" | "reference"> {
  return { id: probe.id, suite: probe.suite, title: probe.title, required: probe.required, reference: probe.reference };
}

function skippedResult(probe: ProbeDefinition, reason: string): ProbeResult {
  return { ...describe(probe), status: "skipped", durationMs: 0, message: reason, expected: null, actual: null, curl: null, exchanges: [] };
}

/** A read that got no answer proves nothing either way. */
function unanswered(error: unknown): undefined {
  if (error instanceof NetworkError) return undefined;
  throw error;
}

/** Whether a request that failed may still have been carried out by the server. */
function mayHaveArrived(failure: NetworkFailure): boolean {
  return !["dns", "refused", "tls", "proxy", "other-origin"].includes(failure.kind);
}

function isAbort(error: unknown): boolean {
  return (error instanceof Error && error.name === "AbortError") || (error instanceof NetworkError && error.failure.kind === "aborted");
}
