import { resolve } from "node:path";
import type { ExitCode } from "../../core/exit-codes.js";
import type { Context } from "../../core/io.js";
import { TraceWriter } from "../../http/trace.js";
import type { RunReport } from "../report.js";
import type { ScimTarget } from "../target.js";
import { connectorExitCode, type CheckResult } from "./checks.js";
import { connectorReport } from "./report.js";
import { runConnectorTest, type ConnectorRun } from "./run.js";

export interface ConnectorTestResult {
  run: ConnectorRun;
  /** The checks in the probes' report shape, for any reporter. */
  report: RunReport;
  /** Decided by connectorExitCode (DESIGN §2); the caller writes its reports first. */
  exitCode: ExitCode;
}

/**
 * test-connector as a service: a target in, the checks, their report and exit code out. Opens
 * the connection pool through ctx.http and the trace at the target's --trace, and closes both;
 * a caller with its own open trace (probe's preflight, setup) passes it instead, and keeps it.
 * `test-connector` calls it; probe, `setup` and `demo` call it with their own target.
 */
export async function testConnector(input: { target: ScimTarget; onCheck?: (result: CheckResult) => void; trace?: TraceWriter | undefined }, ctx: Context): Promise<ConnectorTestResult> {
  const { target } = input;
  const dispatcher = await ctx.http.dispatcher({ insecure: target.insecure, timeoutMs: target.timeoutMs, connections: 2 });
  const ownTrace = !input.trace && target.tracePath ? await TraceWriter.open(resolve(ctx.cwd, target.tracePath), ctx.redactor) : undefined;
  const trace = input.trace ?? ownTrace;
  try {
    const run = await runConnectorTest({
      target,
      dispatcher,
      redactor: ctx.redactor,
      signal: ctx.signal,
      env: ctx.env,
      now: ctx.now,
      ...(trace ? { trace } : {}),
      ...(input.onCheck ? { onCheck: input.onCheck } : {}),
    });
    // The same paste-able curl line as probe reports: the secret as $SCIM_TOKEN / $SCIM_PASSWORD.
    const report = connectorReport(run, { mode: target.authMode, headerFormat: target.headerFormat });
    return { run, report, exitCode: connectorExitCode(run.checks) };
  } finally {
    await dispatcher.destroy();
    await ownTrace?.close();
  }
}
