import { isSuccess, type ScimRequest, type ScimResponse } from "../client.js";
import { isJsonObject, type JsonObject } from "../json.js";
import {
  createGroup,
  createUser,
  getUser,
  oktaLikeUserId,
  oktaPlaceholderPassword,
  type AppProfile,
  type AttributeMapping,
  type GroupMember,
  type OktaAppUser,
} from "../okta-dialect.js";
import { USER_SCHEMA } from "../urns.js";
import { expectResource, expectStatus, sent } from "./response-checks.js";
import type { ProbeContext, ProbeOutcome } from "./types.js";

/**
 * Users and groups the okta-runtime and rfc probes create. Every name carries ctx.uniqueName (the
 * run's recognisable prefix), by which the runner proves what a POST created is ours and cleans it up.
 */

/** A user as Okta would assign it: a unique userName at the run's email domain, an Okta-like id, Okta's placeholder password. */
export function planOktaUser(ctx: ProbeContext, kind: string): OktaAppUser {
  const name = ctx.uniqueName(kind);
  const address = `${name}@${ctx.emailDomain}`;
  return {
    oktaUserId: oktaLikeUserId(),
    userName: address,
    givenName: "Scim-okta",
    familyName: "Probe",
    email: address,
    // What Okta really sends with Sync Password off (8 letters and digits), so a password policy that refuses it shows.
    password: oktaPlaceholderPassword(),
  };
}

/** `POST /Users` with the smallest RFC 7643 user, for rfc probes that must not depend on what Okta adds. */
export function createMinimalUser(userName: string, headers?: Record<string, string>): ScimRequest {
  return {
    method: "POST",
    path: "/Users",
    body: {
      schemas: [USER_SCHEMA],
      userName,
      name: { givenName: "Scim-okta", familyName: "Probe" },
      emails: [{ primary: true, value: userName, type: "work" }],
      active: true,
    },
    ...(headers ? { headers } : {}),
  };
}

export interface CreatedUser {
  id: string;
  userName: string;
  resource: JsonObject;
  response: ScimResponse;
}

/**
 * POST a user (the runner records what it creates, for cleanup). Returns undefined (with the response) when the server
 * did not create it, so the caller decides whether that is its failure or a missing prerequisite.
 */
export async function postUser(ctx: ProbeContext, userName: string, request: ScimRequest): Promise<CreatedUser | { id: undefined; response: ScimResponse }> {
  const response = await ctx.send(request);
  const resource = response.json;
  if (isSuccess(response.status) && isJsonObject(resource) && typeof resource.id === "string" && resource.id !== "") {
    return { id: resource.id, userName, resource, response };
  }
  return { id: undefined, response };
}

/** Create a user with Okta's own create body (externalId, password, groups: []). */
export function postOktaUser(ctx: ProbeContext, user: OktaAppUser): ReturnType<typeof postUser> {
  return postUser(ctx, user.userName, createUser(user));
}

/**
 * A user created with Okta's body for a probe that checks something else about users: when the
 * server refuses Okta's create body the probe is skipped, since okta-runtime/create-user already
 * fails for that (one finding, one failure).
 */
export async function oktaUserOrSkip(ctx: ProbeContext, kind: string, user: OktaAppUser = planOktaUser(ctx, kind)): Promise<(CreatedUser & { planned: OktaAppUser }) | ProbeOutcome> {
  const created = await postOktaUser(ctx, user);
  if (created.id === undefined) {
    return {
      status: "skipped",
      message: `needs a user created with Okta's body, and ${sent(created.response)} answered ${created.response.status} (okta-runtime/create-user says why)`,
    };
  }
  return { ...created, planned: user };
}

/** GET /Users/{id}, which must answer 200 with the user; `what` names it in a failure ("the user"). */
export async function readUser(ctx: ProbeContext, id: string, what = "the user"): Promise<{ response: ScimResponse; resource: JsonObject & { id: string } }> {
  const response = await ctx.send(getUser(id));
  expectStatus(response, 200, `200 with ${what}`);
  return { response, resource: expectResource(response, what) };
}

/** Statuses that say "there is no /Groups here" rather than "this group was refused". */
const NO_GROUPS_STATUSES: ReadonlySet<number> = new Set([404, 405, 501]);

export interface CreatedGroup {
  id: string;
  displayName: string;
  resource: JsonObject & { id: string };
  response: ScimResponse;
}

/**
 * Create a group or fail — the one group fixture. POSTs `request` (Okta's push by default) and
 * the runner records the group for cleanup. A server without /Groups (404, 405 or 501) is skipped with that
 * reason: group push probes are required once a server implements groups (POST /Groups answered
 * 2xx), and do not apply to a server that has none. Any other refusal fails the probe.
 */
export async function createGroupOrFail(
  ctx: ProbeContext,
  kind: string,
  options: { members?: readonly GroupMember[]; request?: (displayName: string) => ScimRequest; why?: string } = {},
): Promise<CreatedGroup | ProbeOutcome> {
  const displayName = ctx.uniqueName(kind);
  const request = options.request ? options.request(displayName) : createGroup(displayName, options.members);
  const response = await ctx.send(request);
  if (NO_GROUPS_STATUSES.has(response.status)) return { status: "skipped", message: noGroupsReason(response) };
  const why = options.why ?? "this probe needs a group";
  expectStatus(response, [200, 201], `201 Created with the group (${why})`);
  const resource = expectResource(response, "the group, with its id");
  return { id: resource.id, displayName, resource, response };
}

/** Why group probes do not run on this server. */
export function noGroupsReason(response: ScimResponse): string {
  return `the server has no /Groups (${sent(response)} answered ${response.status}); group push probes apply once a server implements groups`;
}

/** Whether a list or read answer says the server has no /Groups at all. */
export function hasNoGroups(response: ScimResponse): boolean {
  return NO_GROUPS_STATUSES.has(response.status);
}

/**
 * Values for the app attributes a probe sends beyond the core ones, recognisable and valid for
 * their SCIM attribute: a manager by the userName of a user the server has (KloudHybrid's
 * `managerValue` must be the manager's userName), a phone number for phones, a language tag for
 * languages and locales. `round` makes a second set that differs, for updates.
 */
export function sampleAppProfile(mappings: readonly AttributeMapping[], context: { manager: { userName: string; displayName: string }; round: number }): AppProfile {
  const profile: Record<string, string> = {};
  const suffix = context.round === 0 ? "" : `-${context.round + 1}`;
  for (const mapping of mappings) {
    const path = mapping.externalName.toLowerCase();
    if (path === "manager.value") profile[mapping.name] = context.manager.userName;
    else if (path === "manager.displayname") profile[mapping.name] = context.manager.displayName;
    else if (path.startsWith("phonenumbers.") && path.endsWith(".value")) profile[mapping.name] = context.round === 0 ? "+1 415 555 0100" : "+1 415 555 0199";
    else if (path.endsWith(".type")) profile[mapping.name] = context.round === 0 ? "work" : "mobile";
    else if (path === "locale" || path === "preferredlanguage") profile[mapping.name] = context.round === 0 ? "en-US" : "en-GB";
    else if (path === "timezone") profile[mapping.name] = context.round === 0 ? "America/Los_Angeles" : "Europe/London";
    else profile[mapping.name] = `Scim-okta probe ${mapping.name}${suffix}`;
  }
  return profile;
}

/** The mapped attributes the probes send when no template says which: what Okta's OIN templates map most (research/okta-traffic.md §7). */
export const TYPICAL_MAPPED_ATTRIBUTES: readonly string[] = ["title", "department", "costCenter", "managerValue"];
