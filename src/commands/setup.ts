import { resolve } from "node:path";
import { z } from "zod";
import { defineCommand, flag } from "../cli/command.js";
import { targetFlags } from "../cli/target-flags.js";
import { CannotProceedError, InterruptedError, sleepUnlessInterrupted, UsageError } from "../core/errors.js";
import { combineExitCodes, ExitCode } from "../core/exit-codes.js";
import type { Context } from "../core/io.js";
import type { TraceWriter } from "../http/trace.js";
import type { OktaClient } from "../okta/client.js";
import type { OktaApp } from "../okta/model.js";
import type { ScimTarget } from "../scim/target.js";
import type { DesiredSetup } from "../setup/desired.js";
import type { Template } from "../templates/schema.js";

/** The flags setup and verify share: where the Okta org is, which template, which app. */
export const oktaFlags = {
  orgUrl: flag(z.string().optional(), { flags: "--org-url <url>", help: "the Okta org, e.g. https://acme.okta.com (env OKTA_ORG_URL)" }),
  privateKeyFile: flag(z.string().optional(), {
    flags: "--private-key-file <path>",
    help: "private key (PEM or JWK) of the OAuth service app OKTA_CLIENT_ID (else OKTA_PRIVATE_KEY, or an API token in OKTA_API_TOKEN)",
  }),
  appId: flag(z.string().trim().min(1, { error: "is empty" }).optional(), { flags: "--app-id <id>", help: "the Okta app, by id (…/instance/<id>/ in the Admin Console)" }),
  appLabel: flag(z.string().trim().min(1, { error: "is empty" }).optional(), { flags: "--app-label <label>", help: "the Okta app, by label (default: the template's; setup creates it when there is none)" }),
  pushGroup: flag(z.array(z.string()).default([]), { flags: "--push-group <name>", help: "an Okta group pushed to the app (repeatable)", repeatable: true }),
  assignGroup: flag(z.array(z.string()).default([]), { flags: "--assign-group <name>", help: "an Okta group assigned to the app (repeatable)", repeatable: true }),
};

const setupOptions = z.object({
  ...targetFlags,
  ...oktaFlags,
  canaryUser: flag(z.string().trim().min(1, { error: "is empty" }).optional(), {
    flags: "--canary-user <login>",
    help: "assign one Okta user and report how Okta provisions it (status, syncState)",
  }),
  probe: flag(z.union([z.enum(["read-only", "full", "none"]), z.literal(false).transform(() => "none" as const)]).default("read-only"), {
    flags: "--probe <mode>",
    help: "after applying: read-only probes, full (all suites: creates test users at the vendor), or none",
    negate: "no test-connector or probes after applying (same as --probe none)",
  }),
  dryRun: flag(z.boolean().default(false), { flags: "--dry-run", help: "show the plan and change nothing" }),
  yes: flag(z.boolean().default(false), { flags: "--yes", help: "apply without asking (needed when not interactive)" }),
});
type SetupOptions = z.output<typeof setupOptions>;

/** How often an interactive run looks at the app's features while the admin does a manual step. */
const MANUAL_POLL_MS = 2_000;

/** `scim-okta setup`: plan → confirm → apply a vendor template to an Okta app, then check the SCIM side (DESIGN §2, §3). */
export default defineCommand({
  help: [
    "Okta credentials (first found wins): OKTA_API_TOKEN; OKTA_CLIENT_ID with OKTA_PRIVATE_KEY or --private-key-file",
    "(optional OKTA_KEY_ID, OKTA_SCOPES); the Okta SDK's OKTA_CLIENT_* variables; ~/.okta/okta.yaml.",
    "Exit codes: 0 done, 1 a SCIM check failed, 2 bad input, 3 Okta or the SCIM server cannot be used, 4 manual steps pending.",
  ].join("\n"),
  options: setupOptions,
  examples: [
    "OKTA_ORG_URL=https://acme.okta.com OKTA_API_TOKEN=… SCIM_USERNAME=scim-user SCIM_PASSWORD=… scim-okta setup --vendor kloudhybrid --param baseUrl=https://acme.apps.kloudspot.com/scim/v2 --param managerSource=user.managerId",
    "scim-okta setup --vendor strongdm --dry-run",
    "scim-okta setup --vendor cloudapp --app-label CloudApp --assign-group Engineering --yes",
  ],
  run: (options, ctx) => runSetup(options, ctx),
});

async function runSetup(options: SetupOptions, ctx: Context): Promise<ExitCode> {
  const [{ desiredSetup }, { prepareSetup }, render, { applyPlan }, { pendingEntry, adminOrigin }] = await Promise.all([
    import("../setup/desired.js"),
    import("../setup/prepare.js"),
    import("../setup/render.js"),
    import("../setup/apply.js"),
    import("../setup/pending.js"),
  ]);
  const template = await loadTemplate(options);
  const params = await templateParams(template, options, ctx);
  const desired = desiredSetup({
    template,
    params,
    baseUrl: options.baseUrl ?? ctx.env.SCIM_BASE_URL,
    appId: options.appId,
    appLabel: options.appLabel,
    pushGroups: options.pushGroup,
    assignGroups: options.assignGroup,
    canaryUser: options.canaryUser,
  });
  // The SCIM credentials: for the Connections API attempt and the checks after applying.
  const scim = options.dryRun ? undefined : await scimCredentials(options, desired, ctx);
  const session = await openOkta(options, ctx, "setup");
  const { client } = session;
  const out = ctx.global.json ? ctx.stderr : ctx.stdout;
  try {
    const spinner = ctx.progress.spinner(`Reading ${client.orgUrl}…`);
    let prepared;
    try {
      prepared = await prepareSetup(client, desired, (candidates) => chooseApp(candidates, desired, ctx));
    } finally {
      await spinner.stop();
    }
    const { plan, observed } = prepared;
    const style = planStyle(out);
    const appName = plan.app ? `${plan.app.label} (${plan.app.id})` : `${desired.app.label} (new ${desired.app.displayName})`;
    if (!ctx.global.json) out.write(ctx.redactor.redact(render.renderPlan(plan, { heading: `${template.name} → ${client.orgUrl}, app ${appName}`, vendor: template.name, style })));

    const writes = plan.items.some((item) => item.action === "create" || item.action === "update") || plan.steps.some((step) => step.status === "manual" && step.apiFirst);
    if (options.dryRun) return finish(ExitCode.ok, { plan: render.planJson(plan), applied: 0, pending: [], app: plan.app, probes: null });
    if (writes && !options.yes) {
      if (!ctx.interactive) {
        throw new UsageError(`setup changes ${client.orgUrl} and is not interactive: pass --yes to apply this plan`, "review it first with --dry-run");
      }
      const go = await ctx.prompter.confirm({ message: `Apply this plan to ${client.orgUrl}?`, default: false, instead: "--yes" });
      if (!go) {
        ctx.stderr.write("Nothing changed.\n");
        return ExitCode.ok;
      }
    }

    const pendingInputs = (app: OktaApp | undefined) => ({
      desired,
      app,
      adminOrigin: adminOrigin(client.orgUrl, app),
      ...(scim?.username ? { extraParams: { username: scim.username } } : {}),
    });
    const progress = ctx.progress.spinner("Applying…");
    let shownSteps = 0;
    let result;
    try {
      result = await applyPlan({
        client,
        desired,
        plan,
        observed,
        ...(scim?.connectionToken ? { connectionToken: scim.connectionToken } : {}),
        ...(ctx.interactive
          ? {
              waitForManual: async (wait) => {
                await progress.stop();
                const steps = [pendingEntry(wait.manual, pendingInputs(wait.app), wait.note), ...wait.together.map((manual) => pendingEntry(manual, pendingInputs(wait.app)))];
                ctx.stderr.write(`\n${ctx.redactor.redact(render.renderPending(steps, planStyle(ctx.stderr), { from: shownSteps + 1 }))}`);
                shownSteps += steps.length;
                return waitUntilDone(wait.check, wait.manual.step, ctx);
              },
            }
          : {}),
        onStep: (step, event, outcome) => {
          if (event === "start") progress.update(`Applying: ${step}…`);
          else if (outcome?.status === "done") progress.persist("✓", `${step}${outcome.note ? ` (${outcome.note})` : ""}`);
        },
        watch: { timeoutMs: 60_000, pollMs: 1_000, sleep: (ms) => sleepUnlessInterrupted(ms, ctx.signal) },
        signal: ctx.signal,
      });
    } finally {
      await progress.stop();
    }

    const failed = [...result.outcomes.values()].find((outcome) => outcome.status === "failed");
    if (failed && failed.status === "failed") throw failed.error;
    if (ctx.signal.aborted) throw new InterruptedError();
    for (const warning of result.warnings) ctx.stderr.write(ctx.redactor.redact(`${ctx.stderr.style.yellow("warning:")} ${warning}\n`));
    const pending = [...result.outcomes.values()].flatMap((outcome) => (outcome.status === "pending" ? [pendingEntry(outcome.manual, pendingInputs(result.app), outcome.note)] : []));
    const vendorNext = pending.length === 0 ? vendorStepsAfterOkta(template, desired, result.groupPush) : undefined;
    if (!ctx.global.json) {
      if (pending.length > 0) out.write(`\n${ctx.redactor.redact(render.renderPending(pending, style))}`);
      out.write(ctx.redactor.redact(applySummary(result, pending.length, client.writeCount)));
      if (vendorNext) out.write(ctx.redactor.redact(vendorNext.text));
    }
    const probes = scim && options.probe !== "none" ? await checkScimSide(options, scim, desired, ctx, session.trace) : undefined;
    const codes = [pending.length > 0 ? ExitCode.manualStepsPending : ExitCode.ok, probes?.exitCode ?? ExitCode.ok];
    return finish(combineExitCodes(codes), {
      plan: render.planJson(plan),
      applied: client.writeCount,
      pending: pending.map(({ step, instructions, link, verifiedBy, note }) => ({ step, instructions, link, verifiedBy, ...(note ? { note } : {}) })),
      app: result.app,
      probes: probes?.summary ?? null,
      ...(result.warnings.length > 0 ? { warnings: result.warnings } : {}),
      ...(result.canary ? { canary: result.canary } : {}),
      ...(vendorNext ? { vendorSteps: vendorNext.steps } : {}),
      ...(result.groupPush.length > 0 ? { groupPush: result.groupPush.map(({ id, sourceGroupId, status, lastPush, errorSummary }) => ({ id, sourceGroupId, status, lastPush: lastPush ?? null, errorSummary: errorSummary ?? null })) } : {}),
    });
  } finally {
    await session.close();
  }

  function finish(code: ExitCode, document: { plan: unknown; applied: number; pending: unknown[]; app: OktaApp | undefined; probes: unknown } & Record<string, unknown>): ExitCode {
    if (ctx.global.json) {
      const { app, ...rest } = document;
      const json = { schemaVersion: 1, app: app ? { id: app.id, name: app.name, label: app.label } : null, ...rest };
      ctx.stdout.write(`${ctx.redactor.redact(JSON.stringify(json))}\n`);
    }
    return code;
  }
}

function applySummary(result: { outcomes: Map<string, { status: string }>; canary?: { login: string; status: string | null; syncState: string | null } }, pending: number, applied: number): string {
  const lines = [`Applied ${applied} change${applied === 1 ? "" : "s"} through Okta's API.${pending > 0 ? ` ${pending} manual step${pending === 1 ? "" : "s"} pending: run setup again once done.` : ""}`];
  if (result.canary) lines.push(`Canary ${result.canary.login}: status ${result.canary.status ?? "?"}, syncState ${result.canary.syncState ?? "?"}.`);
  return `${lines.join("\n")}\n`;
}

/**
 * What is left to do at the vendor once Okta is configured (the template's after-okta steps). A
 * vendor that pushes groups hears of them only once each push has succeeded: Clumio's admin must
 * not switch on automatic provisioning before their own group arrived, or they lock themselves out.
 */
function vendorStepsAfterOkta(template: Template, desired: DesiredSetup, pushes: readonly { sourceGroupId: string; status: string; lastPush?: string | null | undefined }[]) {
  const steps = template.vendorSteps.filter((step) => step.phase === "after-okta").map((step) => ({ text: step.text, ...(step.warning ? { warning: step.warning.value } : {}) }));
  if (steps.length === 0) return undefined;
  const unconfirmed = desired.pushGroups.length > 0 && (pushes.length < desired.pushGroups.length || pushes.some((push) => push.status !== "ACTIVE" || !push.lastPush));
  // A vendor that is told about groups by push (Clumio: the admins' group before Auto User
  // Provisioning) gets its steps only once some group has really arrived there, named or not.
  const pushed = pushes.some((push) => push.status === "ACTIVE" && Boolean(push.lastPush));
  if (!unconfirmed && template.okta.groupPush?.enabled && !pushed) {
    return {
      steps: [],
      text: `Not yet at ${template.name}: no group has been pushed to it from Okta. Push the group(s) it needs first (--push-group <name>, or Push Groups in the Admin Console) and run setup again once Okta shows them pushed; it then lists what to do at ${template.name}.\n`,
    };
  }
  if (unconfirmed) {
    const states = pushes.map((push) => `${push.status}${push.lastPush ? "" : ", not pushed yet"}`).join("; ") || "no push yet";
    return { steps: [], text: `Not yet at ${template.name}: the group push is not confirmed (${states}). Run setup again once Okta shows it pushed; it then lists what to do at ${template.name}.\n` };
  }
  const lines = [`Then at ${template.name}:`, ...steps.map((step, index) => `  ${index + 1}. ${step.text}${step.warning ? `\n     ${step.warning}` : ""}`)];
  return { steps, text: `${lines.join("\n")}\n` };
}

/** --vendor or --template, exactly one. */
export async function loadTemplate(options: { vendor?: string | undefined; template?: string | undefined }): Promise<Template> {
  const { loadTemplateFile, loadVendorTemplate } = await import("../templates/load.js");
  if (options.vendor && options.template) throw new UsageError("--vendor and --template cannot be used together", "choose one");
  if (options.vendor) return loadVendorTemplate(options.vendor);
  if (options.template) return loadTemplateFile(resolve(options.template), options.template);
  throw new UsageError("which vendor? pass --vendor <id> or --template <file>", 'run "scim-okta vendors list" to see the vendors');
}

/** The template's parameters: --param, else a prompt (interactive), else exit 2 naming them. */
export async function templateParams(template: Template, options: { param: readonly string[]; baseUrl?: string | undefined }, ctx: Context): Promise<Record<string, string>> {
  const { parseParams, resolveParameters } = await import("../templates/resolve.js");
  const given = parseParams(options.param);
  const { values, missing: unfilled } = resolveParameters(template, given);
  // --base-url replaces the template's URL outright: the parameters that only build it are not needed.
  const baseUrlGiven = Boolean(options.baseUrl ?? ctx.env.SCIM_BASE_URL);
  const missing = baseUrlGiven ? unfilled.filter((name) => !template.scim.baseUrl.value.includes(`{${name}}`)) : unfilled;
  if (missing.length === 0) return values;
  if (!ctx.interactive) {
    throw new UsageError(`template ${template.id} needs ${missing.map((name) => `--param ${name}=…`).join(" ")}`, describeParameters(template, missing));
  }
  for (const name of missing) {
    const parameter = template.parameters.find((entry) => entry.name === name);
    values[name] = await ctx.prompter.input({
      message: `${name}: ${parameter?.description ?? ""}`.trim(),
      instead: `--param ${name}=…`,
      validate: (value) => (value.trim() === "" ? "a value is needed" : parameter?.pattern && !new RegExp(parameter.pattern).test(value) ? `must match ${parameter.pattern}` : true),
    });
  }
  return values;
}

function describeParameters(template: Template, names: readonly string[]): string {
  return names
    .map((name) => {
      const parameter = template.parameters.find((entry) => entry.name === name);
      const description = parameter?.description ?? "";
      // The example once: many descriptions already give it ("…, e.g. user.managerId where …").
      const example = parameter?.example && !description.includes(parameter.example) ? ` (e.g. ${parameter.example})` : "";
      return `${name}: ${description}${example}`;
    })
    .join("; ");
}

interface OktaSession {
  client: OktaClient;
  trace: TraceWriter | undefined;
  close(): Promise<void>;
}

/** Resolve the Okta connection (org URL + credential chain) and open a client, traced when --trace is given. */
export async function openOkta(
  options: { orgUrl?: string | undefined; privateKeyFile?: string | undefined; trace?: string | undefined; timeout?: number; insecure?: boolean },
  ctx: Context,
  purpose: "setup" | "verify",
): Promise<OktaSession> {
  const [{ resolveOktaConnection, SETUP_SCOPES, VERIFY_SCOPES }, { OktaClient }, { TraceWriter }] = await Promise.all([
    import("../okta/connection.js"),
    import("../okta/client.js"),
    import("../http/trace.js"),
  ]);
  const connection = resolveOktaConnection({
    orgUrl: options.orgUrl,
    privateKeyFile: options.privateKeyFile,
    env: ctx.env,
    homeDir: ctx.env.HOME ?? ctx.env.USERPROFILE,
    cwd: ctx.cwd,
    defaultScopes: purpose === "setup" ? SETUP_SCOPES : VERIFY_SCOPES,
  });
  const trace = options.trace ? await TraceWriter.open(resolve(ctx.cwd, options.trace), ctx.redactor) : undefined;
  const timeoutMs = Math.round((options.timeout ?? 60) * 1000);
  const dispatcher = await ctx.http.dispatcher({ timeoutMs, connections: 6 });
  const client = new OktaClient({ connection, env: ctx.env, redactor: ctx.redactor, dispatcher, timeoutMs, signal: ctx.signal, ...(trace ? { trace } : {}) });
  return {
    client,
    trace,
    close: async () => {
      await dispatcher.destroy();
      await trace?.close();
    },
  };
}

/** Several apps carry the label: pick one (interactive), else exit 2 listing them. */
async function chooseApp(candidates: OktaApp[], desired: DesiredSetup, ctx: Context): Promise<OktaApp> {
  const listed = candidates.map((app) => `${app.id} (${app.name}, ${app.status ?? "?"})`).join(", ");
  if (!ctx.interactive) throw new UsageError(`${candidates.length} apps are labelled "${desired.app.label}": ${listed}`, "pass --app-id <id> to say which");
  return ctx.prompter.select({
    message: `${candidates.length} apps are labelled "${desired.app.label}"; which one?`,
    instead: "--app-id",
    choices: candidates.map((app) => ({ name: `${app.label} — ${app.id} (${app.name})`, value: app })),
  });
}

interface ScimSide {
  username?: string;
  /** What the Connections API would get as the token (header apps: the header value as the admin types it). */
  connectionToken?: string;
  target: ScimTarget;
}

/** SCIM credentials as test-connector takes them (env, file, stdin), or a masked prompt when interactive. */
async function scimCredentials(options: SetupOptions, desired: DesiredSetup, ctx: Context): Promise<ScimSide | undefined> {
  const { resolveTarget } = await import("../scim/target.js");
  if (options.auth && options.auth !== desired.scim.authMode) {
    throw new UsageError(`--auth ${options.auth}: the ${desired.template.name} app authenticates with ${desired.scim.authMode}`, "leave out --auth: setup takes it from the template");
  }
  const basic = desired.scim.authMode === "basic";
  const env = { ...ctx.env };
  const given = basic ? (options.passwordFile ?? env.SCIM_PASSWORD) : (options.tokenFile ?? env.SCIM_TOKEN);
  if (!given) {
    // Without the checks the credentials only feed the Connections API attempt: not worth asking for.
    if (options.probe === "none") return undefined;
    if (!ctx.interactive) {
      const names = basic ? "SCIM_USERNAME and SCIM_PASSWORD (or --password-file)" : "SCIM_TOKEN (or --token-file)";
      throw new UsageError(`setup needs the SCIM credentials for ${desired.template.name}: set ${names}`, "or pass --no-probe to configure Okta without checking the SCIM side");
    }
    if (basic && !options.username && !env.SCIM_USERNAME) env.SCIM_USERNAME = await ctx.prompter.input({ message: "SCIM username", instead: "SCIM_USERNAME" });
    const secret = await ctx.prompter.password({ message: basic ? "SCIM password" : "SCIM token", instead: basic ? "SCIM_PASSWORD" : "SCIM_TOKEN" });
    if (basic) env.SCIM_PASSWORD = secret;
    else env.SCIM_TOKEN = secret;
  }
  const target = await resolveTarget({ ...options, vendor: undefined, template: undefined, baseUrl: desired.scim.baseUrl, auth: desired.scim.authMode }, { ...ctx, env });
  const paste = desired.template.scim.auth.pasteIntoOkta;
  const connectionToken = target.token === undefined ? undefined : paste && paste.includes("{token}") && desired.scim.authMode === "header" ? paste.replaceAll("{token}", target.token) : target.token;
  if (connectionToken) ctx.redactor.addSecret(connectionToken);
  const username = basic ? (options.username ?? env.SCIM_USERNAME) : undefined;
  return { target: { ...target, template: desired.template, dialect: desired.scim.dialect }, ...(username ? { username } : {}), ...(connectionToken ? { connectionToken } : {}) };
}

/** test-connector, then the probe suites (read-only unless --probe full), with their summaries. */
async function checkScimSide(options: SetupOptions, scim: ScimSide, desired: DesiredSetup, ctx: Context, trace: TraceWriter | undefined) {
  const [{ connectorExitCode }, { runProbeSuites, probeRunExitCode }, { runPreflight }] = await Promise.all([
    import("../scim/connector/checks.js"),
    import("../scim/run/probe-run.js"),
    import("../scim/run/preflight.js"),
  ]);
  const target = { ...scim.target, tracePath: undefined };
  const spinner = ctx.progress.spinner(`Checking ${target.baseUrl} as Okta would…`);
  let connector;
  let probes;
  let stop;
  try {
    // Okta's own first request fails (a refused credential, a wrong base path): that one diagnosis, not the suites' echo of it.
    ({ run: connector, stop } = await runPreflight(target, ctx, trace));
    if (!stop) {
      spinner.update(`Probing ${target.baseUrl}${options.probe === "full" ? "" : " (read-only)"}…`);
      probes = await runProbeSuites(
        // Setup's --trace (already holding Okta's and test-connector's exchanges) takes the probes' too.
        { target, suites: ["okta-spec", "okta-runtime", "rfc"], readOnly: options.probe !== "full", dialect: desired.scim.dialect, emailDomain: "example.com", concurrency: 4, ...(trace ? { trace } : {}) },
        ctx,
      );
    }
  } finally {
    await spinner.stop();
  }
  const count = (status: string, required?: boolean) => connector.checks.filter((check) => check.status === status && (required === undefined || check.required === required)).length;
  const connectorSummary = { passed: count("passed"), failed: count("failed", true), optionalFailed: count("failed", false), warned: count("warned"), skipped: count("skipped") };
  const readOnly = options.probe !== "full";
  const out = ctx.global.json ? ctx.stderr : ctx.stdout;
  out.write(`test-connector: ${connectorSummary.passed} passed, ${connectorSummary.failed} failed${connectorSummary.optionalFailed > 0 ? ` (+${connectorSummary.optionalFailed} optional)` : ""}, ${connectorSummary.warned} warned\n`);
  if (stop) {
    if (stop.exitCode === ExitCode.cannotProceed) throw new CannotProceedError(stop.message, stop.hint);
    const { diagnosis } = stop;
    out.write(ctx.redactor.redact(`  ${out.style.red("✗")} ${diagnosis.title} [${diagnosis.id}]: ${diagnosis.message}\n  What to do: ${diagnosis.whatToDo}\nprobes: not run (Okta's own first request fails)\n`));
    const diagnosisJson = { id: diagnosis.id, message: diagnosis.message, whatToDo: diagnosis.whatToDo };
    return { summary: { connector: connectorSummary, probes: null, readOnly, diagnosis: diagnosisJson }, exitCode: stop.exitCode };
  }
  const s = probes!.report.summary;
  out.write(
    `probes${readOnly ? " (read-only)" : ""}: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped, ${s.warned} warned${s.requiredFailed > 0 ? ` (${s.requiredFailed} required failed)` : ""}\n`,
  );
  if (probes!.unreachable) throw new CannotProceedError(probes!.unreachable.message, probes!.unreachable.hint);
  return { summary: { connector: connectorSummary, probes: s, readOnly }, exitCode: combineExitCodes([connectorExitCode(connector.checks), probeRunExitCode(probes!)]) };
}

/** Poll until the admin has done the step; Ctrl-C stops (setup is resumable: run it again). */
async function waitUntilDone(check: () => Promise<boolean>, what: string, ctx: Context): Promise<boolean> {
  const spinner = ctx.progress.spinner(`Waiting for: ${what} (Ctrl-C stops; setup picks up where it left off when run again)`);
  try {
    for (;;) {
      await sleepUnlessInterrupted(MANUAL_POLL_MS, ctx.signal);
      if (await check()) {
        spinner.persist("✓", `${what}: done`);
        return true;
      }
    }
  } finally {
    await spinner.stop();
  }
}


function planStyle(stream: Context["stdout"]) {
  const style = stream.style;
  return {
    create: style.green,
    update: style.yellow,
    unchanged: style.dim,
    manual: style.magenta,
    waiting: style.cyan,
    dim: style.dim,
    bold: style.bold,
  };
}
