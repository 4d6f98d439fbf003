import { UsageError } from "../core/errors.js";
import { pastedResource } from "../scim/connector/base-paths.js";
import type { CustomAttributeRequest } from "../okta/model.js";
import { manualSteps, type ManualStep } from "../templates/manual-steps.js";
import { fillPlaceholders, unfilledPlaceholders } from "../templates/resolve.js";
import { toAppSwitches, type AuthMode, type Dialect, type Template, type ToAppSwitch } from "../templates/schema.js";

/**
 * What the org should look like for one template, with its parameters filled in (DESIGN §3, §4):
 * the first stage of setup and verify (desired → observe → plan → apply). Pure.
 */

interface DesiredApp {
  kind: Template["okta"]["app"]["kind"];
  /** May be created through Okta's API (OIN test apps); else located only. */
  create: boolean;
  /** Okta's catalog name for create (scim2headerauth, …). */
  oinName?: string;
  /** What the Admin Console calls the catalog entry. */
  displayName: string;
  label: string;
  /** --app-id: this app and no other. */
  appId?: string;
}

interface DesiredMapping {
  /** App user attribute (the SCIM side). */
  attribute: string;
  /** Okta expression to map from; undefined keeps Okta's. */
  expression?: string;
  /** PUSH = apply on create and update, DONT_PUSH = on create only; undefined keeps Okta's. */
  pushStatus?: "PUSH" | "DONT_PUSH";
  required: boolean;
}

interface DesiredUserNameTemplate {
  template: string;
  type: "BUILT_IN" | "CUSTOM";
}

export interface DesiredCustomAttribute {
  name: string;
  request: CustomAttributeRequest;
}

export interface DesiredSetup {
  template: Template;
  /** Template parameters, filled. */
  params: Record<string, string>;
  app: DesiredApp;
  userNameTemplate?: DesiredUserNameTemplate;
  scim: { baseUrl: string; authMode: AuthMode; dialect: Dialect };
  toApp: Record<ToAppSwitch, boolean>;
  toOkta?: { importNewUsers?: boolean; importProfileUpdates?: boolean; optional: boolean };
  customAttributes: DesiredCustomAttribute[];
  mappings: DesiredMapping[];
  /** When set, every other To App mapping property is removed. */
  keepOnly?: string[];
  /** Okta group names to push (--push-group). */
  pushGroups: string[];
  /** Okta group names to assign (--assign-group). */
  assignGroups: string[];
  /** --canary-user: an Okta login to assign and watch. */
  canaryUser?: string;
  /** The Admin Console steps the template may need, from src/templates/manual-steps.ts. */
  manualSteps: ManualStep[];
}

interface DesiredInputs {
  template: Template;
  /** Filled template parameters (resolveParameters). */
  params: Record<string, string>;
  /** --base-url overrides the template's URL outright. */
  baseUrl?: string | undefined;
  appId?: string | undefined;
  appLabel?: string | undefined;
  pushGroups?: readonly string[];
  assignGroups?: readonly string[];
  canaryUser?: string | undefined;
}

/** Application username formats as Okta's built-in templates (research/okta-api.md §7). */
const USERNAME_TEMPLATES: Record<"email" | "okta-username" | "email-prefix", string> = {
  email: "${source.email}",
  "okta-username": "${source.login}",
  "email-prefix": '${fn:substringBefore(source.email, "@")}',
};

export function desiredSetup(inputs: DesiredInputs): DesiredSetup {
  const { template, params } = inputs;
  const okta = template.okta;
  const baseUrl = (inputs.baseUrl ?? fillPlaceholders(template.scim.baseUrl.value, params)).trim();
  const unfilled = unfilledPlaceholders(baseUrl);
  if (unfilled.length > 0) {
    throw new UsageError(`template ${template.id} needs ${unfilled.map((name) => `--param ${name}=…`).join(" ")} for its base URL`, "or pass --base-url");
  }
  // Written into Okta as it is, such a URL would send every request to …/Users/Users.
  const pasted = pastedResource(baseUrl);
  if (pasted) {
    const named = inputs.baseUrl === undefined ? `the base URL of template ${template.id}` : "the base URL";
    throw new UsageError(`${named} ${baseUrl} ends in /${pasted.resource}: Okta adds /Users and /Groups to it itself`, `e.g. --base-url ${pasted.fixed}`);
  }
  if ((inputs.pushGroups ?? []).length > 0 && okta.groupPush && !okta.groupPush.enabled) {
    throw new UsageError(`--push-group: template ${template.id} does not push groups`, "leave out --push-group");
  }
  return {
    template,
    params,
    app: {
      kind: okta.app.kind,
      create: okta.app.create && okta.app.oinName !== undefined,
      ...(okta.app.oinName ? { oinName: okta.app.oinName } : {}),
      displayName: okta.app.displayName ?? okta.app.label,
      label: inputs.appLabel?.trim() || okta.app.label,
      ...(inputs.appId ? { appId: inputs.appId.trim() } : {}),
    },
    ...(okta.usernameFormat ? { userNameTemplate: userNameTemplateFor(okta.usernameFormat.value, template.id) } : {}),
    scim: { baseUrl, authMode: template.scim.auth.mode, dialect: template.scim.dialect },
    toApp: toAppSwitches(template),
    ...(okta.toOkta ? { toOkta: okta.toOkta.value } : {}),
    customAttributes: okta.customAttributes.map((attribute) => ({
      name: attribute.name,
      request: {
        title: attribute.title ?? attribute.name,
        type: attribute.type,
        scope: "NONE",
        externalName: attribute.externalName,
        externalNamespace: attribute.externalNamespace,
        ...(attribute.required ? { required: true } : {}),
      },
    })),
    mappings: [...okta.mappings.map, ...okta.mappings.optional].map((mapping) => {
      const expression = mapping.expression === undefined ? undefined : fillPlaceholders(mapping.expression, params).trim();
      return {
        attribute: mapping.attribute,
        ...(expression ? { expression } : {}),
        ...(mapping.apply ? { pushStatus: mapping.apply === "create" ? ("DONT_PUSH" as const) : ("PUSH" as const) } : {}),
        required: mapping.required,
      };
    }),
    ...(okta.mappings.keepOnly ? { keepOnly: okta.mappings.keepOnly } : okta.mappings.removable === "others-must-go" ? { keepOnly: [...okta.mappings.map, ...okta.mappings.optional].map((mapping) => mapping.attribute) } : {}),
    pushGroups: unique(inputs.pushGroups ?? []),
    assignGroups: unique(inputs.assignGroups ?? []),
    ...(inputs.canaryUser ? { canaryUser: inputs.canaryUser.trim() } : {}),
    manualSteps: manualSteps(template),
  };
}

function userNameTemplateFor(format: NonNullable<Template["okta"]["usernameFormat"]>["value"], templateId: string): DesiredUserNameTemplate {
  if (format.format === "custom") {
    if (!format.template) throw new UsageError(`template ${templateId}: okta.usernameFormat is custom but has no template`, "add okta.usernameFormat.value.template");
    return { template: format.template, type: "CUSTOM" };
  }
  return { template: format.template ?? USERNAME_TEMPLATES[format.format], type: "BUILT_IN" };
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names.map((name) => name.trim()).filter(Boolean))];
}
