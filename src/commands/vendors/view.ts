import type { ChalkInstance } from "chalk";
import { COMMANDS } from "../../cli/main.js";
import { renderTable } from "../../cli/table.js";
import { CONSOLE_PATHS, describeAutomation, describeConsolePath, type AdminStepId, type ConsolePath } from "../../templates/admin-steps.js";
import type { ManualStep } from "../../templates/manual-steps.js";
import type { Provenance, Template } from "../../templates/schema.js";

/**
 * The vendor view: what `vendors list` and `vendors show` print. Pure: templates in, text or
 * JSON-ready data out. `vendors show` walks the admin's way through the guide, in the order an
 * admin works (issue 14): prerequisites, the vendor-side steps that give Okta its values, the app,
 * the provisioning connection, To App / To Okta, attributes and mappings, group push, assignments.
 */

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

export interface VendorViewOptions {
  /** The command names `--help` lists: the view names no other command (setup's part is told only once setup is listed). */
  commands: readonly string[];
}

/** The command names `scim-okta --help` lists: the program's registered commands, less the hidden ones. */
export function listedCommands(): string[] {
  return COMMANDS.filter((entry) => !entry.hidden).map((entry) => entry.name);
}

/** The template in words, in the admin's order; `steps` are its manual steps (manualSteps(template)). */
export function renderVendor(template: Template, steps: readonly ManualStep[], style: ChalkInstance, options: VendorViewOptions = { commands: listedCommands() }): string {
  const out: string[] = [];
  const setupListed = options.commands.includes("setup");
  const line = (indent: number, text: string) => out.push(`${" ".repeat(indent)}${text}`);
  const inferred = (indent: number, fact: Provenance | undefined) => {
    if (fact?.inferred) line(indent, style.dim(`not in the guide: ${fact.inferred}`));
  };
  const fact = (indent: number, text: string, provenance?: Provenance) => {
    line(indent, text);
    inferred(indent + 2, provenance);
  };
  // As setup plans it (src/setup/plan.ts): the Connections API is tried for a token on a catalog app.
  const apiFirst = template.scim.auth.mode !== "basic" && template.okta.app.kind !== "aiw";
  const how = (id: AdminStepId) => line(3, style.dim(`how: ${describeAutomation(id, { setupListed, apiFirst })}`));
  const where = (path: ConsolePath, withValues = false) => line(3, `where: ${describeConsolePath(template, path, withValues)}`);
  const values = (step: ManualStep) => {
    for (const value of step.values) line(5, `${value.field}: ${value.value}`);
  };
  let number = 0;
  const section = (title: string) => {
    number += 1;
    out.push("", style.bold(`${number}. ${title}`));
  };
  const numbered = (list: readonly Template["vendorSteps"][number][] | Template["okta"]["app"]["steps"], indent = 3) => {
    list.forEach((step, index) => {
      fact(indent, `${index + 1}) ${step.text}`, step);
      if (step.warning) fact(indent + 3, style.yellow(`warning: ${step.warning.value}`), step.warning);
    });
  };
  const { okta, scim } = template;
  const manualStep = (id: ManualStep["id"]) => steps.find((step) => step.id === id);

  out.push(`${style.bold(template.name)} (${template.id})`, template.description);
  if (template.guide?.title) out.push(`Guide: "${template.guide.title}"`);
  if (template.guide?.vendorSupport) out.push(`Vendor support: ${template.guide.vendorSupport}`);
  if (template.features.supported.length > 0) out.push(`Provisioning features: ${template.features.supported.map((feature) => feature.value).join(", ")}`);
  if (template.features.unsupported.length > 0) out.push(`Not supported: ${template.features.unsupported.map((feature) => feature.value).join(", ")}`);

  if (template.prerequisites.length > 0) {
    out.push("", style.bold("Before you start"));
    for (const prerequisite of template.prerequisites) fact(2, `- ${prerequisite.text} (${prerequisite.kind})`, prerequisite);
  }

  if (template.parameters.length > 0) {
    out.push("", style.bold("Parameters (--param name=value)"));
    for (const parameter of template.parameters) {
      const facts = [parameter.required && parameter.default === undefined ? "required" : "optional"];
      if (parameter.default !== undefined) facts.push(`default ${parameter.default}`);
      if (parameter.example !== undefined) facts.push(`e.g. ${parameter.example}`);
      fact(2, `- ${parameter.name} (${facts.join(", ")}): ${parameter.description}`, parameter);
    }
    out.push(`  e.g. ${template.parameters.map((parameter) => `--param ${parameter.name}=${parameter.example ?? parameter.default ?? "…"}`).join(" ")}`);
  }

  const vendorSteps = (phase: Template["vendorSteps"][number]["phase"]) => template.vendorSteps.filter((step) => step.phase === phase);
  if (vendorSteps("before-okta").length > 0) {
    section(`In ${template.name}, before Okta: the base URL and the credentials Okta needs`);
    numbered(vendorSteps("before-okta"));
  }

  renderApp();
  renderConnection();
  renderProvisioning();
  renderAttributes();

  if (okta.groupPush?.enabled) {
    section("Push groups");
    how("group-push");
    where(CONSOLE_PATHS.pushGroups());
    for (const instruction of okta.groupPush.instructions) fact(3, `- ${instruction.value}`, instruction);
  }

  if (vendorSteps("before-assignments").length > 0) {
    section(`In ${template.name}, before anyone is assigned`);
    numbered(vendorSteps("before-assignments"));
  }

  section("Assignments, last (users assigned before provisioning is on are not provisioned)");
  how("assignments");
  where(CONSOLE_PATHS.assign());
  for (const assignment of okta.assignment) fact(3, `- ${assignment.value}`, assignment);

  if (vendorSteps("after-okta").length > 0) {
    section(`In ${template.name}, after Okta`);
    numbered(vendorSteps("after-okta"));
  }

  if (template.notes.length > 0) {
    out.push("", style.bold("Notes"));
    for (const note of template.notes) fact(2, `- ${note.value}`, note);
  }
  return `${out.join("\n")}\n`;

  function renderApp(): void {
    const app = okta.app;
    if (app.create) {
      section(`Add the app: ${describeAppKind(template)}, labelled "${app.label}"`);
      how("add-app");
      where(CONSOLE_PATHS.addCatalogApp(app.displayName ?? app.label), true);
      line(5, `Application label: ${app.label}`);
      if (okta.usernameFormat) fact(5, `Application username format: ${describeUsernameFormat(okta.usernameFormat.value)}`, okta.usernameFormat);
    } else {
      const locate = manualStep("locate-app");
      section(locate?.step ?? `Open the app "${app.label}"`);
      how("locate-app");
      where(CONSOLE_PATHS.locateApp(app.label));
    }
    inferred(3, app);
    if (app.oinName) line(3, `OIN name: ${app.oinName}`);
    if (app.note) line(3, `note: ${app.note}`);
    if (app.steps.length > 0) {
      line(3, "The guide's own steps:");
      numbered(app.steps, 5);
    }
    if (!app.create && okta.usernameFormat) {
      line(3, `Application username format: ${describeUsernameFormat(okta.usernameFormat.value)}`);
      inferred(5, okta.usernameFormat);
      line(5, style.dim(`how: ${describeAutomation("username-format", { setupListed })}`));
      line(5, `where: ${describeConsolePath(template, CONSOLE_PATHS.usernameFormat(), false)}`);
    }
  }

  function renderConnection(): void {
    section("The provisioning connection: base URL and credentials");
    const enable = manualStep("enable-scim");
    if (enable) {
      line(3, `${enable.step} first:`);
      how("enable-scim");
      line(3, `where: ${enable.whereToClick}`);
      values(enable);
      line(3, style.dim(`checked by: ${enable.verifiedByText}`));
      line(3, "Then:");
    }
    const connection = manualStep("provisioning-connection");
    if (connection) {
      how("provisioning-connection");
      line(3, `where: ${connection.whereToClick}`);
      values(connection);
      line(3, style.dim(`checked by: ${connection.verifiedByText}`));
    }
    const auth = scim.auth;
    inferred(3, scim.baseUrl);
    inferred(3, auth);
    if (auth.credentialFrom) line(3, `credential from: ${auth.credentialFrom}`);
    if (auth.pasteIntoOkta) line(3, `paste into Okta: ${auth.pasteIntoOkta}`);
    if (auth.headerSent) line(3, `Okta then sends: Authorization: ${auth.headerSent}`);
    for (const note of auth.notes) fact(3, `note: ${note.value}`, note);
    line(3, `Okta's SCIM requests: ${DIALECTS[scim.dialect]}`);
  }

  function renderProvisioning(): void {
    const toApp = manualStep("to-app");
    const toOkta = manualStep("to-okta");
    section(toOkta ? "Provisioning to App, and to Okta" : "Provisioning to App");
    how("to-app");
    where(CONSOLE_PATHS.toApp(), true);
    const switches = [
      ["Create Users", okta.toApp.createUsers],
      ["Update User Attributes", okta.toApp.updateUserAttributes],
      ["Deactivate Users", okta.toApp.deactivateUsers],
      ["Sync Password", okta.toApp.syncPassword],
    ] as const;
    for (const [label, setting] of switches) fact(5, `${label}: ${setting.value ? "on" : "off"}`, setting);
    if (toApp) line(3, style.dim(`checked by: ${toApp.verifiedByText}`));
    if (toOkta) {
      line(3, "To Okta:");
      line(3, `where: ${toOkta.whereToClick}`);
      values(toOkta);
      inferred(5, okta.toOkta);
    }
  }

  function renderAttributes(): void {
    const mappings = okta.mappings;
    const anyMapping = mappings.map.length > 0 || mappings.optional.length > 0 || mappings.keepOnly !== undefined || mappings.removable !== "none";
    if (okta.customAttributes.length === 0 && !anyMapping) return;
    section("Attributes and mappings");
    if (okta.customAttributes.length > 0) {
      line(3, "App attributes the mappings need (added only where the app's schema lacks them):");
      how("custom-attributes");
      where(CONSOLE_PATHS.addAttribute(), true);
      // One shared reason is said once, after the list.
      const reasons = new Set(okta.customAttributes.map((attribute) => attribute.inferred));
      const shared = reasons.size === 1 ? okta.customAttributes[0] : undefined;
      for (const attribute of okta.customAttributes) {
        fact(
          5,
          `- ${attribute.name} (${attribute.type}${attribute.required ? ", required" : ""}): external name ${attribute.externalName}, namespace ${attribute.externalNamespace}`,
          shared ? undefined : attribute,
        );
      }
      inferred(5, shared);
    }
    if (!anyMapping) return;
    line(3, "Mappings:");
    how("mappings");
    where(CONSOLE_PATHS.editMapping("the attribute"));
    inferred(3, mappings);
    const describe = (mapping: Template["okta"]["mappings"]["map"][number]) => {
      const parts = [mapping.attribute];
      if (mapping.expression) parts.push(`← ${mapping.expression}`);
      if (mapping.apply) parts.push(mapping.apply === "create" ? "(apply on create)" : "(apply on create and update)");
      if (mapping.required) parts.push("(required)");
      return `${parts.join(" ")}${mapping.note ? ` — ${mapping.note}` : ""}`;
    };
    if (mappings.map.length > 0) {
      line(5, "The guide's attributes:");
      for (const mapping of mappings.map) fact(5, `- ${describe(mapping)}`, mapping);
    }
    if (mappings.optional.length > 0) {
      line(5, "Used if present:");
      for (const mapping of mappings.optional) fact(5, `- ${describe(mapping)}`, mapping);
    }
    if (mappings.keepOnly) {
      line(3, `Keep only ${mappings.keepOnly.join(", ")}; remove every other attribute:`);
      where(CONSOLE_PATHS.removeMapping());
    } else if (mappings.removable === "others-must-go") {
      line(3, "Remove every other attribute:");
      where(CONSOLE_PATHS.removeMapping());
    } else if (mappings.removable === "others-ignored") {
      line(3, "Other attributes are ignored by the vendor and may be removed:");
      where(CONSOLE_PATHS.removeMapping());
    }
  }
}

function describeUsernameFormat(format: NonNullable<Template["okta"]["usernameFormat"]>["value"]): string {
  return `${USERNAME_FORMATS[format.format]}${format.template ? ` (${format.template})` : ""}`;
}
