import type { AppRecord, SupportedAction } from "./model.js";

/**
 * The app's read-only `features` array, derived from its provisioning state every time it is read
 * (DESIGN §3, §6). Names as Okta spells them (research §14: a SCIM-provisioned OIN app lists
 * PUSH_NEW_USERS, PUSH_USER_DEACTIVATION, SCIM_PROVISIONING, GROUP_PUSH, REACTIVATE_USERS,
 * PUSH_PROFILE_UPDATES). Without provisioning the array is `[]`, as on every app Okta created in
 * the recordings.
 */
export function appFeatures(app: AppRecord): string[] {
  const { provisioning } = app;
  if (!provisioning.scimEnabled) return [];
  const supports = (action: SupportedAction): boolean => app.dialect === "oin" || provisioning.supportedActions.includes(action);
  const features = ["SCIM_PROVISIONING"];
  if (provisioning.toApp.create && supports("pushNewUsers")) features.push("PUSH_NEW_USERS");
  if (provisioning.toApp.update && supports("pushProfileUpdates")) features.push("PUSH_PROFILE_UPDATES");
  if (provisioning.toApp.deactivate && supports("pushNewUsers")) features.push("PUSH_USER_DEACTIVATION", "REACTIVATE_USERS");
  if (provisioning.toApp.password && supports("pushNewUsers")) features.push("PUSH_PASSWORD_UPDATES");
  if (provisioning.toOkta.import && supports("importNewUsersAndProfileUpdates")) features.push("IMPORT_NEW_USERS", "IMPORT_PROFILE_UPDATES");
  if (supports("pushGroups")) features.push("GROUP_PUSH");
  return features;
}

/** Whether Okta would push this kind of change to the app now. */
export function pushes(app: AppRecord, feature: "PUSH_NEW_USERS" | "PUSH_PROFILE_UPDATES" | "PUSH_USER_DEACTIVATION" | "PUSH_PASSWORD_UPDATES" | "GROUP_PUSH"): boolean {
  return appFeatures(app).includes(feature);
}

export const FEATURE_NAMES = ["USER_PROVISIONING", "INBOUND_PROVISIONING"] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

const enabled = (on: boolean): { status: "ENABLED" | "DISABLED" } => ({ status: on ? "ENABLED" : "DISABLED" });

/** The USER_PROVISIONING / INBOUND_PROVISIONING feature objects (research §3, §14), without `_links`. */
export function featureObject(app: AppRecord, name: FeatureName): Record<string, unknown> {
  const { provisioning } = app;
  if (name === "USER_PROVISIONING") {
    const anyOn = provisioning.toApp.create || provisioning.toApp.update || provisioning.toApp.deactivate || provisioning.toApp.password;
    return {
      name,
      status: anyOn ? "ENABLED" : "DISABLED",
      description: "User provisioning settings from Okta to a downstream app",
      capabilities: {
        create: { lifecycleCreate: enabled(provisioning.toApp.create) },
        update: {
          profile: enabled(provisioning.toApp.update),
          lifecycleDeactivate: enabled(provisioning.toApp.deactivate),
          password: { ...enabled(provisioning.toApp.password), seed: provisioning.passwordSeed, change: provisioning.passwordChange },
        },
      },
    };
  }
  const stored = provisioning.inboundSettings ?? {};
  return {
    name,
    status: provisioning.toOkta.import ? "ENABLED" : "DISABLED",
    description: "In-bound provisioning settings from an app to Okta",
    capabilities: {
      importSettings: stored.importSettings ?? {
        username: { userNameFormat: "EMAIL" },
        schedule: { status: "DISABLED", fullImport: null, incrementalImport: null },
      },
      importRules: stored.importRules ?? {
        userCreateAndMatch: {
          exactMatchCriteria: "USERNAME",
          allowPartialMatch: false,
          autoConfirmPartialMatch: false,
          autoConfirmExactMatch: false,
          autoConfirmNewUsers: false,
          autoActivateNewUsers: false,
        },
      },
    },
  };
}
