import { isSuccess, type ScimRequest, type ScimResponse } from "../client.js";
import { valueAt, type JsonObject } from "../json.js";
import {
  applyMembershipChange,
  changeGroupMembers,
  getGroup,
  importPage,
  lookupGroupByDisplayName,
  pushGroupMembers,
  reassertGroupName,
  renameGroup,
  replaceGroupWithoutPath,
  deleteGroup,
  type GroupMember,
  type PushedGroup,
} from "../okta-dialect.js";
import { GROUP_SCHEMA } from "../urns.js";
import { createGroupOrFail, hasNoGroups, noGroupsReason, oktaUserOrSkip } from "./fixtures.js";
import { chainState, dialectWords, REFERENCE, sendInOrder } from "./okta-runtime-shared.js";
import { expectListResponse, expectResource, expectStatus, expectValue, fail, received, sent } from "./response-checks.js";
import type { ProbeContext, ProbeDefinition, ProbeOutcome } from "./types.js";

/**
 * okta-runtime group push: what Okta sends when it pushes groups, as captured (research/okta-traffic.md
 * §1, §3). The rule (issue 15): once a server has shown it implements groups (POST /Groups answered
 * 2xx), these probes are required; on a server without /Groups (404, 405, 501) they are skipped with
 * that reason. Each probe pushes its own group unless it needs another probe's, so one defect fails
 * the probe about it and skips nothing else.
 */

const KEY = { group: "okta-runtime/group" } as const;

/** A member user, created with Okta's body (a user Okta assigned), or the skip when that is refused. */
async function createMember(ctx: ProbeContext, kind = "member"): Promise<GroupMember | ProbeOutcome> {
  const user = await oktaUserOrSkip(ctx, kind);
  if ("status" in user) return user;
  return { value: user.id, display: user.userName };
}

/** Okta's pushed group of a group created by the fixture. */
function pushedGroup(created: { id: string; displayName: string }, members: readonly GroupMember[] = []): PushedGroup {
  return { id: created.id, displayName: created.displayName, members };
}

async function readGroup(ctx: ProbeContext, id: string, what = "the group"): Promise<{ response: ScimResponse; resource: JsonObject & { id: string } }> {
  const response = await ctx.send(getGroup(id));
  expectStatus(response, 200, `200 with ${what}`);
  return { response, resource: expectResource(response, what) };
}

function memberIds(group: JsonObject): string[] {
  const members = Array.isArray(group.members) ? group.members : [];
  return members.map((member) => valueAt(member, "value")).filter((value): value is string => typeof value === "string");
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((id) => b.includes(id));

/** The group's members after a write must be exactly `expected`; `after` names the write. */
async function expectMembers(ctx: ProbeContext, groupId: string, expected: readonly string[], after: string): Promise<void> {
  const { response, resource } = await readGroup(ctx, groupId);
  const ids = memberIds(resource);
  if (!sameSet(ids, expected)) {
    fail(response, `${sent(response)} lists members ${JSON.stringify(ids)} after ${after}`, `members ${JSON.stringify(expected)}`, `members ${JSON.stringify(ids)}`);
  }
}

/**
 * A group write in the run's dialect, with what Okta sends around it: oin the PATCH alone (its
 * name re-assert is okta-runtime/group-name-reasserted's business); aiw GET of the group, then the
 * PUT. Returns the write's answer.
 */
async function groupWrite(ctx: ProbeContext, group: PushedGroup, oin: ScimRequest, aiw: ScimRequest, what: string): Promise<ScimResponse> {
  const requests = ctx.dialect === "oin" ? [oin] : [getGroup(group.id), aiw];
  const answers = await sendInOrder(ctx, requests, (request) =>
    request.method === "GET" ? `Okta reads the group before every aiw group write (${what})` : `${what} (${dialectWords(ctx, `PATCH`, "PUT of the whole group")})`,
  );
  const write = answers.at(-1);
  if (!write) throw new Error("a group write sent nothing");
  return write;
}

const describeWrite = (response: ScimResponse): string => `${sent(response)} answered ${response.status}`;

const listGroups: ProbeDefinition = {
  id: "okta-runtime/list-groups",
  suite: "okta-runtime",
  title: "Lists groups the way Okta does when provisioning is saved (GET /Groups?startIndex=1&count=100): a ListResponse with integer counts",
  required: true,
  reference: REFERENCE.groups,
  readOnly: true,
  async run(ctx): Promise<ProbeOutcome | void> {
    const response = await ctx.send(importPage("Groups", 1));
    if (hasNoGroups(response)) return { status: "skipped", message: noGroupsReason(response) };
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
  required: true,
  reference: REFERENCE.groupCreate,
  readOnly: false,
  async run(ctx): Promise<ProbeOutcome | void> {
    const created = await createGroupOrFail(ctx, "group", { why: "Okta's group push" });
    if ("status" in created) return created;
    ctx.state.set(KEY.group, pushedGroup(created));
    expectValue(created.response, created.resource, "displayName", created.displayName, "the pushed name must come back");
    if (created.response.status === 200) return { status: "warned", message: `${sent(created.response)} answered 200; Okta's reference (and RFC 7644 §3.3) says 201 Created` };
  },
};

/** Okta's displayName lookup; it must find exactly `id`. */
async function findExactlyOneGroup(ctx: ProbeContext, displayName: string, id: string, why: string): Promise<ScimResponse> {
  const response = await ctx.send(lookupGroupByDisplayName(displayName));
  const page = expectListResponse(response);
  const ids = (page.resources ?? []).map((resource) => resource.id);
  if (page.totalResults === 1 && ids[0] !== id) {
    fail(response, `${sent(response)} says totalResults 1 but returned ${JSON.stringify(ids)}, not the group ${id}: startIndex=1 must return the first match (1-based)`, `Resources[0].id ${id}`, `Resources ids ${JSON.stringify(ids)}`);
  }
  if (page.totalResults !== 1 || ids.length !== 1 || ids[0] !== id) {
    fail(response, `${sent(response)} found ${page.totalResults} group(s), expected exactly the group ${id}: ${why}`, `totalResults 1 with Resources[0].id ${id}`, `totalResults ${page.totalResults}, ids ${JSON.stringify(ids.slice(0, 10))}`);
  }
  return response;
}

const findGroupByDisplayName: ProbeDefinition = {
  id: "okta-runtime/find-group-by-display-name",
  suite: "okta-runtime",
  title: "Okta's group lookup (displayName eq, startIndex=1&count=100) finds exactly the pushed group",
  required: true,
  reference: REFERENCE.groupLookup,
  readOnly: true,
  after: [pushGroup.id],
  async run(ctx) {
    const group = chainState<PushedGroup>(ctx, KEY.group);
    await ctx.eventually(() => findExactlyOneGroup(ctx, group.displayName, group.id, "Okta links a pushed group by this lookup"));
  },
};

const addGroupMember: ProbeDefinition = {
  id: "okta-runtime/add-group-member",
  suite: "okta-runtime",
  title: "Adds a member the way Okta does (oin: PATCH add to members; aiw: GET, then PUT of the group with its member list)",
  required: true,
  reference: REFERENCE.membership,
  readOnly: false,
  after: [pushGroup.id],
  async run(ctx): Promise<ProbeOutcome | void> {
    const group = chainState<PushedGroup>(ctx, KEY.group);
    const member = await createMember(ctx);
    if ("status" in member) return member;
    const change = { add: [member] };
    const response = await groupWrite(ctx, group, changeGroupMembers("oin", group, change), changeGroupMembers("aiw", group, change), "adding a member");
    ctx.state.set(KEY.group, applyMembershipChange(group, change));
    const { response: readBack, resource } = await readGroup(ctx, group.id);
    const ids = memberIds(resource);
    if (!ids.includes(member.value)) {
      fail(readBack, `${sent(readBack)} does not list ${member.value} as a member after ${describeWrite(response)}`, `members including ${member.value}`, `members ${JSON.stringify(ids)}`);
    }
  },
};

const removeGroupMember: ProbeDefinition = {
  id: "okta-runtime/remove-group-member",
  suite: "okta-runtime",
  title: 'Removes a member and adds another in one request the way Okta does (oin: PATCH remove members[value eq "…"] + add; aiw: GET, then PUT of the group with the new member list)',
  required: true,
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
    const response = await groupWrite(ctx, group, changeGroupMembers("oin", group, change), changeGroupMembers("aiw", group, change), 'changing members (remove members[value eq "…"] + add)');
    ctx.state.set(KEY.group, applyMembershipChange(group, change));
    const { response: readBack, resource } = await readGroup(ctx, group.id);
    const ids = memberIds(resource);
    if (ids.includes(leaving.value) || !ids.includes(joining.value)) {
      fail(readBack, `${sent(readBack)} lists members ${JSON.stringify(ids)} after ${describeWrite(response)}: ${leaving.value} should be gone and ${joining.value} added`, `members [${JSON.stringify(joining.value)}]`, `members ${JSON.stringify(ids)}`);
    }
  },
};

const groupNameReasserted: ProbeDefinition = {
  id: "okta-runtime/group-name-reasserted",
  suite: "okta-runtime",
  title: "oin: after a membership change Okta GETs the group and PATCHes its unchanged name ({op: replace, value: {id, displayName}}); answered 2xx, name and members kept",
  required: true,
  reference: REFERENCE.reassert,
  readOnly: false,
  dialects: ["oin"],
  async run(ctx): Promise<ProbeOutcome | void> {
    const created = await createGroupOrFail(ctx, "reasserted", { why: "Okta's group push" });
    if ("status" in created) return created;
    const member = await createMember(ctx);
    if ("status" in member) return member;
    const group = pushedGroup(created);
    const added = await ctx.send(changeGroupMembers("oin", group, { add: [member] }));
    if (!isSuccess(added.status)) return { status: "skipped", message: `needs a membership change first, and ${describeWrite(added)} (okta-runtime/add-group-member says why)` };
    const before = await readGroup(ctx, group.id, "the group, which Okta reads after every membership change");
    const membersBefore = memberIds(before.resource);
    const reassert = await ctx.send(reassertGroupName(group));
    if (!isSuccess(reassert.status)) {
      fail(reassert, `${describeWrite(reassert)} to Okta's re-assert of the group's unchanged name, sent after every membership change: Okta marks the push failed`, "2xx (the name did not change)");
    }
    const { response, resource } = await readGroup(ctx, group.id);
    expectValue(response, resource, "displayName", group.displayName, "the re-assert sent the same name");
    const ids = memberIds(resource);
    if (!sameSet(ids, membersBefore)) {
      fail(response, `${sent(response)} lists members ${JSON.stringify(ids)} after ${describeWrite(reassert)}, ${JSON.stringify(membersBefore)} before: a replace without a path changes only the attributes in its value (RFC 7644 §3.5.2.3)`, `members ${JSON.stringify(membersBefore)}`, `members ${JSON.stringify(ids)}`);
    }
  },
};

const pushNowReplacesMembers: ProbeDefinition = {
  id: "okta-runtime/push-now-replaces-members",
  suite: "okta-runtime",
  title: '"Push now" sends the whole member list (oin: PATCH {op: replace, path: members, value: […]}; aiw: GET, then PUT) and then an empty one (value: []): the group holds exactly that list',
  required: true,
  reference: REFERENCE.pushNow,
  readOnly: false,
  async run(ctx): Promise<ProbeOutcome | void> {
    const created = await createGroupOrFail(ctx, "push-now", { why: "Okta's group push" });
    if ("status" in created) return created;
    const [first, second] = [await createMember(ctx), await createMember(ctx)];
    if ("status" in first) return first;
    if ("status" in second) return second;
    // Start with one member, then push two: a replace must end with exactly the pushed list.
    const start = pushedGroup(created, [first]);
    await groupWrite(ctx, start, pushGroupMembers("oin", start), pushGroupMembers("aiw", start), "Push now");
    const pushed = pushedGroup(created, [second]);
    const response = await groupWrite(ctx, pushed, pushGroupMembers("oin", pushed), pushGroupMembers("aiw", pushed), "Push now");
    await expectMembers(ctx, created.id, [second.value], `${describeWrite(response)}, which replaced the members with [${JSON.stringify(second.value)}]`);
    const emptied = pushedGroup(created, []);
    const empty = await groupWrite(ctx, emptied, pushGroupMembers("oin", emptied), pushGroupMembers("aiw", emptied), 'Push now of an emptied group ("value": [])');
    await expectMembers(ctx, created.id, [], `${describeWrite(empty)}, which replaced the members with []`);
  },
};

const noPathReplaceMembers: ProbeDefinition = {
  id: "okta-runtime/no-path-replace-members",
  suite: "okta-runtime",
  title: "oin: a replace without a path that carries the members ({op: replace, value: {id, displayName, members}}) sets exactly those members",
  required: true,
  reference: REFERENCE.noPathMembers,
  readOnly: false,
  dialects: ["oin"],
  async run(ctx): Promise<ProbeOutcome | void> {
    const created = await createGroupOrFail(ctx, "no-path", { why: "Okta's group push" });
    if ("status" in created) return created;
    const member = await createMember(ctx);
    if ("status" in member) return member;
    for (const members of [[member], []]) {
      const response = await ctx.send(replaceGroupWithoutPath(pushedGroup(created, members)));
      if (!isSuccess(response.status)) {
        fail(response, `${describeWrite(response)} to Okta's replace without a path carrying the members`, "2xx with the group");
      }
      await expectMembers(ctx, created.id, members.map((entry) => entry.value), `${describeWrite(response)}, whose value carried members ${JSON.stringify(members.map((entry) => entry.value))}`);
    }
  },
};

const pushGroupWithMembers: ProbeDefinition = {
  id: "okta-runtime/push-group-with-members",
  suite: "okta-runtime",
  title: "Pushes a group that already has people the way Okta does: POST /Groups with its members, which the group then holds",
  required: true,
  reference: REFERENCE.groupCreateMembers,
  readOnly: false,
  async run(ctx): Promise<ProbeOutcome | void> {
    const member = await createMember(ctx);
    if ("status" in member) return member;
    const created = await createGroupOrFail(ctx, "with-members", { members: [member], why: "Okta's push of a group with members" });
    if ("status" in created) return created;
    await expectMembers(ctx, created.id, [member.value], `${describeWrite(created.response)} to a POST /Groups that carried that member`);
  },
};

const linkExistingGroup: ProbeDefinition = {
  id: "okta-runtime/link-existing-group",
  suite: "okta-runtime",
  title: "Links a group the server already has, as Okta's group push does: displayName eq lookup finds it, no POST, straight to the membership write",
  required: true,
  reference: REFERENCE.groupLink,
  readOnly: false,
  async run(ctx): Promise<ProbeOutcome | void> {
    // The group as the vendor made it before Okta was connected: the RFC's smallest body.
    const existing = await createGroupOrFail(ctx, "existing-group", {
      request: (displayName) => ({ method: "POST", path: "/Groups", body: { schemas: [GROUP_SCHEMA], displayName } }),
      why: "a group the server already has",
    });
    if ("status" in existing) return existing;
    const member = await createMember(ctx);
    if ("status" in member) return member;
    await ctx.eventually(() => findExactlyOneGroup(ctx, existing.displayName, existing.id, "Okta links the group this lookup finds, and pushes to whichever it returns"));
    const group = pushedGroup(existing);
    const change = { add: [member] };
    const response = await groupWrite(ctx, group, changeGroupMembers("oin", group, change), changeGroupMembers("aiw", group, change), "adding a member to the linked group");
    await expectMembers(ctx, existing.id, [member.value], `${describeWrite(response)} on the linked group`);
  },
};

const renameGroupProbe: ProbeDefinition = {
  id: "okta-runtime/rename-group",
  suite: "okta-runtime",
  title: "Renames a pushed group the way Okta does (oin: PATCH replace {id, displayName} without a path; aiw: GET, then PUT of the group)",
  required: true,
  reference: REFERENCE.rename,
  readOnly: false,
  async run(ctx): Promise<ProbeOutcome | void> {
    const created = await createGroupOrFail(ctx, "renamed", { why: "Okta's group push" });
    if ("status" in created) return created;
    const group = pushedGroup(created);
    const displayName = ctx.uniqueName("group-renamed");
    const response = await groupWrite(ctx, group, renameGroup("oin", group, displayName), renameGroup("aiw", group, displayName), "renaming");
    const { response: readBack, resource } = await readGroup(ctx, group.id);
    expectValue(readBack, resource, "displayName", displayName, `${describeWrite(response)}, so the new name must be stored`);
  },
};

const deleteGroupProbe: ProbeDefinition = {
  id: "okta-runtime/delete-group",
  suite: "okta-runtime",
  title: 'Deletes a pushed group the way Okta does when it is unlinked with "delete in target app", after which it is gone (404)',
  required: true,
  reference: REFERENCE.groupDelete,
  readOnly: false,
  async run(ctx): Promise<ProbeOutcome | void> {
    const created = await createGroupOrFail(ctx, "deleted", { why: "Okta's group push" });
    if ("status" in created) return created;
    const response = await ctx.send(deleteGroup(created.id));
    if (!isSuccess(response.status)) fail(response, `deleting the group: ${describeWrite(response)}`, "2xx (204 No Content)");
    const readBack = await ctx.send(getGroup(created.id));
    if (readBack.status !== 404) {
      fail(readBack, `${sent(readBack)} answered ${readBack.status} after ${describeWrite(response)}: a deleted group must be gone`, "404", received(readBack));
    }
  },
};

export const oktaRuntimeGroupProbes: ProbeDefinition[] = [
  listGroups,
  pushGroup,
  findGroupByDisplayName,
  addGroupMember,
  removeGroupMember,
  groupNameReasserted,
  pushNowReplacesMembers,
  noPathReplaceMembers,
  pushGroupWithMembers,
  linkExistingGroup,
  renameGroupProbe,
  deleteGroupProbe,
];
