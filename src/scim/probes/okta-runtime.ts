import { isSuccess, type ScimRequest, type ScimResponse } from "../client.js";
import type { JsonObject } from "../json.js";
import {
  applyMembershipChange,
  changeGroupMembers,
  createGroup,
  deleteGroup,
  getGroup,
  getUser,
  importPage,
  lookupGroupByDisplayName,
  lookupUserByUserName,
  renameGroup,
  setUserActive,
  updateUserProfile,
  type OktaAppUser,
  type PushedGroup,
  type UserTarget,
} from "../okta-dialect.js";
import { planOktaUser, postOktaUser, readUser } from "./fixtures.js";
import {
  expectJsonObject,
  expectListResponse,
  expectResource,
  expectStatus,
  expectValue,
  fail,
  received,
  sent,
  valueAt,
} from "./response-checks.js";
import { ProbeFailure, type ProbeContext, type ProbeDefinition, type ProbeOutcome } from "./types.js";

/**
 * okta-runtime: the requests Okta really sends in production, in the run's dialect (DESIGN §5,
 * research/scim-conformance.md §1.6). Three independent chains — a user's lifecycle, a pushed
 * group's lifecycle, and an import — so the runner can run them side by side.
 */

const REFERENCE = {
  createFlow: "Okta SCIM 2.0 reference: create users (lookup, then POST)",
  update: "Okta SCIM 2.0 reference: update a specific user (GET + PUT)",
  deactivate: "Okta SCIM 2.0 reference: deactivate (oin PATCH, aiw PUT); Okta CRUD test steps 7-8",
  reactivate: "Okta SCIM 2.0 reference: activate (oin PATCH, aiw PUT); Okta CRUD test steps 9-10",
  import: "Okta SCIM 2.0 reference: retrieve users (pagination)",
  groups: "Okta SCIM 2.0 reference: retrieve groups",
  groupCreate: "Okta SCIM 2.0 reference: create groups",
  groupLookup: "Okta group push: displayName eq lookup (OKTA-520454)",
  membership: "Okta SCIM 2.0 reference: update specific group membership",
  rename: "Okta SCIM 2.0 reference: update a specific group name",
  groupDelete: "Okta SCIM 2.0 reference: delete a specific group",
} as const;

const KEY = { user: "okta-runtime/user", group: "okta-runtime/group" } as const;

/** The user chain's state: what Okta planned, and the id the server gave it. */
interface RuntimeUser {
  planned: OktaAppUser;
  id?: string;
}

function chainState<T>(ctx: ProbeContext, key: string): T {
  const value = ctx.state.get(key);
  if (value === undefined) throw new Error(`${key} is missing: the probe it comes from did not run first`);
  return value as T;
}

function createdUserId(ctx: ProbeContext): string {
  const { id } = chainState<RuntimeUser>(ctx, KEY.user);
  if (id === undefined) throw new Error(`${KEY.user} has no id: okta-runtime/create-user did not pass`);
  return id;
}

const dialectWords = (ctx: ProbeContext, oin: string, aiw: string): string => (ctx.dialect === "oin" ? `oin: ${oin}` : `aiw: ${aiw}`);

/** 2xx for a write; 201 on create is checked separately. Okta's reference allows 204 on PATCH. */
function expectWriteAccepted(response: ScimResponse, what: string): void {
  if (!isSuccess(response.status)) {
    fail(response, `${what}: ${sent(response)} answered ${response.status}`, "2xx (200 with the resource, or 204)");
  }
}

/** The resource after a write: the body the server answered with, or a GET when it answered 204. */
async function resourceAfterWrite(ctx: ProbeContext, response: ScimResponse, read: ScimRequest): Promise<{ resource: JsonObject; response: ScimResponse }> {
  if (response.status !== 204 && response.text.trim() !== "") {
    return { resource: expectJsonObject(response, "the updated resource in the response body"), response };
  }
  const readBack = await ctx.send(read);
  expectStatus(readBack, 200, "200 with the resource");
  return { resource: expectJsonObject(readBack, "the resource"), response: readBack };
}

async function readUserForPut(ctx: ProbeContext, id: string): Promise<JsonObject> {
  return (await readUser(ctx, id, "the user, which Okta changes and PUTs back")).resource;
}

/** Okta's user target in the run's dialect: oin patches by id, aiw first GETs the user it will PUT. */
async function userTarget(ctx: ProbeContext, id: string): Promise<UserTarget> {
  return ctx.dialect === "oin" ? { dialect: "oin", id } : { dialect: "aiw", current: await readUserForPut(ctx, id) };
}

function expectActive(response: ScimResponse, resource: unknown, active: boolean, why: string): void {
  const value = valueAt(resource, "active");
  if (typeof value !== "boolean") {
    fail(response, `${sent(response)} answered active ${JSON.stringify(value)}, not a boolean`, `active: ${active} (a JSON boolean)`, `active: ${JSON.stringify(value)}`);
  }
  expectValue(response, resource, "active", active, why);
}

/** Lookup by userName as Okta sends it; the single match, or a failure saying what came back. */
async function lookupSingleUser(ctx: ProbeContext, userName: string, id: string, why: string): Promise<{ resource: JsonObject; response: ScimResponse }> {
  const response = await ctx.send(lookupUserByUserName(userName));
  const page = expectListResponse(response);
  const ids = (page.resources ?? []).map((resource) => resource.id);
  const match = page.resources?.find((resource) => resource.id === id);
  if (page.totalResults === 1 && !match) {
    fail(response, `${sent(response)} says totalResults 1 but returned ${JSON.stringify(ids)}, not the user ${id}: startIndex=1 must return the first match (1-based)`, `Resources[0].id ${id}`, `Resources ids ${JSON.stringify(ids)}`);
  }
  if (page.totalResults !== 1 || !match) {
    fail(response, `${sent(response)} found ${page.totalResults} user(s), expected exactly the user ${id}: ${why}`, `totalResults 1 with Resources[0].id ${id}`, `totalResults ${page.totalResults}, ids ${JSON.stringify(ids.slice(0, 10))}`);
  }
  return { resource: match, response };
}

const lookupUserBeforeCreate: ProbeDefinition = {
  id: "okta-runtime/lookup-user-before-create",
  suite: "okta-runtime",
  title: "Looks up a new userName the way Okta does before creating it (userName eq, startIndex=1&count=100) and gets an empty list",
  required: true,
  reference: REFERENCE.createFlow,
  readOnly: true,
  async run(ctx): Promise<ProbeOutcome | void> {
    const planned = planOktaUser(ctx, "user");
    ctx.state.set(KEY.user, { planned } satisfies RuntimeUser);
    const response = await ctx.send(lookupUserByUserName(planned.userName));
    if (response.status === 404) {
      return {
        status: "warned",
        message: `${sent(response)} answered 404 for a userName that does not exist; Okta tolerates that, but RFC 7644 §3.4.2 wants 200 with totalResults 0`,
      };
    }
    const page = expectListResponse(response);
    if (page.totalResults !== 0 || (page.resources?.length ?? 0) !== 0) {
      fail(response, `${sent(response)} found ${page.totalResults} user(s) for a userName that does not exist, so Okta would link instead of create`, "totalResults 0", `totalResults ${page.totalResults}`);
    }
  },
};

const createUserProbe: ProbeDefinition = {
  id: "okta-runtime/create-user",
  suite: "okta-runtime",
  title: "Creates the user with Okta's body (externalId, password, groups: [], active) sent as application/scim+json",
  required: true,
  reference: REFERENCE.createFlow,
  readOnly: false,
  after: [lookupUserBeforeCreate.id],
  async run(ctx): Promise<ProbeOutcome | void> {
    const state = chainState<RuntimeUser>(ctx, KEY.user);
    const { planned } = state;
    const created = await postOktaUser(ctx, planned);
    const { response } = created;
    if (response.status >= 400 && response.status < 500) {
      fail(
        response,
        `${sent(response)} refused Okta's create body (${response.status}); Okta always sends externalId, a password and groups: [] as application/scim+json, and readOnly or unknown attributes must be ignored, not refused`,
        "201 Created with the user",
      );
    }
    expectStatus(response, [200, 201], "201 Created with the user");
    if (created.id === undefined) fail(response, `${sent(response)} answered ${response.status} without the created user's id`, "201 with the user, including its id");
    state.id = created.id;
    const resource = created.resource;
    expectValue(response, resource, "userName", planned.userName, "Okta matches the user by the userName it sent");
    expectValue(response, resource, "externalId", planned.oktaUserId, "the externalId Okta sent (its user id) must be stored and returned");
    expectActive(response, resource, true, "Okta created an active user");
    if (response.status === 200) {
      return { status: "warned", message: `${sent(response)} answered 200; Okta's reference (and RFC 7644 §3.3) says 201 Created` };
    }
  },
};

const lookupFindsCreatedUser: ProbeDefinition = {
  id: "okta-runtime/lookup-finds-created-user",
  suite: "okta-runtime",
  title: "Okta's userName lookup finds the created user, also with the userName in upper case",
  required: true,
  reference: REFERENCE.createFlow,
  readOnly: true,
  after: [createUserProbe.id],
  async run(ctx) {
    const { planned } = chainState<RuntimeUser>(ctx, KEY.user);
    const id = createdUserId(ctx);
    await ctx.eventually(() => lookupSingleUser(ctx, planned.userName, id, "Okta links an assigned user by this lookup"));
    await lookupSingleUser(ctx, planned.userName.toUpperCase(), id, "userName is case-insensitive (RFC 7643 §4.1.1); otherwise Okta creates a duplicate when the case differs");
  },
};

const updateProfile: ProbeDefinition = {
  id: "okta-runtime/update-profile",
  suite: "okta-runtime",
  title: "Pushes a profile change the way Okta does: GET the user, then PUT the whole resource back",
  required: true,
  reference: REFERENCE.update,
  readOnly: false,
  after: [lookupFindsCreatedUser.id],
  async run(ctx) {
    const id = createdUserId(ctx);
    const current = await readUserForPut(ctx, id);
    const change = { givenName: "Scim-okta-updated", familyName: "Probe-updated", displayName: "Scim-okta-updated Probe-updated" };
    const response = await ctx.send(updateUserProfile(current, change));
    expectStatus(response, 200, "200 with the updated user (RFC 7644 §3.5.1)");
    const updated = expectResource(response, "the updated user");
    expectValue(response, updated, "name.givenName", change.givenName, "the PUT changed it");
    expectValue(response, updated, "name.familyName", change.familyName, "the PUT changed it");
    const readBack = await readUser(ctx, id);
    expectValue(readBack.response, readBack.resource, "name.givenName", change.givenName, "the PUT must be stored, not only echoed");
  },
};

const deactivateUser: ProbeDefinition = {
  id: "okta-runtime/deactivate-user",
  suite: "okta-runtime",
  title: "Deactivates the user the way Okta does (oin: PATCH replace {active:false} without a path; aiw: GET + full PUT with active false)",
  required: true,
  reference: REFERENCE.deactivate,
  readOnly: false,
  after: [updateProfile.id],
  async run(ctx) {
    const id = createdUserId(ctx);
    const response = await ctx.send(setUserActive(await userTarget(ctx, id), false));
    expectWriteAccepted(response, `deactivation (${dialectWords(ctx, "no-path PATCH", "full PUT")})`);
    const after = await resourceAfterWrite(ctx, response, getUser(id));
    expectActive(after.response, after.resource, false, "Okta deactivates by setting active to false and never deletes users");
  },
};

const deactivatedUserRetrievable: ProbeDefinition = {
  id: "okta-runtime/deactivated-user-still-retrievable",
  suite: "okta-runtime",
  title: "A deactivated user is still returned by id and by Okta's userName lookup, with active false",
  required: true,
  reference: "Okta CRUD test steps 8 and 12; research §4 #16",
  readOnly: true,
  after: [deactivateUser.id],
  async run(ctx) {
    const { planned } = chainState<RuntimeUser>(ctx, KEY.user);
    const id = createdUserId(ctx);
    const byId = await ctx.send(getUser(id));
    if (byId.status !== 200) {
      fail(byId, `${sent(byId)} answered ${byId.status} for a deactivated user; Okta reads it back to confirm the deactivation`, "200 with active false");
    }
    expectActive(byId, expectResource(byId, "the user"), false, "the user was deactivated");
    const lookup = await lookupSingleUser(ctx, planned.userName, id, "a deactivated user that drops out of the lookup is created again by Okta on reassignment");
    expectActive(lookup.response, lookup.resource, false, "the user was deactivated");
  },
};

const reactivateUser: ProbeDefinition = {
  id: "okta-runtime/reactivate-user",
  suite: "okta-runtime",
  title: "Reactivates the user the way Okta does (oin: PATCH replace {active:true} without a path; aiw: GET + full PUT with active true)",
  required: true,
  reference: REFERENCE.reactivate,
  readOnly: false,
  after: [deactivatedUserRetrievable.id],
  async run(ctx) {
    const id = createdUserId(ctx);
    const response = await ctx.send(setUserActive(await userTarget(ctx, id), true));
    expectWriteAccepted(response, `reactivation (${dialectWords(ctx, "no-path PATCH", "full PUT")})`);
    const after = await resourceAfterWrite(ctx, response, getUser(id));
    expectActive(after.response, after.resource, true, "Okta reactivates the same user (same id) when it is assigned again");
    const readBack = await readUser(ctx, id);
    expectActive(readBack.response, readBack.resource, true, "the reactivation must be stored");
  },
};

const PAGE_SIZE = 2;
const MAX_PAGES = 3;
/** Asking for the last user again while totalResults moves (other probes create users meanwhile). */
const LAST_PAGE_ATTEMPTS = 10;

interface Walk {
  ids: string[];
  totalResults: number;
}

async function walkUserPages(ctx: ProbeContext): Promise<Walk> {
  const ids: string[] = [];
  let totalResults = 0;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const startIndex = 1 + page * PAGE_SIZE;
    if (page > 0 && startIndex > totalResults) break;
    const response = await ctx.send(importPage("Users", startIndex, PAGE_SIZE));
    const list = expectListResponse(response);
    if (page === 0) totalResults = list.totalResults;
    const resources = list.resources ?? [];
    checkPage(response, list.startIndex, list.itemsPerPage, resources, startIndex, list.totalResults);
    for (const resource of resources) {
      const id = resource.id;
      if (typeof id !== "string") fail(response, `${sent(response)} returned a user without an id`, "every user with its id", JSON.stringify(resource));
      if (ids.includes(id)) {
        fail(response, `${sent(response)} returned user ${id} again, already seen on an earlier page: the order is not stable or startIndex is not 1-based`, "each user on exactly one page", `ids so far ${JSON.stringify(ids)}, this page ${JSON.stringify(resources.map((r) => r.id))}`);
      }
      ids.push(id);
    }
  }
  return { ids, totalResults };
}

function checkPage(response: ScimResponse, startIndex: number | undefined, itemsPerPage: number | undefined, resources: JsonObject[], requested: number, totalResults: number): void {
  if (resources.length > PAGE_SIZE) {
    fail(response, `${sent(response)} returned ${resources.length} users for count=${PAGE_SIZE}`, `at most ${PAGE_SIZE} users (RFC 7644 §3.4.2.4)`, `${resources.length} users`);
  }
  if (itemsPerPage !== undefined && itemsPerPage !== resources.length) {
    fail(response, `${sent(response)} says itemsPerPage ${itemsPerPage} but returned ${resources.length} users`, "itemsPerPage equal to the number of Resources", `itemsPerPage ${itemsPerPage}, ${resources.length} Resources`);
  }
  if (startIndex !== undefined && startIndex !== requested) {
    fail(response, `${sent(response)} answered startIndex ${startIndex}, expected ${requested}`, `startIndex ${requested}`, `startIndex ${startIndex}`);
  }
  if (requested <= totalResults && resources.length === 0) {
    fail(response, `${sent(response)} returned no users although totalResults is ${totalResults}: startIndex looks 0-based, so Okta's import misses users`, `user number ${requested} of ${totalResults}`, "no Resources");
  }
}

/** Order may only be compared on ids both walks saw: other probes create users meanwhile. */
function sameRelativeOrder(first: readonly string[], second: readonly string[]): boolean {
  const common = first.filter((id) => second.includes(id));
  const secondCommon = second.filter((id) => common.includes(id));
  return common.every((id, index) => secondCommon[index] === id);
}

const importUsersPaging: ProbeDefinition = {
  id: "okta-runtime/import-users-paging",
  suite: "okta-runtime",
  title: `Imports existing users page by page (count=${PAGE_SIZE}): integer counts, at most count per page, nobody skipped or repeated, the same order twice`,
  required: true,
  reference: REFERENCE.import,
  readOnly: true,
  async run(ctx): Promise<ProbeOutcome | void> {
    const first = await walkUserPages(ctx);
    if (first.totalResults === 0) return { status: "skipped", message: "the server has no users yet, so there is nothing to import page by page" };

    // The last user, by its 1-based position: a 0-based server answers an empty page there.
    let position = first.totalResults;
    for (let attempt = 1; attempt <= LAST_PAGE_ATTEMPTS && position > 0; attempt += 1) {
      const last = await ctx.send(importPage("Users", position, PAGE_SIZE));
      const lastPage = expectListResponse(last);
      if (lastPage.totalResults === position) {
        checkPage(last, lastPage.startIndex, lastPage.itemsPerPage, lastPage.resources ?? [], position, lastPage.totalResults);
        break;
      }
      position = lastPage.totalResults;
    }

    const second = await walkUserPages(ctx);
    if (!sameRelativeOrder(first.ids, second.ids)) {
      // No single exchange shows it, so the failure carries both orders.
      throw new ProbeFailure(`GET /Users?startIndex=…&count=${PAGE_SIZE} returned the users in a different order the second time: the order is not stable, and Okta's import needs it to be`, {
        expected: `the first walk's order ${JSON.stringify(first.ids)}`,
        actual: JSON.stringify(second.ids),
      });
    }
    return { status: "passed", message: `${first.ids.length} of ${first.totalResults} users over ${Math.ceil(first.ids.length / PAGE_SIZE)} page(s), twice, in the same order` };
  },
};

const listGroups: ProbeDefinition = {
  id: "okta-runtime/list-groups",
  suite: "okta-runtime",
  title: "Lists groups the way Okta does when provisioning is saved (GET /Groups?startIndex=1&count=100): a ListResponse with integer counts",
  required: false,
  reference: REFERENCE.groups,
  readOnly: true,
  async run(ctx) {
    const response = await ctx.send(importPage("Groups", 1));
    const page = expectListResponse(response);
    if (page.totalResults > 0 && page.resources === undefined) {
      fail(response, `${sent(response)} says totalResults ${page.totalResults} but has no Resources`, "Resources with the groups", received(response));
    }
  },
};

const pushGroup: ProbeDefinition = {
  id: "okta-runtime/push-group",
  suite: "okta-runtime",
  title: "Pushes a group the way Okta does: POST /Groups with displayName and members: []",
  required: false,
  reference: REFERENCE.groupCreate,
  readOnly: false,
  async run(ctx): Promise<ProbeOutcome | void> {
    const displayName = ctx.uniqueName("group");
    const response = await ctx.send(createGroup(displayName));
    expectStatus(response, [200, 201], "201 Created with the group");
    const group = expectResource(response, "201 with the group, including its id");
    ctx.created({ type: "Group", id: group.id, name: displayName });
    ctx.state.set(KEY.group, { id: group.id, displayName, members: [] } satisfies PushedGroup);
    expectValue(response, group, "displayName", displayName, "the pushed name must come back");
    if (response.status === 200) return { status: "warned", message: `${sent(response)} answered 200; Okta's reference (and RFC 7644 §3.3) says 201 Created` };
  },
};

const findGroupByDisplayName: ProbeDefinition = {
  id: "okta-runtime/find-group-by-display-name",
  suite: "okta-runtime",
  title: "Okta's group lookup (displayName eq, startIndex=1&count=100) finds exactly the pushed group",
  required: false,
  reference: REFERENCE.groupLookup,
  readOnly: true,
  after: [pushGroup.id],
  async run(ctx) {
    const group = chainState<PushedGroup>(ctx, KEY.group);
    await ctx.eventually(async () => {
      const response = await ctx.send(lookupGroupByDisplayName(group.displayName));
      const page = expectListResponse(response);
      const ids = (page.resources ?? []).map((resource) => resource.id);
      if (page.totalResults === 1 && ids[0] !== group.id) {
        fail(response, `${sent(response)} says totalResults 1 but returned ${JSON.stringify(ids)}, not the group ${group.id}: startIndex=1 must return the first match (1-based)`, `Resources[0].id ${group.id}`, `Resources ids ${JSON.stringify(ids)}`);
      }
      if (page.totalResults !== 1 || ids.length !== 1 || ids[0] !== group.id) {
        fail(response, `${sent(response)} found ${page.totalResults} group(s), expected exactly the pushed group ${group.id}: Okta links a pushed group by this lookup`, `totalResults 1 with Resources[0].id ${group.id}`, `totalResults ${page.totalResults}, ids ${JSON.stringify(ids.slice(0, 10))}`);
      }
    });
  },
};

async function createMember(ctx: ProbeContext): Promise<{ value: string; display: string } | ProbeOutcome> {
  const planned = planOktaUser(ctx, "member");
  const created = await postOktaUser(ctx, planned);
  if (created.id === undefined) {
    return { status: "skipped", message: `needs a member user, and creating one with Okta's body failed (${sent(created.response)} answered ${created.response.status}; see okta-runtime/create-user)` };
  }
  return { value: created.id, display: planned.userName };
}

async function readMemberIds(ctx: ProbeContext, groupId: string): Promise<{ ids: string[]; response: ScimResponse }> {
  const response = await ctx.send(getGroup(groupId));
  expectStatus(response, 200, "200 with the group");
  const group = expectResource(response, "the group");
  const members = Array.isArray(group.members) ? group.members : [];
  return { ids: members.map((member) => valueAt(member, "value")).filter((value): value is string => typeof value === "string"), response };
}

const addGroupMember: ProbeDefinition = {
  id: "okta-runtime/add-group-member",
  suite: "okta-runtime",
  title: "Adds a member the way Okta does (oin: PATCH add to members; aiw: PUT of the group with its member list)",
  required: false,
  reference: REFERENCE.membership,
  readOnly: false,
  after: [findGroupByDisplayName.id],
  async run(ctx): Promise<ProbeOutcome | void> {
    const group = chainState<PushedGroup>(ctx, KEY.group);
    const member = await createMember(ctx);
    if ("status" in member) return member;
    const change = { add: [member] };
    const response = await ctx.send(changeGroupMembers(ctx.dialect, group, change));
    expectWriteAccepted(response, `adding a member (${dialectWords(ctx, "PATCH add", "PUT")})`);
    ctx.state.set(KEY.group, applyMembershipChange(group, change));
    const { ids, response: readBack } = await readMemberIds(ctx, group.id);
    if (!ids.includes(member.value)) {
      fail(readBack, `${sent(readBack)} does not list ${member.value} as a member after ${sent(response)} answered ${response.status}`, `members including ${member.value}`, `members ${JSON.stringify(ids)}`);
    }
  },
};

const removeGroupMember: ProbeDefinition = {
  id: "okta-runtime/remove-group-member",
  suite: "okta-runtime",
  title: 'Removes a member and adds another in one request the way Okta does (oin: PATCH remove members[value eq "…"] + add; aiw: PUT of the group with the new member list)',
  required: false,
  reference: REFERENCE.membership,
  readOnly: false,
  after: [addGroupMember.id],
  async run(ctx): Promise<ProbeOutcome | void> {
    const group = chainState<PushedGroup>(ctx, KEY.group);
    const leaving = group.members[0];
    if (!leaving) throw new Error("okta-runtime/add-group-member left no member to remove");
    const joining = await createMember(ctx);
    if ("status" in joining) return joining;
    const change = { remove: [leaving.value], add: [joining] };
    const response = await ctx.send(changeGroupMembers(ctx.dialect, group, change));
    expectWriteAccepted(response, `changing members (${dialectWords(ctx, 'PATCH remove members[value eq "…"] + add', "PUT")})`);
    ctx.state.set(KEY.group, applyMembershipChange(group, change));
    const { ids, response: readBack } = await readMemberIds(ctx, group.id);
    if (ids.includes(leaving.value) || !ids.includes(joining.value)) {
      fail(readBack, `${sent(readBack)} lists members ${JSON.stringify(ids)} after ${sent(response)} answered ${response.status}: ${leaving.value} should be gone and ${joining.value} added`, `members [${JSON.stringify(joining.value)}]`, `members ${JSON.stringify(ids)}`);
    }
  },
};

const renameGroupProbe: ProbeDefinition = {
  id: "okta-runtime/rename-group",
  suite: "okta-runtime",
  title: "Renames the group the way Okta does (oin: PATCH replace {id, displayName} without a path; aiw: PUT of the group)",
  required: false,
  reference: REFERENCE.rename,
  readOnly: false,
  after: [removeGroupMember.id],
  async run(ctx) {
    const group = chainState<PushedGroup>(ctx, KEY.group);
    const displayName = ctx.uniqueName("group-renamed");
    const response = await ctx.send(renameGroup(ctx.dialect, group, displayName));
    expectWriteAccepted(response, `renaming (${dialectWords(ctx, "no-path PATCH", "PUT")})`);
    ctx.state.set(KEY.group, { ...group, displayName });
    const readBack = await ctx.send(getGroup(group.id));
    expectStatus(readBack, 200, "200 with the group");
    expectValue(readBack, expectResource(readBack, "the group"), "displayName", displayName, `${sent(response)} answered ${response.status}, so the new name must be stored`);
  },
};

const deleteGroupProbe: ProbeDefinition = {
  id: "okta-runtime/delete-group",
  suite: "okta-runtime",
  title: 'Deletes the group the way Okta does when it is unlinked with "delete in target app", after which it is gone (404)',
  required: false,
  reference: REFERENCE.groupDelete,
  readOnly: false,
  after: [renameGroupProbe.id],
  async run(ctx) {
    const group = chainState<PushedGroup>(ctx, KEY.group);
    const response = await ctx.send(deleteGroup(group.id));
    expectWriteAccepted(response, "deleting the group");
    const readBack = await ctx.send(getGroup(group.id));
    if (readBack.status !== 404) {
      fail(readBack, `${sent(readBack)} answered ${readBack.status} after ${sent(response)} answered ${response.status}: a deleted group must be gone`, "404", received(readBack));
    }
  },
};

export const oktaRuntimeProbes: ProbeDefinition[] = [
  lookupUserBeforeCreate,
  createUserProbe,
  lookupFindsCreatedUser,
  updateProfile,
  deactivateUser,
  deactivatedUserRetrievable,
  reactivateUser,
  importUsersPaging,
  listGroups,
  pushGroup,
  findGroupByDisplayName,
  addGroupMember,
  removeGroupMember,
  renameGroupProbe,
  deleteGroupProbe,
];
