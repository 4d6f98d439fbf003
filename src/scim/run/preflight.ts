import { ExitCode } from "../../core/exit-codes.js";
import type { Context } from "../../core/io.js";
import { describeNetworkFailure, unreachableHint } from "../../http/network-error.js";
import type { TraceWriter } from "../../http/trace.js";
import type { Dialect } from "../../templates/schema.js";
import type { CheckResult } from "../connector/checks.js";
import type { Diagnosis, DiagnosisId } from "../connector/diagnoses.js";
import { connectorReport } from "../connector/report.js";
import type { ConnectorRun } from "../connector/run.js";
import { testConnector } from "../connector/service.js";
import type { RunReport } from "../report.js";
import type { ScimTarget } from "../target.js";

/*
 * probe's preflight: before the suites, Okta's own first request (test-connector's checks). When
 * the target is plainly wrong, every probe would fail with a first line that blames something
 * else; one diagnosis with its fix says what is wrong instead. A server with ordinary defects
 * (no Resources on an empty list, counts as strings, a 500, a 400 for startIndex) is not stopped:
 * the suites are what tells those apart.
 */

/** Answers that say "this is not a SCIM server you may talk to at this URL with this credential". */
const PLAINLY_WRONG: ReadonlySet<DiagnosisId> = new Set<DiagnosisId>([
  "connector/unauthorized",
  "connector/unauthorized-needs-bearer",
  "connector/unauthorized-needs-raw-token",
  "connector/forbidden",
  "connector/wrong-base-path",
  "connector/not-found",
  "connector/redirect",
  "connector/html-page",
  "connector/invalid-json",
  "connector/not-list-response",
]);

export interface PreflightStop {
  diagnosis: Diagnosis;
  /** The checks that decided, in the order they ran (a failed certificate check, then Okta's list request). */
  checks: CheckResult[];
  /** DESIGN §2: 3 when the server gave no answer at all, 1 when it answered (a refused token is a finding). */
  exitCode: typeof ExitCode.findings | typeof ExitCode.cannotProceed;
  /** One line: what is wrong, naming the diagnosis. */
  message: string;
  /** What to do, and that --no-preflight runs the suites anyway. */
  hint: string;
}

/** Whether the suites may run on this target, from test-connector's checks. Pure. */
export function preflightVerdict(run: ConnectorRun, baseUrlSource?: string): PreflightStop | undefined {
  const listUsers = run.checks.find((check) => check.id === "connector/list-users");
  if (!listUsers?.diagnosis || listUsers.status !== "failed") return undefined;
  if (listUsers.unreachable && listUsers.failure) {
    // No answer at all: worded as probe words an unreachable server; the report holds the diagnosis,
    // with the certificate check first when it failed (it says why more precisely than the handshake).
    const certificate = run.checks.find((check) => check.id === "connector/certificate" && check.status === "failed" && check.diagnosis);
    return {
      diagnosis: certificate?.diagnosis ?? listUsers.diagnosis,
      checks: certificate ? [certificate, listUsers] : [listUsers],
      exitCode: ExitCode.cannotProceed,
      message: `cannot reach the SCIM server at ${run.baseUrl}: ${describeNetworkFailure(listUsers.failure)}`,
      hint: unreachableHint(listUsers.failure, baseUrlSource),
    };
  }
  if (!PLAINLY_WRONG.has(listUsers.diagnosis.id)) return undefined;
  const { diagnosis } = listUsers;
  return {
    diagnosis,
    checks: [listUsers],
    exitCode: ExitCode.findings,
    message: `the suites did not run, Okta's own first request fails: ${diagnosis.title} [${diagnosis.id}]: ${diagnosis.message}`,
    hint: `${diagnosis.whatToDo} Then run again, or pass --no-preflight to run the suites anyway.`,
  };
}

/**
 * Run test-connector's checks against the target with the run's own connection settings, and say
 * whether to stop. `trace` is the run's open --trace, so the preflight's exchanges are in it too.
 */
export async function runPreflight(target: ScimTarget, ctx: Context, trace?: TraceWriter): Promise<{ run: ConnectorRun; stop: PreflightStop | undefined }> {
  const { run } = await testConnector({ target, trace }, ctx);
  return { run, stop: preflightVerdict(run, target.baseUrlSource) };
}

/**
 * The report of a probe run the preflight stopped: the checks that decided (in the probes' report
 * shape, with the diagnosis and a curl line), and `error` saying the suites did not run.
 */
export function preflightReport(run: ConnectorRun, stop: PreflightStop, context: { target: ScimTarget; dialect: Dialect; suites: readonly string[] }): RunReport {
  const { target } = context;
  const connector = connectorReport({ ...run, checks: stop.checks }, { mode: target.authMode, headerFormat: target.headerFormat });
  return {
    ...connector,
    command: "probe",
    dialect: context.dialect,
    suites: [...context.suites],
    error: { code: stop.exitCode === ExitCode.cannotProceed ? "cannot-proceed" : "preflight", message: stop.message, hint: stop.hint },
  };
}

