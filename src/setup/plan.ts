import { appFeatures } from "../okta/api/apps.js";
import { schemaProperties } from "../okta/api/schemas.js";
import type { AppUserSchema, GroupPushMapping, OktaApp, ProfileMapping } from "../okta/model.js";
import { featureCheckResult, type ManualStep, type ManualStepId } from "../templates/manual-steps.js";
import type { ToAppSwitch } from "../templates/schema.js";
import type { DesiredCustomAttribute, DesiredSetup } from "./desired.js";
import type { AppLocation, ObservedOrg } from "./observe.js";

/**
 * The plan: what setup would change, as data (DESIGN §2, §3; Terraform's plan). Pure: desired +
 * observed → steps in Okta's order, each with its status, and the items to render (`+` create,
 * `~` change, `=` unchanged, `!` manual, `…` waiting on a manual step). verify reads the same plan:
 * anything not unchanged is drift.
 */

export const SETUP_STEPS = [
  "app",
  "username-format",
  "enable-scim",
  "provisioning-connection",
  "to-app",
  "to-okta",
  "custom-attributes",
  "mappings",
  "group-push",
  "assignments",
  "canary-user",
] as const;
export type SetupStep = (typeof SETUP_STEPS)[number];

export type PlanAction = "create" | "update" | "unchanged" | "manual" | "waiting";

export interface PlanItem {
  step: SetupStep;
  action: PlanAction;
  /** What it is about, e.g. `app.credentials.userNameTemplate`, `mappings.toApp.managerValue`. */
  path: string;
  before?: unknown;
  after?: unknown;
  /** A secret is involved: shown as (sensitive), never its value. */
  sensitive?: boolean;
  /** A word more: why it waits, what Okta says, how many people an assignment creates. */
  note?: string;
}

/**
 * - done: nothing to do; - apply: setup changes it through Okta's API; - manual: an Admin Console
 *   step (setup may try the API first, `apiFirst`); - waiting: needs a step that is not done yet;
 * - absent: the template or the flags do not ask for it.
 */
type StepStatus = "done" | "apply" | "manual" | "waiting" | "absent";

export interface StepPlan {
  step: SetupStep;
  status: StepStatus;
  /** The steps this one needs, by Okta's order (DESIGN §3). */
  after: SetupStep[];
  /** For manual steps: the template's Admin Console step. */
  manual?: ManualStep;
  /** For manual steps setup tries through Okta's API first (Connections / Features API). */
  apiFirst?: boolean;
  /** For waiting steps: the step not done yet that holds it up. */
  waitingOn?: SetupStep;
}

export interface Plan {
  app: OktaApp | undefined;
  steps: StepPlan[];
  items: PlanItem[];
  /** People that assignments in this plan will create at the vendor. */
  peopleToCreate: number;
}

/** What each step needs done first: Okta's order (DESIGN §3), as dependencies. */
function stepDependencies(desired: DesiredSetup): Record<SetupStep, SetupStep[]> {
  const aiw = desired.app.kind === "aiw";
  return {
    app: [],
    // App PUTs go before the manual provisioning step: an app PUT can switch provisioning off (research §13).
    "username-format": ["app"],
    "enable-scim": ["app", "username-format"],
    "provisioning-connection": ["app", "username-format", "enable-scim"],
    "to-app": ["provisioning-connection"],
    "to-okta": ["provisioning-connection"],
    // An AIW app's user schema gets its SCIM attributes with SCIM provisioning.
    "custom-attributes": aiw ? ["app", "enable-scim"] : ["app"],
    // Target attributes must exist: added ones, and an AIW app's SCIM ones.
    mappings: aiw ? ["custom-attributes", "enable-scim"] : ["custom-attributes", "app"],
    "group-push": ["provisioning-connection"],
    // Users assigned before provisioning is on are never provisioned.
    assignments: ["to-app", "mappings", "group-push"],
    "canary-user": ["to-app", "mappings"],
  };
}

export function planSetup(desired: DesiredSetup, location: AppLocation, observed: ObservedOrg): Plan {
  const app = location.kind === "found" ? location.app : undefined;
  const features = app ? appFeatures(app) : [];
  const dependencies = stepDependencies(desired);
  const manual = new Map<ManualStepId, ManualStep>(desired.manualSteps.map((step) => [step.id, step]));
  const steps = new Map<SetupStep, StepPlan>();
  const items: PlanItem[] = [];
  let peopleToCreate = 0;

  /** The first step among `needs` that is not done (manual, waiting or still to apply does not block `apply`). */
  const blockerOf = (step: SetupStep): SetupStep | undefined => {
    for (const need of dependencies[step]) {
      const plan = steps.get(need);
      if (!plan) continue;
      if (plan.status === "manual") return need;
      if (plan.status === "waiting") return plan.waitingOn ?? need;
    }
    return undefined;
  };
  const record = (step: SetupStep, status: StepStatus, extra: Partial<StepPlan> = {}) => steps.set(step, { step, status, after: dependencies[step], ...extra });
  const waiting = (step: SetupStep, on: SetupStep, path: string, after?: unknown, extra: Partial<StepPlan> = {}) => {
    record(step, "waiting", { waitingOn: on, ...extra });
    const title = steps.get(on)?.manual?.step;
    items.push({ step, action: "waiting", path, ...(after === undefined ? {} : { after }), note: `waits for ${title ? `the manual step "${title}"` : on}` });
  };
  const manualDone = (id: ManualStepId) => {
    const step = manual.get(id);
    return !step || featureCheckResult(step.verifiedBy, features).done;
  };

  // app
  if (app) {
    record("app", "done");
    items.push({ step: "app", action: "unchanged", path: "app", after: `${app.label} (${app.name}, ${app.id})` });
  } else if (desired.app.create) {
    record("app", "apply");
    items.push({ step: "app", action: "create", path: "app", after: { name: desired.app.oinName, label: desired.app.label } });
  } else {
    record("app", "manual", { ...(manual.get("locate-app") ? { manual: manual.get("locate-app") } : {}) });
    items.push({ step: "app", action: "manual", path: "app", after: desired.app.label, note: `add or find the ${desired.app.displayName} app in the Admin Console, then run again with --app-id` });
  }

  // username format: sent with the create, else compared with the app
  const wantedName = desired.userNameTemplate;
  if (!wantedName) record("username-format", "absent");
  else if (blockerOf("username-format")) waiting("username-format", blockerOf("username-format") as SetupStep, "app.credentials.userNameTemplate", wantedName.template);
  else if (!app) {
    record("username-format", "done");
    items.push({ step: "username-format", action: "create", path: "app.credentials.userNameTemplate", after: wantedName.template, note: "with the app" });
  } else {
    const current = app.credentials?.userNameTemplate;
    const same = current?.template === wantedName.template && (current?.type ?? "BUILT_IN") === wantedName.type;
    record("username-format", same ? "done" : "apply");
    items.push({ step: "username-format", action: same ? "unchanged" : "update", path: "app.credentials.userNameTemplate", ...(same ? {} : { before: current?.template ?? null }), after: wantedName.template });
  }

  // manual provisioning steps, verified by the app's features
  const manualStepPlan = (step: SetupStep, id: ManualStepId, path: string, after: unknown, options: { apiFirst?: boolean; sensitive?: boolean } = {}) => {
    const template = manual.get(id);
    if (!template) return record(step, "absent");
    const blocker = blockerOf(step);
    if (blocker) return waiting(step, blocker, path, after, { manual: template, ...(options.apiFirst ? { apiFirst: true } : {}) });
    if (app && manualDone(id)) {
      record(step, "done", { manual: template });
      items.push({ step, action: "unchanged", path, after, ...(options.sensitive ? { sensitive: true } : {}) });
      return;
    }
    record(step, "manual", { manual: template, ...(options.apiFirst ? { apiFirst: true } : {}) });
    items.push({ step, action: "manual", path, after, ...(options.sensitive ? { sensitive: true } : {}), note: options.apiFirst ? "tries Okta's Connections API first" : template.step });
  };
  manualStepPlan("enable-scim", "enable-scim", "provisioning.scimEnabled", true);
  const tokenAuth = desired.scim.authMode !== "basic" && desired.app.kind !== "aiw";
  manualStepPlan("provisioning-connection", "provisioning-connection", "provisioning.connection", `${desired.scim.baseUrl}, ${desired.scim.authMode} auth, credentials (sensitive)`, { apiFirst: tokenAuth });

  // To App / To Okta: the Features API first, the Admin Console if Okta refuses
  const switchesStep = (step: "to-app" | "to-okta", id: ManualStepId, path: string, after: unknown) => {
    const template = manual.get(id);
    if (!template || (template.verifiedBy.present.length === 0 && template.verifiedBy.absent.length === 0)) return record(step, "absent");
    const blocker = blockerOf(step);
    if (blocker) return waiting(step, blocker, path, after, { manual: template, apiFirst: true });
    if (manualDone(id)) {
      record(step, "done", { manual: template });
      items.push({ step, action: "unchanged", path, after });
      return;
    }
    record(step, "manual", { manual: template, apiFirst: true });
    items.push({ step, action: "update", path, before: switchesFromFeatures(step, features), after, note: "through Okta's Features API, else an Admin Console step" });
  };
  switchesStep("to-app", "to-app", "provisioning.toApp", desired.toApp);
  switchesStep("to-okta", "to-okta", "provisioning.toOkta", desired.toOkta);

  // custom app attributes: only those the app's schema lacks
  if (desired.customAttributes.length === 0) record("custom-attributes", "absent");
  else if (blockerOf("custom-attributes")) {
    const blocker = blockerOf("custom-attributes") as SetupStep;
    for (const attribute of desired.customAttributes) waiting("custom-attributes", blocker, `schema.${attribute.name}`, attributeSummary(attribute));
  } else {
    const changes = customAttributeChanges(desired.customAttributes, observed.schema);
    record("custom-attributes", changes.some((change) => change.action !== "unchanged") ? "apply" : "done");
    items.push(...changes.map((change) => ({ step: "custom-attributes" as const, ...change })));
  }

  // mappings
  const mappingChanges = desired.mappings.some((mapping) => mapping.expression || mapping.pushStatus) || desired.keepOnly;
  if (!mappingChanges) record("mappings", "absent");
  else if (blockerOf("mappings")) {
    const blocker = blockerOf("mappings") as SetupStep;
    for (const mapping of desired.mappings.filter((entry) => entry.expression || entry.pushStatus)) waiting("mappings", blocker, `mappings.toApp.${mapping.attribute}`, mapping.expression);
  } else {
    const changes = mappingPlan(desired, observed.toAppMapping, observed.schema);
    record("mappings", changes.some((change) => change.action !== "unchanged") ? "apply" : "done");
    items.push(...changes.map((change) => ({ step: "mappings" as const, ...change })));
  }

  // group push
  if (desired.pushGroups.length === 0) record("group-push", "absent");
  else if (blockerOf("group-push")) {
    const blocker = blockerOf("group-push") as SetupStep;
    for (const name of desired.pushGroups) waiting("group-push", blocker, `groupPush.${name}`, "ACTIVE");
  } else {
    const mappings = observed.groupPush?.available ? observed.groupPush.value : [];
    let any = false;
    for (const name of desired.pushGroups) {
      const group = observed.groups.get(name)?.group;
      const existing = group ? mappings.find((mapping) => mapping.sourceGroupId === group.id) : undefined;
      const item = groupPushItem(name, existing);
      any ||= item.action !== "unchanged";
      items.push(item);
    }
    record("group-push", any ? "apply" : "done");
  }

  // assignments and the canary user
  const peopleNote = (count: number) => `${count} ${count === 1 ? "person" : "people"} will be created at ${desired.template.name}`;
  if (desired.assignGroups.length === 0) record("assignments", "absent");
  else if (blockerOf("assignments")) {
    const blocker = blockerOf("assignments") as SetupStep;
    for (const name of desired.assignGroups) {
      const people = observed.groups.get(name)?.memberCount ?? 0;
      peopleToCreate += people;
      waiting("assignments", blocker, `assignments.${name}`, "assigned");
      const item = items.at(-1) as PlanItem;
      item.note = `${item.note ?? ""}; then ${peopleNote(people)}`;
    }
  } else {
    let any = false;
    for (const name of desired.assignGroups) {
      const observedGroup = observed.groups.get(name);
      const assigned = observedGroup !== undefined && (observed.appGroups ?? []).some((entry) => entry.id === observedGroup.group.id);
      if (assigned) {
        items.push({ step: "assignments", action: "unchanged", path: `assignments.${name}`, after: "assigned" });
        continue;
      }
      any = true;
      const people = observedGroup?.memberCount ?? 0;
      peopleToCreate += people;
      items.push({ step: "assignments", action: "create", path: `assignments.${name}`, after: "assigned", note: peopleNote(people) });
    }
    record("assignments", any ? "apply" : "done");
  }
  if (!desired.canaryUser) record("canary-user", "absent");
  else if (blockerOf("canary-user")) {
    peopleToCreate += observed.canary?.appUser ? 0 : 1;
    waiting("canary-user", blockerOf("canary-user") as SetupStep, `canary.${desired.canaryUser}`, "assigned");
  }
  else if (observed.canary?.appUser) {
    record("canary-user", "done");
    const appUser = observed.canary.appUser;
    items.push({ step: "canary-user", action: "unchanged", path: `canary.${desired.canaryUser}`, after: "assigned", note: `status ${appUser.status ?? "?"}, syncState ${appUser.syncState ?? "?"}` });
  } else {
    record("canary-user", "apply");
    peopleToCreate += 1;
    items.push({ step: "canary-user", action: "create", path: `canary.${desired.canaryUser}`, after: "assigned", note: peopleNote(1) });
  }

  return { app, steps: SETUP_STEPS.map((step) => steps.get(step) as StepPlan), items, peopleToCreate };
}

const TO_APP_FEATURES: Record<ToAppSwitch, string> = {
  createUsers: "PUSH_NEW_USERS",
  updateUserAttributes: "PUSH_PROFILE_UPDATES",
  deactivateUsers: "PUSH_USER_DEACTIVATION",
  syncPassword: "PUSH_PASSWORD_UPDATES",
};

/** The To App / To Okta switches as the app's features show them. */
function switchesFromFeatures(step: "to-app" | "to-okta", features: readonly string[]): Record<string, boolean> {
  if (step === "to-app") return Object.fromEntries(Object.entries(TO_APP_FEATURES).map(([name, feature]) => [name, features.includes(feature)]));
  return { importNewUsers: features.includes("IMPORT_NEW_USERS"), importProfileUpdates: features.includes("IMPORT_PROFILE_UPDATES") };
}

function attributeSummary(attribute: DesiredCustomAttribute): string {
  return `${attribute.request.externalNamespace}:${attribute.request.externalName}`;
}

type Change = Omit<PlanItem, "step">;

const UNKNOWN = "(known once the app exists)";

/** Custom attributes: added when the app's schema has no attribute of that name (base or custom). */
export function customAttributeChanges(wanted: readonly DesiredCustomAttribute[], schema: AppUserSchema | undefined): Change[] {
  const existing = new Map(schema ? schemaProperties(schema).map((property) => [property.name, property]) : []);
  return wanted.map((attribute) => {
    const path = `schema.${attribute.name}`;
    const after = attributeSummary(attribute);
    if (!schema) return { action: "create", path, before: UNKNOWN, after };
    const found = existing.get(attribute.name);
    if (!found) return { action: "create", path, after };
    if (found.origin === "custom" && (found.attribute.externalName !== attribute.request.externalName || found.attribute.externalNamespace !== attribute.request.externalNamespace)) {
      return { action: "update", path, before: `${found.attribute.externalNamespace ?? ""}:${found.attribute.externalName ?? ""}`, after };
    }
    return { action: "unchanged", path, after };
  });
}

interface MappingChange extends Change {
  attribute: string;
  /** The property to POST (null removes it); undefined when nothing is sent. */
  send?: { expression: string; pushStatus?: "PUSH" | "DONT_PUSH" } | null;
}

/**
 * The To App mapping: set the template's expressions and "apply on" (pushStatus), remove what
 * keepOnly leaves out. Attributes without an expression keep Okta's; userName is the application
 * username, set by the username format, never a mapping property.
 */
export function mappingPlan(desired: DesiredSetup, mapping: ProfileMapping | undefined, schema: AppUserSchema | undefined): MappingChange[] {
  const changes: MappingChange[] = [];
  const properties = mapping?.properties ?? {};
  const known = mapping !== undefined;
  const attributes = new Set([...(schema ? schemaProperties(schema).map((property) => property.name) : []), ...desired.customAttributes.map((attribute) => attribute.name)]);
  for (const wanted of desired.mappings) {
    if (!wanted.expression && !wanted.pushStatus) continue;
    const path = `mappings.toApp.${wanted.attribute}`;
    const current = properties[wanted.attribute];
    const expression = wanted.expression ?? current?.expression ?? OKTA_DEFAULT_EXPRESSIONS[wanted.attribute];
    if (!known) {
      changes.push({ attribute: wanted.attribute, action: "update", path, before: UNKNOWN, after: describeMapping(expression, wanted.pushStatus) });
      continue;
    }
    if (schema && !attributes.has(wanted.attribute)) {
      changes.push({ attribute: wanted.attribute, action: "manual", path, after: describeMapping(expression, wanted.pushStatus), note: `the app has no attribute ${wanted.attribute}: add it in the Profile Editor` });
      continue;
    }
    if (!expression) {
      changes.push({ attribute: wanted.attribute, action: "manual", path, after: `apply on ${wanted.pushStatus === "DONT_PUSH" ? "create" : "create and update"}`, note: `${wanted.attribute} is not mapped: map it in the Admin Console (Provisioning → To App → attribute mappings)` });
      continue;
    }
    const pushStatus = wanted.pushStatus ?? (current?.pushStatus as "PUSH" | "DONT_PUSH" | undefined) ?? "PUSH";
    const same = current?.expression === expression && (current?.pushStatus ?? "PUSH") === pushStatus;
    const before = current ? describeMapping(current.expression ?? undefined, (current.pushStatus ?? undefined) as "PUSH" | "DONT_PUSH" | undefined) : undefined;
    changes.push({
      attribute: wanted.attribute,
      action: same ? "unchanged" : current ? "update" : "create",
      path,
      ...(same || !current ? {} : { before }),
      after: describeMapping(expression, pushStatus),
      ...(same ? {} : { send: { expression, pushStatus } }),
    });
  }
  if (desired.keepOnly && known) {
    const keep = new Set(desired.keepOnly);
    for (const [attribute, property] of Object.entries(properties)) {
      if (keep.has(attribute)) continue;
      changes.push({ attribute, action: "update", path: `mappings.toApp.${attribute}`, before: describeMapping(property.expression ?? undefined, (property.pushStatus ?? undefined) as "PUSH" | undefined), after: null, note: "not used by the vendor", send: null });
    }
  }
  return changes;
}

/**
 * Okta's own default expressions for SCIM attributes some orgs leave unmapped: used when the
 * template says only "apply on" and the mapping has no expression to keep.
 */
const OKTA_DEFAULT_EXPRESSIONS: Record<string, string> = {
  emailType: "(user.email != null && user.email != '') ? 'work' : ''",
  primaryPhoneType: "(user.primaryPhone != null && user.primaryPhone != '') ? 'work' : ''",
};

/** `user.firstName (create and update)`. */
function describeMapping(expression: string | undefined, pushStatus: "PUSH" | "DONT_PUSH" | undefined): string {
  const apply = pushStatus === "DONT_PUSH" ? "create" : pushStatus === "PUSH" ? "create and update" : undefined;
  return [expression ?? "(Okta's)", apply ? `(apply on ${apply})` : undefined].filter(Boolean).join(" ");
}

function groupPushItem(name: string, existing: GroupPushMapping | undefined): PlanItem {
  const path = `groupPush.${name}`;
  if (!existing) return { step: "group-push", action: "create", path, after: "ACTIVE" };
  const status = existing.status;
  const detail = [existing.lastPush ? `last push ${existing.lastPush}` : undefined, existing.errorSummary ? `error: ${existing.errorSummary}` : undefined].filter(Boolean).join(", ");
  if (status !== "ACTIVE") return { step: "group-push", action: "update", path, before: status, after: "ACTIVE", ...(detail ? { note: detail } : {}) };
  return { step: "group-push", action: "unchanged", path, after: status, ...(detail ? { note: detail } : {}) };
}
