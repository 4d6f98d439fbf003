import { VERSION } from "../../core/version.js";
import { curlCommand, type CurlAuth } from "../curl.js";
import { summarize, toReportExchange, type ProbeResult, type RunReport } from "../report.js";
import { checkDefinition, type CheckResult } from "./checks.js";
import type { ConnectorRun } from "./run.js";

/**
 * test-connector's checks in the probes' report shape (DESIGN §2 "Reports"), so every reporter
 * (json, junit, github, html) renders them. A diagnosis goes into `message` too, for reporters
 * that only show the message. Exchanges were redacted when recorded; reporters redact again.
 */
export function connectorReport(run: ConnectorRun, curlAuth: CurlAuth): RunReport {
  const probes = run.checks.map((check) => toProbeResult(check, curlAuth));
  // No answer at all (exit 3): nothing could be tested, and --json readers find why in `error`.
  const unreachable = run.checks.find((check) => check.unreachable)?.diagnosis;
  return {
    schemaVersion: 1,
    tool: { name: "scim-okta", version: VERSION },
    command: "test-connector",
    target: { baseUrl: run.baseUrl },
    suites: [CONNECTOR_SUITE],
    startedAt: run.startedAt,
    durationMs: run.durationMs,
    summary: summarize(probes),
    probes,
    leftovers: [],
    ...(unreachable
      ? { error: { code: "cannot-proceed", message: `cannot reach the SCIM server at ${run.baseUrl}: ${unreachable.title} [${unreachable.id}]: ${unreachable.message}`, hint: unreachable.whatToDo } }
      : {}),
  };
}

const CONNECTOR_SUITE = "connector";

function toProbeResult(check: CheckResult, curlAuth: CurlAuth): ProbeResult {
  const definition = checkDefinition(check.id);
  const { diagnosis } = check;
  const first = check.exchanges[0];
  return {
    id: check.id,
    suite: CONNECTOR_SUITE,
    title: definition.title,
    required: check.required,
    reference: definition.reference,
    status: check.status,
    durationMs: check.durationMs,
    message: diagnosis ? `${diagnosis.title} [${diagnosis.id}]: ${diagnosis.message}\nWhat to do: ${diagnosis.whatToDo}` : check.message,
    expected: check.status === "passed" ? null : (check.expected ?? null),
    actual: check.status === "passed" ? null : (check.actual ?? null),
    curl: first && check.status !== "passed" ? curlCommand(first, curlAuth) : null,
    ...(diagnosis ? { diagnosis: { id: diagnosis.id, title: diagnosis.title, whatToDo: diagnosis.whatToDo } } : {}),
    exchanges: check.exchanges.map(toReportExchange),
  };
}
