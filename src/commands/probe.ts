import { readFile } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import { z } from "zod";
import { defineCommand, flag } from "../cli/command.js";
import { writeErrorLines } from "../cli/report-error.js";
import { reporterFlag, targetFlags } from "../cli/target-flags.js";
import { didYouMean } from "../core/did-you-mean.js";
import { fileErrorWords, UsageError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import type { Context } from "../core/io.js";
import { SUITES, type ProbeDefinition, type SuiteId } from "../scim/probes/types.js";
import type { TraceWriter } from "../http/trace.js";
import type { Reporter } from "../scim/reporters/index.js";
import type { ProbeRunResult } from "../scim/run/probe-run.js";
import type { ScimTarget } from "../scim/target.js";
import { dialectSchema, type Dialect } from "../templates/schema.js";

const MAX_CONCURRENCY = 64;
/** `probe --list` in a pipe fits this many columns. */
const LIST_WIDTH = 100;
const CONCURRENCY = `must be a whole number from 1 to ${MAX_CONCURRENCY}`;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$/i;

/** `--suite okta-spec,rfc` → suite ids; an unknown name is refused naming it. */
const suiteList = z
  .string()
  .default(SUITES.join(","))
  .transform((list, check) => {
    const names = list
      .split(",")
      .map((name) => name.trim())
      .filter(Boolean);
    const unknown = names.filter((name) => !(SUITES as readonly string[]).includes(name));
    if (names.length === 0 || unknown.length > 0) {
      check.issues.push({
        code: "custom",
        input: list,
        message: names.length === 0 ? "names no suite" : "is not a suite",
        params: { ...(unknown.length > 0 ? { shown: unknown.map((name) => `"${name}"`).join(", ") } : {}), hint: suiteHint(unknown) },
      });
      return z.NEVER;
    }
    return [...new Set(names)] as SuiteId[];
  });

/** "did you mean rfc?" for each mistyped suite, then the list to choose from. */
function suiteHint(unknown: readonly string[]): string {
  const guesses = [...new Set(unknown.flatMap((name) => didYouMean(name, SUITES, 1)))];
  const choose = `choose from ${SUITES.join(", ")} (comma-separated)`;
  return guesses.length > 0 ? `did you mean ${guesses.join(", ")}? ${choose}` : choose;
}

const probeOptions = z.object({
  ...targetFlags,
  reporter: reporterFlag,
  suite: flag(suiteList, { flags: "--suite <list>", help: "comma-separated suites to run" }),
  dialect: flag(dialectSchema.optional(), { flags: "--dialect <dialect>", help: "Okta's request dialect (default from --vendor, else oin)" }),
  readOnly: flag(z.boolean().default(false), { flags: "--read-only", help: "send only GET requests" }),
  seedUser: flag(z.string().trim().min(1, { error: "is empty" }).optional(), {
    flags: "--seed-user <id>",
    help: "an existing SCIM user id for okta-spec step 1, instead of creating a fixture user",
    hint: "pass the id of an existing SCIM user",
  }),
  only: flag(z.array(z.string()).default([]), { flags: "--only <ids>", help: "run only these probe ids or globs (comma-separated, repeatable)", repeatable: true, commaSeparated: true }),
  skip: flag(z.array(z.string()).default([]), { flags: "--skip <ids>", help: "skip these probe ids or globs (comma-separated, repeatable)", repeatable: true, commaSeparated: true }),
  baseline: flag(z.string().optional(), { flags: "--baseline <file>", help: "JSON report or list of probe ids whose failures are known and do not fail the run (with --write-baseline, a <file> not there yet counts as empty)" }),
  writeBaseline: flag(z.string().optional(), { flags: "--write-baseline <file>", help: "write the ids of this run's failed probes to <file>, a baseline for --baseline" }),
  concurrency: flag(
    z.coerce.number({ error: CONCURRENCY }).int({ error: CONCURRENCY }).min(1, { error: CONCURRENCY }).max(MAX_CONCURRENCY, { error: CONCURRENCY }).default(4),
    { flags: "--concurrency <n>", help: "independent probes run at once", hint: "e.g. --concurrency 4 (1 runs the probes one after another)" },
  ),
  emailDomain: flag(
    z
      .string()
      .default("example.com")
      .transform((value) => value.trim().replace(/^@/, ""))
      .refine((domain) => DOMAIN.test(domain), { error: "is not a domain name" }),
    { flags: "--email-domain <domain>", help: "email domain for test users", hint: "e.g. --email-domain example.com (test users get addresses there)" },
  ),
  list: flag(z.boolean().default(false), { flags: "--list", help: "print the probe ids and exit (with --json: whole titles and references)" }),
  preflight: flag(z.boolean().default(true), {
    flags: "--no-preflight",
    help: "run the suites even when Okta's first request (test-connector's checks) shows the target is plainly wrong: token refused, wrong URL, not SCIM, unreachable",
  }),
});
type ProbeOptions = z.output<typeof probeOptions>;

/** `scim-okta probe`: run the conformance suites against a SCIM server (DESIGN §2, §5). */
export default defineCommand({
  help: [
    "Everything a probe creates is named scim-okta-probe-… (okta-spec: ScimOktaProbe…) and removed at the end.",
    "Exit codes: 0 every required probe passed, 1 a required probe failed, 2 bad input, 3 the SCIM server cannot be reached, 130 interrupted.",
  ].join("\n"),
  options: probeOptions,
  examples: [
    "scim-okta probe --suite okta-spec",
    "scim-okta probe --dialect aiw --reporter json=report.json --reporter junit=junit.xml",
    'scim-okta probe --only "okta-runtime/*" --skip okta-runtime/import-users-paging',
  ],
  async run(options, ctx) {
    // What runs probes (undici among it) is loaded here, not with the flags: `probe --help` stays light.
    const [{ allProbes }, { selectProbes }, { createReporters, outputFiles }, { resolveTarget }] = await Promise.all([
      import("../scim/probes/index.js"),
      import("../scim/run/select.js"),
      import("../scim/reporters/index.js"),
      import("../scim/target.js"),
    ]);
    if (options.list) {
      const dialect = options.dialect ?? (await templateDialect(options)) ?? "oin";
      const plan = selectProbes(allProbes(), { suites: options.suite, only: options.only, skip: options.skip, readOnly: false, dialect });
      await printList(plan.map((entry) => entry.probe), ctx);
      return ExitCode.ok;
    }

    const baseline = options.baseline === undefined ? undefined : await readBaseline(options.baseline, options.writeBaseline, ctx);
    const target = await resolveTarget(options, ctx);
    const { checkOutputFiles } = await import("../scim/reporters/output.js");
    const writeBaseline = options.writeBaseline === undefined ? [] : [{ flag: `--write-baseline ${options.writeBaseline}`, path: options.writeBaseline }];
    await checkOutputFiles(ctx.cwd, [...outputFiles(options.reporter, options.trace), ...writeBaseline]);
    const reporters = createReporters(options.reporter, ctx, { command: "probe" });
    // A mistyped --only or --skip is bad input (exit 2) before any request, the preflight's included.
    const dialect = options.dialect ?? target.dialect;
    selectProbes(allProbes(), { suites: options.suite, only: options.only, skip: options.skip, readOnly: options.readOnly, dialect });
    const { resolve } = await import("node:path");
    const { TraceWriter } = await import("../http/trace.js");
    // One trace for the preflight and the suites: the file holds every exchange of the run.
    const trace = target.tracePath === undefined ? undefined : await TraceWriter.open(resolve(ctx.cwd, target.tracePath), ctx.redactor);
    try {
      if (options.preflight) {
        const stopped = await preflight(target, { dialect, suites: options.suite, reporters, trace }, ctx);
        if (stopped !== undefined) {
          if (options.writeBaseline !== undefined) ctx.stderr.write(`${ctx.stderr.style.yellow("warning:")} --write-baseline ${options.writeBaseline} not written: the suites did not run\n`);
          return stopped;
        }
      }
      return await runSuites(options, { target, baseline, reporters, trace }, ctx);
    } finally {
      await trace?.close();
    }
  },
});

/**
 * Okta's first request before the suites (src/scim/run/preflight.ts): when the target is plainly
 * wrong, the reports get that one diagnosis, stderr says it and its fix, and the run ends there.
 * Undefined when the suites may run.
 */
async function preflight(
  target: ScimTarget,
  run: { dialect: Dialect; suites: readonly SuiteId[]; reporters: readonly Reporter[]; trace: TraceWriter | undefined },
  ctx: Context,
): Promise<ExitCode | undefined> {
  const { runPreflight, preflightReport } = await import("../scim/run/preflight.js");
  const spinner = ctx.progress.spinner(`Checking ${target.baseUrl} as Okta's "Test Connector Configuration" does…`);
  let checked;
  try {
    checked = await runPreflight(target, ctx, run.trace);
  } finally {
    await spinner.stop();
  }
  const { stop } = checked;
  if (!stop) return undefined;
  const report = preflightReport(checked.run, stop, { target, dialect: run.dialect, suites: run.suites });
  for (const reporter of run.reporters) await reporter.finish(report);
  // With --json the report on stdout carries it (`error`), as every command's --json error does.
  if (!ctx.global.json) writeErrorLines(ctx, ctx.redactor.redact(stop.message), ctx.redactor.redact(stop.hint));
  return stop.exitCode;
}

/** The suites themselves, then what explains the exit code. */
async function runSuites(
  options: ProbeOptions,
  run: { target: ScimTarget; baseline: Baseline | undefined; reporters: readonly Reporter[]; trace: TraceWriter | undefined },
  ctx: Context,
): Promise<ExitCode> {
  const { runProbeSuites, probeRunExitCode } = await import("../scim/run/probe-run.js");
  const { target, baseline, reporters } = run;
  const result = await runProbeSuites(
    {
      target,
      suites: options.suite,
      only: options.only,
      skip: options.skip,
      readOnly: options.readOnly,
      ...(options.dialect ? { dialect: options.dialect } : {}),
      seedUserId: options.seedUser,
      emailDomain: options.emailDomain,
      concurrency: options.concurrency,
      ...(baseline ? { baseline: baseline.ids, baselineFile: baseline.file } : {}),
      reporters,
      ...(run.trace ? { trace: run.trace } : {}),
    },
    ctx,
  );

  // The reports are written; what follows explains the exit code.
  await baselineFollowUp(options, result, ctx);
  const warning = ctx.stderr.style.yellow("warning:");
  // Ids come from the server: shown inert (control characters visible, one line each).
  const { inert } = await import("../scim/reporters/printable.js");
  for (const leftover of result.report.leftovers) {
    ctx.stderr.write(ctx.redactor.redact(`${warning} left on the server: ${inert(leftover.type)} ${inert(leftover.id)}: ${inert(leftover.reason)}\n`));
  }
  if (result.unreachable) {
    if (!ctx.global.json) writeErrorLines(ctx, ctx.redactor.redact(result.unreachable.message), ctx.redactor.redact(result.unreachable.hint));
  }
  if (result.interrupted) {
    const leftovers = result.report.leftovers.length;
    const left = leftovers === 0 ? "nothing was left behind" : `${leftovers} left behind (listed above)`;
    ctx.stderr.write(`Interrupted: stopped starting probes, removed ${result.removed.length} resource(s) this run created; ${left}.\n`);
  }
  return probeRunExitCode(result);
}

/** --write-baseline from a run that finished; --baseline's probes that pass now, named so the baseline shrinks. */
async function baselineFollowUp(options: ProbeOptions, result: ProbeRunResult, ctx: Context): Promise<void> {
  if (options.writeBaseline !== undefined) {
    if (result.interrupted || result.unreachable) {
      ctx.stderr.write(`${ctx.stderr.style.yellow("warning:")} --write-baseline ${options.writeBaseline} not written: the run did not finish\n`);
    } else {
      const { writeBaselineFile } = await import("../scim/baseline.js");
      await writeBaselineFile(options.writeBaseline, result.report, ctx);
      const count = result.report.probes.filter((probe) => probe.status === "failed").length;
      ctx.stderr.write(`Wrote the baseline ${options.writeBaseline}: ${count} failed probe${count === 1 ? "" : "s"}.\n`);
    }
  }
  const fixed = result.report.baseline?.fixed ?? [];
  if (fixed.length > 0) {
    ctx.stderr.write(ctx.redactor.redact(`${ctx.stderr.style.green("notice:")} fixed, remove from the baseline ${options.baseline ?? ""}: ${fixed.join(", ")}\n`));
  }
}

async function templateDialect(options: ProbeOptions): Promise<Dialect | undefined> {
  const { loadTemplateFile, loadVendorTemplate } = await import("../templates/load.js");
  if (options.vendor) return (await loadVendorTemplate(options.vendor)).scim.dialect;
  if (options.template) return (await loadTemplateFile(options.template)).scim.dialect;
  return undefined;
}

/** A baseline in JSON (a report, or a list of ids) rather than one id per line. */
function isJsonBaseline(text: string): boolean {
  return /^\s*[[{]/.test(text);
}

/** Where each id of a baseline of one id per line stands (1-based), for annotations on that line; none for JSON. */
export function baselineLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  if (isJsonBaseline(text)) return lines;
  text.split(/\r\n|\r|\n/).forEach((line, index) => {
    const id = line.replace(/#.*$/, "").trim();
    if (id && !lines.has(id)) lines.set(id, index + 1);
  });
  return lines;
}

/** `--baseline`: a JSON report of an earlier run (its failed probes), a JSON list of ids, or ids one per line. */
export function parseBaseline(text: string): Set<string> {
  if (isJsonBaseline(text)) {
    let document: unknown;
    try {
      document = JSON.parse(text.trim());
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
  return new Set(baselineLines(text).keys());
}

interface Baseline {
  ids: Set<string>;
  /** The file as the repository names it (relative to the working folder) and where each id stands. */
  file: { path: string; lines: ReadonlyMap<string, number> };
}

/** Relative to the working folder when inside it: CI annotations name files from the repository's root. */
function baselinePath(path: string, ctx: Context): string {
  const within = relative(ctx.cwd, resolve(ctx.cwd, path));
  return within && !within.startsWith("..") && !isAbsolute(within) ? within : path;
}

/**
 * The known failures. A baseline that does not exist yet is an empty one when --write-baseline is
 * given too: the way to start one in CI, where the first run writes it (a stricter run, never a
 * laxer one: every failure counts).
 */
async function readBaseline(path: string, writePath: string | undefined, ctx: Context): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(resolve(ctx.cwd, path), "utf8");
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    if (missing && writePath !== undefined) {
      ctx.stderr.write(`note: --baseline ${path} does not exist yet: no known failures this run; --write-baseline ${writePath} writes this run's\n`);
      return { ids: new Set(), file: { path: baselinePath(path, ctx), lines: new Map() } };
    }
    throw new UsageError(
      `cannot read --baseline ${path}: ${fileErrorWords(error)}`,
      missing
        ? `start one: --write-baseline <file> writes this run's failures (with it, a --baseline that does not exist yet counts as empty), or pass a JSON report of an earlier run`
        : "pass a JSON report of an earlier run, or a file with one probe id per line",
    );
  }
  try {
    return { ids: parseBaseline(text), file: { path: baselinePath(path, ctx), lines: baselineLines(text) } };
  } catch (error) {
    throw new UsageError(`--baseline ${path}: ${(error as Error).message}`, "pass a JSON report of an earlier run (--reporter json=<file>), or one probe id per line");
  }
}

async function printList(probes: readonly ProbeDefinition[], ctx: Context): Promise<void> {
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
  const { renderTable } = await import("../cli/table.js");
  // Ids whole (they are what --only and --skip take), titles cut to the terminal, or to 100
  // columns in a pipe; --json has the whole titles and the references.
  const rows = probes.map((probe) => [probe.id, probe.required ? "required" : "optional", probe.title]);
  const width = ctx.stdout.isTTY && ctx.stdout.columns > 0 ? ctx.stdout.columns : LIST_WIDTH;
  ctx.stdout.write(renderTable(["ID", "REQUIRED", "TITLE"], rows, (line) => line, { width }));
}
