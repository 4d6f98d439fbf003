import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { editDistance } from "../core/did-you-mean.js";
import { BugError, UsageError } from "../core/errors.js";
import type { Redactor } from "../core/redact.js";
import { describeFailedRequest, describeNetworkFailure, gotNoAnswer, NetworkError, type NetworkFailure } from "../http/network-error.js";
import type { RecordedExchange } from "../http/trace.js";
import type { Dialect } from "../templates/schema.js";
import { isSuccess, type ScimRequest, type ScimResponse } from "./client.js";
import { isJsonObject } from "./json.js";
import { curlCommand, type AuthorizationOverride, type CurlAuth } from "./curl.js";
import { ProbeFailure, SUITES, type CreatedResource, type ProbeContext, type ProbeDefinition, type SuiteId } from "./probes/types.js";
import { toReportExchange, type ProbeResult, type ProbeStatus, type RunReport } from "./report.js";
import { PATCH_OP_SCHEMA } from "./urns.js";

/** Everything a run creates carries this prefix (users, groups, made-up ids), so people and tests can spot it. */
export const PROBE_NAME_PREFIX = "scim-okta-probe";

// ---------------------------------------------------------------------------------------------
// Selection (pure)
// ---------------------------------------------------------------------------------------------

export interface SelectionOptions {
  suites: readonly SuiteId[];
  /** Ids or globs (`okta-spec/*`); dependencies of the chosen probes are pulled in. */
  only: readonly string[];
  skip: readonly string[];
  readOnly: boolean;
  dialect: Dialect;
}

/** A probe the run will report on, and why it will not run when it will not. */
export interface PlannedProbe {
  probe: ProbeDefinition;
  skipReason?: string;
}

/** `--suite okta-spec,rfc` → suite ids; an unknown name is bad input naming --suite. */
export function parseSuites(list: string): SuiteId[] {
  const names = list
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 0) throw new UsageError("--suite is empty", `choose from ${SUITES.join(", ")}`);
  const unknown = names.filter((name) => !(SUITES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new UsageError(`--suite ${unknown.map((name) => `"${name}"`).join(", ")} is not a suite`, `choose from ${SUITES.join(", ")} (comma-separated)`);
  }
  return [...new Set(names)] as SuiteId[];
}

/**
 * Decide which probes run, in catalogue order. Unknown ids and globs that match nothing are bad
 * input (a typo in CI must not silently run or skip the wrong thing).
 */
export function selectProbes(catalogue: readonly ProbeDefinition[], options: SelectionOptions): PlannedProbe[] {
  const byId = indexCatalogue(catalogue);
  const applies = (probe: ProbeDefinition) =>
    options.suites.includes(probe.suite) && (probe.dialects === undefined || probe.dialects.includes(options.dialect));

  const onlyIds = matchPatterns("--only", options.only, catalogue, applies, options);
  const skipIds = matchPatterns("--skip", options.skip, catalogue, applies, options);

  let chosen: Set<string>;
  if (onlyIds.size > 0) {
    chosen = new Set();
    const pull = (id: string) => {
      const probe = byId.get(id);
      if (!probe || chosen.has(id) || !applies(probe)) return;
      chosen.add(id);
      for (const dependency of probe.after ?? []) pull(dependency);
    };
    for (const id of onlyIds) pull(id);
  } else {
    chosen = new Set(catalogue.filter(applies).map((probe) => probe.id));
  }

  return catalogue
    .filter((probe) => chosen.has(probe.id))
    .map((probe): PlannedProbe => {
      if (skipIds.has(probe.id)) return { probe, skipReason: "skipped by --skip" };
      if (options.readOnly && !probe.readOnly) return { probe, skipReason: "sends write requests; --read-only allows only GET" };
      return { probe };
    });
}

function indexCatalogue(catalogue: readonly ProbeDefinition[]): Map<string, ProbeDefinition> {
  const byId = new Map<string, ProbeDefinition>();
  for (const probe of catalogue) {
    if (byId.has(probe.id)) throw new BugError(`probe id ${probe.id} is defined twice`);
    byId.set(probe.id, probe);
  }
  for (const probe of catalogue) {
    for (const dependency of probe.after ?? []) {
      if (!byId.has(dependency)) throw new BugError(`probe ${probe.id} runs after ${dependency}, which does not exist`);
    }
  }
  return byId;
}

function matchPatterns(
  flag: string,
  patterns: readonly string[],
  catalogue: readonly ProbeDefinition[],
  applies: (probe: ProbeDefinition) => boolean,
  options: SelectionOptions,
): Set<string> {
  const ids = new Set<string>();
  for (const pattern of patterns) {
    if (/[*?]/.test(pattern)) {
      const matcher = globToRegExp(pattern);
      const matches = catalogue.filter((probe) => matcher.test(probe.id) && applies(probe));
      if (matches.length === 0) {
        throw new UsageError(`${flag} ${pattern} matches no probe in the selected suites`, 'run "scim-okta probe --list" to see the probe ids');
      }
      for (const probe of matches) ids.add(probe.id);
      continue;
    }
    const probe = catalogue.find((candidate) => candidate.id === pattern);
    if (!probe) {
      const close = closeIds(pattern, catalogue.map((candidate) => candidate.id));
      throw new UsageError(
        `${flag} ${pattern} is not a probe id`,
        close.length > 0 ? `did you mean ${close.join(", ")}? ("scim-okta probe --list" shows them all)` : 'run "scim-okta probe --list" to see the probe ids',
      );
    }
    if (!options.suites.includes(probe.suite)) {
      throw new UsageError(`${flag} ${pattern} is in suite ${probe.suite}, which --suite ${options.suites.join(",")} leaves out`, `add ${probe.suite} to --suite`);
    }
    if (!applies(probe)) {
      throw new UsageError(
        `${flag} ${pattern} applies to the ${probe.dialects?.join("/") ?? ""} dialect, not ${options.dialect}`,
        `pass --dialect ${probe.dialects?.[0] ?? "oin"}`,
      );
    }
    ids.add(probe.id);
  }
  return ids;
}

/** `*` matches any run of characters (slashes included), `?` one character; the rest is literal. */
function globToRegExp(glob: string): RegExp {
  const source = [...glob].map((character) => (character === "*" ? ".*" : character === "?" ? "." : character.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join("");
  return new RegExp(`^${source}$`);
}

/** Ids a typo was probably meant to be: containing it, or a few edits away. */
function closeIds(wanted: string, ids: readonly string[]): string[] {
  const needle = wanted.toLowerCase();
  const scored = ids
    .map((id) => {
      const lower = id.toLowerCase();
      const tail = lower.slice(lower.indexOf("/") + 1);
      const distance = Math.min(editDistance(needle, lower), editDistance(needle, tail));
      const contains = lower.includes(needle) || (needle.length >= 4 && needle.includes(tail));
      return { id, score: contains ? 0 : distance };
    })
    .filter((entry) => entry.score <= Math.max(3, Math.floor(wanted.length / 4)))
    .sort((a, b) => a.score - b.score || a.id.localeCompare(b.id));
  return scored.slice(0, 3).map((entry) => entry.id);
}

// ---------------------------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------------------------

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
  baseUrl: string;
  curlAuth: CurlAuth;
  redactor: Redactor;
  /** Bounds of ProbeContext.eventually (default 5 attempts, 1 s apart). */
  retry?: { attempts: number; delayMs: number };
  events?: {
    probeStarted?(probe: ProbeDefinition): void;
    probeFinished?(result: ProbeResult): void;
  };
}

export type Leftover = RunReport["leftovers"][number];

export interface RunOutcome {
  /** In plan order. */
  results: ProbeResult[];
  leftovers: Leftover[];
  /** Resources created and then removed at the end. */
  removed: CreatedResource[];
  interrupted: boolean;
  /** The very first request got no answer at all: the run stopped there. */
  unreachable?: NetworkFailure & { url: string };
}

const DEFAULT_RETRY = { attempts: 5, delayMs: 1000 };
const OK_STATUSES: ReadonlySet<ProbeStatus> = new Set(["passed", "warned"]);

/** Thrown inside a probe's send once Ctrl-C was pressed: the probe stops, its result is "skipped". */
class RunInterrupted extends Error {
  override name = "RunInterrupted";
}

/**
 * Run the planned probes: dependency order (`after`), independent chains concurrently, every
 * exchange attached to its probe, cleanup of everything created at the end — also after failures,
 * server errors and Ctrl-C. Probes may only modify what this run created.
 */
export async function runProbes(options: RunProbesOptions): Promise<RunOutcome> {
  const run = new ProbeRun(options);
  return run.execute();
}

interface ProbeRecord {
  exchanges: RecordedExchange[];
  overrides: WeakMap<RecordedExchange, AuthorizationOverride>;
  notes: string[];
}

class ProbeRun {
  private readonly results = new Map<string, ProbeResult>();
  private readonly created: CreatedResource[] = [];
  private readonly createdKeys = new Set<string>();
  private readonly unnamedCreations: Leftover[] = [];
  private readonly state = new Map<string, unknown>();
  private readonly planned: ReadonlyMap<string, PlannedProbe>;
  private readonly retry: { attempts: number; delayMs: number };
  /** Until the first request got an answer only one probe runs: an unreachable server stops the run at once. */
  private firstAnswer: "pending" | "answered" | "unreachable" = "pending";
  private unreachable: RunOutcome["unreachable"];
  /** Re-examines the waiting probes; set while the schedule runs. */
  private wake: () => void = () => {};

  constructor(private readonly options: RunProbesOptions) {
    this.planned = new Map(options.plan.map((entry) => [entry.probe.id, entry]));
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  async execute(): Promise<RunOutcome> {
    await this.schedule();
    const { leftovers, removed } = await this.cleanUp();
    const results = this.options.plan.map((entry) => {
      const result = this.results.get(entry.probe.id);
      if (!result) throw new BugError(`probe ${entry.probe.id} was never decided`);
      return result;
    });
    return {
      results,
      leftovers: [...this.unnamedCreations, ...leftovers],
      removed,
      interrupted: this.options.signal.aborted,
      ...(this.unreachable ? { unreachable: this.unreachable } : {}),
    };
  }

  private schedule(): Promise<void> {
    const waiting = [...this.options.plan];
    let running = 0;
    return new Promise((resolve) => {
      const pump = () => {
        let changed = true;
        while (changed) {
          changed = false;
          for (let index = 0; index < waiting.length; index += 1) {
            const entry = waiting[index];
            if (!entry) continue;
            const verdict = this.readiness(entry);
            if (verdict === "wait") continue;
            if (verdict !== "ready") {
              waiting.splice(index, 1);
              index -= 1;
              this.finish(this.skippedResult(entry.probe, verdict.skip));
              changed = true;
              continue;
            }
            const limit = this.firstAnswer === "pending" ? 1 : this.options.concurrency;
            if (running >= limit) continue;
            waiting.splice(index, 1);
            index -= 1;
            running += 1;
            this.options.events?.probeStarted?.(entry.probe);
            void this.runOne(entry.probe).then((result) => {
              running -= 1;
              this.finish(result);
              pump();
            });
          }
        }
        if (waiting.length === 0 && running === 0) {
          this.options.signal.removeEventListener("abort", pump);
          resolve();
        }
      };
      this.wake = pump;
      this.options.signal.addEventListener("abort", pump);
      pump();
    });
  }

  private readiness(entry: PlannedProbe): "ready" | "wait" | { skip: string } {
    if (this.unreachable) return { skip: "not run: the SCIM server could not be reached" };
    if (this.options.signal.aborted) return { skip: "not run: interrupted (Ctrl-C)" };
    if (entry.skipReason) return { skip: entry.skipReason };
    for (const dependency of entry.probe.after ?? []) {
      if (!this.planned.has(dependency)) return { skip: `needs ${dependency}, which does not run with --dialect ${this.options.dialect}` };
      const result = this.results.get(dependency);
      if (!result) return "wait";
      if (!OK_STATUSES.has(result.status)) {
        return { skip: `needs ${dependency}, which ${result.status === "failed" ? "failed" : "was skipped"}` };
      }
    }
    return "ready";
  }

  private finish(result: ProbeResult): void {
    this.results.set(result.id, result);
    this.options.events?.probeFinished?.(result);
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
        return this.result(base, "skipped", ["interrupted (Ctrl-C) before the probe finished"]);
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

  private skippedResult(probe: ProbeDefinition, reason: string): ProbeResult {
    return { ...describe(probe), status: "skipped", durationMs: 0, message: reason, expected: null, actual: null, curl: null, exchanges: [] };
  }

  private curl(exchange: RecordedExchange, record: ProbeRecord): string {
    const override = record.overrides.get(exchange);
    const safeOverride = typeof override === "string" ? this.options.redactor.redact(override) : override;
    return this.options.redactor.redact(curlCommand(exchange, this.options.curlAuth, safeOverride));
  }

  private contextFor(probe: ProbeDefinition, record: ProbeRecord): ProbeContext {
    const { signal } = this.options;
    return {
      send: (request) => this.send(probe, record, request),
      dialect: this.options.dialect,
      readOnly: this.options.readOnly,
      emailDomain: this.options.emailDomain,
      seedUserId: this.options.seedUserId,
      uniqueName: (kind) => `${PROBE_NAME_PREFIX}-${kind}-${randomBytes(5).toString("hex")}`,
      created: (resource) => this.registerCreated(resource),
      state: this.state,
      eventually: (check, bounds) => this.eventually(record, check, bounds),
      signal,
    };
  }

  private async send(probe: ProbeDefinition, record: ProbeRecord, request: ScimRequest): Promise<ScimResponse> {
    if (this.options.signal.aborted) throw new RunInterrupted();
    this.guardWrite(probe, request);
    try {
      const response = await this.options.client.send(request);
      if (this.firstAnswer === "pending") {
        this.firstAnswer = "answered";
        queueMicrotask(() => this.wake());
      }
      record.exchanges.push(response.exchange);
      if (request.authorization !== undefined) record.overrides.set(response.exchange, request.authorization);
      this.noticeCreation(request, response);
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
      }
      throw error;
    }
  }

  /** --read-only sends only GETs; PUT/PATCH/DELETE only reach resources this run created. */
  private guardWrite(probe: ProbeDefinition, request: ScimRequest): void {
    if (request.method === "GET") return;
    if (this.options.readOnly) {
      throw new ProbeFailure(`refused to send ${request.method} ${request.path}: --read-only allows only GET (a bug in probe ${probe.id})`);
    }
    if (request.method === "POST") return;
    const target = resourceOf(request.path, this.options.baseUrl);
    if (!target) {
      // What cannot be classified cannot be proven ours: a PUT/PATCH/DELETE elsewhere is refused.
      throw new ProbeFailure(
        `refused to send ${request.method} ${request.path}: not a /Users/{id} or /Groups/{id} of ${this.options.baseUrl}, so this run cannot tell it created it (a bug in probe ${probe.id})`,
      );
    }
    const mine = this.createdKeys.has(`${target.type}/${target.id}`) || target.id.startsWith(PROBE_NAME_PREFIX);
    if (!mine) {
      throw new ProbeFailure(
        `refused to send ${request.method} ${request.path}: this run did not create ${target.type} ${target.id}, and probes never modify what they did not create (a bug in probe ${probe.id})`,
      );
    }
  }

  /** Anything a POST created is cleaned up, even when the probe expected the server to refuse it. */
  private noticeCreation(request: ScimRequest, response: ScimResponse): void {
    if (request.method !== "POST" || !isSuccess(response.status)) return;
    const collection = collectionOf(request.path, this.options.baseUrl);
    if (!collection) return;
    const body = isJsonObject(response.json) ? response.json : undefined;
    const sent = isJsonObject(request.body) ? request.body : undefined;
    const name = String(body?.userName ?? body?.displayName ?? sent?.userName ?? sent?.displayName ?? "");
    if (typeof body?.id === "string" && body.id !== "") {
      this.registerCreated({ type: collection, id: body.id, name });
    } else {
      this.unnamedCreations.push({
        type: collection,
        id: "(unknown)",
        reason: `POST /${collection}s answered ${response.status} without an id; look for ${name || "the created resource"} on the server`,
      });
    }
  }

  private registerCreated(resource: CreatedResource): void {
    const key = `${resource.type}/${resource.id}`;
    if (this.createdKeys.has(key)) return;
    this.createdKeys.add(key);
    this.created.push(resource);
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
        if (!(error instanceof ProbeFailure) || attempt >= attempts || this.options.signal.aborted) {
          if (error instanceof ProbeFailure && attempt > 1) {
            throw new ProbeFailure(`${error.message} (still so after ${attempt} attempts, ${spacing}, where Okta's test pauses)`, error.details);
          }
          throw error;
        }
        await sleep(delayMs, undefined, { signal: this.options.signal });
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Cleanup
  // -------------------------------------------------------------------------------------------

  /**
   * Removal starts in reverse creation order (groups made from users go before those users), with
   * as many in flight as the probes had; leftovers are listed in that order too.
   */
  private async cleanUp(): Promise<{ leftovers: Leftover[]; removed: CreatedResource[] }> {
    const queue = [...this.created].reverse();
    const reasons = new Array<string | undefined>(queue.length);
    let next = 0;
    const worker = async () => {
      while (next < queue.length) {
        const index = next;
        next += 1;
        const resource = queue[index];
        if (resource) reasons[index] = await this.remove(resource);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, queue.length) }, worker));
    const leftovers: Leftover[] = [];
    const removed: CreatedResource[] = [];
    queue.forEach((resource, index) => {
      const reason = reasons[index];
      if (reason === undefined) removed.push(resource);
      else leftovers.push({ type: resource.type, id: resource.id, reason: this.options.redactor.redact(reason) });
    });
    return { leftovers, removed };
  }

  /** Undefined when the resource is gone; else why it is still on the server. */
  private async remove(resource: CreatedResource): Promise<string | undefined> {
    const path = `/${resource.type}s/${encodeURIComponent(resource.id)}`;
    const label = resource.name ? ` (${resource.name})` : "";
    const send = async (request: ScimRequest): Promise<ScimResponse | string> => {
      try {
        return await this.options.client.send(request);
      } catch (error) {
        if (error instanceof NetworkError) return describeFailedRequest(error.failure);
        throw error;
      }
    };
    const deleted = await send({ method: "DELETE", path });
    if (typeof deleted === "string") return `DELETE got ${deleted}${label}`;
    if (isSuccess(deleted.status) || deleted.status === 404) return undefined;
    if (resource.type === "Group") return `DELETE answered ${deleted.status}${label}`;

    const deactivation = await send({
      method: "PATCH",
      path,
      body: { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: "replace", value: { active: false } }] },
    });
    if (typeof deactivation !== "string" && isSuccess(deactivation.status)) {
      return `deactivated, not deleted: DELETE answered ${deleted.status}${label}`;
    }
    const current = await send({ method: "GET", path });
    const currentBody = typeof current !== "string" && isJsonObject(current.json) ? current.json : undefined;
    let putOutcome = "not tried (GET did not return the user)";
    if (typeof current !== "string" && current.status === 200 && currentBody) {
      const put = await send({ method: "PUT", path, body: { ...currentBody, active: false } });
      if (typeof put !== "string" && isSuccess(put.status)) return `deactivated with PUT, not deleted: DELETE answered ${deleted.status}${label}`;
      putOutcome = typeof put === "string" ? put : `answered ${put.status}`;
    }
    const patchOutcome = typeof deactivation === "string" ? deactivation : `answered ${deactivation.status}`;
    return `could not delete or deactivate: DELETE answered ${deleted.status}, PATCH active=false ${patchOutcome}, PUT ${putOutcome}${label}`;
  }
}

function describe(probe: ProbeDefinition): Pick<ProbeResult, "id" | "suite" | "title" | "required" | "reference"> {
  return { id: probe.id, suite: probe.suite, title: probe.title, required: probe.required, reference: probe.reference };
}

/** In the words an admin can act on (kept here for the commands that import it from the runner). */
export { describeNetworkFailure };

function isAbort(error: unknown): boolean {
  return (error instanceof Error && error.name === "AbortError") || (error instanceof NetworkError && error.failure.kind === "aborted");
}

function relativePath(path: string, baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, "");
  let relative = path;
  if (/^https?:\/\//i.test(path)) relative = path.startsWith(base) ? path.slice(base.length) : new URL(path).pathname;
  return relative.split("?")[0]?.replace(/^\/?/, "/") ?? "/";
}

/** `/Users/abc` → the resource it addresses. */
function resourceOf(path: string, baseUrl: string): { type: CreatedResource["type"]; id: string } | undefined {
  const match = /^\/(Users|Groups)\/([^/]+)\/?$/.exec(relativePath(path, baseUrl));
  if (!match?.[1] || !match[2]) return undefined;
  return { type: match[1] === "Users" ? "User" : "Group", id: decodeURIComponent(match[2]) };
}

function collectionOf(path: string, baseUrl: string): CreatedResource["type"] | undefined {
  const match = /^\/(Users|Groups)\/?$/.exec(relativePath(path, baseUrl));
  if (!match?.[1]) return undefined;
  return match[1] === "Users" ? "User" : "Group";
}
