import { resolve } from "node:path";
import { combineExitCodes, ExitCode } from "../../core/exit-codes.js";
import type { Context } from "../../core/io.js";
import { VERSION } from "../../core/version.js";
import { describeNetworkFailure, unreachableHint, type NetworkFailure } from "../../http/network-error.js";
import { TraceWriter } from "../../http/trace.js";
import type { Dialect } from "../../templates/schema.js";
import { fixedBaselineEntries } from "../baseline.js";
import { ScimClient } from "../client.js";
import { templateAttributeMappings } from "../okta-dialect.js";
import { allProbes } from "../probes/index.js";
import type { ProbeDefinition, SuiteId } from "../probes/types.js";
import { summarize, type ProbeResult, type RunReport } from "../report.js";
import type { Reporter } from "../reporters/types.js";
import type { ScimTarget } from "../target.js";
import type { CreatedResource } from "./ledger.js";
import { runProbes } from "./run-probes.js";
import { selectProbes, type PlannedProbe } from "./select.js";

/*
 * The probe run as a service: a target and a selection in, the report out (written by the
 * reporters, whatever the outcome), with what decides the exit code. `probe` calls it; `demo` and
 * `setup` call it the same way with their own inputs.
 */

export interface ProbeRunInput {
  target: ScimTarget;
  suites: readonly SuiteId[];
  only?: readonly string[];
  skip?: readonly string[];
  readOnly: boolean;
  /** Default: the target's (from its template), else oin. */
  dialect?: Dialect;
  seedUserId?: string | undefined;
  emailDomain: string;
  concurrency: number;
  /** Probe ids whose failures are known: reported, marked, not failing the run. */
  baseline?: ReadonlySet<string>;
  /** The baseline's file and the line of each id in it, for the report (annotations on those lines). */
  baselineFile?: { path: string; lines: ReadonlyMap<string, number> };
  /** Told as the run goes on, and given the report at the end (before anything else decides). */
  reporters?: readonly Reporter[];
  /** Bounds of the retries where Okta's test pauses (default 5 attempts, 1 s apart). */
  retry?: { attempts: number; delayMs: number };
  /**
   * An open --trace the caller owns and closes (probe's preflight wrote to it first); without it
   * the run opens the target's tracePath itself.
   */
  trace?: TraceWriter;
}

export interface ProbeRunResult {
  report: RunReport;
  /** Checked gone at the end. */
  removed: CreatedResource[];
  interrupted: boolean;
  /** The first request got no answer at all: the server cannot be reached (exit 3). */
  unreachable?: { message: string; hint: string };
}

/**
 * Resolve the selection, run the suites against the target, clean up, build the report and hand
 * it to every reporter. Only `ctx`'s IO is used: its HTTP factory, redactor, clock, signal and cwd
 * (for --trace), and beforeForcedExit for a second Ctrl-C.
 */
export async function runProbeSuites(input: ProbeRunInput, ctx: Context): Promise<ProbeRunResult> {
  const { target } = input;
  const dialect = input.dialect ?? target.dialect;
  const plan = selectProbes(allProbes(), { suites: input.suites, only: input.only ?? [], skip: input.skip ?? [], readOnly: input.readOnly, dialect });
  const reporters = input.reporters ?? [];

  const ownTrace = input.trace === undefined && target.tracePath !== undefined ? await TraceWriter.open(resolve(ctx.cwd, target.tracePath), ctx.redactor) : undefined;
  const trace = input.trace ?? ownTrace;
  const dispatcher = await ctx.http.dispatcher({ insecure: target.insecure, timeoutMs: target.timeoutMs, connections: input.concurrency });
  const client = new ScimClient({
    baseUrl: target.baseUrl,
    authorization: target.authorization,
    dispatcher,
    redactor: ctx.redactor,
    timeoutMs: target.timeoutMs,
    maxBodyBytes: target.maxBodyBytes,
    ...(trace ? { trace } : {}),
  });

  const startedAt = ctx.now();
  const started = performance.now();
  const suiteTotals: Record<string, number> = {};
  for (const entry of plan) suiteTotals[entry.probe.suite] = (suiteTotals[entry.probe.suite] ?? 0) + 1;
  for (const reporter of reporters) reporter.start?.({ command: "probe", baseUrl: target.baseUrl, suites: [...input.suites], total: plan.length, suiteTotals });
  // Said the moment Ctrl-C arrives: cleanup may take a while, and the user must know it runs.
  const sayStopping = () => ctx.stderr.write(input.readOnly ? "stopping…\n" : "stopping, cleaning up what this run created…\n");
  ctx.signal.addEventListener("abort", sayStopping, { once: true });
  let outcome;
  try {
    outcome = await runProbes({
      plan,
      client,
      signal: ctx.signal,
      concurrency: input.concurrency,
      dialect,
      readOnly: input.readOnly,
      emailDomain: input.emailDomain,
      seedUserId: input.seedUserId,
      ...(target.template ? { mappedAttributes: { source: `the ${target.template.name} template`, mappings: templateAttributeMappings(target.template.okta) } } : {}),
      baseUrl: target.baseUrl,
      curlAuth: { mode: target.authMode, headerFormat: target.headerFormat },
      redactor: ctx.redactor,
      events: suiteProgress(plan, reporters),
      beforeForcedExit: (say) => ctx.beforeForcedExit(say),
      ...(input.retry ? { retry: input.retry } : {}),
    });
  } finally {
    ctx.signal.removeEventListener("abort", sayStopping);
    await ownTrace?.close();
    await dispatcher.close();
  }

  const probes = markBaselined(outcome.results, input.baseline ?? new Set());
  const cannotReach = outcome.unreachable ? unreachable(target, outcome.unreachable) : undefined;
  const report: RunReport = {
    schemaVersion: 1,
    tool: { name: "scim-okta", version: VERSION },
    command: "probe",
    target: { baseUrl: target.baseUrl },
    dialect,
    suites: [...input.suites],
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    summary: summarize(probes),
    probes,
    leftovers: outcome.leftovers,
    ...(input.baseline ? { baseline: baselineReport(fixedBaselineEntries(probes, input.baseline), input.baselineFile) } : {}),
    ...(cannotReach ? { error: { code: "cannot-proceed", ...cannotReach } } : {}),
  };
  for (const reporter of reporters) await reporter.finish(report);
  return {
    report,
    removed: outcome.removed,
    interrupted: outcome.interrupted,
    ...(cannotReach ? { unreachable: cannotReach } : {}),
  };
}

/** DESIGN §2: 130 after Ctrl-C, 3 when the server could not be reached, 1 for a failure that fails the run. */
export function probeRunExitCode(result: ProbeRunResult): ExitCode {
  return combineExitCodes([
    result.interrupted ? ExitCode.interrupted : ExitCode.ok,
    result.unreachable ? ExitCode.cannotProceed : ExitCode.ok,
    result.report.summary.requiredFailed > 0 ? ExitCode.findings : ExitCode.ok,
  ]);
}

function unreachable(target: ScimTarget, failure: NetworkFailure): { message: string; hint: string } {
  return {
    message: `cannot reach the SCIM server at ${target.baseUrl}: ${describeNetworkFailure(failure)}`,
    hint: unreachableHint(failure, target.baseUrlSource),
  };
}

/** The fixed entries, and with the file they came from, where each stands in it. */
function baselineReport(fixed: string[], file: ProbeRunInput["baselineFile"]): NonNullable<RunReport["baseline"]> {
  if (!file) return { fixed };
  const lines = Object.fromEntries(fixed.flatMap((id) => (file.lines.has(id) ? [[id, file.lines.get(id)!]] : [])));
  return { fixed, file: file.path, ...(Object.keys(lines).length > 0 ? { lines } : {}) };
}

/** Known failures stay in the report, marked, and no longer fail the run. */
function markBaselined(results: readonly ProbeResult[], baseline: ReadonlySet<string>): ProbeResult[] {
  return results.map((result) => (result.status === "failed" && baseline.has(result.id) ? { ...result, baselined: true } : result));
}

/** Reporter events per suite: a suite starts with its first probe and finishes with its last. */
function suiteProgress(plan: readonly PlannedProbe[], reporters: readonly Reporter[]) {
  const remaining = new Map<SuiteId, number>();
  for (const entry of plan) remaining.set(entry.probe.suite, (remaining.get(entry.probe.suite) ?? 0) + 1);
  const started = new Set<SuiteId>();
  const start = (suite: SuiteId) => {
    if (started.has(suite)) return;
    started.add(suite);
    for (const reporter of reporters) reporter.suiteStarted?.(suite);
  };
  return {
    probeStarted: (probe: ProbeDefinition) => start(probe.suite),
    probeFinished: (result: ProbeResult) => {
      const suite = result.suite as SuiteId;
      start(suite);
      for (const reporter of reporters) reporter.probeFinished?.(result);
      const left = (remaining.get(suite) ?? 1) - 1;
      remaining.set(suite, left);
      if (left === 0) for (const reporter of reporters) reporter.suiteFinished?.(suite);
    },
  };
}
