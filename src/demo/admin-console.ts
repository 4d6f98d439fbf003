import { BugError } from "../core/errors.js";
import { AIW_ACTION_LABELS, type ManualValue } from "../templates/manual-steps.js";
import type { AuthMode } from "../templates/schema.js";

/**
 * The Admin Console clicks setup prints as manual steps, done in the sandbox's Admin Console
 * stand-in instead (DESIGN §6): the same fields and values, as the stand-in's JSON
 * (`PUT {adminUrl}/apps/{appId}/provisioning`). On a real org a person types them; nothing here
 * reaches a real org.
 */

export interface AdminSettings {
  scimEnabled?: boolean;
  baseUrl?: string;
  auth?: { type: "header"; value: string } | { type: "basic"; username: string; password: string } | { type: "oauth-bearer"; token: string };
  uniqueIdentifier?: string;
  supportedActions?: string[];
  toApp?: Partial<Record<"create" | "update" | "deactivate" | "password", boolean>>;
  toOkta?: { import: boolean };
}

/** The admin's own credentials for the fields setup masks ({token}, {password}) and the username it names. */
interface AdminSecrets {
  token: string;
  username: string;
  password: string;
}

/** What the stand-in shows for a secret: the value itself is not printed. */
const SENSITIVE = "(sensitive)";

const TO_APP_FIELDS: Record<string, "create" | "update" | "deactivate" | "password"> = {
  "Create Users": "create",
  "Update User Attributes": "update",
  "Deactivate Users": "deactivate",
  "Sync Password": "password",
};

const TOKEN_FIELDS = new Set(["API Token", "Authorization", "OAuth Bearer Token"]);

const ACTIONS_BY_LABEL = new Map(Object.entries(AIW_ACTION_LABELS).map(([action, label]) => [label, action]));

/**
 * The settings the values of some manual steps amount to (the form fields of src/templates/manual-steps.ts),
 * with the secrets filled in from `secrets` — or shown as (sensitive) when `secrets` is "masked".
 */
export function adminSettings(values: readonly ManualValue[], authMode: AuthMode, secrets: AdminSecrets | "masked"): AdminSettings {
  const fill = (text: string) =>
    secrets === "masked" ? text.replace(/\{(token|password)\}/g, SENSITIVE) : text.replaceAll("{token}", secrets.token).replaceAll("{password}", secrets.password).replaceAll("{username}", secrets.username);
  const settings: AdminSettings = {};
  const toApp: NonNullable<AdminSettings["toApp"]> = {};
  let token: string | undefined;
  let username: string | undefined;
  let password: string | undefined;
  for (const { field, value } of values) {
    const ticked = value.startsWith("ticked") || value.startsWith("Enable");
    if (field === "Enable SCIM provisioning" || field === "Enable API Integration") settings.scimEnabled = ticked;
    else if (field === "Base URL" || field === "SCIM connector base URL") settings.baseUrl = value;
    else if (field === "Unique identifier field for users") settings.uniqueIdentifier = value;
    else if (field === "Supported provisioning actions") settings.supportedActions = value.split(", ").flatMap((label) => ACTIONS_BY_LABEL.get(label) ?? []);
    else if (TOKEN_FIELDS.has(field)) token = fill(value);
    else if (field === "Username") username = secrets === "masked" ? value : fill(value);
    else if (field === "Password") password = fill(value);
    else if (field in TO_APP_FIELDS) toApp[TO_APP_FIELDS[field] as keyof typeof toApp] = ticked;
    else if (field === "Import New Users") settings.toOkta = { import: ticked };
  }
  if (authMode === "basic" && username !== undefined && password !== undefined) settings.auth = { type: "basic", username, password };
  else if (authMode === "oauth-bearer" && token !== undefined) settings.auth = { type: "oauth-bearer", token };
  else if (authMode === "header" && token !== undefined) settings.auth = { type: "header", value: token };
  if (Object.keys(toApp).length > 0) settings.toApp = toApp;
  return settings;
}

/** Save settings in the stand-in, as the Admin Console's Save button does. */
export async function saveInAdminConsole(adminUrl: string, appId: string, settings: AdminSettings, signal: AbortSignal): Promise<void> {
  const url = `${adminUrl}/apps/${encodeURIComponent(appId)}/provisioning`;
  const response = await fetch(url, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(settings), signal });
  if (!response.ok) {
    const problem = ((await response.json().catch(() => ({}))) as { error?: { message?: string } }).error?.message ?? `HTTP ${response.status}`;
    // The values come from the template's own manual steps: a refusal is ours to fix.
    throw new BugError(`the sandbox's Admin Console stand-in refused the settings for app ${appId}: ${problem}`);
  }
}
