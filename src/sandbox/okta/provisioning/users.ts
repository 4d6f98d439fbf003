import {
  createUser,
  getUser,
  linkExistingUser,
  lookupUserByUserName,
  oktaPlaceholderPassword,
  setUserActive,
  updateMappedAttributes,
  type AttributeMapping,
  type MappedProfile,
  type OktaAppUser,
  type ScimResource,
} from "../../../scim/okta-dialect.js";
import { isJsonObject } from "../../../scim/json.js";
import type { AppRecord, AppUserRecord } from "../model.js";
import { ProvisioningFailure } from "./failure.js";
import { send, type Operation } from "./operation.js";

/** What the engine needs of an app user once it is gone from the store (unassigned). */
export interface ScimUserRef {
  userId: string;
  userName: string;
  /** The SCIM server's id. */
  externalId: string;
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** Where each app user attribute goes in SCIM: the app user schema's externalName / externalNamespace. */
function attributeMappings(op: Operation): AttributeMapping[] {
  const { base, custom } = op.store.appSchema(op.app.id);
  const mappings: AttributeMapping[] = [];
  for (const [name, attribute] of [...base, ...custom]) {
    const externalName = text(attribute.externalName);
    if (!externalName) continue;
    const namespace = text(attribute.externalNamespace);
    mappings.push({ name, externalName, ...(namespace ? { externalNamespace: namespace } : {}) });
  }
  return mappings;
}

function mappedProfile(op: Operation, appUser: AppUserRecord): MappedProfile {
  const profile: Record<string, string | number | boolean | null> = {};
  for (const [name, value] of Object.entries(appUser.profile)) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === null) profile[name] = value;
  }
  return { profile, mappings: attributeMappings(op) };
}

/** The app user as Okta sends it: its app username and app profile, Okta's user id as externalId. */
function oktaAppUser(op: Operation, appUser: AppUserRecord): OktaAppUser {
  const { profile } = appUser;
  const locale = text(profile.locale);
  return {
    oktaUserId: appUser.userId,
    userName: appUser.userName,
    givenName: text(profile.givenName) ?? "",
    familyName: text(profile.familyName) ?? "",
    email: text(profile.email) ?? appUser.userName,
    password: oktaPlaceholderPassword(),
    ...(locale ? { locale } : {}),
    mapped: mappedProfile(op, appUser),
  };
}

function appUserOf(op: Operation, userId: string): AppUserRecord | undefined {
  return op.store.appUsers.get(`${op.app.id}/${userId}`);
}

/** Okta's words for a failed provisioning task. */
function taskFailure(app: AppRecord, appUser: { userName: string }, action: string, error: string): string {
  return `Automatic ${action} of user ${appUser.userName} in app ${app.label} failed: ${error}`;
}

/**
 * The value Okta looks a user up by: the app username, or on an AIW app whose "Unique identifier
 * field for users" names another app attribute, that attribute's value — still as
 * `userName eq "…"` (Okta's SCIM 2.0 reference: with email as the unique identifier the query is
 * `filter=userName eq "${email}"`).
 */
function lookupValue(op: Operation, appUser: AppUserRecord): string {
  const field = op.app.dialect === "aiw" ? op.app.provisioning.uniqueIdentifier : null;
  if (!field || field === "userName") return appUser.userName;
  return text(appUser.profile[field]) ?? appUser.userName;
}

/** The user the lookup found, if any (Okta compares the value itself, not only the count). */
async function lookUp(op: Operation, userName: string): Promise<ScimResource | undefined> {
  const answer = await send(op, lookupUserByUserName(userName), "Error while looking up the user");
  const resources = isJsonObject(answer.json) && Array.isArray(answer.json.Resources) ? answer.json.Resources : [];
  return resources.find((resource): resource is ScimResource => isJsonObject(resource) && typeof resource.id === "string" && String(resource.userName).toLowerCase() === userName.toLowerCase());
}

async function read(op: Operation, id: string): Promise<ScimResource> {
  const answer = await send(op, getUser(id), "Error while reading the user");
  if (!isJsonObject(answer.json)) throw new ProvisioningFailure("Error while reading the user: the answer is not a SCIM user");
  return answer.json;
}

function now(op: Operation): string {
  return op.store.timestamp();
}

/**
 * A new app user, as Okta provisions it: look the app username up; create the user when the
 * server has none (POST with Okta's body), else link to it — aiw GETs and PUTs it merged with the
 * app profile, oin reactivates it if it is inactive. Returns whether the user is now provisioned.
 */
export async function provisionUser(op: Operation, userId: string): Promise<boolean> {
  const appUser = appUserOf(op, userId);
  if (!appUser) return false;
  try {
    const user = oktaAppUser(op, appUser);
    const found = await lookUp(op, lookupValue(op, appUser));
    let externalId: string;
    if (found) {
      externalId = String(found.id);
      if (op.app.dialect === "aiw") await send(op, linkExistingUser(await read(op, externalId), user), "Error while linking the existing user");
      else if (found.active === false) await send(op, setUserActive({ dialect: "oin", id: externalId }, true), "Error while activating the existing user");
    } else {
      const created = await send(op, createUser(user), "Error while creating user");
      const id = isJsonObject(created.json) ? created.json.id : undefined;
      if (typeof id !== "string" || id === "") throw new ProvisioningFailure("Error while creating user: the answer has no id");
      externalId = id;
    }
    if (appUserOf(op, userId)) op.store.setAppUserOutcome(op.app.id, userId, { status: "PROVISIONED", syncState: "SYNCHRONIZED", externalId, lastSync: now(op), errorSummary: null });
    return true;
  } catch (error) {
    if (appUserOf(op, userId)) op.store.setAppUserOutcome(op.app.id, userId, { syncState: "ERROR", errorSummary: taskFailure(op.app, appUser, "provisioning", op.fail(error)) });
    return false;
  }
}

/** A mapped attribute changed: Okta reads the user and PUTs it back with the app profile (both dialects). */
export async function pushProfile(op: Operation, userId: string): Promise<void> {
  const appUser = appUserOf(op, userId);
  if (!appUser?.externalId) return;
  try {
    op.store.setAppUserOutcome(op.app.id, userId, { syncState: "SYNCING" });
    const current = await read(op, appUser.externalId);
    await send(op, updateMappedAttributes(current, mappedProfile(op, appUser)), "Error while updating user");
    if (appUserOf(op, userId)) op.store.setAppUserOutcome(op.app.id, userId, { syncState: "SYNCHRONIZED", lastSync: now(op), errorSummary: null });
  } catch (error) {
    if (appUserOf(op, userId)) op.store.setAppUserOutcome(op.app.id, userId, { syncState: "ERROR", errorSummary: taskFailure(op.app, appUser, "profile push", op.fail(error)) });
  }
}

/**
 * Unassigned, or the Okta user deactivated: oin PATCHes `active: false`; aiw GETs the user and
 * PUTs it back inactive. Okta never deletes a user. `record` when the app user is still there to
 * show the outcome.
 */
export async function deactivateUser(op: Operation, ref: ScimUserRef, record: boolean): Promise<void> {
  const show = (outcome: Parameters<Operation["store"]["setAppUserOutcome"]>[2]) => {
    if (record && appUserOf(op, ref.userId)) op.store.setAppUserOutcome(op.app.id, ref.userId, outcome);
  };
  try {
    const request = op.app.dialect === "oin" ? setUserActive({ dialect: "oin", id: ref.externalId }, false) : setUserActive({ dialect: "aiw", current: await read(op, ref.externalId) }, false);
    await send(op, request, "Error while deactivating user");
    show({ status: "DEPROVISIONED", syncState: "SYNCHRONIZED", lastSync: now(op), errorSummary: null });
  } catch (error) {
    show({ syncState: "ERROR", errorSummary: taskFailure(op.app, ref, "deactivation", op.fail(error)) });
  }
}

/**
 * The Okta user is active again: Okta looks the user up by app username and activates the one it
 * finds (oin PATCH `active: true`; aiw GET + PUT), or provisions it anew when the server has none.
 */
export async function reactivateUser(op: Operation, userId: string): Promise<boolean> {
  const appUser = appUserOf(op, userId);
  if (!appUser) return false;
  try {
    const found = await lookUp(op, lookupValue(op, appUser));
    if (!found) return await provisionUser(op, userId);
    const externalId = String(found.id);
    const request = op.app.dialect === "oin" ? setUserActive({ dialect: "oin", id: externalId }, true) : setUserActive({ dialect: "aiw", current: await read(op, externalId) }, true);
    await send(op, request, "Error while activating user");
    if (appUserOf(op, userId)) op.store.setAppUserOutcome(op.app.id, userId, { status: "PROVISIONED", syncState: "SYNCHRONIZED", externalId, lastSync: now(op), errorSummary: null });
    return true;
  } catch (error) {
    if (appUserOf(op, userId)) op.store.setAppUserOutcome(op.app.id, userId, { syncState: "ERROR", errorSummary: taskFailure(op.app, appUser, "reactivation", op.fail(error)) });
    return false;
  }
}
