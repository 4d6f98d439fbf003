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
 * `Accept: application/scim+json`, `Accept-Charset: utf-8`, `Accept-Encoding: gzip,deflate`, bodies as
 * `application/scim+json; charset=utf-8`).
 *
 * Where a capture of real Okta traffic and Okta's docs disagree, the capture wins
 * (research/okta-traffic.md): the short alphanumeric create password, the GET + name re-assert after
 * every oin membership change, "Push now" as a replace of `members`, aiw's GET before every group PUT
 * and its link-by-PUT of a user the lookup found. Builders whose order matters return the requests
 * Okta sends, in order (`…Requests`); the rest return one request.
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
  /**
   * Okta sends a password on create even with Sync Password off: without sync, a generated
   * placeholder of 8 letters and digits (oktaPlaceholderPassword).
   */
  password: string;
  locale?: string;
  /** App profile attributes beyond the core ones, sent where the mappings say (enterprise, custom). */
  mapped?: MappedProfile;
}

/**
 * An app user attribute and where Okta writes it in SCIM: the app user schema's `externalName`
 * (Okta's path syntax: `manager.value`, `emails.^[primary==true].value`) and `externalNamespace`
 * (the schema URN; an extension's attributes go under it, with the URN added to `schemas`).
 */
export interface AttributeMapping {
  /** The app user attribute's variable name ("managerValue", "department"). */
  name: string;
  externalName: string;
  /** The core User schema when absent. */
  externalNamespace?: string;
}

/** An app user's profile values, by app attribute name; null or absent values are not sent. */
export type AppProfile = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** The app profile Okta sends beyond the core attributes, and the mappings that place it. */
export interface MappedProfile {
  profile: AppProfile;
  mappings: readonly AttributeMapping[];
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

const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS = "0123456789";
const OKTA_ID_ALPHABET = LETTERS + DIGITS;
const PLACEHOLDER_PASSWORD_LENGTH = 8;

/**
 * The password Okta puts in a create body when Sync Password is off: 8 letters and digits, no
 * symbol ("1mz050nq" in Okta's docs, "4a9XuKkx" in a capture; research/okta-traffic.md §2). A
 * server whose password policy wants a symbol or more length refuses every assignment.
 */
export function oktaPlaceholderPassword(random: () => number = Math.random): string {
  const pick = (alphabet: string) => alphabet[Math.floor(random() * alphabet.length)] ?? "0";
  const characters = Array.from({ length: PLACEHOLDER_PASSWORD_LENGTH }, () => pick(OKTA_ID_ALPHABET));
  // Both captured values mix letters and digits; keep at least one of each.
  if (!characters.some((character) => DIGITS.includes(character))) characters[1] = pick(DIGITS);
  if (!characters.some((character) => LETTERS.includes(character))) characters[0] = pick(LETTERS);
  return characters.join("");
}

/** `POST /Users` with the body Okta sends on assignment: externalId, password, `groups: []`, active, mapped attributes. */
export function createUser(user: OktaAppUser): ScimRequest {
  const body: ScimResource = {
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
  };
  return { method: "POST", path: "/Users", body: user.mapped ? applyAppProfile(body, user.mapped) : body };
}

/**
 * aiw, when the userName lookup found a user Okta did not create: Okta GETs it and PUTs it back
 * merged with its app profile — `externalId` becomes Okta's user id, `groups: []` and `locale` are
 * added, `emails` is replaced by Okta's one work email, the name parts and displayName are Okta's,
 * `active: true`; the server's `id`, `meta`, `name.formatted` and other attributes are kept
 * (research/okta-traffic.md §3, the mock-scim capture). No password: Okta links, it does not create.
 */
export function linkExistingUser(current: ScimResource, user: OktaAppUser): ScimRequest {
  const body = structuredClone(current);
  if (!Array.isArray(body.schemas)) body.schemas = [USER_SCHEMA];
  body.userName = user.userName;
  body.name = { ...(isJsonObject(body.name) ? body.name : {}), givenName: user.givenName, familyName: user.familyName };
  body.displayName = `${user.givenName} ${user.familyName}`;
  body.emails = [{ primary: true, type: "work", value: user.email }];
  body.externalId = user.oktaUserId;
  body.groups = [];
  body.locale = user.locale ?? "en-US";
  body.active = true;
  return { method: "PUT", path: userPath(current), body: user.mapped ? applyAppProfile(body, user.mapped) : body };
}

/**
 * A PUT of the resource exactly as read: aiw sends such "echo" PUTs when nothing changed (15 of
 * them in one replayed capture, some after a reactivation). The server must answer as for any PUT
 * and keep the resource as it was.
 */
export function resendUser(current: ScimResource): ScimRequest {
  return { method: "PUT", path: userPath(current), body: structuredClone(current) };
}

/** A profile push of app attributes beyond the core ones: the resource read by GET, with the mapped values, PUT back. */
export function updateMappedAttributes(current: ScimResource, mapped: MappedProfile): ScimRequest {
  return { method: "PUT", path: userPath(current), body: applyAppProfile(structuredClone(current), mapped) };
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

/**
 * Group push: `POST /Groups` with the displayName and the members Okta already has for it —
 * `members: []` for a new empty group, the member list when the pushed group has people (Okta's
 * SCIM samples; bitwarden/server#2139).
 */
export function createGroup(displayName: string, members: readonly GroupMember[] = []): ScimRequest {
  return { method: "POST", path: "/Groups", body: { schemas: [GROUP_SCHEMA], displayName, members: members.map((member) => ({ ...member })) } };
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
  if (dialect === "oin") return reassertGroupName({ id: group.id, displayName });
  return putGroup({ ...group, displayName });
}

/**
 * oin: the PATCH Okta sends after every membership change, re-asserting the group's name even
 * when it did not change: `{"op":"replace","value":{"id","displayName"}}` (Okta's docs: "triggered
 * each time there is a group membership update"; capture in imulab/go-scim#57).
 */
export function reassertGroupName(group: Pick<PushedGroup, "id" | "displayName">): ScimRequest {
  return patch(groupPath(group.id), [{ op: "replace", value: { id: group.id, displayName: group.displayName } }]);
}

/**
 * "Push now": Okta sends the group's whole member list. oin: PATCH
 * `{"op":"replace","path":"members","value":[…]}`, with `"value": []` for an empty group (Okta's
 * docs, SCIM-SDK#757, a replayed OIN capture); aiw: a full PUT of the group.
 */
export function pushGroupMembers(dialect: Dialect, group: PushedGroup): ScimRequest {
  if (dialect === "aiw") return putGroup(group);
  return patch(groupPath(group.id), [{ op: "replace", path: "members", value: group.members.map((member) => ({ ...member })) }]);
}

/**
 * oin: a no-path replace carrying the members along with the name,
 * `{"op":"replace","value":{"id","displayName","members":[…]}}` (reported from Okta in
 * jelhub/scimgateway#111 and #113). The members in it are the group's complete list.
 */
export function replaceGroupWithoutPath(group: PushedGroup): ScimRequest {
  return patch(groupPath(group.id), [
    { op: "replace", value: { id: group.id, displayName: group.displayName, members: group.members.map((member) => ({ ...member })) } },
  ]);
}

/**
 * Every request of one membership change, in Okta's order. oin: the membership PATCH, then GET of
 * the group and the PATCH re-asserting its name. aiw: GET of the group, then the PUT of the whole
 * group with Okta's member list (Okta reads before every aiw group write, but PUTs its own list).
 */
export function membershipChangeRequests(
  dialect: Dialect,
  group: PushedGroup,
  change: { add?: readonly GroupMember[]; remove?: readonly string[] },
): ScimRequest[] {
  if (dialect === "aiw") return [getGroup(group.id), changeGroupMembers("aiw", group, change)];
  return [changeGroupMembers("oin", group, change), ...afterMembershipChange(group)];
}

/** "Push now", in Okta's order: oin the members replace then GET + name re-assert; aiw GET then PUT. */
export function pushNowRequests(dialect: Dialect, group: PushedGroup): ScimRequest[] {
  if (dialect === "aiw") return [getGroup(group.id), pushGroupMembers("aiw", group)];
  return [pushGroupMembers("oin", group), ...afterMembershipChange(group)];
}

/** A rename, in Okta's order: oin one PATCH; aiw GET then PUT. */
export function renameRequests(dialect: Dialect, group: PushedGroup, displayName: string): ScimRequest[] {
  if (dialect === "aiw") return [getGroup(group.id), renameGroup("aiw", group, displayName)];
  return [renameGroup("oin", group, displayName)];
}

/** oin, after a membership change: GET of the group, then the PATCH re-asserting its unchanged name. */
function afterMembershipChange(group: PushedGroup): ScimRequest[] {
  return [getGroup(group.id), reassertGroupName(group)];
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

/** An id shaped like an Okta user id: "00u" and 17 letters or digits ("00ujl29u0le5T6Aj10h7"). */
export function oktaLikeUserId(random: () => number = Math.random): string {
  let id = "00u";
  for (let index = 0; index < 17; index += 1) id += OKTA_ID_ALPHABET[Math.floor(random() * OKTA_ID_ALPHABET.length)] ?? "0";
  return id;
}

// ---------------------------------------------------------------------------------------------
// App profile → SCIM attributes
// ---------------------------------------------------------------------------------------------

/** The enterprise User extension (RFC 7643 §4.3), where Okta maps manager, department, costCenter, … */
export const ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/**
 * Where Okta's SCIM 2.0 test apps map their base app attributes (Okta's SCIM externalName syntax,
 * research/okta-api.md §5). The default attribute list is not published; these are the names
 * Okta's SCIM templates use, so a template mapping one of them needs no custom attribute.
 */
export const OKTA_BASE_ATTRIBUTES: readonly AttributeMapping[] = [
  { name: "userName", externalName: "userName" },
  { name: "givenName", externalName: "name.givenName" },
  { name: "familyName", externalName: "name.familyName" },
  { name: "middleName", externalName: "name.middleName" },
  { name: "honorificPrefix", externalName: "name.honorificPrefix" },
  { name: "honorificSuffix", externalName: "name.honorificSuffix" },
  { name: "email", externalName: "emails.^[primary==true].value" },
  { name: "emailType", externalName: "emails.^[primary==true].type" },
  { name: "primaryPhone", externalName: "phoneNumbers.^[primary==true].value" },
  { name: "primaryPhoneType", externalName: "phoneNumbers.^[primary==true].type" },
  { name: "displayName", externalName: "displayName" },
  { name: "nickName", externalName: "nickName" },
  { name: "profileUrl", externalName: "profileUrl" },
  { name: "title", externalName: "title" },
  { name: "userType", externalName: "userType" },
  { name: "preferredLanguage", externalName: "preferredLanguage" },
  { name: "locale", externalName: "locale" },
  { name: "timezone", externalName: "timezone" },
  ...["employeeNumber", "costCenter", "organization", "division", "department"].map((name) => ({ name, externalName: name, externalNamespace: ENTERPRISE_USER_SCHEMA })),
  { name: "managerValue", externalName: "manager.value", externalNamespace: ENTERPRISE_USER_SCHEMA },
  { name: "managerDisplayName", externalName: "manager.displayName", externalNamespace: ENTERPRISE_USER_SCHEMA },
];

/** What a template says about its attributes: its custom app attributes and its mappings. */
export interface TemplateAttributes {
  customAttributes: readonly { name: string; externalName: string; externalNamespace?: string }[];
  mappings: { map: readonly { attribute: string }[]; optional: readonly { attribute: string }[] };
}

/**
 * The attributes a template maps (its `map` and `optional` mappings), each with where Okta writes
 * it: the template's custom attribute of that name, else Okta's base attribute. An attribute
 * neither defines has no known SCIM path and is left out. Pass `template.okta`.
 */
export function templateAttributeMappings(okta: TemplateAttributes): AttributeMapping[] {
  const mapped = new Set([...okta.mappings.map, ...okta.mappings.optional].map((mapping) => mapping.attribute));
  const result: AttributeMapping[] = [];
  for (const name of mapped) {
    const custom = okta.customAttributes.find((attribute) => attribute.name === name);
    const mapping = custom
      ? { name, externalName: custom.externalName, ...(custom.externalNamespace === undefined ? {} : { externalNamespace: custom.externalNamespace }) }
      : OKTA_BASE_ATTRIBUTES.find((attribute) => attribute.name === name);
    if (mapping) result.push(mapping);
  }
  return result;
}

/**
 * A SCIM user body with an app profile written in: each mapped value at its externalName, an
 * extension's attributes under its URN with the URN added to `schemas` (RFC 7643 §3.3). A copy;
 * `body` is not changed. Values that are null or absent are not sent.
 */
export function applyAppProfile(body: ScimResource, mapped: MappedProfile): ScimResource {
  const out = structuredClone(body);
  for (const mapping of mapped.mappings) {
    const value = mapped.profile[mapping.name];
    if (value === undefined || value === null) continue;
    const namespace = mapping.externalNamespace ?? USER_SCHEMA;
    let target: Record<string, unknown> = out;
    if (namespace !== USER_SCHEMA) {
      const schemas = Array.isArray(out.schemas) ? out.schemas : [];
      if (!schemas.includes(namespace)) out.schemas = [...schemas, namespace];
      const extension = isJsonObject(out[namespace]) ? out[namespace] : {};
      out[namespace] = extension;
      target = extension;
    }
    writeExternalName(target, mapping.externalName, value);
  }
  return out;
}

/**
 * The value a mapped attribute has in a SCIM resource (the inverse of applyAppProfile): read at
 * its externalName, under its namespace for an extension. Undefined when it is not there.
 */
export function mappedValue(resource: ScimResource, mapping: AttributeMapping): unknown {
  const namespace = mapping.externalNamespace ?? USER_SCHEMA;
  let current: unknown = namespace === USER_SCHEMA ? resource : resource[namespace];
  const segments = mapping.externalName.split(".");
  for (let index = 0; index < segments.length; index += 1) {
    if (!isJsonObject(current)) return undefined;
    const segment = segments[index] ?? "";
    const filter = parseElementFilter(segments[index + 1] ?? "");
    if (filter) {
      const list = current[segment];
      current = Array.isArray(list) ? list.find((item) => isJsonObject(item) && item[filter.key] === filter.value) : undefined;
      index += 1;
      continue;
    }
    current = current[segment];
  }
  return current;
}

/** The app attributes Okta's create body already carries (createUser, linkExistingUser): mapped values for them come from there. */
export const CORE_APP_ATTRIBUTES: ReadonlySet<string> = new Set(["userName", "givenName", "familyName", "email", "emailType", "displayName", "locale"]);

/** `a.b` writes nested objects; `emails.^[primary==true].value` writes into the array element matching the filter (created when missing). */
function writeExternalName(target: Record<string, unknown>, externalName: string, value: unknown): void {
  const segments = externalName.split(".");
  let current: Record<string, unknown> = target;
  for (let index = 0; index < segments.length - 1; index += 1) {
    const segment = segments[index] ?? "";
    const filter = parseElementFilter(segments[index + 1] ?? "");
    if (filter) {
      const list = Array.isArray(current[segment]) ? (current[segment] as unknown[]) : [];
      current[segment] = list;
      let element = list.find((item): item is Record<string, unknown> => isJsonObject(item) && item[filter.key] === filter.value);
      if (!element) {
        element = { [filter.key]: filter.value };
        list.push(element);
      }
      current = element;
      index += 1;
      continue;
    }
    const next = isJsonObject(current[segment]) ? current[segment] : {};
    current[segment] = next;
    current = next;
  }
  current[segments.at(-1) ?? externalName] = value;
}

/** Okta's element filter segment: `^[primary==true]`, `^[type=='work']`. */
function parseElementFilter(segment: string): { key: string; value: unknown } | undefined {
  const match = /^\^\[(\w+)==(.+)\]$/.exec(segment);
  if (!match?.[1] || match[2] === undefined) return undefined;
  const raw = match[2].trim();
  const value = raw === "true" ? true : raw === "false" ? false : raw.replace(/^['"]|['"]$/g, "");
  return { key: match[1], value };
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
