import type { Sandbox } from "../../../src/sandbox/start.js";

export interface PendingJson {
  step: string;
  instructions: string[];
  link: string;
}

const ACTION_LABELS: Record<string, string> = {
  "Import New Users and Profile Updates": "importNewUsersAndProfileUpdates",
  "Push New Users": "pushNewUsers",
  "Push Profile Updates": "pushProfileUpdates",
  "Push Groups": "pushGroups",
};

const TO_APP_FIELDS: Record<string, string> = { "Create Users": "create", "Update User Attributes": "update", "Deactivate Users": "deactivate", "Sync Password": "password" };

/**
 * What an admin types into the Admin Console from setup's printed instructions ("Field: value"
 * lines), as the sandbox stand-in's JSON: masked secrets are replaced by the admin's own.
 */
export function settingsFromInstructions(pending: readonly PendingJson[], box: Pick<Sandbox, "scimToken" | "scimPassword">): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  const toApp: Record<string, boolean> = {};
  let mode: string | undefined;
  let token: string | undefined;
  let username: string | undefined;
  let password: string | undefined;
  const unmask = (value: string) => value.replace(/<your SCIM token[^>]*>/, box.scimToken).replace(/<your SCIM password[^>]*>/, box.scimPassword);
  for (const entry of pending) {
    for (const line of entry.instructions) {
      const match = /^([^:]+): (.*)$/.exec(line);
      if (!match || line.startsWith("Open ")) continue;
      const [, field = "", raw = ""] = match;
      const value = unmask(raw.trim());
      if (field === "Enable SCIM provisioning" || field === "Enable API Integration") settings.scimEnabled = true;
      else if (field === "Base URL" || field === "SCIM connector base URL") settings.baseUrl = value;
      else if (field === "Unique identifier field for users") settings.uniqueIdentifier = value;
      else if (field === "Supported provisioning actions") settings.supportedActions = value.split(", ").map((label) => ACTION_LABELS[label]);
      else if (field === "Authentication Mode") mode = value;
      else if (field === "API Token" || field === "Authorization" || field === "OAuth Bearer Token") token = value;
      else if (field === "Username") username = value;
      else if (field === "Password") password = value;
      else if (field in TO_APP_FIELDS) toApp[TO_APP_FIELDS[field] as string] = value.startsWith("Enable");
      else if (field === "Import New Users") settings.toOkta = { import: value.startsWith("Enable") };
    }
  }
  if (username !== undefined && password !== undefined) settings.auth = { type: "basic", username, password };
  else if (token !== undefined) settings.auth = mode === "OAuth 2" || pending.some((entry) => entry.instructions.some((line) => line.startsWith("OAuth Bearer Token"))) ? { type: "oauth-bearer", token } : { type: "header", value: token };
  if (Object.keys(toApp).length > 0) settings.toApp = toApp;
  return settings;
}

export async function adminPut(box: Sandbox, appId: string, settings: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${box.adminUrl}/apps/${appId}/provisioning`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(settings) });
  if (response.status !== 200) throw new Error(`admin stand-in refused ${JSON.stringify(settings)}: ${response.status} ${await response.text()}`);
}
