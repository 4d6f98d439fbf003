import { appFeatures } from "../okta/features.js";
import type { AppProvisioning, AppRecord, ProvisioningAuth } from "../okta/model.js";

/** What the Admin Console shows instead of a secret it holds. */
export const SECRET_SET = "(set)";

/** The credentials as the Admin Console shows them: the type and username, never a secret. */
function maskedAuth(auth: ProvisioningAuth | null): Record<string, string> | null {
  if (!auth) return null;
  switch (auth.type) {
    case "header":
      return { type: "header", value: SECRET_SET };
    case "basic":
      return { type: "basic", username: auth.username, password: SECRET_SET };
    case "oauth-bearer":
      return { type: "oauth-bearer", token: SECRET_SET };
  }
}

/** `GET {adminUrl}/apps/{appId}/provisioning`: the settings (secrets as "(set)") and, read-only, the app's features. */
export function settingsView(app: AppRecord): Record<string, unknown> {
  const provisioning: AppProvisioning = app.provisioning;
  return {
    appId: app.id,
    name: app.name,
    label: app.label,
    dialect: app.dialect,
    scimEnabled: provisioning.scimEnabled,
    baseUrl: provisioning.baseUrl,
    auth: maskedAuth(provisioning.auth),
    ...(app.dialect === "aiw" ? { uniqueIdentifier: provisioning.uniqueIdentifier, supportedActions: [...provisioning.supportedActions] } : {}),
    toApp: { ...provisioning.toApp },
    toOkta: { ...provisioning.toOkta },
    features: appFeatures(app),
  };
}
