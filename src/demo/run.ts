import { BugError, InterruptedError, sleepUnlessInterrupted } from "../core/errors.js";
import { combineExitCodes, ExitCode } from "../core/exit-codes.js";
import type { Context } from "../core/io.js";
import { createApp, createCustomSamlApp } from "../okta/api/apps.js";
import { getAppUser, listAppUsers } from "../okta/api/appUsers.js";
import { listGroupPushMappings } from "../okta/api/groupPush.js";
import { deactivateUser, getUser } from "../okta/api/users.js";
import { OktaClient } from "../okta/client.js";
import { resolveOktaConnection, SETUP_SCOPES } from "../okta/connection.js";
import type { AppUser, OktaApp } from "../okta/model.js";
import { startSandbox, type Sandbox } from "../sandbox/start.js";
import type { ScimGroup, ScimUser } from "../sandbox/scim/model.js";
import { testConnector } from "../scim/connector/service.js";
import { mappedValue, templateAttributeMappings } from "../scim/okta-dialect.js";
import { probeRunExitCode, runProbeSuites } from "../scim/run/probe-run.js";
import { resolveTarget, type ScimTarget } from "../scim/target.js";
import { adminLink, pendingStep, type ManualStep } from "../templates/manual-steps.js";
import { loadVendorTemplate } from "../templates/load.js";
import { fillPlaceholders, resolveParameters } from "../templates/resolve.js";
import type { Template } from "../templates/schema.js";
import { applyPlan, type StepOutcome } from "../setup/apply.js";
import { desiredSetup, type DesiredSetup } from "../setup/desired.js";
import { adminOrigin, pendingEntry, type PendingEntry } from "../setup/pending.js";
import type { Plan } from "../setup/plan.js";
import { prepareSetup } from "../setup/prepare.js";
import { planJson, summaryLine, type PlanEntryJson } from "../setup/render.js";
import { adminSettings, saveInAdminConsole, type AdminSettings } from "./admin-console.js";
import { createDemoPeople, DEMO_GROUP, DEMO_PEOPLE, LEAVER, type DemoDirectory } from "./people.js";
import { realOrgCommands } from "./real-org.js";

/**
 * `scim-okta demo` as a service (issue 10): the sandbox started in-process on loopback, setup run
 * against it for one vendor template (its plan, its manual steps done in the Admin Console
 * stand-in, re-run until it converges), a group of three people assigned and pushed, what Okta
 * provisioned as the reference SCIM server holds it next to the app users' status in Okta, one
 * person deactivated, then test-connector and the probe suites, and the commands for a real org.
 * Everything goes through the functions the commands use — setup's plan/apply, the Okta client,
 * the connector and probe run services — never a child process. The sandbox is stopped at the end,
 * also after a failure or Ctrl-C.
 */

const DEMO_SCHEMA_VERSION = 1;

/** Setup's manual steps need at most this many rounds (AIW: enable SCIM, then the connection and To App). */
const MAX_SETUP_ROUNDS = 4;

export interface DemoInput {
  vendor: string;
  /** Called with the sandbox once it runs, before anything else: tests switch the reference SCIM server's faults on here. */
  afterStart?: (sandbox: Sandbox) => void;
  /**
   * Called with the running sandbox after the last stage, before it is stopped: tests read the
   * servers' own state there (the reference SCIM server's users and groups, the org's app users).
   */
  beforeStop?: (sandbox: Sandbox) => Promise<void>;
}

/** Stages as they happen, for the view (spinners, headings, the plan). */
export type DemoEvent =
  | { kind: "stage"; number: number; title: string }
  | { kind: "working"; text: string }
  | { kind: "sandbox"; sandbox: DemoResult["sandbox"] }
  | { kind: "app-added"; app: DemoResult["app"]; realOrg: string }
  | { kind: "people"; people: DemoResult["people"] }
  | { kind: "setup-plan"; command: string; heading: string; plan: Plan; vendor: string }
  | { kind: "setup-step"; step: string; note?: string }
  | { kind: "setup-applied"; run: SetupRunRecord; pending: PendingEntry[] }
  | { kind: "admin-console"; record: AdminConsoleRecord }
  | { kind: "provisioned"; record: DemoResult["provisioned"] }
  | { kind: "deactivated"; record: DemoResult["deactivated"] }
  | { kind: "checks"; record: DemoResult["checks"] };

interface SetupRunRecord {
  run: number;
  command: string;
  plan: PlanEntryJson[];
  summary: string;
  /** Write calls Okta accepted in this run. */
  applied: number;
  pending: Array<Pick<PendingEntry, "step" | "instructions" | "link" | "verifiedBy"> & { note?: string }>;
  warnings: string[];
}

interface AdminConsoleRecord {
  steps: string[];
  /** Where the admin does it on a real org (setup's link, on the Admin Console's host). */
  realOrgLink: string;
  /** What the demo sent to the stand-in instead, secrets as (sensitive). */
  request: { method: "PUT"; url: string; body: AdminSettings };
}

export interface ProvisionedUser {
  login: string;
  manager: string | null;
  okta: { status: string | null; syncState: string | null; externalId: string | null } | null;
  /** The user at the SCIM server (the one Okta's externalId names), with the template's mapped attributes that arrived. */
  scim: { id: string; userName: string; active: boolean; attributes: Record<string, unknown> } | null;
}

export interface DemoResult {
  schemaVersion: typeof DEMO_SCHEMA_VERSION;
  vendor: { id: string; name: string; dialect: string; authMode: string };
  sandbox: { oktaOrgUrl: string; scimBaseUrl: string; adminUrl: string };
  app: { id: string; name: string; label: string; addedByDemo: boolean };
  people: { group: string; users: Array<{ login: string; name: string; manager: string | null }> };
  setup: SetupRunRecord[];
  adminConsole: AdminConsoleRecord[];
  provisioned: {
    users: ProvisionedUser[];
    group: {
      name: string;
      pushed: boolean;
      /** Why the group is not pushed (the template or the app does not push groups). */
      notPushed?: string;
      push: { status: string; lastPush: string | null; errorSummary: string | null } | null;
      scim: { id: string; displayName: string; members: string[] } | null;
    };
  };
  deactivated: {
    login: string;
    okta: { status: string; appUser: { status: string | null; syncState: string | null } | null };
    scim: { active: boolean } | null;
    /** The pushed group's members at the SCIM server afterwards (Okta pushes the membership change). */
    group: { members: string[] } | null;
  };
  checks: {
    testConnector: { passed: number; failed: number; optionalFailed: number; warned: number; skipped: number; failures: string[] };
    probes: { suites: string[]; dialect: string; passed: number; failed: number; skipped: number; warned: number; requiredFailed: number; failures: string[] };
  };
  /** What did not turn out as Okta provisions (each is a finding: exit 1). */
  findings: string[];
  vendorSteps: string[];
  realOrg: string[];
  durationMs: number;
}

interface DemoRun {
  result: DemoResult;
  exitCode: ExitCode;
}

export async function runDemo(input: DemoInput, ctx: Context, observe: (event: DemoEvent) => void): Promise<DemoRun> {
  const started = performance.now();
  const template = await loadVendorTemplate(input.vendor);
  const interrupted = () => {
    if (ctx.signal.aborted) throw new InterruptedError();
  };

  observe({ kind: "stage", number: 1, title: "Start the sandbox: an Okta org emulator and a reference SCIM server on 127.0.0.1" });
  observe({ kind: "working", text: "Starting the sandbox…" });
  // Okta's own rate limits would only slow the demo down: it makes a few hundred calls in seconds.
  const sandbox = await startSandbox({ rateLimit: 100_000 });
  try {
    for (const secret of [sandbox.oktaApiToken, sandbox.scimToken, sandbox.scimPassword]) ctx.redactor.addSecret(secret);
    input.afterStart?.(sandbox);
    const demo = new DemoSession(template, sandbox, ctx, observe, interrupted);
    const result = await demo.run(started);
    await input.beforeStop?.(sandbox);
    return { result, exitCode: demo.exitCode() };
  } finally {
    await sandbox.close();
  }
}

class DemoSession {
  private readonly codes: ExitCode[] = [];
  /** Stage 1 (the sandbox) is announced before the session starts. */
  private stageNumber = 1;
  private readonly findings: string[] = [];
  private client!: OktaClient;
  private closeClient: () => Promise<void> = async () => {};

  constructor(
    private readonly template: Template,
    private readonly sandbox: Sandbox,
    private readonly ctx: Context,
    private readonly observe: (event: DemoEvent) => void,
    private readonly interrupted: () => void,
  ) {}

  private stage(title: string): void {
    this.stageNumber += 1;
    this.observe({ kind: "stage", number: this.stageNumber, title });
  }

  exitCode(): ExitCode {
    return combineExitCodes([...this.codes, this.findings.length > 0 ? ExitCode.findings : ExitCode.ok]);
  }

  async run(started: number): Promise<DemoResult> {
    const { template, sandbox, observe } = this;
    const sandboxSummary = { oktaOrgUrl: sandbox.oktaOrgUrl, scimBaseUrl: sandbox.scimBaseUrl, adminUrl: sandbox.adminUrl };
    observe({ kind: "sandbox", sandbox: sandboxSummary });
    await this.openOkta();
    try {
      this.stage(template.okta.app.create ? "The org before setup: three people in a group" : `The org before setup: the ${template.okta.app.label} app (setup only finds it) and three people in a group`);
      observe({ kind: "working", text: "Creating a group and three people in Okta…" });
      const [existingApp, directory] = await Promise.all([this.addAppAsAdmin(), createDemoPeople(this.client)]);
      this.interrupted();
      const people = {
        group: DEMO_GROUP,
        users: DEMO_PEOPLE.map((person) => ({ login: person.login, name: `${person.firstName} ${person.lastName}`, manager: person.managerLogin ?? null })),
      };
      observe({ kind: "people", people });

      const push = this.groupPushDecision();
      const desired = this.desired(push.pushed);
      const { setup, adminConsole, app } = await this.setupUntilConverged(desired);

      const provisioned = await this.provisioned(app, directory, push);
      const deactivated = await this.deactivate(app, directory);
      const checks = await this.checks(desired);
      return {
        schemaVersion: DEMO_SCHEMA_VERSION,
        vendor: { id: template.id, name: template.name, dialect: template.scim.dialect, authMode: template.scim.auth.mode },
        sandbox: sandboxSummary,
        app: { id: app.id, name: app.name, label: app.label, addedByDemo: existingApp !== undefined },
        people,
        setup,
        adminConsole,
        provisioned,
        deactivated,
        checks,
        findings: this.findings,
        vendorSteps: template.vendorSteps.filter((step) => step.phase === "after-okta").map((step) => step.text),
        realOrg: realOrgCommands(template, { pushGroup: push.pushed }).lines,
        durationMs: Math.round(performance.now() - started),
      };
    } finally {
      await this.closeClient();
    }
  }

  private async openOkta(): Promise<void> {
    const env = { OKTA_ORG_URL: this.sandbox.oktaOrgUrl, OKTA_API_TOKEN: this.sandbox.oktaApiToken };
    const connection = resolveOktaConnection({ env, homeDir: undefined, cwd: this.ctx.cwd, defaultScopes: SETUP_SCOPES });
    const timeoutMs = 30_000;
    const dispatcher = await this.ctx.http.dispatcher({ timeoutMs, connections: 6 });
    this.client = new OktaClient({ connection, env, redactor: this.ctx.redactor, dispatcher, timeoutMs, signal: this.ctx.signal });
    this.closeClient = () => dispatcher.destroy();
  }

  /**
   * The app setup only locates (DESIGN §3): an AIW app is the admin's own SAML app, a vendor's
   * catalog app is added from Okta's catalog. Here it is created through Okta's API as the admin
   * would in the Admin Console; the sandbox's catalog has no vendor apps, so a catalog app is a
   * SCIM 2.0 Test App with the vendor's label and auth, configured the same way.
   */
  private async addAppAsAdmin(): Promise<OktaApp | undefined> {
    const { template, client, observe } = this;
    const app = template.okta.app;
    if (app.create) return undefined;
    let created: OktaApp;
    if (app.kind === "aiw") {
      created = await createCustomSamlApp(client, app.label, {
        ssoAcsUrl: "https://vendor.example.com/saml/acs",
        audience: "https://vendor.example.com/saml/metadata",
        recipient: "https://vendor.example.com/saml/acs",
        destination: "https://vendor.example.com/saml/acs",
        subjectNameIdTemplate: "${user.userName}",
        subjectNameIdFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
        responseSigned: true,
        assertionSigned: true,
        signatureAlgorithm: "RSA_SHA256",
        digestAlgorithm: "SHA256",
        honorForceAuthn: true,
        authnContextClassRef: "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
      });
    } else {
      const testApp = { header: "scim2headerauth", basic: "scim2testapp_basic", "oauth-bearer": "scim2testapp" }[template.scim.auth.mode];
      created = await createApp(client, { name: testApp, label: app.label, signOnMode: "AUTO_LOGIN" });
    }
    const name = app.displayName ?? app.label;
    const realOrg =
      app.kind === "aiw"
        ? `On a real org the admin makes this app with the App Integration Wizard (Applications → Create App Integration → SAML 2.0); setup never creates it, it finds it by its label. Here the demo created it through Okta's API.`
        : `On a real org the admin adds ${name} from Okta's app catalog (Browse App Catalog → "${name}" → Add Integration); setup never creates it, it finds it by its label. The sandbox's catalog has no ${name} entry: the demo added a ${created.name} app labelled ${app.label}, configured the same way, through Okta's API.`;
    observe({ kind: "app-added", app: { id: created.id, name: created.name, label: created.label, addedByDemo: true }, realOrg });
    return created;
  }

  /** Push the demo group unless the template or the app cannot (an AIW app without the Push Groups action). */
  private groupPushDecision(): { pushed: boolean; why?: string } {
    const { okta } = this.template;
    if (okta.groupPush && !okta.groupPush.enabled) return { pushed: false, why: `the ${this.template.name} template does not push groups` };
    if (okta.app.kind === "aiw" && !(okta.supportedActions?.value ?? []).includes("pushGroups")) {
      return { pushed: false, why: `${this.template.name}'s guide does not turn on Push Groups for its app: the group is assigned (its people are provisioned), not pushed` };
    }
    return { pushed: true };
  }

  private desired(pushGroup: boolean): DesiredSetup {
    const { template } = this;
    // The base URL is the sandbox's SCIM server (setup's --base-url); other parameters take the template's example.
    const given = Object.fromEntries(
      template.parameters.filter((parameter) => !template.scim.baseUrl.value.includes(`{${parameter.name}}`)).flatMap((parameter) => (parameter.example === undefined ? [] : [[parameter.name, parameter.example]])),
    );
    const { values } = resolveParameters(template, given);
    return desiredSetup({ template, params: values, baseUrl: this.sandbox.scimBaseUrl, assignGroups: [DEMO_GROUP], pushGroups: pushGroup ? [DEMO_GROUP] : [] });
  }

  private setupCommand(desired: DesiredSetup): string {
    const words = ["scim-okta", "setup", "--vendor", this.template.id, "--base-url", "$SCIM_BASE_URL"];
    for (const [name, value] of Object.entries(desired.params)) words.push("--param", `${name}=${value}`);
    for (const group of desired.assignGroups) words.push("--assign-group", `"${group}"`);
    for (const group of desired.pushGroups) words.push("--push-group", `"${group}"`);
    return [...words, "--yes"].join(" ");
  }

  /** setup, the manual steps done in the stand-in, setup again — until it has nothing left to do. */
  private async setupUntilConverged(desired: DesiredSetup): Promise<{ setup: SetupRunRecord[]; adminConsole: AdminConsoleRecord[]; app: OktaApp }> {
    const setup: SetupRunRecord[] = [];
    const adminConsole: AdminConsoleRecord[] = [];
    for (let round = 1; round <= MAX_SETUP_ROUNDS; round += 1) {
      const last = setup.at(-1);
      const title = round === 1 ? "setup: plan, then apply what Okta's API can do" : last && last.pending.length === 0 ? "setup once more, to show it converges" : "setup again, now that the manual steps are done";
      this.stage(title);
      const { record, pending, app } = await this.setupRun(desired, round);
      setup.push(record);
      if (!app) throw new BugError(`setup for ${this.template.id} ended without an app`);
      if (pending.length === 0 && record.applied === 0) return { setup, adminConsole, app };
      if (pending.length === 0) continue;
      this.stage("The manual steps, done in the sandbox's Admin Console stand-in");
      adminConsole.push(await this.doManualSteps(desired, app, pending));
    }
    throw new BugError(`setup for ${this.template.id} did not converge in ${MAX_SETUP_ROUNDS} runs against the sandbox`);
  }

  private async setupRun(desired: DesiredSetup, run: number): Promise<{ record: SetupRunRecord; pending: Array<{ manual: ManualStep; entry: PendingEntry }>; app: OktaApp | undefined }> {
    const { client, observe, ctx } = this;
    observe({ kind: "working", text: `Reading ${client.orgUrl}…` });
    // A fresh org holds one app with the label at most (the demo's own).
    const prepared = await prepareSetup(client, desired, (candidates) => Promise.reject(new BugError(`${candidates.length} apps are labelled ${desired.app.label} in the demo's org`)));
    const { plan, observed } = prepared;
    const command = this.setupCommand(desired);
    const appName = plan.app ? `${plan.app.label} (${plan.app.id})` : `${desired.app.label} (new ${desired.app.displayName})`;
    observe({ kind: "setup-plan", command, heading: `${this.template.name} → ${client.orgUrl}, app ${appName}`, plan, vendor: this.template.name });
    const writesBefore = client.writeCount;
    const changing = new Set(plan.steps.filter((step) => step.status === "apply" || step.status === "manual").map((step) => step.step));
    const result = await applyPlan({
      client,
      desired,
      plan,
      observed,
      ...(this.connectionToken(desired) ? { connectionToken: this.connectionToken(desired) } : {}),
      onStep: (step, event, outcome) => {
        if (event === "start") observe({ kind: "working", text: `Applying: ${step}…` });
        // The steps that had something to do, as setup's spinner leaves them ("✓ step"); a step already done stays quiet.
        else if (outcome?.status === "done" && (outcome.note || changing.has(step))) observe({ kind: "setup-step", step, ...(outcome.note ? { note: outcome.note } : {}) });
      },
      watch: { timeoutMs: 20_000, pollMs: 25, sleep: (ms) => sleepUnlessInterrupted(ms, ctx.signal) },
      signal: ctx.signal,
    });
    this.interrupted();
    const failed = [...result.outcomes.values()].find((outcome): outcome is Extract<StepOutcome, { status: "failed" }> => outcome.status === "failed");
    if (failed) throw failed.error;
    const inputs = { desired, app: result.app, adminOrigin: adminOrigin(client.orgUrl, result.app), ...(desired.scim.authMode === "basic" ? { extraParams: { username: this.sandbox.scimUsername } } : {}) };
    const pending = [...result.outcomes.values()].flatMap((outcome) => (outcome.status === "pending" ? [{ manual: outcome.manual, entry: pendingEntry(outcome.manual, inputs, outcome.note) }] : []));
    const record: SetupRunRecord = {
      run,
      command,
      plan: planJson(plan),
      summary: summaryLine(plan, this.template.name),
      applied: client.writeCount - writesBefore,
      pending: pending.map(({ entry: { step, instructions, link, verifiedBy, note } }) => ({ step, instructions, link, verifiedBy, ...(note ? { note } : {}) })),
      warnings: result.warnings,
    };
    observe({ kind: "setup-applied", run: record, pending: pending.map(({ entry }) => entry) });
    return { record, pending, app: result.app };
  }

  /** What setup hands Okta's Connections API for token auth, as setup does (the header value as the admin types it). */
  private connectionToken(desired: DesiredSetup): string | undefined {
    if (desired.scim.authMode === "basic") return undefined;
    const paste = this.template.scim.auth.pasteIntoOkta;
    return paste?.includes("{token}") && desired.scim.authMode === "header" ? paste.replaceAll("{token}", this.sandbox.scimToken) : this.sandbox.scimToken;
  }

  /** The admin follows setup's printed steps: here the same values go to the Admin Console stand-in. */
  private async doManualSteps(desired: DesiredSetup, app: OktaApp, pending: Array<{ manual: ManualStep; entry: PendingEntry }>): Promise<AdminConsoleRecord> {
    const { sandbox, ctx, observe } = this;
    const params = { ...desired.params, baseUrl: desired.scim.baseUrl, username: sandbox.scimUsername };
    const appRef = { adminOrigin: sandbox.adminUrl, appName: app.name, appId: app.id };
    // As setup's instructions do: the base URL setup was given replaces the template's own (strongDM's, CloudApp's).
    const templateUrl = fillPlaceholders(this.template.scim.baseUrl.value, params);
    const values = pending.flatMap(({ manual }) => pendingStep(manual, appRef, params).values).map((entry) => ({ ...entry, value: entry.value.replaceAll(templateUrl, desired.scim.baseUrl) }));
    const authMode = desired.scim.authMode;
    observe({ kind: "working", text: "Saving the settings in the Admin Console stand-in…" });
    await saveInAdminConsole(sandbox.adminUrl, app.id, adminSettings(values, authMode, { token: sandbox.scimToken, username: sandbox.scimUsername, password: sandbox.scimPassword }), ctx.signal);
    const tab = pending[0]?.manual.console.tab ?? "provisioning";
    const record: AdminConsoleRecord = {
      steps: pending.map(({ entry }) => entry.step),
      realOrgLink: adminLink(tab, { adminOrigin: "https://acme-admin.okta.com", appName: app.name, appId: app.id }),
      request: { method: "PUT", url: `${sandbox.adminUrl}/apps/${app.id}/provisioning`, body: adminSettings(values, authMode, "masked") },
    };
    observe({ kind: "admin-console", record });
    return record;
  }

  /** Okta provisions in the background: once it is done, Okta's app users next to what the SCIM server holds. */
  private async provisioned(app: OktaApp, directory: DemoDirectory, push: { pushed: boolean; why?: string }): Promise<DemoResult["provisioned"]> {
    const { client, sandbox, observe, template } = this;
    this.stage(`What Okta provisioned: the app users in Okta next to what arrived at the SCIM server (standing in for ${template.name})`);
    observe({ kind: "working", text: "Waiting for Okta to provision…" });
    await sandbox.provisioning.whenIdle();
    this.interrupted();
    const [appUsers, pushes] = await Promise.all([listAppUsers(client, app.id), push.pushed ? listGroupPushMappings(client, app.id, { sourceGroupId: directory.group.id }) : Promise.resolve([])]);
    const snapshot = sandbox.scim.snapshot();
    const mappings = templateAttributeMappings(template.okta);
    const users: ProvisionedUser[] = DEMO_PEOPLE.map((person) => {
      const oktaUser = directory.users.get(person.login);
      const appUser = appUsers.find((entry) => entry.id === oktaUser?.id);
      const scimUser = appUser?.externalId ? snapshot.users.find((user) => user.id === appUser.externalId) : undefined;
      return { login: person.login, manager: person.managerLogin ?? null, okta: appUser ? oktaState(appUser) : null, scim: scimUser ? scimState(scimUser, mappings) : null };
    });
    for (const user of users) {
      if (user.okta?.syncState !== "SYNCHRONIZED") this.findings.push(`${user.login}: Okta's app user is ${user.okta ? `${user.okta.status ?? "?"} / ${user.okta.syncState ?? "?"}` : "missing"}, not SYNCHRONIZED`);
      else if (!user.scim) this.findings.push(`${user.login}: not at the SCIM server`);
    }
    const mapping = pushes[0];
    const scimGroup = push.pushed ? snapshot.groups.find((group) => group.displayName === DEMO_GROUP) : undefined;
    if (push.pushed && (!mapping?.lastPush || !scimGroup)) this.findings.push(`group ${DEMO_GROUP}: ${mapping ? `push ${mapping.status}${mapping.errorSummary ? ` (${mapping.errorSummary})` : ""}` : "no push mapping"}${scimGroup ? "" : ", not at the SCIM server"}`);
    const record: DemoResult["provisioned"] = {
      users,
      group: {
        name: DEMO_GROUP,
        pushed: push.pushed,
        ...(push.why ? { notPushed: push.why } : {}),
        push: mapping ? { status: mapping.status, lastPush: mapping.lastPush ?? null, errorSummary: mapping.errorSummary ?? null } : null,
        scim: scimGroup ? { id: scimGroup.id, displayName: scimGroup.displayName, members: groupMembers(scimGroup, snapshot.users) } : null,
      },
    };
    observe({ kind: "provisioned", record });
    return record;
  }

  /** Deactivate one person in Okta: Okta unassigns them and the vendor deactivates them (PUSH_USER_DEACTIVATION). */
  private async deactivate(app: OktaApp, directory: DemoDirectory): Promise<DemoResult["deactivated"]> {
    const { client, sandbox, observe } = this;
    this.stage(`Deactivate ${LEAVER} in Okta`);
    observe({ kind: "working", text: `Deactivating ${LEAVER}…` });
    const user = directory.users.get(LEAVER);
    if (!user) throw new BugError(`${LEAVER} was not created`);
    const before = await getAppUser(client, app.id, user.id);
    await deactivateUser(client, user.id);
    await sandbox.provisioning.whenIdle();
    this.interrupted();
    const [after, appUser] = await Promise.all([getUser(client, user.id), getAppUser(client, app.id, user.id)]);
    const snapshot = sandbox.scim.snapshot();
    const scimUser = before?.externalId ? snapshot.users.find((entry) => entry.id === before.externalId) : undefined;
    const scimGroup = snapshot.groups.find((group) => group.displayName === DEMO_GROUP);
    const record: DemoResult["deactivated"] = {
      login: LEAVER,
      okta: { status: after?.status ?? "?", appUser: appUser ? { status: appUser.status ?? null, syncState: appUser.syncState ?? null } : null },
      scim: scimUser ? { active: scimUser.active !== false } : null,
      group: scimGroup ? { members: groupMembers(scimGroup, snapshot.users) } : null,
    };
    if (record.scim?.active !== false) this.findings.push(`${LEAVER}: deactivated in Okta but ${record.scim ? "still active" : "not found"} at the SCIM server`);
    observe({ kind: "deactivated", record });
    return record;
  }

  /** test-connector and every probe suite against the SCIM server, as Okta's app is set up to reach it. */
  private async checks(desired: DesiredSetup): Promise<DemoResult["checks"]> {
    const { sandbox, ctx, observe, template } = this;
    this.stage("test-connector and the probe suites against the SCIM server");
    const env = desired.scim.authMode === "basic" ? { SCIM_USERNAME: sandbox.scimUsername, SCIM_PASSWORD: sandbox.scimPassword } : { SCIM_TOKEN: sandbox.scimToken };
    const resolved = await resolveTarget({ baseUrl: desired.scim.baseUrl, auth: desired.scim.authMode, param: [], timeout: 30, insecure: false }, { ...ctx, env });
    const target: ScimTarget = { ...resolved, template, dialect: desired.scim.dialect, tracePath: undefined };
    observe({ kind: "working", text: `test-connector: ${target.baseUrl}…` });
    const connector = await testConnector({ target }, ctx);
    this.interrupted();
    this.codes.push(connector.exitCode);
    const suites = ["okta-spec", "okta-runtime", "rfc"] as const;
    observe({ kind: "working", text: `probe: ${suites.join(", ")} (${target.dialect})…` });
    const probes = await runProbeSuites({ target, suites, readOnly: false, dialect: target.dialect, emailDomain: "example.com", concurrency: 4 }, ctx);
    this.interrupted();
    this.codes.push(probeRunExitCode(probes));
    const summary = probes.report.summary;
    const count = (status: string, required?: boolean) => connector.run.checks.filter((check) => check.status === status && (required === undefined || check.required === required)).length;
    const record: DemoResult["checks"] = {
      testConnector: {
        passed: count("passed"),
        failed: count("failed", true),
        optionalFailed: count("failed", false),
        warned: count("warned"),
        skipped: count("skipped"),
        failures: connector.run.checks.filter((check) => check.status === "failed").map((check) => `${check.id}${check.required ? "" : " (optional)"}: ${check.diagnosis?.message ?? check.message}`),
      },
      probes: {
        suites: [...suites],
        dialect: target.dialect,
        passed: summary.passed,
        failed: summary.failed,
        skipped: summary.skipped,
        warned: summary.warned,
        requiredFailed: summary.requiredFailed,
        failures: probes.report.probes.filter((probe) => probe.status === "failed").map((probe) => `${probe.id}${probe.required ? "" : " (optional)"}: ${probe.message}`),
      },
    };
    observe({ kind: "checks", record });
    return record;
  }
}

function oktaState(appUser: AppUser): NonNullable<ProvisionedUser["okta"]> {
  return { status: appUser.status ?? null, syncState: appUser.syncState ?? null, externalId: appUser.externalId ?? null };
}

function scimState(user: ScimUser, mappings: ReturnType<typeof templateAttributeMappings>): NonNullable<ProvisionedUser["scim"]> {
  const attributes: Record<string, unknown> = {};
  for (const mapping of mappings) {
    const value = mappedValue(user as unknown as Parameters<typeof mappedValue>[0], mapping);
    if (value !== undefined && value !== null) attributes[mapping.name] = value;
  }
  return { id: user.id, userName: user.userName, active: user.active !== false, attributes };
}

function groupMembers(group: ScimGroup, users: readonly ScimUser[]): string[] {
  return (group.members ?? []).map((member) => users.find((user) => user.id === member.value)?.userName ?? member.value).sort();
}

