import { VERSION } from "../../cli/version.js";
import type { RecordedExchange } from "../../http/trace.js";
import { shellQuote } from "../curl.js";
import { summarize, toReportExchange, type ProbeResult, type RunReport } from "../report.js";
import { checkDefinition, type CheckResult } from "./checks.js";
import type { ConnectorRun } from "./run.js";

/**
 * test-connector's checks in the probes' report shape (DESIGN §2 "Reports"), so every reporter
 * (json, junit, github, html) renders them. A diagnosis goes into `message` too, for reporters
 * that only show the message. Exchanges were redacted when recorded; reporters redact again.
 */
export function connectorReport(run: ConnectorRun): RunReport {
  const probes = run.checks.map(toProbeResult);
  return {
    schemaVersion: 1,
    tool: { name: "scim-okta", version: VERSION },
    command: "test-connector",
    target: { baseUrl: run.baseUrl },
    startedAt: run.startedAt,
    durationMs: run.durationMs,
    summary: summarize(probes),
    probes,
    leftovers: [],
  };
}

const CONNECTOR_SUITE = "connector";

function toProbeResult(check: CheckResult): ProbeResult {
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
    curl: first && check.status !== "passed" ? curlLine(first) : null,
    ...(diagnosis ? { diagnosis: { id: diagnosis.id, title: diagnosis.title, whatToDo: diagnosis.whatToDo } } : {}),
    exchanges: check.exchanges.map(toReportExchange),
  };
}

/** The request as a curl line, from the recorded (already redacted) headers: "Bearer [REDACTED]". */
function curlLine(exchange: RecordedExchange): string {
  const headers = Object.entries(exchange.requestHeaders).map(([name, value]) => `-H ${shellQuote(`${displayName(name)}: ${value}`)}`);
  const method = exchange.method === "GET" ? "" : `-X ${exchange.method} `;
  return `curl -i ${method}${headers.join(" ")} ${shellQuote(exchange.url)}`;
}

function displayName(header: string): string {
  return header.replace(/(^|-)([a-z])/g, (_match, dash: string, letter: string) => `${dash}${letter.toUpperCase()}`);
}
