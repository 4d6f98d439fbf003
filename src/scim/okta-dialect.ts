import type { Dialect } from "../templates/schema.js";
import type { ScimRequest } from "./client.js";
import { isJsonObject } from "./json.js";
import { GROUP_SCHEMA, PATCH_OP_SCHEMA, USER_SCHEMA } from "./urns.js";

/**
 * The SCIM requests Okta sends in production, as pure builders (no IO): the okta-runtime probes
 * send them, and the sandbox's "provisioning like Okta" sends the same bodies.
 *
 * Okta has two dialects (DESIGN §5, research/scim-conformance.md §1.6, Okta's SCIM 2.0 reference):
 * - `oin` (OIN catalogue apps): profile updates are GET + full PUT; activate, deactivate and
 *   password sync are no-path PATCH `replace`; group membership and renames are PATCH.
 * - `aiw` (App Integration Wizard apps): GET + full PUT for every user change, including
 *   deactivation, and a full PUT of the group (with its member list) for every group change.
 *
 * Headers are the SCIM client's defaults, which are Okta's (`User-Agent: Okta SCIM Client 1.0.0`,
 * `Accept: application/scim+json`, bodies as `application/scim+json; charset=utf-8`).
 */

/** Okta pages lookups and imports with count=100. */
const OKTA_PAGE_SIZE = 100;

/** A SCIM resource as a server returned it (GET), which Okta modifies and PUTs back. */
export type ScimResource = Record<string, unknown>;

/** The app user Okta provisions: its app profile plus the Okta user id it sends as externalId. */
export interface OktaAppUser {
  /** Okta's user id ("00u…"), sent as externalId. */
  oktaUserId: string;
  userName: string;
  givenName: string;
  familyName: string;
  email: string;
  /** Okta sends a password on create even with Sync Password off. */
  password: string;
  locale?: string;
}

/** The profile attributes an Okta profile push changes. */
export interface ProfileChange {
  givenName?: string;
  familyName?: string;
  displayName?: string;
  email?: string;
}

export interface GroupMember {
  value: string;
  display?: string;
}

/** What Okta knows of a pushed group: it sends its own member list, it does not read the server's. */
export interface PushedGroup {
  id: string;
  displayName: string;
  members: readonly GroupMember[];
}

/** A user change addressed in the dialect's way: oin patches by id, aiw PUTs the resource it read. */
export type UserTarget = { dialect: "oin"; id: string } | { dialect: "aiw"; current: ScimResource };

/**
 * `filter=<attribute> eq "<value>"` encoded the way Okta encodes it
 * (`filter=userName%20eq%20%22test.user%40okta.local%22`).
 */
function oktaEqFilterQuery(attribute: string, value: string): string {
  const literal = JSON.stringify(value);
  return `filter=${encodeURIComponent(`${attribute} eq ${literal}`)}`;
}

/** Okta's lookup before creating a user: `GET /Users?filter=userName eq "…"&startIndex=1&count=100`. */
export function lookupUserByUserName(userName: string): ScimRequest {
  return { method: "GET", path: `/Users?${oktaEqFilterQuery("userName", userName)}&startIndex=1&count=${OKTA_PAGE_SIZE}` };
}

/** Okta's group lookup when it does not know the group's id: `displayName eq` (OKTA-520454). */
export function lookupGroupByDisplayName(displayName: string): ScimRequest {
  return { method: "GET", path: `/Groups?${oktaEqFilterQuery("displayName", displayName)}&startIndex=1&count=${OKTA_PAGE_SIZE}` };
}

/** One page of an import (Okta walks startIndex += count until totalResults). */
export function importPage(resource: "Users" | "Groups", startIndex: number, count: number = OKTA_PAGE_SIZE): ScimRequest {
  return { method: "GET", path: `/${resource}?startIndex=${startIndex}&count=${count}` };
}

export function getUser(id: string): ScimRequest {
  return { method: "GET", path: `/Users/${encodeURIComponent(id)}` };
}

export function getGroup(id: string): ScimRequest {
  return { method: "GET", path: `/Groups/${encodeURIComponent(id)}` };
}

/** `POST /Users` with the body Okta sends on assignment: externalId, password, `groups: []`, active. */
export function createUser(user: OktaAppUser): ScimRequest {
  return {
    method: "POST",
    path: "/Users",
    body: {
      schemas: [USER_SCHEMA],
      userName: user.userName,
      name: { givenName: user.givenName, familyName: user.familyName },
      emails: [{ primary: true, value: user.email, type: "work" }],
      displayName: `${user.givenName} ${user.familyName}`,
      locale: user.locale ?? "en-US",
      externalId: user.oktaUserId,
      groups: [],
      password: user.password,
      active: true,
    },
  };
}

/**
 * A profile push, in both dialects: Okta reads the user (GET), changes the attributes its profile
 * maps, and PUTs the whole resource back — including `id`, `groups` and `meta` as it read them.
 */
export function updateUserProfile(current: ScimResource, change: ProfileChange): ScimRequest {
  const body = structuredClone(current);
  if (change.givenName !== undefined || change.familyName !== undefined) {
    const name = isJsonObject(body.name) ? body.name : {};
    if (change.givenName !== undefined) name.givenName = change.givenName;
    if (change.familyName !== undefined) name.familyName = change.familyName;
    body.name = name;
  }
  if (change.displayName !== undefined) body.displayName = change.displayName;
  if (change.email !== undefined) body.emails = withPrimaryWorkEmail(body.emails, change.email);
  return { method: "PUT", path: userPath(current), body };
}

/**
 * Deactivate (`active: false`) or reactivate a user. oin: `PATCH` with a no-path replace
 * `{"active": false}`; aiw: the resource read by GET, PUT back with `active` changed.
 */
export function setUserActive(target: UserTarget, active: boolean): ScimRequest {
  if (target.dialect === "oin") return patch(`/Users/${encodeURIComponent(target.id)}`, [{ op: "replace", value: { active } }]);
  return { method: "PUT", path: userPath(target.current), body: { ...structuredClone(target.current), active } };
}

/** Password sync: oin `PATCH` no-path replace `{"password": …}`; aiw a full PUT carrying it. */
export function syncPassword(target: UserTarget, password: string): ScimRequest {
  if (target.dialect === "oin") return patch(`/Users/${encodeURIComponent(target.id)}`, [{ op: "replace", value: { password } }]);
  return { method: "PUT", path: userPath(target.current), body: { ...structuredClone(target.current), password } };
}

/** Group push: `POST /Groups` with `members: []` (members follow in membership updates). */
export function createGroup(displayName: string): ScimRequest {
  return { method: "POST", path: "/Groups", body: { schemas: [GROUP_SCHEMA], displayName, members: [] } };
}

/**
 * A membership update. oin: one PATCH that removes each leaving member by
 * `members[value eq "<id>"]` and adds the joining ones with `path: "members"`. aiw: a full PUT of
 * the group with Okta's resulting member list.
 */
export function changeGroupMembers(
  dialect: Dialect,
  group: PushedGroup,
  change: { add?: readonly GroupMember[]; remove?: readonly string[] },
): ScimRequest {
  const add = change.add ?? [];
  const remove = change.remove ?? [];
  if (dialect === "oin") {
    const operations: PatchOperation[] = remove.map((id) => ({ op: "remove", path: `members[value eq ${JSON.stringify(id)}]` }));
    if (add.length > 0) operations.push({ op: "add", path: "members", value: add.map((member) => ({ ...member })) });
    return patch(groupPath(group.id), operations);
  }
  const members = [...group.members.filter((member) => !remove.includes(member.value)), ...add];
  return putGroup({ ...group, members });
}

/** A rename. oin: PATCH no-path replace `{id, displayName}`; aiw: a full PUT of the group. */
export function renameGroup(dialect: Dialect, group: PushedGroup, displayName: string): ScimRequest {
  if (dialect === "oin") return patch(groupPath(group.id), [{ op: "replace", value: { id: group.id, displayName } }]);
  return putGroup({ ...group, displayName });
}

/** Unlinking a pushed group with "Delete the group in the target app". */
export function deleteGroup(id: string): ScimRequest {
  return { method: "DELETE", path: groupPath(id) };
}

/** The application group state after a membership change, as Okta tracks it. */
export function applyMembershipChange(group: PushedGroup, change: { add?: readonly GroupMember[]; remove?: readonly string[] }): PushedGroup {
  const remove = change.remove ?? [];
  return { ...group, members: [...group.members.filter((member) => !remove.includes(member.value)), ...(change.add ?? [])] };
}

const OKTA_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** An id shaped like an Okta user id: "00u" and 17 letters or digits ("00ujl29u0le5T6Aj10h7"). */
export function oktaLikeUserId(random: () => number = Math.random): string {
  let id = "00u";
  for (let index = 0; index < 17; index += 1) id += OKTA_ID_ALPHABET[Math.floor(random() * OKTA_ID_ALPHABET.length)] ?? "0";
  return id;
}

interface PatchOperation {
  op: "add" | "remove" | "replace";
  path?: string;
  value?: unknown;
}

function patch(path: string, operations: PatchOperation[]): ScimRequest {
  return { method: "PATCH", path, body: { schemas: [PATCH_OP_SCHEMA], Operations: operations } };
}

function putGroup(group: PushedGroup): ScimRequest {
  return {
    method: "PUT",
    path: groupPath(group.id),
    body: { schemas: [GROUP_SCHEMA], id: group.id, displayName: group.displayName, members: group.members.map((member) => ({ ...member })) },
  };
}

function groupPath(id: string): string {
  return `/Groups/${encodeURIComponent(id)}`;
}

function userPath(resource: ScimResource): string {
  if (typeof resource.id !== "string" || resource.id === "") throw new TypeError("a user read back from the server has no id to PUT to");
  return `/Users/${encodeURIComponent(resource.id)}`;
}

function withPrimaryWorkEmail(emails: unknown, email: string): unknown[] {
  const list = Array.isArray(emails) ? emails.filter(isJsonObject) : [];
  const primary = list.find((entry) => entry.primary === true) ?? list[0];
  if (!primary) return [{ primary: true, value: email, type: "work" }];
  return list.map((entry) => (entry === primary ? { ...entry, value: email } : entry));
}
