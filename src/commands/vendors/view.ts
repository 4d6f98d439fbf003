import type { ChalkInstance } from "chalk";
import { renderTable } from "../../cli/table.js";
import { AIW_ACTION_LABELS, type ManualStep } from "../../templates/manual-steps.js";
import type { Template } from "../../templates/schema.js";

/** The vendor view: what `vendors list` and `vendors show` print. Pure: templates in, text or JSON-ready data out. */
/** One row of `vendors list --json`; the shape is part of the CLI contract. */
export interface VendorSummary {
  id: string;
  name: string;
  appKind: Template["okta"]["app"]["kind"];
  auth: Template["scim"]["auth"]["mode"];
  dialect: Template["scim"]["dialect"];
  baseUrl: string;
  source?: string;
}

export function summarizeVendor(template: Template): VendorSummary {
  return {
    id: template.id,
    name: template.name,
    appKind: template.okta.app.kind,
    auth: template.scim.auth.mode,
    dialect: template.scim.dialect,
    baseUrl: template.scim.baseUrl.value,
    ...(template.guide?.seed ? { source: template.guide.seed } : {}),
  };
}

/** The `vendors list` table. */
export function renderVendorList(templates: readonly Template[], style: ChalkInstance): string {
  const rows = templates.map((template) => [template.id, template.name, describeAppKind(template), describeAuthMode(template.scim.auth.mode)]);
  return renderTable(["ID", "NAME", "OKTA APP", "AUTH"], rows, (line) => style.bold(line));
}

function describeAppKind(template: Template): string {
  const app = template.okta.app;
  switch (app.kind) {
    case "oin-test-app":
      return app.displayName ?? "SCIM 2.0 Test App";
    case "oin-app":
      return `${app.displayName ?? app.label} (catalog app)`;
    case "aiw":
      return "own app + Enable SCIM (AIW)";
  }
}

function describeAuthMode(mode: Template["scim"]["auth"]["mode"]): string {
  switch (mode) {
    case "header":
      return "HTTP header";
    case "basic":
      return "basic";
    case "oauth-bearer":
      return "OAuth bearer token";
  }
}

const DIALECTS: Record<Template["scim"]["dialect"], string> = {
  oin: "oin: PATCH for activate/deactivate/password/groups, PUT for profile",
  aiw: "aiw: GET + full PUT for everything, including deactivation and group membership",
};

const USERNAME_FORMATS: Record<NonNullable<Template["okta"]["usernameFormat"]>["value"]["format"], string> = {
  email: "Email",
  "okta-username": "Okta username",
  "email-prefix": "Email prefix",
  custom: "Custom",
};

/** The template in words: the order follows the admin's way through the guide. */
export function renderVendor(template: Template, steps: ManualStep[], style: ChalkInstance): string {
  const out: string[] = [];
  const heading = (title: string) => out.push("", style.bold(title));
  const field = (name: string, value: string) => out.push(`  ${`${name}:`.padEnd(20)} ${value}`);
  const more = (text: string) => out.push(`  ${"".padEnd(20)} ${text}`);
  const bullet = (text: string) => out.push(`  - ${text}`);
  const { okta, scim } = template;

  out.push(`${style.bold(template.name)} (${template.id})`, template.description);
  if (template.guide?.title || template.guide?.seed) {
    out.push(`Guide: ${[template.guide.title, template.guide.seed && `(${template.guide.seed})`].filter(Boolean).join(" ")}`);
  }
  if (template.guide?.vendorSupport) out.push(`Vendor support: ${template.guide.vendorSupport}`);

  if (template.prerequisites.length > 0) {
    heading("Prerequisites");
    for (const prerequisite of template.prerequisites) bullet(`${prerequisite.text} (${prerequisite.kind})`);
  }

  if (template.parameters.length > 0) {
    heading("Parameters (--param name=value)");
    for (const parameter of template.parameters) {
      const facts = [parameter.required && parameter.default === undefined ? "required" : "optional"];
      if (parameter.default !== undefined) facts.push(`default ${parameter.default}`);
      if (parameter.example !== undefined) facts.push(`e.g. ${parameter.example}`);
      bullet(`${parameter.name} (${facts.join(", ")}): ${parameter.description}`);
    }
    out.push(`  e.g. ${template.parameters.map((parameter) => `--param ${parameter.name}=${parameter.example ?? parameter.default ?? "…"}`).join(" ")}`);
  }

  heading("Okta settings");
  const app = okta.app;
  const appAction = app.create ? "created by setup" : "located by --app-id or --app-label (never created)";
  field("App", `${describeAppKind(template)}, label "${app.label}" — ${appAction}`);
  if (app.oinName) more(`OIN name: ${app.oinName}`);
  if (app.note) more(`note: ${app.note}`);
  if (okta.usernameFormat) {
    const format = okta.usernameFormat.value;
    field("Username format", `${USERNAME_FORMATS[format.format]}${format.template ? ` (${format.template})` : ""}`);
  }
  if (okta.uniqueIdentifier) field("Unique identifier", okta.uniqueIdentifier.value);
  if (okta.supportedActions) field("Supported actions", okta.supportedActions.value.map((action) => AIW_ACTION_LABELS[action]).join(", "));
  const toApp = okta.toApp.value;
  field(
    "To App",
    [
      `Create Users ${onOff(toApp.createUsers)}`,
      `Update User Attributes ${onOff(toApp.updateUserAttributes)}`,
      `Deactivate Users ${onOff(toApp.deactivateUsers)}`,
      `Sync Password ${onOff(toApp.syncPassword)}`,
    ].join(", "),
  );
  if (okta.toOkta) {
    const toOkta = okta.toOkta.value;
    const parts = [
      toOkta.importNewUsers !== undefined && `Import New Users ${onOff(toOkta.importNewUsers)}`,
      toOkta.importProfileUpdates !== undefined && `Import Profile Updates ${onOff(toOkta.importProfileUpdates)}`,
      toOkta.importGroups !== undefined && `Import Groups ${onOff(toOkta.importGroups)}`,
    ].filter((part): part is string => Boolean(part));
    field("To Okta", `${parts.join(", ")}${toOkta.optional ? " (optional)" : ""}`);
  }
  field("SCIM base URL", scim.baseUrl.value);
  field("Auth", describeAuthMode(scim.auth.mode));
  if (scim.auth.pasteIntoOkta) more(`paste into Okta: ${scim.auth.pasteIntoOkta}`);
  if (scim.auth.headerSent) more(`Okta then sends: Authorization: ${scim.auth.headerSent}`);
  if (scim.auth.credentialFrom) more(`credential from: ${scim.auth.credentialFrom}`);
  for (const note of scim.auth.notes) more(`note: ${note.value}`);
  field("Dialect", DIALECTS[scim.dialect]);

  if (template.features.supported.length > 0 || template.features.unsupported.length > 0) {
    heading("Provisioning features");
    if (template.features.supported.length > 0) field("Supported", template.features.supported.map((feature) => feature.value).join(", "));
    if (template.features.unsupported.length > 0) field("Not supported", template.features.unsupported.map((feature) => feature.value).join(", "));
  }

  if (okta.customAttributes.length > 0) {
    heading("Custom app attributes (added to the app's schema if missing)");
    for (const attribute of okta.customAttributes) {
      bullet(`${attribute.name} (${attribute.type}${attribute.required ? ", required" : ""}) → ${attribute.externalName} in ${attribute.externalNamespace}`);
    }
  }

  const mappings = okta.mappings;
  if (mappings.map.length > 0 || mappings.optional.length > 0 || mappings.keepOnly) {
    heading("Attribute mappings");
    for (const mapping of mappings.map) {
      const facts = [mapping.expression ?? "Okta's default expression", mapping.apply === "create" ? "apply on create" : "apply on create and update"];
      if (mapping.required) facts.push("required");
      bullet(`${mapping.attribute}: ${facts.join(", ")}${mapping.note ? ` — ${mapping.note}` : ""}`);
    }
    if (mappings.optional.length > 0) field("Used if present", mappings.optional.map((mapping) => mapping.attribute).join(", "));
    if (mappings.keepOnly) field("Keep only", `${mappings.keepOnly.join(", ")}; remove every other attribute`);
    if (mappings.removable === "others-ignored") field("Other attributes", "ignored by the vendor; may be deleted safely");
    if (mappings.removable === "others-must-go") field("Other attributes", "must be removed");
  }

  if (okta.groupPush) {
    heading(`Group push: ${okta.groupPush.enabled ? "yes" : "no"}`);
    for (const instruction of okta.groupPush.instructions) bullet(instruction.value);
  }

  if (okta.assignment.length > 0) {
    heading("Assignments");
    for (const fact of okta.assignment) bullet(fact.value);
  }

  heading("What needs a manual click in Okta");
  steps.forEach((step, index) => {
    const when = step.when === "always" ? "always by hand" : "by hand only if Okta's API refuses it";
    out.push(`  ${index + 1}. ${step.step} (${when})`);
    out.push(`     where: ${step.whereToClick}`);
    for (const value of step.values) out.push(`     ${value.field}: ${value.value}`);
    out.push(style.dim(`     why: ${step.why}`));
  });

  if (template.vendorSteps.length > 0) {
    heading(`In ${template.name}'s own dashboard, in this order`);
    template.vendorSteps.forEach((step, index) => {
      out.push(`  ${index + 1}. ${step.text}`);
      if (step.warning) out.push(`     ${style.yellow(`warning: ${step.warning}`)}`);
    });
  }

  if (template.notes.length > 0) {
    heading("Notes");
    for (const note of template.notes) bullet(note.value);
  }
  return `${out.join("\n")}\n`;
}

function onOff(on: boolean): string {
  return on ? "on" : "off";
}
