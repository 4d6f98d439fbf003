import { baseAppSchema, CUSTOM_SAML, defaultToAppMapping, defaultToOktaMapping, OIN_CATALOG, OKTA_USER_BASE_ATTRIBUTES } from "./catalog.js";
import { forbidden, resourceNotFound, validationFailed, OktaApiError } from "./errors.js";
import { OrgEvents } from "./events.js";
import { evaluateExpression, evaluateUserNameTemplate } from "./expressions.js";
import { pushes } from "./features.js";
import { ID_PREFIX, newOktaId, oktaTimestamp, oktaTimestampSeconds } from "./ids.js";
import type {
  AppCredentials,
  AppGroupAssignmentRecord,
  AppGroupRecord,
  AppProvisioning,
  AppRecord,
  AppStatus,
  AppUserRecord,
  AppUserStatus,
  AppUserSyncState,
  GroupPushMappingRecord,
  GroupPushStatus,
  GroupRecord,
  MappingProperty,
  ProfileMappingRecord,
  ProvisioningConnection,
  SchemaAttribute,
  UserRecord,
  UserStatus,
  UserTypeRecord,
} from "./model.js";

export interface OrgStoreOptions {
  /** The org's subdomain, used in generated custom app names (`{org}_{label}_{n}`). Default "sandbox". */
  orgName?: string;
  /** The clock (tests fix it). */
  now?: () => Date;
}

/** What a client sends to create an app (the JSON body's fields the emulator keeps). */
export interface NewApp {
  name?: string;
  label: string;
  signOnMode: string;
  credentials?: Record<string, unknown>;
  settings?: Record<string, unknown>;
  visibility?: Record<string, unknown>;
  accessibility?: Record<string, unknown>;
  profile?: Record<string, unknown>;
}

/** A provisioning update from the Admin Console stand-in, the connections API or the features API: any subset. */
export type ProvisioningUpdate = Partial<Omit<AppProvisioning, "toApp" | "toOkta">> & {
  toApp?: Partial<AppProvisioning["toApp"]>;
  toOkta?: Partial<AppProvisioning["toOkta"]>;
};

/** What the provisioning engine records about an app user after talking to the SCIM server. */
export interface AppUserOutcome {
  status?: AppUserStatus;
  syncState?: AppUserSyncState;
  externalId?: string | null;
  lastSync?: string | null;
  errorSummary?: string | null;
}

export interface GroupPushOutcome {
  status?: GroupPushStatus;
  lastPush?: string | null;
  errorSummary?: string | null;
  /** The SCIM server's id for the pushed group. */
  externalId?: string | null;
}

const DEFAULT_USER_NAME_TEMPLATE = { template: "${source.login}", type: "BUILT_IN" } as const;

function defaultProvisioning(dialect: AppRecord["dialect"]): AppProvisioning {
  return {
    scimEnabled: false,
    baseUrl: null,
    auth: null,
    uniqueIdentifier: dialect === "aiw" ? "userName" : null,
    supportedActions: [],
    toApp: { create: false, update: false, deactivate: false, password: false },
    toOkta: { import: false },
    inboundSettings: null,
    passwordSeed: "RANDOM",
    passwordChange: "KEEP_EXISTING",
  };
}

function cloneProvisioning(provisioning: AppProvisioning): AppProvisioning {
  return structuredClone(provisioning);
}

/** Okta's group profile attributes are strings; a null one is left out rather than answered as null. */
function withoutNulls(profile: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(profile).filter(([, value]) => value !== null && value !== undefined));
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The org's state and its rules (DESIGN §6): what Okta does when an app, user, group, assignment or
 * mapping changes, independent of HTTP. Routes call it; the Admin Console stand-in and the
 * provisioning engine call it too and subscribe to `events`. Methods throw OktaApiError where Okta
 * answers with an error, so every caller gets Okta's answer.
 */
export class OrgStore {
  readonly events = new OrgEvents();
  readonly orgName: string;
  readonly now: () => Date;

  readonly apps = new Map<string, AppRecord>();
  readonly users = new Map<string, UserRecord>();
  readonly groups = new Map<string, GroupRecord>();
  /** groupId → member user ids, in the order they joined. */
  readonly memberships = new Map<string, Set<string>>();
  readonly userTypes = new Map<string, UserTypeRecord>();
  /** appId → custom app user schema properties (base ones come from the catalog). */
  readonly appSchemaCustom = new Map<string, Map<string, SchemaAttribute>>();
  readonly mappings = new Map<string, ProfileMappingRecord>();
  readonly groupPushMappings = new Map<string, GroupPushMappingRecord>();
  readonly appGroups = new Map<string, AppGroupRecord>();
  /** `${appId}/${userId}` → app user. */
  readonly appUsers = new Map<string, AppUserRecord>();
  /** `${appId}/${groupId}` → group assignment. */
  readonly appGroupAssignments = new Map<string, AppGroupAssignmentRecord>();

  readonly defaultUserTypeId: string;
  private customAppCounter = 0;

  constructor(options: OrgStoreOptions = {}) {
    this.orgName = options.orgName ?? "sandbox";
    this.now = options.now ?? (() => new Date());
    const created = this.timestamp();
    this.defaultUserTypeId = newOktaId(ID_PREFIX.userType);
    this.userTypes.set(this.defaultUserTypeId, {
      id: this.defaultUserTypeId,
      name: "user",
      displayName: "User",
      description: "Okta user profile template with default permission settings",
      default: true,
      created,
      lastUpdated: created,
      createdBy: newOktaId("spr"),
      lastUpdatedBy: newOktaId("spr"),
    });
  }

  timestamp(): string {
    return oktaTimestamp(this.now());
  }

  // ---------------------------------------------------------------- apps

  getApp(appId: string): AppRecord {
    const app = this.apps.get(appId);
    if (!app) throw resourceNotFound(appId, "AppInstance");
    return app;
  }

  createApp(input: NewApp, activate: boolean): AppRecord {
    const label = input.label.trim();
    let name: string;
    let entry;
    if (input.name !== undefined) {
      entry = OIN_CATALOG[input.name];
      if (!entry) {
        const wizardApp = [...this.apps.values()].some((app) => app.kind === "custom-saml" && app.name === input.name);
        throw wizardApp
          ? validationFailed("mediated", ["Cannot create an existing App Wizard App"])
          : validationFailed("name", [`No app definition found for the name: ${input.name}`]);
      }
      name = input.name;
    } else {
      if (input.signOnMode !== "SAML_2_0") throw validationFailed("name", ["name: The field cannot be left blank"]);
      entry = CUSTOM_SAML;
      this.customAppCounter += 1;
      name = `${this.orgName}_${label.toLowerCase().replace(/[^a-z0-9]/g, "")}_${this.customAppCounter}`;
    }
    const now = this.timestamp();
    const credentials: AppCredentials = {
      ...(input.credentials ?? {}),
      userNameTemplate: { ...DEFAULT_USER_NAME_TEMPLATE, ...(isObject(input.credentials?.userNameTemplate) ? input.credentials.userNameTemplate : {}) },
    } as AppCredentials;
    const app: AppRecord = {
      id: newOktaId(ID_PREFIX.app),
      name,
      kind: entry.kind,
      dialect: entry.dialect,
      defaultAuthType: entry.authType,
      label,
      status: activate ? "ACTIVE" : "INACTIVE",
      // Okta answers `signOnMode: null` for a catalog app created with AUTO_LOGIN (research §14, deelhr).
      signOnMode: entry.kind !== "custom-saml" && input.signOnMode === "AUTO_LOGIN" ? null : input.signOnMode,
      created: now,
      lastUpdated: now,
      credentials,
      settings: input.settings ?? {},
      visibility: input.visibility ?? {},
      accessibility: input.accessibility ?? {},
      profile: input.profile,
      provisioning: defaultProvisioning(entry.dialect),
      connection: null,
    };
    this.apps.set(app.id, app);
    this.appSchemaCustom.set(app.id, new Map());
    this.createAppMappings(app);
    this.events.emit("app.created", { appId: app.id });
    return app;
  }

  private createAppMappings(app: AppRecord): void {
    const withScim = app.kind !== "custom-saml";
    const toApp: ProfileMappingRecord = {
      id: newOktaId(ID_PREFIX.mapping),
      source: { id: this.defaultUserTypeId, type: "user" },
      target: { id: app.id, type: "appuser" },
      properties: new Map(withScim ? defaultToAppMapping() : []),
    };
    const toOkta: ProfileMappingRecord = {
      id: newOktaId(ID_PREFIX.mapping),
      source: { id: app.id, type: "appuser" },
      target: { id: this.defaultUserTypeId, type: "user" },
      properties: new Map(withScim ? defaultToOktaMapping() : []),
    };
    this.mappings.set(toApp.id, toApp);
    this.mappings.set(toOkta.id, toOkta);
  }

  /**
   * A full PUT. On a custom SAML app, a body whose `features` leaves out SCIM_PROVISIONING switches
   * SCIM provisioning off and wipes the connection, as Okta did (research §13, terraform #655):
   * clients must send back every field they read.
   */
  replaceApp(appId: string, input: NewApp & { features?: unknown }, options: { dropsScim?: boolean } = {}): AppRecord {
    const app = this.getApp(appId);
    if (input.name !== undefined && input.name !== app.name) throw validationFailed("name", ["name: The name of an app cannot be changed"]);
    const before = cloneProvisioning(app.provisioning);
    app.label = input.label.trim();
    app.signOnMode = app.kind !== "custom-saml" && input.signOnMode === "AUTO_LOGIN" ? null : input.signOnMode;
    app.credentials = {
      ...(input.credentials ?? {}),
      userNameTemplate: { ...DEFAULT_USER_NAME_TEMPLATE, ...(isObject(input.credentials?.userNameTemplate) ? input.credentials.userNameTemplate : {}) },
    } as AppCredentials;
    app.settings = input.settings ?? {};
    app.visibility = input.visibility ?? {};
    app.accessibility = input.accessibility ?? {};
    app.profile = input.profile;
    app.lastUpdated = this.timestamp();
    const keepsScim = !options.dropsScim && Array.isArray(input.features) && input.features.includes("SCIM_PROVISIONING");
    if (app.kind === "custom-saml" && app.provisioning.scimEnabled && !keepsScim) {
      app.provisioning = { ...defaultProvisioning(app.dialect), uniqueIdentifier: app.provisioning.uniqueIdentifier };
      app.connection = null;
    }
    this.events.emit("app.replaced", { appId, before, after: cloneProvisioning(app.provisioning) });
    return app;
  }

  setAppStatus(appId: string, status: AppStatus): AppRecord {
    const app = this.getApp(appId);
    if (app.status !== status) {
      app.status = status;
      app.lastUpdated = this.timestamp();
      this.events.emit("app.lifecycle", { appId, status });
    }
    return app;
  }

  deleteApp(appId: string): void {
    const app = this.getApp(appId);
    if (app.status === "ACTIVE") throw new OktaApiError(403, "E0000056", "Delete application forbidden.", ["The application must be deactivated before it can be deleted."]);
    for (const appUser of this.appUsersOf(appId)) this.removeAppUser(appUser);
    for (const key of [...this.appGroupAssignments.keys()]) if (key.startsWith(`${appId}/`)) this.appGroupAssignments.delete(key);
    for (const mapping of [...this.groupPushMappings.values()]) if (mapping.appId === appId) this.groupPushMappings.delete(mapping.id);
    for (const group of [...this.appGroups.values()]) if (group.appId === appId) this.appGroups.delete(group.id);
    for (const mapping of [...this.mappings.values()]) if (mapping.source.id === appId || mapping.target.id === appId) this.mappings.delete(mapping.id);
    this.appSchemaCustom.delete(appId);
    this.apps.delete(app.id);
    this.events.emit("app.deleted", { appId });
  }

  /** Admin Console / connections API / features API: change any subset of the provisioning settings. */
  setProvisioning(appId: string, update: ProvisioningUpdate): AppProvisioning {
    const app = this.getApp(appId);
    const before = cloneProvisioning(app.provisioning);
    const { toApp, toOkta, ...rest } = update;
    const present = <T extends object>(partial: T | undefined): Partial<T> =>
      Object.fromEntries(Object.entries(partial ?? {}).filter(([, value]) => value !== undefined)) as Partial<T>;
    app.provisioning = {
      ...app.provisioning,
      ...present(rest),
      toApp: { ...app.provisioning.toApp, ...present(toApp) },
      toOkta: { ...app.provisioning.toOkta, ...present(toOkta) },
    };
    if (app.kind === "custom-saml" && !before.scimEnabled && app.provisioning.scimEnabled) this.addScimDefaultMappings(app);
    app.lastUpdated = this.timestamp();
    this.events.emit("app.provisioningChanged", { appId, before, after: cloneProvisioning(app.provisioning) });
    return app.provisioning;
  }

  /** A custom SAML app gains the SCIM base attributes with "Enable SCIM provisioning", and their default mappings. */
  private addScimDefaultMappings(app: AppRecord): void {
    for (const mapping of this.mappings.values()) {
      const defaults = mapping.target.id === app.id ? defaultToAppMapping() : mapping.source.id === app.id ? defaultToOktaMapping() : [];
      for (const [name, property] of defaults) if (!mapping.properties.has(name)) mapping.properties.set(name, property);
    }
  }

  setConnection(appId: string, connection: ProvisioningConnection | null): void {
    this.getApp(appId).connection = connection;
  }

  // ---------------------------------------------------------------- app user schema

  /** Base and custom properties of the app's user schema, by variable name. */
  appSchema(appId: string): { base: Map<string, SchemaAttribute>; custom: Map<string, SchemaAttribute> } {
    const app = this.getApp(appId);
    const base = new Map(baseAppSchema(app.kind, app.provisioning.scimEnabled).map(({ name, attribute }) => [name, attribute]));
    return { base, custom: this.appSchemaCustom.get(appId) ?? new Map() };
  }

  /** POST …/meta/schemas/apps/{appId}/default: a partial update of the custom properties; `null` removes one. */
  updateAppSchemaCustom(appId: string, properties: Record<string, SchemaAttribute | null>): void {
    const { base, custom } = this.appSchema(appId);
    const causes: string[] = [];
    for (const [name, attribute] of Object.entries(properties)) {
      if (base.has(name)) causes.push(`Property name '${name}' is already defined in the base schema`);
      else if (attribute !== null && !isObject(attribute)) causes.push(`Property '${name}' must be an object or null`);
      else if (attribute !== null && (typeof attribute.title !== "string" || typeof attribute.type !== "string")) causes.push(`Property '${name}' needs a title and a type`);
    }
    if (causes.length > 0) throw validationFailed("updateAppUserSchemas", causes);
    for (const [name, attribute] of Object.entries(properties)) {
      if (attribute === null) {
        custom.delete(name);
        for (const mapping of this.mappings.values()) if (mapping.target.id === appId) mapping.properties.delete(name);
        for (const appUser of this.appUsersOf(appId)) delete appUser.profile[name];
      } else {
        custom.set(name, { ...(custom.get(name) ?? {}), ...attribute });
      }
    }
  }

  // ---------------------------------------------------------------- users

  getUser(idOrLogin: string): UserRecord {
    const user = this.users.get(idOrLogin) ?? [...this.users.values()].find((candidate) => String(candidate.profile.login).toLowerCase() === idOrLogin.toLowerCase());
    if (!user) throw resourceNotFound(idOrLogin, "User");
    return user;
  }

  /** The Okta user profile attributes known to the org (the default user type's schema). */
  userProfileAttributes(): Set<string> {
    return new Set(OKTA_USER_BASE_ATTRIBUTES.map(({ name }) => name));
  }

  private validateUserProfile(profile: Record<string, unknown>, context: string, full: boolean, userId?: string): void {
    const known = this.userProfileAttributes();
    const causes = Object.keys(profile)
      .filter((name) => !known.has(name))
      .map((name) => `Property name '${name}' is not defined in profile`);
    if (full) {
      for (const { name, required } of OKTA_USER_BASE_ATTRIBUTES) {
        if (required && (profile[name] === undefined || profile[name] === null || profile[name] === "")) causes.push(`${name}: The field cannot be left blank`);
      }
    }
    const login = profile.login;
    if (typeof login === "string" && [...this.users.values()].some((user) => user.id !== userId && String(user.profile.login).toLowerCase() === login.toLowerCase())) {
      causes.push("login: An object with this field already exists in the current organization");
    }
    if (causes.length > 0) throw validationFailed(context, causes);
  }

  createUser(profile: Record<string, unknown>, options: { activate: boolean; hasPassword: boolean; typeId?: string }): UserRecord {
    this.validateUserProfile(profile, "newUser", true);
    const typeId = options.typeId ?? this.defaultUserTypeId;
    if (!this.userTypes.has(typeId)) throw validationFailed("newUser", [`type: Invalid user type id ${typeId}`]);
    const now = this.timestamp();
    // Okta: activate=false → STAGED; activated with a password → ACTIVE, without one → PROVISIONED (research §14).
    const status: UserStatus = !options.activate ? "STAGED" : options.hasPassword ? "ACTIVE" : "PROVISIONED";
    const user: UserRecord = {
      id: newOktaId(ID_PREFIX.user),
      status,
      created: now,
      activated: options.activate ? now : null,
      statusChanged: options.activate ? now : null,
      lastLogin: null,
      lastUpdated: now,
      passwordChanged: options.hasPassword ? now : null,
      typeId,
      profile: { ...profile },
      hasPassword: options.hasPassword,
    };
    this.users.set(user.id, user);
    this.events.emit("user.created", { userId: user.id });
    return user;
  }

  /** POST /users/{id} (partial: merge) or PUT /users/{id} (full: replace). */
  updateUserProfile(userId: string, profile: Record<string, unknown>, mode: "merge" | "replace"): UserRecord {
    const user = this.getUser(userId);
    const next = mode === "merge" ? { ...user.profile, ...profile } : { ...profile };
    for (const [name, value] of Object.entries(next)) if (value === undefined) delete next[name];
    this.validateUserProfile(next, "updateUser", true, user.id);
    const changed = [...new Set([...Object.keys(user.profile), ...Object.keys(next)])].filter((name) => JSON.stringify(user.profile[name]) !== JSON.stringify(next[name]));
    user.profile = next;
    user.lastUpdated = this.timestamp();
    if (changed.length > 0) {
      this.events.emit("user.profileChanged", { userId: user.id, changed });
      for (const appUser of this.appUsersOfUser(user.id)) this.remapAppUser(appUser, user);
    }
    return user;
  }

  /**
   * A lifecycle operation; answers Okta's E0000001/E0000038 where the transition is not allowed.
   * `deactivate` on an already DEPROVISIONED user is a no-op, as in Okta.
   */
  userLifecycle(userId: string, operation: "activate" | "deactivate" | "reactivate" | "suspend" | "unsuspend" | "unlock"): UserRecord {
    const user = this.getUser(userId);
    const from = user.status;
    const notAllowed = (): OktaApiError => new OktaApiError(403, "E0000038", `This operation is not allowed in the user's current status.`);
    let to: UserStatus = from;
    switch (operation) {
      case "activate":
        if (from !== "STAGED" && from !== "DEPROVISIONED") throw notAllowed();
        to = user.hasPassword ? "ACTIVE" : "PROVISIONED";
        if (!user.activated) user.activated = this.timestamp();
        break;
      case "deactivate":
        to = "DEPROVISIONED";
        break;
      case "reactivate":
        if (from !== "PROVISIONED") throw notAllowed();
        to = "PROVISIONED";
        break;
      case "suspend":
        if (from !== "ACTIVE") throw validationFailed("suspendUser", ["Cannot suspend a user that is not active"]);
        to = "SUSPENDED";
        break;
      case "unsuspend":
        if (from !== "SUSPENDED") throw validationFailed("unsuspendUser", ["Cannot unsuspend a user that is not suspended"]);
        to = "ACTIVE";
        break;
      case "unlock":
        if (from !== "LOCKED_OUT") throw notAllowed();
        to = "ACTIVE";
        break;
    }
    if (to !== from) {
      const now = this.timestamp();
      user.status = to;
      user.statusChanged = now;
      user.lastUpdated = now;
      // Okta deprovisions a deactivated user from every app; activating again restores what groups grant.
      if (to === "DEPROVISIONED") for (const appUser of this.appUsersOfUser(user.id)) this.removeAppUser(appUser);
      if (from === "DEPROVISIONED") this.regrantThroughGroups(user);
      this.events.emit("user.lifecycle", { userId: user.id, from, to });
    }
    return user;
  }

  /** DELETE /users/{id}: the first call on a user who is not deactivated deactivates them; the second deletes. */
  deleteUser(userId: string): "deactivated" | "deleted" {
    const user = this.getUser(userId);
    if (user.status !== "DEPROVISIONED") {
      this.userLifecycle(user.id, "deactivate");
      return "deactivated";
    }
    for (const appUser of this.appUsersOfUser(user.id)) this.removeAppUser(appUser);
    for (const [groupId, members] of this.memberships) {
      if (members.delete(user.id)) this.events.emit("group.membersChanged", { groupId, added: [], removed: [user.id] });
    }
    this.users.delete(user.id);
    this.events.emit("user.deleted", { userId: user.id });
    return "deleted";
  }

  // ---------------------------------------------------------------- groups

  getGroup(groupId: string): GroupRecord {
    const group = this.groups.get(groupId);
    if (!group) throw resourceNotFound(groupId, "UserGroup");
    return group;
  }

  private validateGroupProfile(profile: Record<string, unknown>, context: string, exceptId?: string): { name: string; description?: string } {
    const name = profile.name;
    if (typeof name !== "string" || name.trim() === "") throw validationFailed(context, ["name: The field cannot be left blank"]);
    if ([...this.groups.values()].some((group) => group.id !== exceptId && group.profile.name.toLowerCase() === name.toLowerCase())) {
      throw validationFailed(context, ["name: An object with this field already exists in the current organization"]);
    }
    return typeof profile.description === "string" ? { name, description: profile.description } : { name };
  }

  createGroup(profile: Record<string, unknown>): GroupRecord {
    const checked = this.validateGroupProfile(profile, "group");
    const now = this.timestamp();
    const group: GroupRecord = { id: newOktaId(ID_PREFIX.group), created: now, lastUpdated: now, lastMembershipUpdated: now, profile: { ...withoutNulls(profile), ...checked } };
    this.groups.set(group.id, group);
    this.memberships.set(group.id, new Set());
    this.events.emit("group.created", { groupId: group.id });
    return group;
  }

  replaceGroup(groupId: string, profile: Record<string, unknown>): GroupRecord {
    const group = this.getGroup(groupId);
    const checked = this.validateGroupProfile(profile, "group", groupId);
    const from = group.profile.name;
    group.profile = { ...withoutNulls(profile), ...checked };
    group.lastUpdated = this.timestamp();
    if (from !== checked.name) this.events.emit("group.renamed", { groupId, from, to: checked.name });
    return group;
  }

  deleteGroup(groupId: string): void {
    const group = this.getGroup(groupId);
    for (const assignment of [...this.appGroupAssignments.values()]) if (assignment.groupId === groupId) this.unassignGroup(assignment.appId, groupId);
    this.groups.delete(groupId);
    this.memberships.delete(groupId);
    this.events.emit("group.deleted", { groupId, name: group.profile.name });
  }

  groupMembers(groupId: string): string[] {
    this.getGroup(groupId);
    return [...(this.memberships.get(groupId) ?? [])];
  }

  addGroupMember(groupId: string, userId: string): void {
    const group = this.getGroup(groupId);
    const user = this.getUser(userId);
    const members = this.memberships.get(groupId) ?? new Set();
    if (members.has(user.id)) return;
    members.add(user.id);
    this.memberships.set(groupId, members);
    group.lastMembershipUpdated = this.timestamp();
    this.events.emit("group.membersChanged", { groupId, added: [user.id], removed: [] });
    for (const assignment of this.appGroupAssignments.values()) if (assignment.groupId === groupId) this.grantThroughGroup(assignment.appId, groupId, user);
  }

  removeGroupMember(groupId: string, userId: string): void {
    const group = this.getGroup(groupId);
    const user = this.getUser(userId);
    const members = this.memberships.get(groupId);
    if (!members?.delete(user.id)) return;
    group.lastMembershipUpdated = this.timestamp();
    this.events.emit("group.membersChanged", { groupId, added: [], removed: [user.id] });
    for (const appUser of this.appUsersOfUser(user.id)) {
      if (appUser.viaGroups.delete(groupId) && !appUser.direct && appUser.viaGroups.size === 0) this.removeAppUser(appUser);
    }
  }

  // ---------------------------------------------------------------- user types

  getUserType(typeId: string): UserTypeRecord {
    const type = this.userTypes.get(typeId);
    if (!type) throw resourceNotFound(typeId, "CVDType");
    return type;
  }

  createUserType(input: { name: string; displayName: string; description?: string | null }): UserTypeRecord {
    if ([...this.userTypes.values()].some((type) => type.name === input.name)) throw validationFailed("createUserType", ["name: A user type with this name already exists"]);
    const now = this.timestamp();
    const type: UserTypeRecord = {
      id: newOktaId(ID_PREFIX.userType),
      name: input.name,
      displayName: input.displayName,
      description: input.description ?? null,
      default: false,
      created: now,
      lastUpdated: now,
      createdBy: newOktaId("00u"),
      lastUpdatedBy: newOktaId("00u"),
    };
    this.userTypes.set(type.id, type);
    return type;
  }

  updateUserType(typeId: string, input: { displayName?: string; description?: string | null }): UserTypeRecord {
    const type = this.getUserType(typeId);
    if (input.displayName !== undefined) type.displayName = input.displayName;
    if (input.description !== undefined) type.description = input.description;
    type.lastUpdated = this.timestamp();
    return type;
  }

  deleteUserType(typeId: string): void {
    const type = this.getUserType(typeId);
    // 403, the spec's only refusal for this operation.
    if (type.default) throw forbidden(["The default user type cannot be deleted"]);
    if ([...this.users.values()].some((user) => user.typeId === typeId)) throw forbidden(["Users of this type exist"]);
    this.userTypes.delete(typeId);
  }

  // ---------------------------------------------------------------- profile mappings

  getMapping(mappingId: string): ProfileMappingRecord {
    const mapping = this.mappings.get(mappingId);
    if (!mapping) throw resourceNotFound(mappingId, "ProfileMapping");
    return mapping;
  }

  /** The attributes a mapping may target: the app user schema, or the Okta user profile. */
  private mappingTargets(mapping: ProfileMappingRecord): Set<string> {
    if (mapping.target.type === "appuser") {
      const { base, custom } = this.appSchema(mapping.target.id);
      return new Set([...base.keys(), ...custom.keys()]);
    }
    return this.userProfileAttributes();
  }

  /** POST /mappings/{id}: add, change or (with `null`) remove properties; an unknown target attribute is refused. */
  updateMapping(mappingId: string, properties: Record<string, { expression?: unknown; pushStatus?: unknown } | null>): ProfileMappingRecord {
    const mapping = this.getMapping(mappingId);
    const targets = this.mappingTargets(mapping);
    const causes: string[] = [];
    for (const [name, property] of Object.entries(properties)) {
      const removes = property === null || (property.expression === null && (property.pushStatus === null || property.pushStatus === undefined));
      if (removes) continue;
      if (!targets.has(name)) causes.push(`Invalid target field ${name}`);
      else if (typeof property.expression !== "string" || property.expression.trim() === "") causes.push(`Invalid expression for ${name}`);
      else if (property.pushStatus !== undefined && property.pushStatus !== "PUSH" && property.pushStatus !== "DONT_PUSH") causes.push(`Invalid push status for ${name}`);
    }
    if (causes.length > 0) throw validationFailed("updateMapping", causes);
    for (const [name, property] of Object.entries(properties)) {
      if (property === null || property.expression === null) {
        mapping.properties.delete(name);
        continue;
      }
      const next: MappingProperty = { expression: property.expression as string };
      const pushStatus = property.pushStatus ?? (mapping.target.type === "appuser" ? (mapping.properties.get(name)?.pushStatus ?? "PUSH") : undefined);
      if (pushStatus === "PUSH" || pushStatus === "DONT_PUSH") next.pushStatus = pushStatus;
      mapping.properties.set(name, next);
    }
    return mapping;
  }

  /** The To App mapping of an app (default user type → app). */
  toAppMapping(appId: string): ProfileMappingRecord | undefined {
    return [...this.mappings.values()].find((mapping) => mapping.target.id === appId && mapping.source.type === "user");
  }

  // ---------------------------------------------------------------- app users

  private appUserKey(appId: string, userId: string): string {
    return `${appId}/${userId}`;
  }

  getAppUser(appId: string, userId: string): AppUserRecord {
    this.getApp(appId);
    const appUser = this.appUsers.get(this.appUserKey(appId, userId));
    if (!appUser) throw resourceNotFound(userId, "User");
    return appUser;
  }

  appUsersOf(appId: string): AppUserRecord[] {
    return [...this.appUsers.values()].filter((appUser) => appUser.appId === appId);
  }

  appUsersOfUser(userId: string): AppUserRecord[] {
    return [...this.appUsers.values()].filter((appUser) => appUser.userId === userId);
  }

  /** The app username the app's template gives this user. */
  appUserName(app: AppRecord, user: UserRecord): string {
    const template = app.credentials.userNameTemplate;
    const value = template.type === "NONE" ? null : evaluateUserNameTemplate(template.template, user.profile);
    return `${value ?? String(user.profile.login)}${template.userSuffix ?? ""}`;
  }

  /**
   * The app user profile the To App mapping gives: every schema attribute present, unmapped ones as
   * explicit `null` (research §14). On create every mapped attribute applies; later only PUSH ones.
   */
  private mappedProfile(app: AppRecord, user: UserRecord, current: Record<string, unknown> | undefined): Record<string, unknown> {
    const { base, custom } = this.appSchema(app.id);
    const profile: Record<string, unknown> = {};
    for (const name of [...base.keys(), ...custom.keys()]) profile[name] = current?.[name] ?? null;
    const mapping = this.toAppMapping(app.id);
    for (const [name, property] of mapping?.properties ?? []) {
      if (current && property.pushStatus === "DONT_PUSH") continue;
      profile[name] = evaluateExpression(property.expression, { user: user.profile, source: user.profile });
    }
    profile.userName = this.appUserName(app, user);
    return profile;
  }

  private newAppUser(app: AppRecord, user: UserRecord, direct: boolean, viaGroup: string | undefined, credentialsUserName: string | undefined, profile: Record<string, unknown> | undefined): AppUserRecord {
    const now = this.timestamp();
    const provisions = pushes(app, "PUSH_NEW_USERS");
    const mapped = this.mappedProfile(app, user, undefined);
    const userName = credentialsUserName ?? this.appUserName(app, user);
    const appUser: AppUserRecord = {
      appId: app.id,
      userId: user.id,
      direct,
      viaGroups: new Set(viaGroup ? [viaGroup] : []),
      status: provisions ? "STAGED" : "ACTIVE",
      syncState: provisions ? "SYNCING" : "DISABLED",
      externalId: null,
      created: now,
      lastUpdated: now,
      statusChanged: now,
      lastSync: null,
      passwordChanged: null,
      userName,
      profile: { ...mapped, ...(profile ?? {}), userName },
      errorSummary: null,
    };
    this.appUsers.set(this.appUserKey(app.id, user.id), appUser);
    this.events.emit("appUser.assigned", { appId: app.id, userId: user.id });
    return appUser;
  }

  private checkAppUserProfile(app: AppRecord, profile: Record<string, unknown>, context: string): void {
    const { base, custom } = this.appSchema(app.id);
    const unknown = Object.keys(profile).filter((name) => !base.has(name) && !custom.has(name));
    if (unknown.length > 0) throw validationFailed(context, unknown.map((name) => `Property name '${name}' is not defined in profile`));
  }

  /** POST /apps/{appId}/users (and the upsert POST /apps/{appId}/users/{userId} for a user not yet assigned). */
  assignUser(appId: string, input: { userId: string; userName?: string; profile?: Record<string, unknown> }): AppUserRecord {
    const app = this.getApp(appId);
    const user = this.getUser(input.userId);
    if (input.profile) this.checkAppUserProfile(app, input.profile, "assignUserToApp");
    const existing = this.appUsers.get(this.appUserKey(appId, user.id));
    if (existing) {
      existing.direct = true;
      return this.updateAppUser(appId, user.id, { userName: input.userName, profile: input.profile });
    }
    return this.newAppUser(app, user, true, undefined, input.userName, input.profile);
  }

  /** POST /apps/{appId}/users/{userId}: change the app username or app profile. */
  updateAppUser(appId: string, userId: string, input: { userName?: string; profile?: Record<string, unknown> }): AppUserRecord {
    const app = this.getApp(appId);
    const appUser = this.getAppUser(appId, userId);
    if (input.profile) this.checkAppUserProfile(app, input.profile, "updateAppUser");
    const before = { ...appUser.profile };
    if (input.userName !== undefined) appUser.userName = input.userName;
    appUser.profile = { ...appUser.profile, ...(input.profile ?? {}), userName: appUser.userName };
    this.afterAppUserProfileChange(appUser, before);
    return appUser;
  }

  private remapAppUser(appUser: AppUserRecord, user: UserRecord): void {
    const app = this.getApp(appUser.appId);
    const before = { ...appUser.profile };
    appUser.profile = this.mappedProfile(app, user, appUser.profile);
    appUser.userName = String(appUser.profile.userName);
    this.afterAppUserProfileChange(appUser, before);
  }

  private afterAppUserProfileChange(appUser: AppUserRecord, before: Record<string, unknown>): void {
    const names = new Set([...Object.keys(before), ...Object.keys(appUser.profile)]);
    const changed = [...names].filter((name) => JSON.stringify(before[name]) !== JSON.stringify(appUser.profile[name]));
    if (changed.length === 0) return;
    appUser.lastUpdated = this.timestamp();
    this.events.emit("appUser.profileChanged", { appId: appUser.appId, userId: appUser.userId, changed, before });
  }

  /** DELETE /apps/{appId}/users/{userId}. A user who also holds the app through a group keeps it (GROUP scope). */
  unassignUser(appId: string, userId: string): void {
    const appUser = this.getAppUser(appId, userId);
    if (appUser.viaGroups.size > 0) {
      appUser.direct = false;
      appUser.lastUpdated = this.timestamp();
      return;
    }
    this.removeAppUser(appUser);
  }

  private removeAppUser(appUser: AppUserRecord): void {
    this.appUsers.delete(this.appUserKey(appUser.appId, appUser.userId));
    this.events.emit("appUser.unassigned", { appId: appUser.appId, userId: appUser.userId, appUser });
  }

  /** The provisioning engine's record of what happened at the SCIM server (no event: nothing changed in Okta's data). */
  setAppUserOutcome(appId: string, userId: string, outcome: AppUserOutcome): AppUserRecord {
    const appUser = this.getAppUser(appId, userId);
    const now = this.timestamp();
    if (outcome.status !== undefined && outcome.status !== appUser.status) {
      appUser.status = outcome.status;
      appUser.statusChanged = now;
    }
    if (outcome.syncState !== undefined) appUser.syncState = outcome.syncState;
    if (outcome.externalId !== undefined) appUser.externalId = outcome.externalId;
    if (outcome.lastSync !== undefined) appUser.lastSync = outcome.lastSync;
    if (outcome.errorSummary !== undefined) appUser.errorSummary = outcome.errorSummary;
    appUser.lastUpdated = now;
    return appUser;
  }

  // ---------------------------------------------------------------- app group assignments

  getAppGroupAssignment(appId: string, groupId: string): AppGroupAssignmentRecord {
    this.getApp(appId);
    const assignment = this.appGroupAssignments.get(`${appId}/${groupId}`);
    if (!assignment) throw resourceNotFound(groupId, "UserGroup");
    return assignment;
  }

  appGroupAssignmentsOf(appId: string): AppGroupAssignmentRecord[] {
    return [...this.appGroupAssignments.values()].filter((assignment) => assignment.appId === appId).sort((a, b) => a.priority - b.priority);
  }

  /** PUT /apps/{appId}/groups/{groupId}: every member gets an app user (GROUP scope); priorities stay packed 0..n-1. */
  assignGroup(appId: string, groupId: string, input: { priority?: number; profile?: Record<string, unknown> }): AppGroupAssignmentRecord {
    const app = this.getApp(appId);
    this.getGroup(groupId);
    if (input.profile) this.checkAppUserProfile(app, input.profile, "assignGroupToApp");
    const key = `${appId}/${groupId}`;
    const existing = this.appGroupAssignments.get(key);
    const assignment: AppGroupAssignmentRecord = existing ?? { appId, groupId, priority: Number.MAX_SAFE_INTEGER, lastUpdated: this.timestamp(), profile: {} };
    if (input.profile) assignment.profile = { ...input.profile };
    assignment.lastUpdated = this.timestamp();
    this.appGroupAssignments.set(key, assignment);
    this.repackPriorities(appId, assignment, input.priority);
    if (!existing) {
      this.events.emit("appGroup.assigned", { appId, groupId });
      for (const userId of this.memberships.get(groupId) ?? []) this.grantThroughGroup(appId, groupId, this.getUser(userId));
    }
    return assignment;
  }

  private repackPriorities(appId: string, moved: AppGroupAssignmentRecord, priority: number | undefined): void {
    const others = this.appGroupAssignmentsOf(appId).filter((assignment) => assignment !== moved);
    const at = priority === undefined ? (moved.priority === Number.MAX_SAFE_INTEGER ? others.length : Math.min(moved.priority, others.length)) : Math.max(0, Math.min(priority, others.length));
    others.splice(at, 0, moved);
    others.forEach((assignment, index) => (assignment.priority = index));
  }

  unassignGroup(appId: string, groupId: string): void {
    this.getAppGroupAssignment(appId, groupId);
    this.appGroupAssignments.delete(`${appId}/${groupId}`);
    this.appGroupAssignmentsOf(appId).forEach((other, index) => (other.priority = index));
    this.events.emit("appGroup.unassigned", { appId, groupId });
    for (const appUser of this.appUsersOf(appId)) {
      if (appUser.viaGroups.delete(groupId) && !appUser.direct && appUser.viaGroups.size === 0) this.removeAppUser(appUser);
    }
  }

  private regrantThroughGroups(user: UserRecord): void {
    for (const assignment of [...this.appGroupAssignments.values()]) {
      if (this.memberships.get(assignment.groupId)?.has(user.id)) this.grantThroughGroup(assignment.appId, assignment.groupId, user);
    }
  }

  private grantThroughGroup(appId: string, groupId: string, user: UserRecord): void {
    if (user.status === "DEPROVISIONED") return;
    const existing = this.appUsers.get(this.appUserKey(appId, user.id));
    if (existing) existing.viaGroups.add(groupId);
    else this.newAppUser(this.getApp(appId), user, false, groupId, undefined, undefined);
  }

  // ---------------------------------------------------------------- group push

  getGroupPushMapping(appId: string, mappingId: string): GroupPushMappingRecord {
    this.getApp(appId);
    const mapping = this.groupPushMappings.get(mappingId);
    if (!mapping || mapping.appId !== appId) throw resourceNotFound(mappingId, "GroupPushMapping");
    return mapping;
  }

  groupPushMappingsOf(appId: string): GroupPushMappingRecord[] {
    this.getApp(appId);
    return [...this.groupPushMappings.values()].filter((mapping) => mapping.appId === appId);
  }

  /** POST …/group-push/mappings: needs GROUP_PUSH (provisioning on); links an app group or creates one named targetGroupName. */
  createGroupPushMapping(appId: string, input: { sourceGroupId?: unknown; targetGroupId?: unknown; targetGroupName?: unknown; status?: unknown }): GroupPushMappingRecord {
    const app = this.getApp(appId);
    if (!pushes(app, "GROUP_PUSH")) throw validationFailed("groupPushMapping", ["Group push is not enabled for this app: enable provisioning first."]);
    if (typeof input.sourceGroupId !== "string") throw validationFailed("groupPushMapping", ["sourceGroupId: The field cannot be left blank"]);
    this.getGroup(input.sourceGroupId);
    const hasId = typeof input.targetGroupId === "string";
    const hasName = typeof input.targetGroupName === "string" && input.targetGroupName.trim() !== "";
    if (hasId === hasName) throw validationFailed("groupPushMapping", ["Exactly one of targetGroupId and targetGroupName is required"]);
    if (input.status !== undefined && input.status !== "ACTIVE" && input.status !== "INACTIVE") throw validationFailed("groupPushMapping", ["status: Must be ACTIVE or INACTIVE"]);
    if (this.groupPushMappingsOf(appId).some((mapping) => mapping.sourceGroupId === input.sourceGroupId)) {
      throw validationFailed("groupPushMapping", ["A group push mapping already exists for this source group"]);
    }
    let target: AppGroupRecord;
    if (hasId) {
      const linked = this.appGroups.get(input.targetGroupId as string);
      if (!linked || linked.appId !== appId) throw validationFailed("groupPushMapping", [`targetGroupId: No app group ${String(input.targetGroupId)} in this app`]);
      target = linked;
    } else {
      target = { id: newOktaId(ID_PREFIX.group), appId, name: (input.targetGroupName as string).trim(), externalId: null };
      this.appGroups.set(target.id, target);
    }
    const now = oktaTimestampSeconds(this.now());
    const mapping: GroupPushMappingRecord = {
      id: newOktaId(ID_PREFIX.groupPush),
      appId,
      sourceGroupId: input.sourceGroupId,
      targetGroupId: target.id,
      status: input.status === "INACTIVE" ? "INACTIVE" : "ACTIVE",
      created: now,
      lastUpdated: now,
      lastPush: null,
      errorSummary: null,
    };
    this.groupPushMappings.set(mapping.id, mapping);
    this.events.emit("groupPush.created", { appId, mappingId: mapping.id });
    return mapping;
  }

  setGroupPushStatus(appId: string, mappingId: string, status: unknown): GroupPushMappingRecord {
    const mapping = this.getGroupPushMapping(appId, mappingId);
    if (status !== "ACTIVE" && status !== "INACTIVE") throw validationFailed("groupPushMapping", ["status: Must be ACTIVE or INACTIVE"]);
    const from = mapping.status;
    if (from !== status) {
      mapping.status = status;
      mapping.lastUpdated = oktaTimestampSeconds(this.now());
      this.events.emit("groupPush.statusChanged", { appId, mappingId, from, to: status });
    }
    return mapping;
  }

  /** DELETE …/group-push/mappings/{id}: only an INACTIVE mapping (research §6). */
  deleteGroupPushMapping(appId: string, mappingId: string, deleteTargetGroup: boolean): void {
    const mapping = this.getGroupPushMapping(appId, mappingId);
    // 403, the spec's only refusal for this operation.
    if (mapping.status === "ACTIVE") throw forbidden(["The group push mapping must be INACTIVE before it can be deleted"]);
    this.groupPushMappings.delete(mappingId);
    if (deleteTargetGroup) this.appGroups.delete(mapping.targetGroupId);
    this.events.emit("groupPush.deleted", { appId, mapping, deleteTargetGroup });
  }

  /** The provisioning engine's record of a push (no event). */
  setGroupPushOutcome(appId: string, mappingId: string, outcome: GroupPushOutcome): GroupPushMappingRecord {
    const mapping = this.getGroupPushMapping(appId, mappingId);
    if (outcome.status !== undefined) mapping.status = outcome.status;
    if (outcome.lastPush !== undefined) mapping.lastPush = outcome.lastPush;
    if (outcome.errorSummary !== undefined) mapping.errorSummary = outcome.errorSummary;
    if (outcome.externalId !== undefined) {
      const target = this.appGroups.get(mapping.targetGroupId);
      if (target) target.externalId = outcome.externalId;
    }
    mapping.lastUpdated = oktaTimestampSeconds(this.now());
    return mapping;
  }
}
