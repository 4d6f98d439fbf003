import { UsageError } from "../core/errors.js";
import type { OktaClient } from "../okta/client.js";
import { OktaRequestError } from "../okta/errors.js";
import { findAppsByLabel, getApp } from "../okta/api/apps.js";
import { getAppUser } from "../okta/api/appUsers.js";
import { listAppGroups } from "../okta/api/appGroups.js";
import { listGroupPushMappings } from "../okta/api/groupPush.js";
import { findGroupsByName, listGroupMembers } from "../okta/api/groups.js";
import { findDefaultToAppMapping } from "../okta/api/mappings.js";
import { getAppUserSchema } from "../okta/api/schemas.js";
import { getUser } from "../okta/api/users.js";
import type { AppGroup, AppUser, AppUserSchema, GroupPushMapping, OktaApp, OktaGroup, OktaUser, ProfileMapping } from "../okta/model.js";
import type { DesiredSetup } from "./desired.js";

/**
 * Read what the org holds for a template (DESIGN §7): read-only, so verify uses it as it is and
 * setup plans from it. Independent reads run side by side.
 */

export type AppLocation =
  | { kind: "found"; app: OktaApp; by: "id" | "label" }
  | { kind: "missing" }
  /** Several apps carry the label: the admin picks one (a prompt, or --app-id). */
  | { kind: "ambiguous"; candidates: OktaApp[] };

/**
 * Find the app: by --app-id (which must exist), else by label. For an app setup may create, only
 * instances of its catalog entry count, so a re-run never creates a duplicate.
 */
export async function locateApp(client: OktaClient, desired: DesiredSetup): Promise<AppLocation> {
  if (desired.app.appId) {
    const app = await getApp(client, desired.app.appId);
    if (!app) throw new UsageError(`--app-id ${desired.app.appId}: no app with this id in ${client.orgUrl}`, "copy the id from the app's Admin Console address (…/instance/<id>/)");
    return { kind: "found", app, by: "id" };
  }
  const byLabel = await findAppsByLabel(client, desired.app.label);
  const candidates = desired.app.create && desired.app.oinName ? byLabel.filter((app) => app.name === desired.app.oinName) : byLabel;
  const active = candidates.filter((app) => app.status !== "INACTIVE");
  const pool = active.length > 0 ? active : candidates;
  if (pool.length === 1) return { kind: "found", app: pool[0] as OktaApp, by: "label" };
  if (pool.length === 0) return { kind: "missing" };
  return { kind: "ambiguous", candidates: pool };
}

type Availability<T> = { available: true; value: T } | { available: false; reason: string };

interface ObservedGroup {
  name: string;
  group: OktaGroup;
  /** Members, for "how many people an assignment will create at the vendor". */
  memberCount?: number;
}

export interface ObservedOrg {
  app: OktaApp | undefined;
  /** The app's read-only `features` (empty when the app does not exist). */
  features: string[];
  schema?: AppUserSchema;
  /** The Okta user → app mapping with its properties; undefined when Okta has none for the app. */
  toAppMapping?: ProfileMapping;
  groupPush?: Availability<GroupPushMapping[]>;
  appGroups?: AppGroup[];
  /** --push-group and --assign-group, by name. */
  groups: Map<string, ObservedGroup>;
  canary?: { user: OktaUser; appUser: AppUser | undefined };
}

/** What does not depend on the app: the groups and the canary user the flags name. */
interface Directory {
  groups: Map<string, ObservedGroup>;
  canaryUser?: OktaUser;
}

export async function observeDirectory(client: OktaClient, desired: DesiredSetup): Promise<Directory> {
  const groupNames = [...new Set([...desired.pushGroups, ...desired.assignGroups])];
  const [groups, canaryUser] = await Promise.all([
    Promise.all(groupNames.map((name) => findGroup(client, name, desired.assignGroups.includes(name)))),
    desired.canaryUser ? findCanary(client, desired.canaryUser) : undefined,
  ]);
  return { groups: new Map(groups.map((group) => [group.name, group])), ...(canaryUser ? { canaryUser } : {}) };
}

/** Everything the plan needs; the directory may already be on its way (read while the app was being located). */
export async function observeOrg(client: OktaClient, desired: DesiredSetup, app: OktaApp | undefined, directory: Promise<Directory> = observeDirectory(client, desired)): Promise<ObservedOrg> {
  const [found, appSide, canaryAppUser] = await Promise.all([
    directory,
    app ? observeApp(client, desired, app) : undefined,
    directory.then((entries) => (entries.canaryUser && app ? getAppUser(client, app.id, entries.canaryUser.id) : undefined)),
  ]);
  return {
    app,
    features: app?.features ?? [],
    groups: found.groups,
    ...appSide,
    ...(found.canaryUser ? { canary: { user: found.canaryUser, appUser: canaryAppUser } } : {}),
  };
}

async function observeApp(client: OktaClient, desired: DesiredSetup, app: OktaApp): Promise<Pick<ObservedOrg, "schema" | "toAppMapping" | "groupPush" | "appGroups">> {
  const wantsGroupPush = desired.pushGroups.length > 0;
  const wantsAssignments = desired.assignGroups.length > 0;
  const [schema, toAppMapping, groupPush, appGroups] = await Promise.all([
    getAppUserSchema(client, app.id),
    findDefaultToAppMapping(client, app.id),
    wantsGroupPush ? readGroupPush(client, app.id) : undefined,
    wantsAssignments ? listAppGroups(client, app.id) : undefined,
  ]);
  return { schema, ...(toAppMapping ? { toAppMapping } : {}), ...(groupPush ? { groupPush } : {}), ...(appGroups ? { appGroups } : {}) };
}

/** Group push needs provisioning on: Okta refuses the list before that, which is no failure. */
async function readGroupPush(client: OktaClient, appId: string): Promise<Availability<GroupPushMapping[]>> {
  try {
    return { available: true, value: await listGroupPushMappings(client, appId) };
  } catch (error) {
    if (error instanceof OktaRequestError && (error.status === 400 || error.status === 501)) return { available: false, reason: error.summaries.join("; ") || error.message };
    throw error;
  }
}

async function findGroup(client: OktaClient, name: string, countMembers: boolean): Promise<ObservedGroup> {
  const found = await findGroupsByName(client, name);
  const flag = "--push-group / --assign-group";
  if (found.length === 0) throw new UsageError(`${flag} "${name}": no Okta group has this name`, "give the group's name exactly as the Admin Console shows it (Directory → Groups)");
  const oktaGroups = found.filter((group) => !group.type || group.type === "OKTA_GROUP");
  const pool = oktaGroups.length > 0 ? oktaGroups : found;
  if (pool.length > 1) throw new UsageError(`${flag} "${name}": ${pool.length} groups have this name (${pool.map((group) => group.id).join(", ")})`, "rename one of them in Okta");
  const group = pool[0] as OktaGroup;
  return { name, group, ...(countMembers ? { memberCount: (await listGroupMembers(client, group.id)).length } : {}) };
}

async function findCanary(client: OktaClient, login: string): Promise<OktaUser> {
  const user = await getUser(client, login);
  if (!user) throw new UsageError(`--canary-user ${login}: no Okta user has this login`, "give the login of an existing, active Okta user");
  return user;
}
