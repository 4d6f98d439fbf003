import type { Template } from "./schema.js";

/**
 * The Okta admin's steps for a vendor, in the order an admin works (DESIGN §3): the app, the
 * provisioning connection, To App / To Okta, attributes and mappings, group push, assignments last.
 * For each one: where it is in the Admin Console, and what Okta's public API can do about it. This
 * file is the one place that says what is done by API and what by hand; `vendors show` and the
 * manual steps take their wording from here. Pure data.
 */

export type AdminStepId =
  | "add-app"
  | "locate-app"
  | "username-format"
  | "enable-scim"
  | "provisioning-connection"
  | "to-app"
  | "to-okta"
  | "custom-attributes"
  | "mappings"
  | "group-push"
  | "assignments";

/**
 * - api: Okta's public API does it;
 * - api-then-manual: the API is documented for a few apps only: try it, click it if Okta refuses;
 * - manual: no public API for these apps: clicked in the Admin Console, then checked through the API.
 */
export type AutomationKind = "api" | "api-then-manual" | "manual";

export interface Automation {
  kind: AutomationKind;
  /** What Okta's public API offers for the step (DESIGN §3), true whatever this CLI does. */
  api: string;
  /** How the setup command handles the step (DESIGN §3). Shown only once the CLI lists setup. */
  setup: string;
  /** How setup handles it when it tries Okta's API first (the connection, for a token on a catalog app). */
  setupApiFirst?: string;
}

/** DESIGN §3's table, per step. Adjust here, and `vendors show` and the manual steps follow. */
export const AUTOMATION: Record<AdminStepId, Automation> = {
  "add-app": {
    kind: "api",
    api: "Okta's API can add this catalog app (POST /api/v1/apps)",
    setup: "setup adds it through Okta's API; if Okta refuses the app's name, add it here and give setup --app-id",
  },
  "locate-app": {
    kind: "manual",
    api: "this app is not created through Okta's API; it is one you add or already have in the Admin Console",
    setup: "setup finds it by --app-id or --app-label and never creates it",
  },
  "username-format": {
    kind: "api",
    api: "Okta's API can set it (the app's credentials.userNameTemplate)",
    setup: "setup sets it through Okta's API",
  },
  "enable-scim": {
    kind: "manual",
    api: "Okta has no public API for this switch on App Integration Wizard apps",
    setup: "by hand: setup prints these steps with a link and waits until the app's features show SCIM_PROVISIONING",
  },
  "provisioning-connection": {
    kind: "manual",
    api: "Okta documents no API for this app's SCIM connection (its Connections API covers a few catalog apps, and never basic auth)",
    setup: "by hand: setup prints these steps with a link and the values, then checks the app's features; an API answer alone never counts as done",
    setupApiFirst:
      "by hand: setup first tries Okta's Connections API with the token (it covers a few catalog apps), then prints these steps with a link and the values and checks the app's features; an API answer alone never counts as done",
  },
  "to-app": {
    kind: "api-then-manual",
    api: "Okta documents its Features API (USER_PROVISIONING) for a few catalog apps only, once provisioning is on",
    setup: "setup tries Okta's Features API; if Okta refuses, it prints these steps and checks the app's features",
  },
  "to-okta": {
    kind: "api-then-manual",
    api: "Okta documents its Features API (INBOUND_PROVISIONING) for a few catalog apps only, once provisioning is on",
    setup: "setup tries Okta's Features API; if Okta refuses, it prints these steps and checks the app's features",
  },
  "custom-attributes": {
    kind: "api",
    api: "Okta's API can read the app's schema and add attributes (/api/v1/meta/schemas/apps/{appId}/default)",
    setup: "setup reads the app's schema and adds only the attributes it lacks, through Okta's API",
  },
  mappings: {
    kind: "api",
    api: "Okta's API can set and remove mappings (/api/v1/mappings)",
    setup: "setup sets them through Okta's API",
  },
  "group-push": {
    kind: "api",
    api: "Okta's API can push groups once provisioning is on (/api/v1/apps/{appId}/group-push/mappings)",
    setup: "setup pushes the groups you give it through Okta's API and reports each push's status",
  },
  assignments: {
    kind: "api",
    api: "Okta's API can assign users and groups (/api/v1/apps/{appId}/users, /groups)",
    setup: "setup assigns the groups you give it, only once provisioning is on, and says how many people that creates at the vendor",
  },
};

/** The line `vendors show` prints for a step: what setup does when the CLI has setup, else that it is by hand and why. */
export function describeAutomation(id: AdminStepId, options: { setupListed: boolean; apiFirst?: boolean }): string {
  const automation = AUTOMATION[id];
  if (options.setupListed) return (options.apiFirst ? automation.setupApiFirst : undefined) ?? automation.setup;
  return automation.kind === "manual" ? `by hand: ${automation.api}` : `by hand here; ${automation.api}`;
}

/** The Admin Console page a step starts on: the app list, or a tab of the app. */
export type AdminTab = "applications" | "general" | "sign-on" | "provisioning" | "push-groups" | "assignments";

const TAB_LABELS: Record<Exclude<AdminTab, "applications">, string> = {
  general: "General",
  "sign-on": "Sign On",
  provisioning: "Provisioning",
  "push-groups": "Push Groups",
  assignments: "Assignments",
};

/** The app tab a step starts on, as the Admin Console labels it; undefined for the app list. */
export function tabLabel(tab: AdminTab): string | undefined {
  return tab === "applications" ? undefined : TAB_LABELS[tab];
}

/** Where a step is done: the page, the clicks that open the form, and the clicks that finish it. */
export interface ConsolePath {
  tab: AdminTab;
  /** After opening the app (or the app list): each entry one click or choice. */
  clicks: string[];
  /** After the values are in. */
  finish: string[];
}

/** The click path as one line, from the Admin Console's menu: `Applications → Applications → strongDM → Provisioning → …`. */
export function describeConsolePath(template: Template, path: ConsolePath, withValues: boolean): string {
  const tab = tabLabel(path.tab);
  const start = tab === undefined ? ["Applications", "Applications"] : ["Applications", "Applications", template.okta.app.label, tab];
  return [...start, ...path.clicks, ...(withValues ? ["fill in the values below"] : []), ...path.finish].join(" → ");
}

/** Console paths of the steps the Admin Console shows the same way for every vendor. */
export const CONSOLE_PATHS = {
  addCatalogApp: (displayName: string): ConsolePath => ({
    tab: "applications",
    clicks: ["Browse App Catalog", `search "${displayName}"`, "Add Integration"],
    finish: ["Done"],
  }),
  locateApp: (label: string): ConsolePath => ({ tab: "applications", clicks: [`search "${label}"`, "open the app"], finish: [] }),
  usernameFormat: (): ConsolePath => ({ tab: "sign-on", clicks: ["Settings", "Edit", "Credentials Details"], finish: ["Save"] }),
  enableScim: (): ConsolePath => ({ tab: "general", clicks: ["App Settings", "Edit"], finish: ["Save"] }),
  aiwIntegration: (): ConsolePath => ({ tab: "provisioning", clicks: ["Integration", "Edit"], finish: ["Test Connector Configuration", "Save"] }),
  apiIntegration: (): ConsolePath => ({ tab: "provisioning", clicks: ["Configure API Integration"], finish: ["Test API Credentials", "Save"] }),
  toApp: (): ConsolePath => ({ tab: "provisioning", clicks: ["Settings: To App", "Provisioning to App", "Edit"], finish: ["Save"] }),
  toOkta: (): ConsolePath => ({ tab: "provisioning", clicks: ["Settings: To Okta", "Edit"], finish: ["Save"] }),
  addAttribute: (): ConsolePath => ({ tab: "provisioning", clicks: ["Settings: To App", "Go to Profile Editor", "Add Attribute"], finish: ["Save"] }),
  editMapping: (attribute: string): ConsolePath => ({
    tab: "provisioning",
    clicks: ["Settings: To App", "Attribute Mappings", `Edit (pencil) next to ${attribute} (Show Unmapped Attributes lists those not mapped yet)`, "Attribute value, Apply on"],
    finish: ["Save"],
  }),
  removeMapping: (): ConsolePath => ({ tab: "provisioning", clicks: ["Settings: To App", "Attribute Mappings", "Remove (X) next to each attribute to remove"], finish: ["confirm"] }),
  pushGroups: (): ConsolePath => ({ tab: "push-groups", clicks: ["Push Groups", "Find groups by name (or Find groups by rule)", "pick the group"], finish: ["Save"] }),
  assign: (): ConsolePath => ({ tab: "assignments", clicks: ["Assign", "Assign to Groups (or Assign to People)", "Assign next to each"], finish: ["Save and Go Back", "Done"] }),
} as const;
