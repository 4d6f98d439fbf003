import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { z } from "zod";
import type { Context } from "../cli/context.js";
import { CannotProceedError, UsageError } from "../core/errors.js";
import { combineExitCodes, ExitCode } from "../core/exit-codes.js";
import { renderTable } from "../cli/table.js";
import { VERSION } from "../core/version.js";
import { createDispatcher } from "../http/dispatcher.js";
import { TraceWriter } from "../http/trace.js";
import { ScimClient } from "../scim/client.js";
import { allProbes } from "../scim/probes/index.js";
import type { ProbeDefinition, SuiteId } from "../scim/probes/types.js";
import { summarize, type ProbeResult, type RunReport } from "../scim/report.js";
import { createReporters, parseReporterSpecs, type Reporter } from "../scim/reporters/index.js";
import { describeNetworkFailure, parseSuites, runProbes, selectProbes, type PlannedProbe, type RunOutcome } from "../scim/runner.js";
import { resolveTarget, targetOptionsSchema } from "../scim/target.js";
import { loadTemplateFile, loadVendorTemplate } from "../templates/load.js";
import { dialectSchema, type Dialect } from "../templates/schema.js";

export const probeOptionsSchema = targetOptionsSchema.extend({
  reporter: z.array(z.string()).default([]),
  suite: z.string().default("okta-spec,okta-runtime,rfc"),
  dialect: dialectSchema.optional(),
  readOnly: z.boolean().default(false),
  seedUser: z.string().optional(),
  only: z.array(z.string()).default([]),
  skip: z.array(z.string()).default([]),
  baseline: z.string().optional(),
  concurrency: z.string().default("4"),
  emailDomain: z.string().default("example.com"),
  list: z.boolean().default(false),
});
export type ProbeOptions = z.infer<typeof probeOptionsSchema>;

const MAX_CONCURRENCY = 64;

/** `scim-okta probe`: run the conformance suites against a SCIM server (DESIGN §2, §5). */
export async function run(rawOptions: Record<string, unknown>, _args: string[], ctx: Context): Promise<ExitCode> {
  const parsed = probeOptionsSchema.safeParse(rawOptions);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`invalid option --${String(issue?.path[0] ?? "")}: ${issue?.message ?? "invalid"}`, 'run "scim-okta probe --help" for usage');
  }
  const options = parsed.data;
  const suites = parseSuites(options.suite);
  const concurrency = parseConcurrency(options.concurrency);
  const emailDomain = parseEmailDomain(options.emailDomain);
  if (options.seedUser !== undefined && options.seedUser.trim() === "") throw new UsageError("--seed-user is empty", "pass the id of an existing SCIM user");

  if (options.list) {
    const dialect = options.dialect ?? (await templateDialect(options)) ?? "oin";
    const plan = selectProbes(allProbes(), { suites, only: options.only, skip: options.skip, readOnly: false, dialect });
    printList(plan.map((entry) => entry.probe), ctx);
    return ExitCode.ok;
  }

  parseReporterSpecs(options.reporter);
  const baseline = options.baseline === undefined ? new Set<string>() : await readBaseline(options.baseline, ctx);
  const target = await resolveTarget(options, ctx);
  const dialect = options.dialect ?? target.dialect;
  const plan = selectProbes(allProbes(), { suites, only: options.only, skip: options.skip, readOnly: options.readOnly, dialect });
  const reporters = createReporters(options.reporter, ctx, { command: "probe" });

  const trace = target.tracePath === undefined ? undefined : await TraceWriter.open(resolve(ctx.cwd, target.tracePath), ctx.redactor);
  const dispatcher = createDispatcher({ insecure: target.insecure, timeoutMs: target.timeoutMs, connections: concurrency, env: ctx.env });
  const client = new ScimClient({
    baseUrl: target.baseUrl,
    authorization: target.authorization,
    dispatcher,
    redactor: ctx.redactor,
    timeoutMs: target.timeoutMs,
    ...(trace ? { trace } : {}),
  });

  const startedAt = ctx.now();
  const started = performance.now();
  const progress = suiteProgress(plan, reporters);
  for (const reporter of reporters) reporter.start?.({ command: "probe", baseUrl: target.baseUrl, suites: [...suites], total: plan.length });
  let outcome: RunOutcome;
  try {
    outcome = await runProbes({
      plan,
      client,
      signal: ctx.signal,
      concurrency,
      dialect,
      readOnly: options.readOnly,
      emailDomain,
      seedUserId: options.seedUser?.trim(),
      baseUrl: target.baseUrl,
      curlAuth: { mode: target.authMode, headerFormat: target.headerFormat },
      redactor: ctx.redactor,
      events: progress,
    });
  } finally {
    await trace?.close();
    await dispatcher.close();
  }

  if (outcome.unreachable) {
    throw new CannotProceedError(
      `cannot reach the SCIM server at ${target.baseUrl}: ${describeNetworkFailure(outcome.unreachable)}`,
      outcome.unreachable.kind === "tls"
        ? "Okta would reject this certificate too; for a development server pass --insecure (or NODE_EXTRA_CA_CERTS for a private CA)"
        : "check --base-url / SCIM_BASE_URL, that the server is running and reachable from here (proxy, firewall, DNS)",
    );
  }

  const probes = markBaselined(outcome.results, baseline);
  const report: RunReport = {
    schemaVersion: 1,
    tool: { name: "scim-okta", version: VERSION },
    command: "probe",
    target: { baseUrl: target.baseUrl },
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    summary: summarize(probes),
    probes,
    leftovers: outcome.leftovers,
  };
  for (const reporter of reporters) await reporter.finish(report);
  for (const leftover of outcome.leftovers) {
    ctx.stderr.write(ctx.redactor.redact(`${ctx.style.yellow("warning:")} left on the server: ${leftover.type} ${leftover.id}: ${leftover.reason}\n`));
  }

  if (outcome.interrupted) {
    const left = outcome.leftovers.length === 0 ? "nothing was left behind" : `${outcome.leftovers.length} left behind (listed above)`;
    ctx.stderr.write(`Interrupted: stopped starting probes, removed ${outcome.removed.length} resource(s) this run created; ${left}.\n`);
  }
  return combineExitCodes([
    outcome.interrupted ? ExitCode.interrupted : ExitCode.ok,
    report.summary.requiredFailed > 0 ? ExitCode.findings : ExitCode.ok,
  ]);
}

function parseConcurrency(value: string): number {
  const concurrency = Number(value);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new UsageError(`--concurrency "${value}" must be a whole number from 1 to ${MAX_CONCURRENCY}`, "e.g. --concurrency 4 (1 runs the probes one after another)");
  }
  return concurrency;
}

function parseEmailDomain(value: string): string {
  const domain = value.trim().replace(/^@/, "");
  if (!/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$/i.test(domain)) {
    throw new UsageError(`--email-domain "${value}" is not a domain name`, "e.g. --email-domain example.com (test users get addresses there)");
  }
  return domain;
}

async function templateDialect(options: ProbeOptions): Promise<Dialect | undefined> {
  if (options.vendor) return (await loadVendorTemplate(options.vendor)).scim.dialect;
  if (options.template) return (await loadTemplateFile(options.template)).scim.dialect;
  return undefined;
}

/** `--baseline`: a JSON report of an earlier run (its failed probes), a JSON list of ids, or ids one per line. */
export function parseBaseline(text: string): Set<string> {
  const trimmed = text.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    let document: unknown;
    try {
      document = JSON.parse(trimmed);
    } catch (error) {
      throw new Error(`it looks like JSON but does not parse: ${(error as Error).message}`, { cause: error });
    }
    if (Array.isArray(document)) return new Set(document.filter((entry): entry is string => typeof entry === "string"));
    const probes = (document as { probes?: unknown }).probes;
    if (!Array.isArray(probes)) throw new Error("a JSON baseline must be a probe report (with probes[]) or a list of ids");
    return new Set(
      probes
        .filter((probe): probe is { id: string; status: string } => typeof probe?.id === "string" && probe.status === "failed")
        .map((probe) => probe.id),
    );
  }
  return new Set(
    trimmed
      .split(/\r?\n/)
      .map((line) => line.replace(/#.*$/, "").trim())
      .filter(Boolean),
  );
}

async function readBaseline(path: string, ctx: Context): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(resolve(ctx.cwd, path), "utf8");
  } catch (error) {
    throw new UsageError(`cannot read --baseline ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, "pass a JSON report of an earlier run, or a file with one probe id per line");
  }
  try {
    return parseBaseline(text);
  } catch (error) {
    throw new UsageError(`--baseline ${path}: ${(error as Error).message}`, "pass a JSON report of an earlier run (--reporter json=<file>), or one probe id per line");
  }
}

/** Known failures stay in the report, marked, and no longer fail the run. */
export function markBaselined(results: readonly ProbeResult[], baseline: ReadonlySet<string>): ProbeResult[] {
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

function printList(probes: readonly ProbeDefinition[], ctx: Context): void {
  if (ctx.global.json) {
    const document = {
      schemaVersion: 1,
      probes: probes.map((probe) => ({
        id: probe.id,
        suite: probe.suite,
        required: probe.required,
        title: probe.title,
        reference: probe.reference,
        readOnly: probe.readOnly,
        dialects: probe.dialects ?? ["oin", "aiw"],
      })),
    };
    ctx.stdout.write(`${JSON.stringify(document)}\n`);
    return;
  }
  const rows = probes.map((probe) => [probe.id, probe.suite, probe.required ? "required" : "optional", probe.title, probe.reference]);
  ctx.stdout.write(renderTable(["ID", "SUITE", "REQUIRED", "TITLE", "REFERENCE"], rows));
}
