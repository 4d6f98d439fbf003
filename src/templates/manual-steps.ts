import type { z } from "zod";
import type { aiwActionSchema, Template } from "./schema.js";

type AiwAction = z.infer<typeof aiwActionSchema>;

/**
 * The Admin Console clicks a template needs that Okta's public API cannot do, or may refuse (DESIGN §3).
 * Pure: `vendors show` prints them and setup turns the ones still open into pending steps.
 */

/** "always": no public API; "if-api-fails": setup tries the API first and falls back to this step. */
export type ManualWhen = "always" | "if-api-fails";

export type ManualStepId = "locate-app" | "enable-scim" | "provisioning-connection" | "to-app" | "to-okta";

export interface ManualStep {
  id: ManualStepId;
  step: string;
  why: string;
  whereToClick: string;
  when: ManualWhen;
  /**
   * What to type or tick, by the form's own field names. Secrets stay placeholders ({token},
   * {password}); parameters stay {name} until setup fills them.
   */
  values: { field: string; value: string }[];
  /** What setup reads back to know the step is done. */
  verifiedBy: string;
}

/** The Integration form's own words for the supported provisioning actions. */
export const AIW_ACTION_LABELS: Record<AiwAction, string> = {
  importNewUsersAndProfileUpdates: "Import New Users and Profile Updates",
  pushNewUsers: "Push New Users",
  pushProfileUpdates: "Push Profile Updates",
  pushGroups: "Push Groups",
};

/** The `features` Okta reports once each supported action is on (research/okta-api.md). */
const AIW_ACTION_FEATURES: Record<AiwAction, string[]> = {
  importNewUsersAndProfileUpdates: ["IMPORT_NEW_USERS", "IMPORT_PROFILE_UPDATES"],
  pushNewUsers: ["PUSH_NEW_USERS"],
  pushProfileUpdates: ["PUSH_PROFILE_UPDATES"],
  pushGroups: ["GROUP_PUSH"],
};

const AIW_AUTH_LABELS: Record<Template["scim"]["auth"]["mode"], string> = {
  header: "HTTP Header",
  basic: "Basic Auth",
  "oauth-bearer": "OAuth 2",
};

export function manualSteps(template: Template): ManualStep[] {
  const app = template.okta.app;
  const steps: ManualStep[] = [];
  if (!app.create) steps.push(locateAppStep(template));
  if (app.kind === "aiw") {
    steps.push(enableScimStep(template), aiwIntegrationStep(template));
  } else {
    steps.push(apiIntegrationStep(template));
  }
  steps.push(toAppStep(template));
  const toOkta = toOktaStep(template);
  if (toOkta) steps.push(toOkta);
  return steps;
}

function appPath(template: Template): string {
  return `Applications → Applications → ${template.okta.app.label}`;
}

function locateAppStep(template: Template): ManualStep {
  const app = template.okta.app;
  return {
    id: "locate-app",
    step:
      app.kind === "aiw"
        ? `Have your own app (SAML or SWA) for ${template.name} in Okta`
        : `Add ${app.displayName ?? app.label} from Okta's catalog, if it is not there yet`,
    why:
      app.kind === "aiw"
        ? "setup never creates App Integration Wizard apps; it finds yours by --app-id or --app-label"
        : "setup does not create this catalog app; it finds it by --app-id or --app-label",
    whereToClick: `Applications → Applications → find "${app.label}" (or add it), then pass --app-id <id> or --app-label "${app.label}"`,
    when: "always",
    values: [],
    verifiedBy: "the app found by --app-id or --app-label",
  };
}

function enableScimStep(template: Template): ManualStep {
  return {
    id: "enable-scim",
    step: "Enable SCIM provisioning",
    why: "Okta has no public API for this switch on App Integration Wizard apps",
    whereToClick: `${appPath(template)} → General → App Settings → Edit → tick "Enable SCIM provisioning" → Save`,
    when: "always",
    values: [{ field: "Enable SCIM provisioning", value: "ticked" }],
    verifiedBy: "SCIM_PROVISIONING in the app's features",
  };
}

function aiwIntegrationStep(template: Template): ManualStep {
  const { okta, scim } = template;
  const actions = okta.supportedActions?.value ?? [];
  const values = [{ field: "SCIM connector base URL", value: scim.baseUrl.value }];
  if (okta.uniqueIdentifier) values.push({ field: "Unique identifier field for users", value: okta.uniqueIdentifier.value });
  if (actions.length > 0) {
    values.push({ field: "Supported provisioning actions", value: actions.map((action) => AIW_ACTION_LABELS[action]).join(", ") });
  }
  values.push({ field: "Authentication Mode", value: AIW_AUTH_LABELS[scim.auth.mode] }, ...credentialValues(template, "Authorization"));
  return {
    id: "provisioning-connection",
    step: "Fill in the SCIM connection (Provisioning → Integration)",
    why: "Okta has no documented API for the SCIM connection of App Integration Wizard apps",
    whereToClick: `${appPath(template)} → Provisioning → Integration → Edit → fill in the values → Test Connector Configuration → Save`,
    when: "always",
    values,
    verifiedBy: `the app's features (${actions.flatMap((action) => AIW_ACTION_FEATURES[action]).join(", ") || "provisioning features"})`,
  };
}

function apiIntegrationStep(template: Template): ManualStep {
  const { scim, okta } = template;
  const values = [
    { field: "Enable API Integration", value: "ticked" },
    { field: "Base URL", value: scim.baseUrl.value },
    ...credentialValues(template, scim.auth.mode === "oauth-bearer" ? "OAuth Bearer Token" : "API Token"),
  ];
  if (okta.toOkta?.value.importGroups) {
    values.push({ field: "Import Groups", value: okta.toOkta.value.optional ? "ticked (optional)" : "ticked" });
  }
  const tokenScheme = scim.auth.mode !== "basic";
  return {
    id: "provisioning-connection",
    step: "Configure API Integration: base URL and credentials",
    why: tokenScheme
      ? "Okta documents the Connections API for a few catalog apps only and honours its baseUrl only for Zscaler; setup tries it with the token and falls back to this step"
      : "Okta's Connections API has token and OAuth schemes only, never basic auth, so the username and password are typed by hand",
    whereToClick: `${appPath(template)} → Provisioning → Configure API Integration → tick "Enable API Integration" → fill in the values → Test API Credentials → Save`,
    when: tokenScheme ? "if-api-fails" : "always",
    values,
    verifiedBy: "the app's provisioning connection and features (PUSH_NEW_USERS, …)",
  };
}

/** Secrets stay placeholders: the form field names differ per app kind, the values never leave the template. */
function credentialValues(template: Template, tokenField: string): { field: string; value: string }[] {
  const auth = template.scim.auth;
  if (auth.mode === "basic") {
    return [
      { field: "Username", value: "{username}" },
      { field: "Password", value: "{password}" },
    ];
  }
  return [{ field: tokenField, value: auth.pasteIntoOkta ?? "{token}" }];
}

function toAppStep(template: Template): ManualStep {
  const toApp = template.okta.toApp.value;
  const switches: [string, boolean][] = [
    ["Create Users", toApp.createUsers],
    ["Update User Attributes", toApp.updateUserAttributes],
    ["Deactivate Users", toApp.deactivateUsers],
    ["Sync Password", toApp.syncPassword],
  ];
  const values = switches.map(([field, on]) => ({ field, value: on ? "enabled" : "off" }));
  return {
    id: "to-app",
    step: "Set Provisioning to App",
    why: "Okta documents the Features API (USER_PROVISIONING) for a few catalog apps only, and only once provisioning is on; setup tries it and falls back to this step",
    whereToClick: `${appPath(template)} → Provisioning → Settings: To App → Edit → set the switches → Save`,
    when: "if-api-fails",
    values,
    verifiedBy: "PUSH_NEW_USERS, PUSH_PROFILE_UPDATES, PUSH_USER_DEACTIVATION present and PUSH_PASSWORD_UPDATES absent in the app's features, as the template sets them",
  };
}

/** Import Groups of an OIN app sits on the API Integration form, so only user imports make a To Okta step. */
function toOktaStep(template: Template): ManualStep | undefined {
  const toOkta = template.okta.toOkta?.value;
  if (!toOkta) return undefined;
  const values: { field: string; value: string }[] = [];
  if (toOkta.importNewUsers !== undefined) values.push({ field: "Import New Users", value: toOkta.importNewUsers ? "enabled" : "off" });
  if (toOkta.importProfileUpdates !== undefined) values.push({ field: "Import Profile Updates", value: toOkta.importProfileUpdates ? "enabled" : "off" });
  if (toOkta.importGroups !== undefined && template.okta.app.kind === "aiw") {
    values.push({ field: "Import Groups", value: toOkta.importGroups ? "enabled" : "off" });
  }
  if (values.length === 0) return undefined;
  return {
    id: "to-okta",
    step: toOkta.optional ? "Set Provisioning to Okta (optional)" : "Set Provisioning to Okta",
    why: "Okta documents the Features API (INBOUND_PROVISIONING) for a few catalog apps only; setup tries it and falls back to this step",
    whereToClick: `${appPath(template)} → Provisioning → Settings: To Okta → Edit → set the switches → Save`,
    when: "if-api-fails",
    values,
    verifiedBy: "IMPORT_NEW_USERS / IMPORT_PROFILE_UPDATES in the app's features",
  };
}
