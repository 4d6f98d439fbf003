import { z } from "zod";
import { defineCommand, flag } from "../cli/command.js";
import { reporterFlag, targetFlags } from "../cli/target-flags.js";
import { ExitCode } from "../core/exit-codes.js";
import type { Context } from "../core/io.js";
import { CONNECTOR_CHECKS } from "../scim/connector/checks.js";
import { DIAGNOSIS_IDS } from "../scim/connector/diagnoses.js";
import { createReporters, outputFiles, parseReporterSpecs, type Reporter } from "../scim/reporters/index.js";

/** `scim-okta test-connector` (DESIGN §2): what Okta's "Test Connector Configuration" does, diagnosed. */
export default defineCommand({
  help: "Exit codes: 0 Okta's test would pass, 1 it would fail (the diagnosis says why), 2 bad input, 3 the SCIM server cannot be reached, 130 interrupted.",
  options: z.object({
    ...targetFlags,
    reporter: reporterFlag,
    list: flag(z.boolean().default(false), { flags: "--list", help: "print the check and diagnosis ids and exit" }),
  }),
  examples: [
    "SCIM_BASE_URL=https://example.com/scim/v2 SCIM_TOKEN=… scim-okta test-connector",
    "scim-okta test-connector --vendor kloudhybrid --param baseUrl=https://acme.apps.kloudspot.com/scim/v2 --reporter junit=connector.xml",
  ],
  async run(options, ctx) {
    if (options.list) return listCatalogue(ctx);
    // What talks to the server (undici among it) is loaded here, not with the flags: `--help` stays light.
    const [{ renderChecklist }, { testConnector }, { resolveTarget }] = await Promise.all([
      import("../scim/connector/checklist.js"),
      import("../scim/connector/service.js"),
      import("../scim/target.js"),
    ]);

    const output = planOutput(options.reporter, ctx);
    const target = await resolveTarget(options, ctx);
    // Exit 2 before any request: a folder, an unwritable place, or two outputs that are one file.
    const { checkOutputFiles } = await import("../scim/reporters/output.js");
    await checkOutputFiles(ctx.cwd, outputFiles(options.reporter, options.trace));
    const spinner = ctx.progress.spinner(`Testing ${target.baseUrl} as Okta would…`);
    let result;
    try {
      result = await testConnector({ target, onCheck: (check) => spinner.update(`Testing ${target.baseUrl} as Okta would… ${check.id} done`) }, ctx);
    } finally {
      await spinner.stop();
    }

    // Reports first, whatever the outcome; the exit code is decided after.
    const { run, report, exitCode } = result;
    if (output.checklist) {
      const stream = ctx[output.checklist];
      stream.write(ctx.redactor.redact(renderChecklist(run, exitCode, stream.style)));
    }
    for (const reporter of output.reporters) await reporter.finish(report);
    return exitCode;
  },
});

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
  if (wantsChecklist && otherOwnsStdout) {
    const owner = parsed.find((spec) => (spec.kind === "json" && spec.file === undefined) || spec.kind === "github");
    ctx.stderr.write(`note: --reporter pretty writes to stderr: stdout carries ${owner ? `--reporter ${owner.kind}` : "--json"} (one reporter owns stdout)\n`);
  }
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
