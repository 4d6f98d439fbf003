import { resolve } from "node:path";
import { z } from "zod";
import type { Context } from "../cli/context.js";
import { BugError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import { createDispatcher } from "../http/dispatcher.js";
import { TraceWriter } from "../http/trace.js";
import { renderChecklist } from "../scim/connector/checklist.js";
import { CONNECTOR_CHECKS, connectorExitCode, type CheckResult } from "../scim/connector/checks.js";
import { DIAGNOSIS_IDS } from "../scim/connector/diagnoses.js";
import { connectorReport } from "../scim/connector/report.js";
import { runConnectorTest } from "../scim/connector/run.js";
import { createReporters, parseReporterSpecs, type Reporter } from "../scim/reporters/index.js";
import { resolveTarget, targetOptionsSchema } from "../scim/target.js";

/** `scim-okta test-connector` (DESIGN §2): what Okta's "Test Connector Configuration" does, diagnosed. */
export const testConnectorOptionsSchema = targetOptionsSchema.extend({
  reporter: z.array(z.string()).default([]),
  list: z.boolean().default(false),
});
export type TestConnectorOptions = z.infer<typeof testConnectorOptionsSchema>;

export async function run(rawOptions: Record<string, unknown>, _args: string[], ctx: Context): Promise<ExitCode> {
  const parsed = testConnectorOptionsSchema.safeParse(rawOptions);
  if (!parsed.success) throw new BugError(`test-connector got options it cannot read: ${parsed.error.message}`);
  const options = parsed.data;
  if (options.list) return listCatalogue(ctx);

  const output = planOutput(options.reporter, ctx);
  const target = await resolveTarget(options, ctx);
  const dispatcher = createDispatcher({ insecure: target.insecure, timeoutMs: target.timeoutMs, env: ctx.env, connections: 2 });
  const trace = target.tracePath ? await TraceWriter.open(resolve(ctx.cwd, target.tracePath), ctx.redactor) : undefined;
  const progress = await startProgress(ctx, target.baseUrl);

  let connectorRun;
  try {
    connectorRun = await runConnectorTest(target, ctx, { dispatcher, ...(trace ? { trace } : {}), onCheck: progress.onCheck });
  } finally {
    progress.stop();
    await dispatcher.destroy();
    await trace?.close();
  }

  const exitCode = connectorExitCode(connectorRun.checks);
  if (output.checklist) ctx[output.checklist].write(ctx.redactor.redact(renderChecklist(connectorRun, exitCode, ctx.style)));
  // The same paste-able curl line as probe reports: the secret as $SCIM_TOKEN / $SCIM_PASSWORD.
  const report = connectorReport(connectorRun, { mode: target.authMode, headerFormat: target.headerFormat });
  for (const reporter of output.reporters) await reporter.finish(report);
  return exitCode;
}

interface OutputPlan {
  /** Where the human checklist goes, if anywhere. */
  checklist: "stdout" | "stderr" | undefined;
  reporters: Reporter[];
}

/**
 * `pretty` is test-connector's own checklist (a diagnosis and what to do under each failure); the
 * other reporters come from the probe reporters, which own stdout routing. The checklist takes
 * stdout only when no reporter that writes to stdout (json, github) was asked for, as with probe.
 */
function planOutput(specs: readonly string[], ctx: Context): OutputPlan {
  const parsed = parseReporterSpecs(specs);
  const others = specs.filter((_spec, index) => parsed[index]?.kind !== "pretty");
  const wantsChecklist = parsed.length === 0 ? !ctx.global.json : parsed.some((spec) => spec.kind === "pretty");
  const otherOwnsStdout = ctx.global.json || parsed.some((spec) => (spec.kind === "json" && spec.file === undefined) || spec.kind === "github");
  const reporters = others.length > 0 || ctx.global.json ? createReporters(others, ctx, { command: "test-connector" }) : [];
  return { checklist: wantsChecklist ? (otherOwnsStdout ? "stderr" : "stdout") : undefined, reporters };
}

/** `--list`: the checks and every diagnosis id, for baselines and docs. */
function listCatalogue(ctx: Context): ExitCode {
  if (ctx.global.json) {
    const checks = CONNECTOR_CHECKS.map(({ id, title, required, reference }) => ({ id, title, required, reference }));
    ctx.stdout.write(`${JSON.stringify({ schemaVersion: 1, checks, diagnoses: DIAGNOSIS_IDS })}\n`);
    return ExitCode.ok;
  }
  const lines = ["checks:", ...CONNECTOR_CHECKS.map((check) => `  ${check.id}${check.required ? "" : " (optional)"}  ${check.title}`)];
  lines.push("diagnoses:", ...DIAGNOSIS_IDS.map((id) => `  ${id}`));
  ctx.stdout.write(`${lines.join("\n")}\n`);
  return ExitCode.ok;
}

/** A spinner on stderr while checks run, on interactive terminals only (ora loaded on demand). */
async function startProgress(ctx: Context, baseUrl: string): Promise<{ onCheck: (result: CheckResult) => void; stop: () => void }> {
  if (!ctx.interactive || ctx.global.json) return { onCheck: () => {}, stop: () => {} };
  const { default: ora } = await import("ora");
  const spinner = ora({ stream: ctx.stderr.stream, discardStdin: false, text: ctx.redactor.redact(`Testing ${baseUrl} as Okta would…`) }).start();
  return {
    onCheck: (result) => {
      spinner.text = ctx.redactor.redact(`Testing ${baseUrl} as Okta would… ${result.id} done`);
    },
    stop: () => spinner.stop(),
  };
}
