import type { z } from "zod";
import { AUTOMATION, CONSOLE_PATHS, describeConsolePath, tabLabel, type AdminTab, type ConsolePath } from "./admin-steps.js";
import { fillPlaceholders } from "./resolve.js";
import { toAppSwitches, type aiwActionSchema, type Template, type ToAppSwitch } from "./schema.js";

type AiwAction = z.infer<typeof aiwActionSchema>;

/**
 * The Admin Console clicks a template needs that Okta's public API cannot do, or may refuse
 * (DESIGN §3), in the admin's order. Pure: `vendors show` prints them; setup turns the ones still
 * open into pending steps (`pendingStep`) and checks them against the app's `features`
 * (`featureCheckResult`).
 */

/** "always": no public API for these apps; "if-api-fails": the API is tried first, this is the fallback. */
export type ManualWhen = "always" | "if-api-fails";

export type ManualStepId = "locate-app" | "enable-scim" | "provisioning-connection" | "to-app" | "to-okta";

/** Names in the app's read-only `features` array that the manual steps are checked by (research/okta-api.md §14). */
export type AppFeature =
  | "SCIM_PROVISIONING"
  | "PUSH_NEW_USERS"
  | "PUSH_PROFILE_UPDATES"
  | "PUSH_USER_DEACTIVATION"
  | "REACTIVATE_USERS"
  | "PUSH_PASSWORD_UPDATES"
  | "IMPORT_NEW_USERS"
  | "IMPORT_PROFILE_UPDATES"
  | "GROUP_PUSH";

/** A step is done when every `present` feature is in the app's `features` and no `absent` one is. Both empty: nothing in `features` shows it. */
export interface FeatureCheck {
  present: AppFeature[];
  absent: AppFeature[];
}

/** Placeholders that stand for secrets: never filled by `pendingStep`, masked by whoever prints the step. */
const SECRET_PLACEHOLDERS = ["token", "password"] as const;

export interface ManualValue {
  /** The form's own label. */
  field: string;
  /** What to type, tick or pick; `{name}` placeholders for parameters and credentials. */
  value: string;
  /** The value holds a secret placeholder ({token}, {password}): print it masked. */
  secret: boolean;
}

export interface ManualStep {
  id: ManualStepId;
  /** What to do, in a few words. */
  step: string;
  /** Why it is by hand (from admin-steps.ts, the one place that says so). */
  why: string;
  when: ManualWhen;
  /** Where the form is, then the values, then how to finish. */
  console: ConsolePath;
  /** The same path as one line, from the Admin Console's menu. */
  whereToClick: string;
  values: ManualValue[];
  /** What the app's `features` show once the step is done. */
  verifiedBy: FeatureCheck;
  /** `verifiedBy` in words. */
  verifiedByText: string;
}

/** The Integration form's own words for the supported provisioning actions. */
export const AIW_ACTION_LABELS: Record<AiwAction, string> = {
  importNewUsersAndProfileUpdates: "Import New Users and Profile Updates",
  pushNewUsers: "Push New Users",
  pushProfileUpdates: "Push Profile Updates",
  pushGroups: "Push Groups",
};

/**
 * Features an AIW supported action shows by itself, once SCIM provisioning is on. Push New Users
 * and Push Profile Updates only make the To App switches available: their features (PUSH_…) appear
 * when the switches are on, so the To App step checks them.
 */
const AIW_ACTION_FEATURES: Record<AiwAction, AppFeature[]> = {
  importNewUsersAndProfileUpdates: [],
  pushNewUsers: [],
  pushProfileUpdates: [],
  pushGroups: ["GROUP_PUSH"],
};

const TO_APP_FEATURES: Record<ToAppSwitch, AppFeature> = {
  createUsers: "PUSH_NEW_USERS",
  updateUserAttributes: "PUSH_PROFILE_UPDATES",
  deactivateUsers: "PUSH_USER_DEACTIVATION",
  syncPassword: "PUSH_PASSWORD_UPDATES",
};

const TO_APP_LABELS: Record<ToAppSwitch, string> = {
  createUsers: "Create Users",
  updateUserAttributes: "Update User Attributes",
  deactivateUsers: "Deactivate Users",
  syncPassword: "Sync Password",
};

const AUTH_MODE_LABELS: Record<Template["scim"]["auth"]["mode"], string> = {
  header: "HTTP Header",
  basic: "Basic Auth",
  "oauth-bearer": "OAuth 2",
};

export function manualSteps(template: Template): ManualStep[] {
  const app = template.okta.app;
  const steps: ManualStep[] = [];
  if (!app.create) steps.push(locateAppStep(template));
  if (app.kind === "aiw") steps.push(enableScimStep(template), aiwIntegrationStep(template));
  else steps.push(apiIntegrationStep(template));
  steps.push(toAppStep(template));
  const toOkta = toOktaStep(template);
  if (toOkta) steps.push(toOkta);
  return steps;
}

function manualStep(
  template: Template,
  fields: { id: ManualStepId; automation: keyof typeof AUTOMATION; step: string; console: ConsolePath; values: ManualValue[]; verifiedBy: FeatureCheck },
): ManualStep {
  const automation = AUTOMATION[fields.automation];
  return {
    id: fields.id,
    step: fields.step,
    why: automation.api,
    when: automation.kind === "manual" ? "always" : "if-api-fails",
    console: fields.console,
    whereToClick: describeConsolePath(template, fields.console, fields.values.length > 0),
    values: fields.values,
    verifiedBy: fields.verifiedBy,
    verifiedByText: describeFeatureCheck(fields.verifiedBy),
  };
}

const value = (field: string, text: string): ManualValue => ({ field, value: text, secret: SECRET_PLACEHOLDERS.some((name) => text.includes(`{${name}}`)) });

function locateAppStep(template: Template): ManualStep {
  const app = template.okta.app;
  return manualStep(template, {
    id: "locate-app",
    automation: "locate-app",
    step:
      app.kind === "aiw"
        ? `Open your own app for ${template.name} (the SAML or SWA app you made with the App Integration Wizard)`
        : `Open the ${app.displayName ?? app.label} app (add it from the catalog first if it is not there: Browse App Catalog → search "${app.displayName ?? app.label}" → Add Integration)`,
    console: CONSOLE_PATHS.locateApp(app.label),
    values: [],
    verifiedBy: { present: [], absent: [] },
  });
}

function enableScimStep(template: Template): ManualStep {
  return manualStep(template, {
    id: "enable-scim",
    automation: "enable-scim",
    step: "Enable SCIM provisioning",
    console: CONSOLE_PATHS.enableScim(),
    values: [value("Enable SCIM provisioning", "ticked")],
    verifiedBy: { present: ["SCIM_PROVISIONING"], absent: [] },
  });
}

function aiwIntegrationStep(template: Template): ManualStep {
  const { okta, scim } = template;
  const actions = okta.supportedActions?.value ?? [];
  const values = [value("SCIM connector base URL", scim.baseUrl.value)];
  if (okta.uniqueIdentifier) values.push(value("Unique identifier field for users", okta.uniqueIdentifier.value));
  if (actions.length > 0) values.push(value("Supported provisioning actions", actions.map((action) => AIW_ACTION_LABELS[action]).join(", ")));
  values.push(value("Authentication Mode", AUTH_MODE_LABELS[scim.auth.mode]), ...credentialValues(template, "Authorization"));
  return manualStep(template, {
    id: "provisioning-connection",
    automation: "provisioning-connection",
    step: "Fill in the SCIM connection (Provisioning → Integration)",
    console: CONSOLE_PATHS.aiwIntegration(),
    values,
    verifiedBy: { present: ["SCIM_PROVISIONING", ...new Set(actions.flatMap((action) => AIW_ACTION_FEATURES[action]))], absent: [] },
  });
}

function apiIntegrationStep(template: Template): ManualStep {
  const { scim, okta } = template;
  const values = [
    value("Enable API Integration", "ticked"),
    value("Base URL", scim.baseUrl.value),
    ...credentialValues(template, scim.auth.mode === "oauth-bearer" ? "OAuth Bearer Token" : "API Token"),
  ];
  if (okta.toOkta?.value.importGroups) values.push(value("Import Groups", okta.toOkta.value.optional ? "ticked (optional)" : "ticked"));
  return manualStep(template, {
    id: "provisioning-connection",
    automation: "provisioning-connection",
    step: "Configure API Integration: base URL and credentials",
    console: CONSOLE_PATHS.apiIntegration(),
    values,
    verifiedBy: { present: ["SCIM_PROVISIONING"], absent: [] },
  });
}

/** Secrets stay placeholders: the form's field names differ per app kind, the values never leave the template. */
function credentialValues(template: Template, tokenField: string): ManualValue[] {
  const auth = template.scim.auth;
  if (auth.mode === "basic") return [value("Username", "{username}"), value("Password", "{password}")];
  return [value(tokenField, auth.pasteIntoOkta ?? "{token}")];
}

function toAppStep(template: Template): ManualStep {
  const switches = toAppSwitches(template);
  const names = Object.keys(TO_APP_LABELS) as ToAppSwitch[];
  return manualStep(template, {
    id: "to-app",
    automation: "to-app",
    step: "Set Provisioning to App",
    console: CONSOLE_PATHS.toApp(),
    values: names.map((name) => value(TO_APP_LABELS[name], switches[name] ? "Enable (ticked)" : "leave unticked")),
    verifiedBy: {
      present: names.filter((name) => switches[name]).map((name) => TO_APP_FEATURES[name]),
      absent: names.filter((name) => !switches[name]).map((name) => TO_APP_FEATURES[name]),
    },
  });
}

/** Import Groups of an OIN app sits on the API Integration form, so only user imports make a To Okta step. Optional settings are not checked. */
function toOktaStep(template: Template): ManualStep | undefined {
  const toOkta = template.okta.toOkta?.value;
  if (!toOkta) return undefined;
  const values: ManualValue[] = [];
  const present: AppFeature[] = [];
  const absent: AppFeature[] = [];
  const setting = (field: string, on: boolean | undefined, feature: AppFeature | undefined) => {
    if (on === undefined) return;
    values.push(value(field, on ? "Enable (ticked)" : "leave unticked"));
    if (feature && !toOkta.optional) (on ? present : absent).push(feature);
  };
  setting("Import New Users", toOkta.importNewUsers, "IMPORT_NEW_USERS");
  setting("Import Profile Updates", toOkta.importProfileUpdates, "IMPORT_PROFILE_UPDATES");
  if (template.okta.app.kind === "aiw") setting("Import Groups", toOkta.importGroups, undefined);
  if (values.length === 0) return undefined;
  return manualStep(template, {
    id: "to-okta",
    automation: "to-okta",
    step: toOkta.optional ? "Set Provisioning to Okta (optional)" : "Set Provisioning to Okta",
    console: CONSOLE_PATHS.toOkta(),
    values,
    verifiedBy: { present, absent },
  });
}

/** `verifiedBy` in words, e.g. "the app's features show PUSH_NEW_USERS and PUSH_PROFILE_UPDATES, and not PUSH_PASSWORD_UPDATES". */
export function describeFeatureCheck(check: FeatureCheck): string {
  if (check.present.length === 0 && check.absent.length === 0) return "the app itself, found by its id or label (nothing in its features shows this step)";
  const list = (names: readonly string[]) => (names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1) ?? ""}`);
  const parts = [];
  if (check.present.length > 0) parts.push(`the app's features show ${list(check.present)}`);
  if (check.absent.length > 0) parts.push(check.present.length > 0 ? `and not ${list(check.absent)}` : `the app's features do not show ${list(check.absent)}`);
  return parts.join(", ");
}

/** Which of the check's features the app's `features` still contradict; done when both lists are empty. */
export function featureCheckResult(check: FeatureCheck, features: readonly string[]): { done: boolean; missing: AppFeature[]; unexpected: AppFeature[] } {
  const missing = check.present.filter((feature) => !features.includes(feature));
  const unexpected = check.absent.filter((feature) => features.includes(feature));
  return { done: missing.length === 0 && unexpected.length === 0, missing, unexpected };
}

/** The app a pending step is for, as setup knows it. */
export interface AppRef {
  /** The Admin Console's origin, e.g. https://acme-admin.okta.com. */
  adminOrigin: string;
  /** The app's `name` (scim2headerauth, acme_cloudapp_1, …) and `id`; absent before the app is known. */
  appName?: string;
  appId?: string;
}

/** One manual step for one real app: DESIGN §2's `pending[]` entry, plus the values for a form-aware caller. */
export interface PendingStep {
  step: string;
  id: ManualStepId;
  link: string;
  instructions: string[];
  values: ManualValue[];
  verifiedBy: FeatureCheck;
}

/**
 * A deep link to where the step is done: the app's Provisioning tab
 * (`{adminOrigin}/admin/app/{appName}/instance/{appId}/#tab-provisioning`), the app's own page for
 * its other tabs, or the app list while the app is not known.
 */
export function adminLink(tab: AdminTab, app: AppRef): string {
  const origin = app.adminOrigin.replace(/\/+$/, "");
  if (tab === "applications" || app.appName === undefined || app.appId === undefined) return `${origin}/admin/apps/active`;
  const instance = `${origin}/admin/app/${encodeURIComponent(app.appName)}/instance/${encodeURIComponent(app.appId)}/`;
  return tab === "provisioning" ? `${instance}#tab-provisioning` : instance;
}

/**
 * The exact Admin Console steps for one real app: a link, the clicks, the values with the
 * template's parameters filled in, and how to finish. Secret placeholders ({token}, {password})
 * are never filled, whatever `params` holds: the caller masks them (`values[].secret` says which).
 */
export function pendingStep(step: ManualStep, app: AppRef, params: Readonly<Record<string, string>>): PendingStep {
  const safeParams = Object.fromEntries(Object.entries(params).filter(([name]) => !(SECRET_PLACEHOLDERS as readonly string[]).includes(name)));
  const values = step.values.map((entry) => ({ ...entry, value: fillPlaceholders(entry.value, safeParams) }));
  const link = adminLink(step.console.tab, app);
  const open = step.console.tab === "applications" || app.appId === undefined ? `Open ${link} (Applications → Applications)` : `Open ${link}`;
  const tab = tabLabel(step.console.tab);
  const clicks = [...(tab === undefined ? [] : [tab]), ...step.console.clicks];
  const instructions = [
    open,
    ...(clicks.length > 0 ? [clicks.join(" → ")] : []),
    ...values.map((entry) => `${entry.field}: ${entry.value}`),
    ...(step.console.finish.length > 0 ? [step.console.finish.join(" → ")] : []),
  ];
  return { step: step.step, id: step.id, link, instructions, values, verifiedBy: step.verifiedBy };
}
