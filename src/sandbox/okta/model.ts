/**
 * The Okta org emulator's state, as records the store owns (store.ts). Routes turn them into Okta's
 * JSON (views per API area); the Admin Console stand-in and the provisioning engine read them and
 * change them through the store's methods, never by mutating a record they were handed.
 *
 * Ids look like Okta's: a three-character prefix and 17 letters or digits (ids.ts). Timestamps are
 * ISO strings as Okta writes them (`2026-03-25T06:09:58.000Z`).
 */

import type { AuthMode } from "../../templates/schema.js";

/** How Okta talks to the app's SCIM server: a catalog (OIN) app's or an AIW app's dialect. */
export type AppDialect = "oin" | "aiw";

/** The SCIM authentication a provisioning connection uses (the Admin Console's choice): a template's auth mode. */
export type ScimAuthType = AuthMode;

/** Provisioning → Integration credentials, as the admin typed them (the sandbox may print them). */
export type ProvisioningAuth =
  | { type: "header"; value: string }
  | { type: "basic"; username: string; password: string }
  | { type: "oauth-bearer"; token: string };

/** AIW "Supported provisioning actions" (the same names as the templates use). */
export const SUPPORTED_ACTIONS = ["importNewUsersAndProfileUpdates", "pushNewUsers", "pushProfileUpdates", "pushGroups"] as const;
export type SupportedAction = (typeof SUPPORTED_ACTIONS)[number];

/** Provisioning → To App switches. */
export interface ToAppSettings {
  create: boolean;
  update: boolean;
  deactivate: boolean;
  password: boolean;
}

/** Provisioning → To Okta (imports). */
export interface ToOktaSettings {
  import: boolean;
}

/**
 * An app's provisioning state: what the Admin Console sets (and, in `works` modes, the
 * connections and features APIs). The app's read-only `features` array is derived from it
 * (features.ts), never stored.
 */
export interface AppProvisioning {
  /** AIW "Enable SCIM provisioning" / OIN "Enable API integration". */
  scimEnabled: boolean;
  baseUrl: string | null;
  auth: ProvisioningAuth | null;
  /** AIW "Unique identifier field for users" (a SCIM attribute, e.g. "userName" or "email"). */
  uniqueIdentifier: string | null;
  /** AIW only; OIN apps support every action. */
  supportedActions: SupportedAction[];
  toApp: ToAppSettings;
  toOkta: ToOktaSettings;
  /** INBOUND_PROVISIONING's stored settings (importSettings, importRules), as last PUT. */
  inboundSettings: Record<string, unknown> | null;
  /** USER_PROVISIONING's password capability details beyond the on/off switch. */
  passwordSeed: "OKTA" | "RANDOM";
  passwordChange: "CHANGE" | "KEEP_EXISTING";
}

/** What POST /connections/default stored (connections API in `works` mode only). */
export interface ProvisioningConnection {
  authScheme: "TOKEN" | "OAUTH2";
  status: "ENABLED" | "DISABLED";
  baseUrl: string | null;
}

export type AppStatus = "ACTIVE" | "INACTIVE";

/** Which kind of app this is: one of the SCIM 2.0 Test Apps of the catalog, or the admin's custom SAML app. */
export type AppKind = "scim2headerauth" | "scim2testapp" | "scim2testapp_basic" | "custom-saml";

export interface AppRecord {
  id: string;
  /** The catalog key (OIN) or the generated `{org}_{label}_{n}` (custom SAML). */
  name: string;
  kind: AppKind;
  dialect: AppDialect;
  /** The SCIM auth type the app's provisioning form offers by default (OIN: fixed by the app). */
  defaultAuthType: ScimAuthType;
  label: string;
  status: AppStatus;
  /** As the client sent it (`null` for a catalog app created with AUTO_LOGIN, as Okta answers). */
  signOnMode: string | null;
  created: string;
  lastUpdated: string;
  /** `credentials` as last written, with `userNameTemplate` always present. */
  credentials: AppCredentials;
  /** `settings`, `visibility`, `accessibility`, `profile`: kept as sent and echoed back. */
  settings: Record<string, unknown>;
  visibility: Record<string, unknown>;
  accessibility: Record<string, unknown>;
  profile: Record<string, unknown> | undefined;
  provisioning: AppProvisioning;
  connection: ProvisioningConnection | null;
}

export interface UserNameTemplate {
  template: string;
  type: "NONE" | "BUILT_IN" | "CUSTOM";
  userSuffix?: string;
  pushStatus?: "PUSH" | "DONT_PUSH" | "NOT_CONFIGURED";
}

export interface AppCredentials extends Record<string, unknown> {
  userNameTemplate: UserNameTemplate;
}

export type UserStatus = "STAGED" | "PROVISIONED" | "ACTIVE" | "RECOVERY" | "PASSWORD_EXPIRED" | "LOCKED_OUT" | "SUSPENDED" | "DEPROVISIONED";

export interface UserRecord {
  id: string;
  status: UserStatus;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  typeId: string;
  profile: Record<string, unknown>;
  /** Whether a password was set (its value is not kept). */
  hasPassword: boolean;
}

export interface GroupRecord {
  id: string;
  created: string;
  lastUpdated: string;
  lastMembershipUpdated: string;
  profile: { name: string; description?: string } & Record<string, unknown>;
}

export interface UserTypeRecord {
  id: string;
  name: string;
  displayName: string;
  description: string | null;
  default: boolean;
  created: string;
  lastUpdated: string;
  createdBy: string;
  lastUpdatedBy: string;
}

/** One attribute of a user or app user schema, as Okta's JSON Schema property (title, type, externalName, …). */
export type SchemaAttribute = Record<string, unknown>;

export interface MappingProperty {
  expression: string;
  /** To App mappings: PUSH = create and update, DONT_PUSH = create only. Absent on To Okta mappings. */
  pushStatus?: "PUSH" | "DONT_PUSH";
}

export interface MappingEnd {
  /** A user type id (`oty…`, type "user") or an app id (`0oa…`, type "appuser"). */
  id: string;
  type: "user" | "appuser";
}

export interface ProfileMappingRecord {
  id: string;
  source: MappingEnd;
  target: MappingEnd;
  properties: Map<string, MappingProperty>;
}

export type GroupPushStatus = "ACTIVE" | "INACTIVE" | "ERROR";

export interface GroupPushMappingRecord {
  id: string;
  appId: string;
  sourceGroupId: string;
  /** The app-side group (an AppGroupRecord id). */
  targetGroupId: string;
  status: GroupPushStatus;
  created: string;
  lastUpdated: string;
  /** Set by provisioning; Okta leaves both out of the JSON until there is something to say. */
  lastPush: string | null;
  errorSummary: string | null;
}

/** A group as Okta knows it on the app side (pushed or linked); externalId is the SCIM server's id. */
export interface AppGroupRecord {
  id: string;
  appId: string;
  name: string;
  externalId: string | null;
}

export type AppUserStatus = "ACTIVE" | "INACTIVE" | "PENDING" | "PROVISIONED" | "STAGED" | "DEPROVISIONED" | "SUSPENDED";
export type AppUserSyncState = "DISABLED" | "ERROR" | "OUT_OF_SYNC" | "SYNCHRONIZED" | "SYNCING";

export interface AppUserRecord {
  appId: string;
  userId: string;
  /** Assigned directly (USER scope), besides any groups. */
  direct: boolean;
  /** The assigned groups this user holds the app through. */
  viaGroups: Set<string>;
  status: AppUserStatus;
  syncState: AppUserSyncState;
  externalId: string | null;
  created: string;
  lastUpdated: string;
  statusChanged: string | null;
  lastSync: string | null;
  passwordChanged: string | null;
  userName: string;
  profile: Record<string, unknown>;
  /** Why the last provisioning attempt failed (what the Admin Console shows as a task). */
  errorSummary: string | null;
}

export interface AppGroupAssignmentRecord {
  appId: string;
  groupId: string;
  priority: number;
  lastUpdated: string;
  profile: Record<string, unknown>;
}
