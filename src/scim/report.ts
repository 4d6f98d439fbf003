import { z } from "zod";
import type { RecordedExchange } from "../http/trace.js";

/**
 * The report of a probe or test-connector run (DESIGN §2 "Reports"): one shape for every reporter.
 * Exchanges and texts in a report are already redacted.
 */
export const probeStatusSchema = z.enum(["passed", "failed", "skipped", "warned"]);

export const reportExchangeSchema = z.object({
  method: z.string(),
  url: z.string(),
  status: z.number().int().nullable(),
  durationMs: z.number(),
  requestHeaders: z.record(z.string(), z.string()).optional(),
  requestBody: z.string().optional(),
  responseHeaders: z.record(z.string(), z.string()).optional(),
  responseBody: z.string().optional(),
  error: z.string().optional(),
});

export const probeResultSchema = z.object({
  id: z.string(),
  suite: z.string(),
  title: z.string(),
  required: z.boolean(),
  reference: z.string(),
  status: probeStatusSchema,
  durationMs: z.number(),
  message: z.string(),
  expected: z.string().nullable(),
  actual: z.string().nullable(),
  curl: z.string().nullable(),
  /** The probe failed, but --baseline lists it as a known failure. */
  baselined: z.boolean().optional(),
  /** test-connector: why a check failed or warned, with a stable id and what to do about it. */
  diagnosis: z.object({ id: z.string(), title: z.string(), whatToDo: z.string() }).optional(),
  exchanges: z.array(reportExchangeSchema),
});

export const runReportSchema = z.object({
  schemaVersion: z.literal(1),
  tool: z.object({ name: z.string(), version: z.string() }),
  command: z.enum(["probe", "test-connector", "verify"]),
  target: z.object({ baseUrl: z.string() }),
  /** The Okta request dialect the run used (probe; test-connector: the target's). */
  dialect: z.enum(["oin", "aiw"]).optional(),
  /** The suites the run was asked for (probe), e.g. ["okta-spec", "rfc"]. */
  suites: z.array(z.string()).optional(),
  startedAt: z.string(),
  durationMs: z.number(),
  summary: z.object({
    passed: z.number().int(),
    failed: z.number().int(),
    skipped: z.number().int(),
    warned: z.number().int(),
    requiredFailed: z.number().int(),
  }),
  probes: z.array(probeResultSchema),
  /**
   * With --baseline: listed probes that ran and passed now (the baseline can shrink), the baseline
   * file (relative to the working folder when inside it) and the line of each fixed id in it.
   */
  baseline: z.object({ fixed: z.array(z.string()), file: z.string().optional(), lines: z.record(z.string(), z.number().int()).optional() }).optional(),
  /** Resources the run created and could not remove, by id. */
  leftovers: z.array(z.object({ type: z.string(), id: z.string(), reason: z.string() })).default([]),
  /**
   * The run stopped before it did what was asked — probe's preflight found the target plainly
   * wrong, or the server could not be reached — in the shape of a --json error.
   */
  error: z.object({ code: z.string(), message: z.string(), hint: z.string().nullable() }).optional(),
});

export type ProbeStatus = z.infer<typeof probeStatusSchema>;
export type ReportExchange = z.infer<typeof reportExchangeSchema>;
export type ProbeResult = z.infer<typeof probeResultSchema>;
export type RunReport = z.infer<typeof runReportSchema>;

/** The message of a probe the run never started (Ctrl-C, an unreachable server) begins so. */
export const NOT_RUN = "not run: ";

/** Why a probe never ran ("interrupted (Ctrl-C)"), or undefined for a probe that ran or was skipped on its merits. */
export function notRunReason(probe: Pick<ProbeResult, "status" | "message">): string | undefined {
  return probe.status === "skipped" && probe.message.startsWith(NOT_RUN) ? probe.message.slice(NOT_RUN.length) : undefined;
}

/** The message of a probe Ctrl-C stopped while it ran. */
export const STOPPED_MID_PROBE = "interrupted (Ctrl-C) before the probe finished";

/** Whether the run stopped before this probe ran to its end: never shown as a pass of its suite. */
export function cutShort(probe: Pick<ProbeResult, "status" | "message">): boolean {
  return notRunReason(probe) !== undefined || (probe.status === "skipped" && probe.message === STOPPED_MID_PROBE);
}

/** Passed, or passed with a warning: what depends on it may run. */
export function passes(status: ProbeStatus): boolean {
  return status === "passed" || status === "warned";
}

/** A failure that fails the run (exit 1): required and not listed in --baseline. The one rule. */
export function failsRun(probe: Pick<ProbeResult, "status" | "required" | "baselined">): boolean {
  return probe.status === "failed" && probe.required && !probe.baselined;
}

export function summarize(probes: readonly ProbeResult[]): RunReport["summary"] {
  const count = (status: ProbeStatus) => probes.filter((probe) => probe.status === status).length;
  return {
    passed: count("passed"),
    failed: count("failed"),
    skipped: count("skipped"),
    warned: count("warned"),
    requiredFailed: probes.filter(failsRun).length,
  };
}

/** An exchange as reports show it (already redacted when it was recorded). */
export function toReportExchange(exchange: RecordedExchange): ReportExchange {
  return {
    method: exchange.method,
    url: exchange.url,
    status: exchange.status ?? null,
    durationMs: exchange.durationMs,
    requestHeaders: exchange.requestHeaders,
    ...(exchange.requestBody === undefined ? {} : { requestBody: exchange.requestBody }),
    ...(exchange.responseHeaders === undefined ? {} : { responseHeaders: exchange.responseHeaders }),
    ...(exchange.responseBody === undefined ? {} : { responseBody: exchange.responseBody }),
    ...(exchange.error === undefined ? {} : { error: `${exchange.error.kind} ${exchange.error.code}: ${exchange.error.message}` }),
  };
}
