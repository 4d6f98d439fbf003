import { z } from "zod";
import { defineCommand } from "../cli/command.js";
import { reporterFlag, targetFlags } from "../cli/target-flags.js";
import { UsageError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import type { Context } from "../core/io.js";
import type { DriftEntry } from "../setup/drift.js";
import type { Plan } from "../setup/plan.js";
import { loadTemplate, oktaFlags, openOkta, templateParams } from "./setup.js";

const verifyOptions = z.object({
  vendor: targetFlags.vendor,
  template: targetFlags.template,
  param: targetFlags.param,
  baseUrl: targetFlags.baseUrl,
  timeout: targetFlags.timeout,
  trace: targetFlags.trace,
  ...oktaFlags,
  reporter: reporterFlag,
});
type VerifyOptions = z.output<typeof verifyOptions>;

/** `scim-okta verify`: a read-only drift check of an Okta app against a template, for CI (DESIGN §2). */
export default defineCommand({
  help: "Reads only. Exit codes: 0 in sync, 1 drift (each difference listed with the command that fixes it), 2 bad input, 3 Okta cannot be used.",
  options: verifyOptions,
  examples: [
    "scim-okta verify --vendor strongdm --app-label strongDM",
    "scim-okta verify --vendor kloudhybrid --app-id 0oa1b2c3d4 --param baseUrl=https://acme.apps.kloudspot.com/scim/v2 --param managerSource=user.managerId --reporter junit=okta-drift.xml",
  ],
  run: (options, ctx) => runVerify(options, ctx),
});

async function runVerify(options: VerifyOptions, ctx: Context): Promise<ExitCode> {
  const startedAt = ctx.now();
  const [{ desiredSetup }, { prepareSetup }, { driftOf }] = await Promise.all([import("../setup/desired.js"), import("../setup/prepare.js"), import("../setup/drift.js")]);
  const template = await loadTemplate(options);
  const params = await templateParams(template, options, { ...ctx, interactive: false });
  const desired = desiredSetup({
    template,
    params,
    baseUrl: options.baseUrl ?? ctx.env.SCIM_BASE_URL,
    appId: options.appId,
    appLabel: options.appLabel,
    pushGroups: options.pushGroup,
    assignGroups: options.assignGroup,
  });
  const session = await openOkta(options, ctx, "verify");
  try {
    const { plan } = await prepareSetup(session.client, desired, async (candidates) => {
      throw new UsageError(`${candidates.length} apps are labelled "${desired.app.label}": ${candidates.map((app) => app.id).join(", ")}`, "pass --app-id <id> to say which");
    });
    const fix = fixCommand(options, template.id, params, plan);
    const drift = driftOf(plan, fix);
    const app = plan.app ? { id: plan.app.id, name: plan.app.name, label: plan.app.label } : null;
    const templateFile = options.vendor ? `templates/${template.id}.yaml` : (options.template ?? "");
    await report(plan, drift, options, ctx, { orgUrl: session.client.orgUrl, templateFile, startedAt });
    if (ctx.global.json) ctx.stdout.write(`${ctx.redactor.redact(JSON.stringify({ schemaVersion: 1, app, inSync: drift.length === 0, drift: drift.map(({ path, expected, actual, fix: how }) => ({ path, expected, actual, fix: how })) }))}\n`);
    else ctx.stdout.write(ctx.redactor.redact(renderDrift(drift, app, template.name)));
    return drift.length === 0 ? ExitCode.ok : ExitCode.findings;
  } finally {
    await session.close();
  }
}

/** The setup command that fixes the drift: same template, same app, same (non-secret) parameters. */
function fixCommand(options: VerifyOptions, templateId: string, params: Record<string, string>, plan: Plan): string {
  const parts = ["scim-okta setup", options.vendor ? `--vendor ${templateId}` : `--template ${options.template ?? ""}`];
  if (plan.app) parts.push(`--app-id ${plan.app.id}`);
  else if (options.appLabel) parts.push(`--app-label ${shellWord(options.appLabel)}`);
  for (const [name, value] of Object.entries(params)) parts.push(`--param ${shellWord(`${name}=${value}`)}`);
  for (const name of options.pushGroup) parts.push(`--push-group ${shellWord(name)}`);
  for (const name of options.assignGroup) parts.push(`--assign-group ${shellWord(name)}`);
  return parts.join(" ");
}

function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

function renderDrift(drift: readonly DriftEntry[], app: { id: string; label: string } | null, vendor: string): string {
  const name = app ? `${app.label} (${app.id})` : "the app";
  if (drift.length === 0) return `In sync: ${name} matches the ${vendor} template.\n`;
  const lines = [`Drift: ${name} differs from the ${vendor} template in ${drift.length} place${drift.length === 1 ? "" : "s"}:`, ""];
  for (const entry of drift) lines.push(`  ~ ${entry.path}`, `      expected: ${show(entry.expected)}`, `      actual:   ${show(entry.actual)}`);
  lines.push("", `Fix: ${drift[0]?.fix ?? ""}`);
  return `${lines.join("\n")}\n`;
}

function show(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** --reporter junit/github/json/markdown: one check per plan item, failed where it drifted. */
async function report(plan: Plan, drift: readonly DriftEntry[], options: VerifyOptions, ctx: Context, run: { orgUrl: string; templateFile: string; startedAt: Date }): Promise<void> {
  const { orgUrl, templateFile, startedAt } = run;
  if (options.reporter.length === 0) return;
  const [{ createReporters }, { summarize }, { VERSION }] = await Promise.all([import("../scim/reporters/index.js"), import("../scim/report.js"), import("../core/version.js")]);
  const drifted = new Map(drift.map((entry) => [entry.path, entry]));
  const probes = plan.items.map((item) => {
    const entry = drifted.get(item.path);
    return {
      id: `verify/${item.path}`,
      suite: `verify/${item.step}`,
      title: `${item.path} as the template says`,
      required: true,
      // Where the expected value comes from: the template (its own sources cite the vendor's guide).
      reference: `${templateFile} (scim-okta ${options.vendor ? "vendor template" : "template"})`,
      status: entry ? ("failed" as const) : ("passed" as const),
      durationMs: 0,
      message: entry ? `expected ${show(entry.expected)}, actual ${show(entry.actual)}; fix: ${entry.fix}` : "in sync",
      expected: entry ? show(entry.expected) : null,
      actual: entry ? show(entry.actual) : null,
      curl: null,
      exchanges: [],
    };
  });
  const reporters = createReporters(options.reporter, ctx, { command: "verify" });
  const runReport = {
    schemaVersion: 1 as const,
    tool: { name: "scim-okta", version: VERSION },
    command: "verify" as const,
    target: { baseUrl: plan.app ? `${orgUrl} app ${plan.app.id}` : orgUrl },
    startedAt: startedAt.toISOString(),
    durationMs: ctx.now().getTime() - startedAt.getTime(),
    summary: summarize(probes),
    probes,
    leftovers: [],
  };
  for (const reporter of reporters) await reporter.finish(runReport);
}
