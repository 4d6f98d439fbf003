import type { Context, OutputStream, Spinner } from "../core/io.js";
import type { DemoEvent, DemoResult, ProvisionedUser } from "../demo/run.js";
import { renderPending, renderPlan, summaryLine } from "../setup/render.js";

/** The plan's colours, as setup's own view gives them. */
type Styler = NonNullable<Parameters<typeof renderPlan>[1]["style"]>;

/**
 * What `demo` shows, stage by stage as it happens: headings, setup's own plan and manual-step
 * rendering, the tables of what arrived where; a spinner (stderr) while something is under way on
 * a terminal, plain text otherwise. With --json only the result document, once, at the end.
 */
export class DemoView {
  private spinner: Spinner | undefined;
  private readonly stopping: Promise<void>[] = [];
  private readonly out: OutputStream;
  private readonly json: boolean;

  constructor(private readonly ctx: Context) {
    this.out = ctx.stdout;
    this.json = ctx.global.json;
  }

  observe(event: DemoEvent): void {
    if (event.kind === "working") {
      if (this.spinner) this.spinner.update(event.text);
      else this.spinner = this.ctx.progress.spinner(event.text);
      return;
    }
    if (this.json) return;
    const text = renderEvent(event, planStyle(this.out), this.out.style);
    if (text !== "") this.write(text);
  }

  async finish(result: DemoResult): Promise<void> {
    if (this.json) {
      this.clearSpinner();
      this.ctx.stdout.write(`${this.ctx.redactor.redact(JSON.stringify(result))}\n`);
      return;
    }
    this.write(renderSummary(result, this.out.style));
  }

  async close(): Promise<void> {
    this.clearSpinner();
    await Promise.all(this.stopping);
  }

  /** Results go to stdout once the spinner (stderr, same terminal) is off the line. */
  private write(text: string): void {
    this.clearSpinner();
    this.out.write(this.ctx.redactor.redact(text));
  }

  private clearSpinner(): void {
    if (!this.spinner) return;
    this.stopping.push(this.spinner.stop());
    this.spinner = undefined;
  }
}

type Style = OutputStream["style"];

function planStyle(stream: OutputStream): Styler {
  const style = stream.style;
  return { create: style.green, update: style.yellow, unchanged: style.dim, manual: style.magenta, waiting: style.cyan, dim: style.dim, bold: style.bold };
}

const indent = (text: string, by = "  ") =>
  text
    .split("\n")
    .map((line) => (line === "" ? line : `${by}${line}`))
    .join("\n");

function renderEvent(event: Exclude<DemoEvent, { kind: "working" }>, plan: Styler, style: Style): string {
  switch (event.kind) {
    case "stage":
      return `\n${style.bold(`${event.number}. ${event.title}`)}\n`;
    case "sandbox":
      return [
        `  Okta org        ${event.sandbox.oktaOrgUrl}  (the Management API setup uses)`,
        `  SCIM server     ${event.sandbox.scimBaseUrl}  (the reference server, in the vendor's place)`,
        `  Admin Console   ${event.sandbox.adminUrl}  (a stand-in for the clicks Okta's API cannot do)`,
        "",
      ].join("\n");
    case "app-added":
      return `  ${style.green("✓")} ${event.app.label} app ${event.app.id} (${event.app.name})\n  ${style.dim(event.realOrg)}\n`;
    case "people": {
      const width = Math.max(...event.people.users.map((user) => user.login.length));
      const rows = event.people.users.map((user) => `    ${user.login.padEnd(width)}  ${user.name}${user.manager ? style.dim(`  manager: ${user.manager}`) : ""}`);
      return [`  ${style.green("✓")} group "${event.people.group}" with three people, created through Okta's API:`, ...rows, ""].join("\n");
    }
    case "setup-plan": {
      const command = `  ${style.dim(`$ ${event.command}`)}\n\n`;
      // A converged plan is all "=": its summary line says it.
      if (event.plan.items.every((item) => item.action === "unchanged")) return `${command}${plan.bold(event.heading)}\n${summaryLine(event.plan, event.vendor)}\n`;
      return `${command}${renderPlan(event.plan, { heading: event.heading, vendor: event.vendor, style: plan })}\n`;
    }
    case "setup-step":
      return `  ${style.green("✓")} ${event.step}${event.note ? style.dim(` (${event.note})`) : ""}\n`;
    case "setup-applied": {
      const { run } = event;
      const pending = event.pending.length;
      const lines = [
        ...run.warnings.map((warning) => `${style.yellow("warning:")} ${warning}`),
        `Applied ${run.applied} change${run.applied === 1 ? "" : "s"} through Okta's API.${pending > 0 ? ` ${pending} manual step${pending === 1 ? "" : "s"} pending: run setup again once done.` : ""}`,
        ...(pending > 0 ? [style.dim("(setup exits 4 here, listing the steps above; on a terminal it waits for them instead)")] : []),
      ];
      return `${pending > 0 ? `\n${renderPending(event.pending, plan)}` : "\n"}${lines.join("\n")}\n`;
    }
    case "admin-console": {
      const { record } = event;
      return [
        `  On a real org the admin opens ${record.realOrgLink}`,
        `  (setup prints the link for your org) and types the values above. Here the demo saves the same values`,
        `  in the sandbox's Admin Console stand-in, secrets included (shown here as (sensitive)):`,
        style.dim(`  ${record.request.method} ${record.request.url}`),
        style.dim(`  ${JSON.stringify(record.request.body)}`),
        `  ${style.green("✓")} saved: ${record.steps.join("; ")}`,
        "",
      ].join("\n");
    }
    case "provisioned": {
      const { users, group } = event.record;
      const lines = users.flatMap((user) => renderUser(user, style));
      if (!group.pushed) lines.push(`  Group "${group.name}": assigned, not pushed — ${group.notPushed ?? "the template does not push groups"}.`);
      else {
        const push = group.push ? `${group.push.status}${group.push.lastPush ? `, last push ${group.push.lastPush}` : ", not pushed yet"}${group.push.errorSummary ? `, ${group.push.errorSummary}` : ""}` : "no push mapping";
        lines.push(`  Group "${group.name}"`, `    Okta  push ${push}`);
        lines.push(group.scim ? `    SCIM  ${group.scim.displayName} (id ${group.scim.id}), ${group.scim.members.length} members: ${group.scim.members.join(", ")}` : `    SCIM  ${style.red("not there")}`);
      }
      return `${lines.join("\n")}\n`;
    }
    case "deactivated": {
      const { record } = event;
      const appUser = record.okta.appUser ? `app user ${record.okta.appUser.status ?? "?"} / ${record.okta.appUser.syncState ?? "?"}` : "no longer assigned to the app (Okta unassigns a deactivated person)";
      const scim = record.scim ? (record.scim.active ? style.red("still active") : "active: false (deactivated, kept)") : style.red("not there");
      const group = record.group ? [`  SCIM  group now has ${record.group.members.length} members: ${record.group.members.join(", ")}`] : [];
      return [`  Okta  ${record.login} is ${record.okta.status}; ${appUser}`, `  SCIM  ${record.login} ${scim}`, ...group, ""].join("\n");
    }
    case "checks": {
      const { testConnector: connector, probes } = event.record;
      const lines = [
        `  test-connector  ${connector.passed} passed, ${connector.failed} failed${connector.optionalFailed > 0 ? ` (+${connector.optionalFailed} optional)` : ""}, ${connector.warned} warned`,
        ...connector.failures.map((failure) => style.dim(`                  ${failure}`)),
        `  probe           ${probes.passed} passed, ${probes.failed} failed, ${probes.skipped} skipped, ${probes.warned} warned (${probes.suites.join(", ")}; ${probes.dialect} dialect)`,
        ...probes.failures.map((failure) => style.dim(`                  ${failure}`)),
      ];
      return `${lines.join("\n")}\n`;
    }
  }
}

function renderUser(user: ProvisionedUser, style: Style): string[] {
  const okta = user.okta ? `app user ${user.okta.status ?? "?"} / ${user.okta.syncState ?? "?"}` : style.red("not assigned");
  const attributes = user.scim
    ? Object.entries(user.scim.attributes)
        .map(([name, value]) => `${name}=${typeof value === "string" ? value : JSON.stringify(value)}`)
        .join(" ")
    : "";
  const scim = user.scim ? `${user.scim.userName} (id ${user.scim.id}), ${user.scim.active ? "active" : "inactive"}` : style.red("not there");
  return [`  ${user.login}${user.manager ? style.dim(`  (manager: ${user.manager})`) : ""}`, `    Okta  ${okta}`, `    SCIM  ${scim}`, ...(attributes ? [style.dim(`          ${attributes}`)] : [])];
}

function renderSummary(result: DemoResult, style: Style): string {
  const runs = result.setup.length;
  const applied = result.setup.reduce((sum, run) => sum + run.applied, 0);
  const manual = result.adminConsole.reduce((sum, record) => sum + record.steps.length, 0);
  const provisioned = result.provisioned.users.filter((user) => user.okta?.syncState === "SYNCHRONIZED" && user.scim).length;
  const { testConnector: connector, probes } = result.checks;
  const lines = [
    "",
    style.bold("Summary"),
    `  setup configured ${result.app.label} (${result.app.id}) in ${runs} runs: ${applied} change${applied === 1 ? "" : "s"} through Okta's API, ${manual} manual step${manual === 1 ? "" : "s"} in the Admin Console (its stand-in here), and a last run with nothing left to change.`,
    `  Okta provisioned ${provisioned} of ${result.provisioned.users.length} people to the SCIM server${result.provisioned.group.pushed ? ` and pushed the group "${result.provisioned.group.name}"` : ""}; deactivating ${result.deactivated.login} in Okta ${result.deactivated.scim?.active === false ? "deactivated them there too" : style.red("did not deactivate them there")}.`,
    `  test-connector: ${connector.failed === 0 ? "passes" : style.red(`${connector.failed} failed`)}; probes: ${probes.passed} passed, ${probes.requiredFailed > 0 ? style.red(`${probes.requiredFailed} required failed`) : "no required one failed"}.`,
    ...result.findings.map((finding) => `  ${style.red("not as Okta would do it:")} ${finding}`),
    `  Took ${(result.durationMs / 1000).toFixed(1)} s; the sandbox is stopped.`,
  ];
  if (result.vendorSteps.length > 0) lines.push("", style.bold(`Then, on a real org, at ${result.vendor.name}:`), ...result.vendorSteps.map((step, index) => `  ${index + 1}. ${step}`));
  lines.push("", style.bold("The same against a real Okta org:"), indent(result.realOrg.join("\n")), "");
  return lines.join("\n");
}
