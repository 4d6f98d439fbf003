import { CannotProceedError, InterruptedError } from "../core/errors.js";
import type { OktaClient } from "../okta/client.js";
import { OktaRequestError } from "../okta/errors.js";
import { appFeatures, createApp, getApp, replaceApp } from "../okta/api/apps.js";
import { assignGroup, listAppGroups } from "../okta/api/appGroups.js";
import { assignUser, getAppUser } from "../okta/api/appUsers.js";
import { getDefaultConnection, isConnectionEnabled, setTokenConnection } from "../okta/api/connections.js";
import { getFeature, unavailableReason, updateInboundProvisioning, updateUserProvisioning } from "../okta/api/features.js";
import { createGroupPushMapping, listGroupPushMappings, setGroupPushStatus } from "../okta/api/groupPush.js";
import { findDefaultToAppMapping, updateMapping } from "../okta/api/mappings.js";
import { getAppUserSchema, updateCustomAttributes } from "../okta/api/schemas.js";
import type { AppUser, AppUserSchema, CustomAttributeRequest, GroupPushMapping, OktaApp, ProfileMapping } from "../okta/model.js";
import { Scheduler } from "../scim/run/schedule.js";
import { featureCheckResult, type ManualStep } from "../templates/manual-steps.js";
import type { DesiredSetup } from "./desired.js";
import { locateApp, type ObservedOrg } from "./observe.js";
import { customAttributeChanges, mappingPlan, SETUP_STEPS, type Plan, type SetupStep, type StepPlan } from "./plan.js";

/**
 * Apply a plan in Okta's order (DESIGN §3) through the generic dependency scheduler: independent
 * steps side by side, a step whose manual prerequisite is not done is skipped as waiting, not
 * failed. Every step reads what it changes right before writing (converging: a re-run writes
 * nothing), and a manual step is checked by the app's read-only `features`, never by an API's word.
 */

export type StepOutcome =
  | { status: "done"; note?: string }
  /** A manual step not done: the admin has to act (setup exits 4 listing it). */
  | { status: "pending"; manual: ManualStep; note?: string }
  /** Not run: a step it needs is pending or failed. */
  | { status: "waiting"; reason: string }
  | { status: "failed"; error: unknown };

interface ManualWait {
  step: SetupStep;
  manual: ManualStep;
  /** Later manual steps that read the same in the app's features: shown with this one, done with it. */
  together: ManualStep[];
  app: OktaApp | undefined;
  /** Why the API could not do it, when setup tried. */
  note?: string;
  /** Reads the org once: true when the step shows done. */
  check(): Promise<boolean>;
}

interface ApplyOptions {
  client: OktaClient;
  desired: DesiredSetup;
  plan: Plan;
  observed: ObservedOrg;
  /** What to send as the connection's token for token-auth apps (header auth: the whole header value). */
  connectionToken?: string;
  /**
   * Interactive runs wait here for the admin to do a manual step (a spinner, polling check());
   * resolves true when done. Without it a manual step stays pending.
   */
  waitForManual?: (wait: ManualWait) => Promise<boolean>;
  /** Progress, for a spinner line. */
  onStep?: (step: SetupStep, event: "start" | "end", outcome?: StepOutcome) => void;
  /** How long to watch Okta finish what it does in the background (the canary's provisioning, a group's first push), and how. */
  watch?: { timeoutMs: number; pollMs: number; sleep(ms: number): Promise<void> };
  signal?: AbortSignal;
}

interface CanaryReport {
  login: string;
  userId: string;
  status: string | null;
  syncState: string | null;
  externalId: string | null;
}

export interface ApplyResult {
  app: OktaApp | undefined;
  outcomes: Map<SetupStep, StepOutcome>;
  /** Okta did something we did not ask for (an app PUT switched provisioning off). */
  warnings: string[];
  groupPush: GroupPushMapping[];
  canary?: CanaryReport;
}

interface Task {
  id: SetupStep;
  after: SetupStep[];
  plan: StepPlan;
}

/** Shared between steps: what the run knows of the org now. */
interface ApplyState {
  app: OktaApp | undefined;
  /**
   * The app's schema and To App mapping, read again (side by side, ahead of need) after something
   * reshaped them: the app was created or located, or SCIM was switched on.
   */
  slices: Promise<{ schema: AppUserSchema; mapping: ProfileMapping | undefined }> | undefined;
  /** The steps still to start that read the schema and mapping: none left, nothing is read ahead. */
  slicesWanted: Set<SetupStep>;
  /** The app was created by this run: it has no assignments yet. */
  created: boolean;
  schema: AppUserSchema | undefined;
  mapping: ProfileMapping | undefined;
  warnings: string[];
  groupPush: GroupPushMapping[];
  canary?: CanaryReport;
}

export async function applyPlan(options: ApplyOptions): Promise<ApplyResult> {
  const { plan, observed } = options;
  const state: ApplyState = {
    app: plan.app,
    slices: undefined,
    slicesWanted: new Set(plan.steps.filter((step) => step.status !== "absent" && SLICE_STEPS.has(step.step)).map((step) => step.step)),
    created: false,
    schema: observed.schema,
    mapping: observed.toAppMapping,
    warnings: [],
    groupPush: observed.groupPush?.available ? observed.groupPush.value : [],
  };
  const active = plan.steps.filter((step) => step.status !== "absent");
  const activeIds = new Set(active.map((step) => step.step));
  const tasks: Task[] = active.map((step) => ({ id: step.step, after: step.after.filter((need) => activeIds.has(need)), plan: step }));
  let failure: string | undefined;
  const finished = new Map<SetupStep, StepOutcome>();
  const scheduler = new Scheduler<Task, StepOutcome>({
    tasks,
    run: async (task) => {
      options.onStep?.(task.id, "start");
      state.slicesWanted.delete(task.id);
      let outcome: StepOutcome;
      try {
        outcome = await runStep(task, options, state);
      } catch (error) {
        outcome = { status: "failed", error };
        failure ??= error instanceof InterruptedError ? "was interrupted" : `stopped: ${task.id} failed`;
      }
      options.onStep?.(task.id, "end", outcome);
      return outcome;
    },
    verdict: (outcome) =>
      outcome.status === "done" ? { ok: true } : { ok: false, why: outcome.status === "pending" ? "is a manual step not done yet" : outcome.status === "failed" ? "failed" : "is waiting" },
    // A manual step after a pending manual step is listed too: the admin does them in one go.
    skipped: (task, reason) => {
      const manual = task.plan.manual;
      const before = task.after.map((dependency) => finished.get(dependency));
      const blocking = before.find((outcome) => outcome?.status === "pending");
      if (manual && blocking?.status === "pending" && before.every((outcome) => outcome?.status === "done" || outcome?.status === "pending")) {
        const tryFirst = task.plan.apiFirst ? " (setup tries Okta's API for it first once that is done)" : "";
        return { status: "pending", manual, note: `after "${blocking.manual.step}"${tryFirst}` };
      }
      return { status: "waiting", reason };
    },
    finished: (task, outcome) => finished.set(task.id, outcome),
    missing: (_task, dependency) => `needs ${dependency}`,
    limit: () => 4,
    halt: () => (options.signal?.aborted ? "interrupted" : failure),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const outcomes = new Map(await scheduler.run()) as Map<SetupStep, StepOutcome>;
  // A read ahead that no step took (a step failed or was interrupted) ends before the client does.
  await state.slices?.catch(() => undefined);
  return { app: state.app, outcomes, warnings: state.warnings, groupPush: state.groupPush, ...(state.canary ? { canary: state.canary } : {}) };
}

async function runStep(task: Task, options: ApplyOptions, state: ApplyState): Promise<StepOutcome> {
  // Nothing to do, as read moments ago: no call at all (a re-run of a converged setup writes and reads nothing more).
  if (task.plan.status === "done") {
    if (task.id === "canary-user") reportCanary(options, state, options.observed.canary?.appUser);
    return { status: "done" };
  }
  switch (task.id) {
    case "app":
      return ensureApp(task.plan, options, state);
    case "username-format":
      return ensureUserNameFormat(options, state);
    case "enable-scim":
      return manualStep(task, options, state);
    case "provisioning-connection":
      return ensureConnection(task, options, state);
    case "to-app":
    case "to-okta":
      return ensureSwitches(task, options, state);
    case "custom-attributes":
      return ensureCustomAttributes(options, state);
    case "mappings":
      return ensureMappings(options, state);
    case "group-push":
      return ensureGroupPush(options, state);
    case "assignments":
      return ensureAssignments(options, state);
    case "canary-user":
      return ensureCanary(options, state);
  }
}

function appOf(state: ApplyState): OktaApp {
  if (!state.app) throw new CannotProceedError("no app to configure", "run setup again");
  return state.app;
}

async function ensureApp(plan: StepPlan, options: ApplyOptions, state: ApplyState): Promise<StepOutcome> {
  if (state.app) return { status: "done" };
  const { client, desired } = options;
  if (plan.status === "manual" && plan.manual) {
    return manualStep({ id: "app", after: [], plan }, options, state, async () => {
      const location = await locateApp(client, desired);
      if (location.kind !== "found") return false;
      state.app = location.app;
      reshaped(options, state);
      return true;
    });
  }
  const oinName = desired.app.oinName as string;
  try {
    state.app = await createApp(client, {
      name: oinName,
      label: desired.app.label,
      signOnMode: "AUTO_LOGIN",
      ...(desired.userNameTemplate ? { credentials: { userNameTemplate: desired.userNameTemplate } } : {}),
    });
  } catch (error) {
    if (error instanceof OktaRequestError && error.status === 400) {
      throw new CannotProceedError(
        `Okta refused to create a ${desired.app.displayName} app named ${oinName} (${error.summaries.join("; ") || error.status})`,
        `add "${desired.app.displayName}" in the Admin Console (Applications → Browse App Catalog → Add Integration), then run setup again with --app-id <its id>`,
      );
    }
    throw error;
  }
  state.created = true;
  reshaped(options, state);
  return { status: "done", note: `created ${state.app.id}` };
}

async function ensureUserNameFormat(options: ApplyOptions, state: ApplyState): Promise<StepOutcome> {
  const wanted = options.desired.userNameTemplate;
  if (!wanted) return { status: "done" };
  const current = state.app;
  const same = (app: OktaApp | undefined) => app?.credentials?.userNameTemplate?.template === wanted.template && (app.credentials?.userNameTemplate?.type ?? "BUILT_IN") === wanted.type;
  if (same(current)) return { status: "done" };
  // The PUT replaces the whole app: read it fresh and send back every field.
  const fresh = (await getApp(options.client, appOf(state).id)) ?? appOf(state);
  if (same(fresh)) {
    state.app = fresh;
    return { status: "done" };
  }
  const featuresBefore = appFeatures(fresh);
  const credentials = { ...(fresh.credentials ?? {}), userNameTemplate: { ...(fresh.credentials?.userNameTemplate ?? {}), template: wanted.template, type: wanted.type } };
  await replaceApp(options.client, { ...fresh, credentials });
  // Re-read: Okta has been seen to switch provisioning off on an app PUT (research §13).
  const after = (await getApp(options.client, fresh.id)) ?? fresh;
  state.app = after;
  if (featuresBefore.includes("SCIM_PROVISIONING") && !appFeatures(after).includes("SCIM_PROVISIONING")) {
    state.warnings.push(
      `Okta switched SCIM provisioning off for app ${after.id} when setup updated its username format; provisioning must be set up again in the Admin Console (run setup again for the steps)`,
    );
  }
  return { status: "done" };
}

/** A manual step: done when the app's features say so; else wait for the admin (interactive) or stay pending. */
async function manualStep(task: Task, options: ApplyOptions, state: ApplyState, check?: () => Promise<boolean>, note?: string): Promise<StepOutcome> {
  const manual = task.plan.manual;
  if (!manual) return { status: "done" };
  const isDone = check ?? (async () => featureCheckResult(manual.verifiedBy, await refreshFeatures(options, state)).done);
  if (await isDone()) return { status: "done" };
  const together = options.plan.steps.filter((step) => SETUP_STEPS.indexOf(step.step) > SETUP_STEPS.indexOf(task.id) && step.manual && step.manual !== manual && sameCheck(step.manual, manual)).map((step) => step.manual as ManualStep);
  if (options.waitForManual && (await options.waitForManual({ step: task.id, manual, together, app: state.app, ...(note ? { note } : {}), check: isDone }))) {
    reshaped(options, state);
    return { status: "done", note: "done in the Admin Console" };
  }
  return { status: "pending", manual, ...(note ? { note } : {}) };
}

/** `later` passes whenever `first` does: its features check asks nothing more. */
function sameCheck(later: ManualStep, first: ManualStep): boolean {
  const within = (names: readonly string[], of: readonly string[]) => names.every((name) => of.includes(name));
  return within(later.verifiedBy.present, first.verifiedBy.present) && within(later.verifiedBy.absent, first.verifiedBy.absent);
}

/** The steps that read the app's schema and To App mapping. */
const SLICE_STEPS: ReadonlySet<SetupStep> = new Set<SetupStep>(["custom-attributes", "mappings"]);

/** The app changed shape: read its schema and To App mapping again, side by side, before a step needs them. */
function reshaped(options: ApplyOptions, state: ApplyState): void {
  if (state.slicesWanted.size === 0) {
    state.schema = undefined;
    state.mapping = undefined;
    return;
  }
  const { client } = options;
  const appId = appOf(state).id;
  state.slices = Promise.all([getAppUserSchema(client, appId), findDefaultToAppMapping(client, appId)]).then(([schema, mapping]) => ({ schema, mapping }));
  state.slices.catch(() => {});
}

/** The schema and mapping as they are now: from a read already under way, else read when unknown. */
async function takeSlices(options: ApplyOptions, state: ApplyState): Promise<void> {
  if (state.slices) {
    const slices = await state.slices;
    state.slices = undefined;
    state.schema = slices.schema;
    state.mapping = slices.mapping;
    return;
  }
  const appId = appOf(state).id;
  const [schema, mapping] = await Promise.all([
    state.schema ?? getAppUserSchema(options.client, appId),
    state.mapping ?? findDefaultToAppMapping(options.client, appId),
  ]);
  state.schema = schema;
  state.mapping = mapping;
}

async function refreshFeatures(options: ApplyOptions, state: ApplyState): Promise<string[]> {
  const app = await getApp(options.client, appOf(state).id);
  if (app) state.app = app;
  return appFeatures(appOf(state));
}

/** The Connections API only where a token fits (never basic auth); UNKNOWN or an error is "not done". */
async function ensureConnection(task: Task, options: ApplyOptions, state: ApplyState): Promise<StepOutcome> {
  const manual = task.plan.manual;
  if (!manual || featureCheckResult(manual.verifiedBy, appFeatures(appOf(state))).done) return { status: "done" };
  let note: string | undefined;
  if (task.plan.apiFirst && options.connectionToken) {
    const appId = appOf(state).id;
    try {
      // Read first: an app whose connection Okta reports as UNKNOWN has none to set, so nothing is sent.
      const current = await getDefaultConnection(options.client, appId);
      if (current.status === "UNKNOWN") {
        note = "Okta's Connections API does not cover this app (its connection reads UNKNOWN)";
      } else {
        const connection = await setTokenConnection(options.client, appId, {
          ...(options.desired.app.kind === "oin-test-app" ? {} : { baseUrl: options.desired.scim.baseUrl }),
          profile: { authScheme: "TOKEN", token: options.connectionToken },
        });
        note = isConnectionEnabled(connection) ? undefined : `Okta's Connections API answered status ${connection.status}: not configured`;
        if (featureCheckResult(manual.verifiedBy, await refreshFeatures(options, state)).done) return { status: "done", note: "through Okta's Connections API" };
      }
    } catch (error) {
      if (!(error instanceof OktaRequestError) || error.status === 401 || error.status === 403 || error.status >= 500) throw error;
      note = `Okta's Connections API refused it (${error.summaries.join("; ") || error.status})`;
    }
  }
  return manualStep(task, options, state, undefined, note);
}

/** To App / To Okta: Okta's Features API first; if Okta refuses, the Admin Console step. */
async function ensureSwitches(task: Task, options: ApplyOptions, state: ApplyState): Promise<StepOutcome> {
  const manual = task.plan.manual;
  if (!manual || featureCheckResult(manual.verifiedBy, appFeatures(appOf(state))).done) return { status: "done" };
  const appId = appOf(state).id;
  let note: string | undefined;
  try {
    if (task.id === "to-app") {
      const toApp = options.desired.toApp;
      const status = (on: boolean) => (on ? ("ENABLED" as const) : ("DISABLED" as const));
      await updateUserProvisioning(options.client, appId, {
        create: { lifecycleCreate: { status: status(toApp.createUsers) } },
        update: {
          profile: { status: status(toApp.updateUserAttributes) },
          lifecycleDeactivate: { status: status(toApp.deactivateUsers) },
          password: { status: status(toApp.syncPassword), ...(toApp.syncPassword ? {} : { seed: "RANDOM" as const, change: "KEEP_EXISTING" as const }) },
        },
      });
    } else {
      const current = await getFeature(options.client, appId, "INBOUND_PROVISIONING");
      const capabilities = (current.capabilities ?? {}) as { importSettings?: Record<string, unknown>; importRules?: Record<string, unknown> };
      await updateInboundProvisioning(options.client, appId, { importSettings: capabilities.importSettings ?? {}, importRules: capabilities.importRules ?? {} });
    }
  } catch (error) {
    const reason = unavailableReason(error);
    if (reason === undefined) throw error;
    note = `Okta's Features API refused it (${reason})`;
  }
  if (featureCheckResult(manual.verifiedBy, await refreshFeatures(options, state)).done) return { status: "done", note: note === undefined ? "through Okta's Features API" : undefined };
  return manualStep(task, options, state, undefined, note);
}

async function ensureCustomAttributes(options: ApplyOptions, state: ApplyState): Promise<StepOutcome> {
  const app = appOf(state);
  await takeSlices(options, state);
  const changes = customAttributeChanges(options.desired.customAttributes, state.schema);
  const send: Record<string, CustomAttributeRequest> = {};
  for (const [index, change] of changes.entries()) {
    const attribute = options.desired.customAttributes[index];
    if (attribute && (change.action === "create" || change.action === "update")) send[attribute.name] = attribute.request;
  }
  if (Object.keys(send).length === 0) return { status: "done" };
  state.schema = await updateCustomAttributes(options.client, app.id, send);
  return { status: "done", note: `added ${Object.keys(send).join(", ")}` };
}

async function ensureMappings(options: ApplyOptions, state: ApplyState): Promise<StepOutcome> {
  const app = appOf(state);
  const { client, desired } = options;
  await takeSlices(options, state);
  if (!state.mapping) throw new CannotProceedError(`Okta has no To App profile mapping for app ${app.id}`, "open the app's Provisioning → To App tab in the Admin Console once, then run setup again");
  const changes = mappingPlan(desired, state.mapping, state.schema);
  const properties: Record<string, { expression: string; pushStatus?: "PUSH" | "DONT_PUSH" } | null> = {};
  for (const change of changes) if (change.send !== undefined) properties[change.attribute] = change.send;
  const manualOnes = changes.filter((change) => change.action === "manual");
  if (Object.keys(properties).length > 0) state.mapping = await updateMapping(client, state.mapping.id, { properties });
  // What only the Admin Console can fix stays visible (verify lists it as drift) without stopping the rest.
  for (const change of manualOnes) state.warnings.push(`mappings: ${change.note ?? change.path}`);
  return { status: "done" };
}

async function ensureGroupPush(options: ApplyOptions, state: ApplyState): Promise<StepOutcome> {
  const { client, desired, observed } = options;
  const appId = appOf(state).id;
  const existing = await listGroupPushMappings(client, appId);
  const answers = await Promise.all(
    desired.pushGroups.map(async (name) => {
      const group = observed.groups.get(name)?.group;
      if (!group) return undefined;
      const mapping = existing.find((entry) => entry.sourceGroupId === group.id);
      if (!mapping) return createGroupPushMapping(client, appId, { sourceGroupId: group.id, status: "ACTIVE", targetGroupName: name });
      if (mapping.status !== "ACTIVE") return setGroupPushStatus(client, appId, mapping.id, "ACTIVE");
      return mapping;
    }),
  );
  state.groupPush = answers.filter((mapping): mapping is GroupPushMapping => mapping !== undefined);
  // Okta pushes in the background: wait (bounded) until each push shows its outcome, so the admin
  // hears whether it worked before being told what to switch on at the vendor (Clumio's order).
  const watch = options.watch;
  const settled = () => state.groupPush.every((mapping) => mapping.status === "ERROR" || Boolean(mapping.lastPush));
  for (let waited = 0; watch && !settled() && waited < watch.timeoutMs; waited += watch.pollMs) {
    await watch.sleep(watch.pollMs);
    const ids = new Set(state.groupPush.map((mapping) => mapping.id));
    state.groupPush = (await listGroupPushMappings(client, appId)).filter((mapping) => ids.has(mapping.id));
  }
  const failed = state.groupPush.filter((mapping) => mapping.status === "ERROR");
  return failed.length > 0 ? { status: "done", note: `push failed for ${failed.length} group(s): ${failed.map((mapping) => mapping.errorSummary ?? "ERROR").join("; ")}` } : { status: "done" };
}

async function ensureAssignments(options: ApplyOptions, state: ApplyState): Promise<StepOutcome> {
  const { client, desired, observed } = options;
  const appId = appOf(state).id;
  const current = state.created ? [] : observed.appGroups && observed.app?.id === appId ? observed.appGroups : await listAppGroups(client, appId);
  const assigned = new Set(current.map((entry) => entry.id));
  await Promise.all(
    desired.assignGroups.map(async (name) => {
      const group = observed.groups.get(name)?.group;
      if (group && !assigned.has(group.id)) await assignGroup(client, appId, group.id);
    }),
  );
  return { status: "done" };
}

const FINAL_SYNC_STATES = new Set(["SYNCHRONIZED", "ERROR"]);

/** Assign one user and watch Okta provision it: the only proof that Okta itself can provision. */
async function ensureCanary(options: ApplyOptions, state: ApplyState): Promise<StepOutcome> {
  const { client, observed } = options;
  const canary = observed.canary;
  if (!canary) return { status: "done" };
  const appId = appOf(state).id;
  let appUser: AppUser | undefined = canary.appUser ?? (await getAppUser(client, appId, canary.user.id));
  appUser ??= await assignUser(client, appId, { id: canary.user.id, scope: "USER" });
  const watch = options.watch;
  if (watch) {
    for (let waited = 0; !FINAL_SYNC_STATES.has(appUser.syncState ?? "") && waited < watch.timeoutMs; waited += watch.pollMs) {
      await watch.sleep(watch.pollMs);
      appUser = (await getAppUser(client, appId, canary.user.id)) ?? appUser;
    }
  }
  reportCanary(options, state, appUser);
  return { status: "done" };
}

function reportCanary(options: ApplyOptions, state: ApplyState, appUser: AppUser | undefined): void {
  const user = options.observed.canary?.user;
  if (!user) return;
  state.canary = { login: user.profile.login, userId: user.id, status: appUser?.status ?? null, syncState: appUser?.syncState ?? null, externalId: appUser?.externalId ?? null };
}
