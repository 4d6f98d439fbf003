import { isJsonObject } from "../../../scim/json.js";
import {
  applyMembershipChange,
  createGroup,
  deleteGroup,
  lookupGroupByDisplayName,
  membershipChangeRequests,
  pushNowRequests,
  renameRequests,
  type GroupMember,
  type PushedGroup,
} from "../../../scim/okta-dialect.js";
import type { ScimRequest } from "../../../scim/client.js";
import { oktaTimestampSeconds } from "../ids.js";
import type { GroupPushMappingRecord } from "../model.js";
import { ProvisioningFailure } from "./failure.js";
import { send, type Operation } from "./operation.js";

/** The source group's members Okta pushes: those provisioned to this app (it knows their SCIM ids). */
function desiredMembers(op: Operation, mapping: GroupPushMappingRecord): GroupMember[] {
  const members: GroupMember[] = [];
  for (const userId of op.store.memberships.get(mapping.sourceGroupId) ?? []) {
    const appUser = op.store.appUsers.get(`${op.app.id}/${userId}`);
    if (appUser?.externalId && appUser.status !== "DEPROVISIONED") members.push({ value: appUser.externalId, display: appUser.userName });
  }
  return members;
}

async function sendAll(op: Operation, requests: readonly ScimRequest[], what: string): Promise<void> {
  for (const request of requests) await send(op, request, what);
}

function pushedAt(op: Operation): string {
  return oktaTimestampSeconds(op.store.now());
}

/** Okta's words for a failed group push (the mapping's errorSummary). */
function pushFailure(op: Operation, name: string, error: unknown): string {
  return `Failed to push group ${name} to app ${op.app.label}: ${op.fail(error)}`;
}

function record(op: Operation, mappingId: string, pushed: PushedGroup): PushedGroup {
  if (op.store.groupPushMappings.has(mappingId)) op.store.setGroupPushOutcome(op.app.id, mappingId, { status: "ACTIVE", lastPush: pushedAt(op), errorSummary: null, externalId: pushed.id });
  return pushed;
}

function recordError(op: Operation, mappingId: string, name: string, error: unknown): undefined {
  if (op.store.groupPushMappings.has(mappingId)) op.store.setGroupPushOutcome(op.app.id, mappingId, { status: "ERROR", errorSummary: pushFailure(op, name, error) });
  return undefined;
}

/**
 * A new (or re-activated) push: Okta finds the app-side group — the one it pushed before, else by
 * `displayName` — and pushes its whole member list ("Push now"); when the server has no such
 * group it creates it with its members. Returns the group as pushed, or undefined on failure.
 */
export async function pushGroup(op: Operation, mappingId: string, previous: PushedGroup | undefined): Promise<PushedGroup | undefined> {
  const mapping = op.store.groupPushMappings.get(mappingId);
  if (!mapping) return undefined;
  const target = op.store.appGroups.get(mapping.targetGroupId);
  const displayName = target?.name ?? op.store.groups.get(mapping.sourceGroupId)?.profile.name ?? mapping.targetGroupId;
  const members = desiredMembers(op, mapping);
  try {
    let id = previous?.id ?? target?.externalId ?? undefined;
    if (!id) {
      const answer = await send(op, lookupGroupByDisplayName(displayName), "Error while looking up the group");
      const resources = isJsonObject(answer.json) && Array.isArray(answer.json.Resources) ? answer.json.Resources : [];
      const found = resources.find((resource) => isJsonObject(resource) && typeof resource.id === "string" && String(resource.displayName).toLowerCase() === displayName.toLowerCase());
      if (!found) {
        const created = await send(op, createGroup(displayName, members), "Error while creating the group");
        const createdId = isJsonObject(created.json) ? created.json.id : undefined;
        if (typeof createdId !== "string" || createdId === "") throw new ProvisioningFailure("Error while creating the group: the answer has no id");
        return record(op, mappingId, { id: createdId, displayName, members });
      }
      id = String((found as { id: string }).id);
    }
    const group: PushedGroup = { id, displayName, members };
    await sendAll(op, pushNowRequests(op.app.dialect, group), "Error while pushing the group's members");
    return record(op, mappingId, group);
  } catch (error) {
    return recordError(op, mappingId, displayName, error);
  }
}

/** Members joined or left the source group (or were provisioned or deactivated): push the difference. */
export async function syncGroupMembers(op: Operation, mappingId: string, previous: PushedGroup): Promise<PushedGroup | undefined> {
  const mapping = op.store.groupPushMappings.get(mappingId);
  if (!mapping) return undefined;
  const desired = desiredMembers(op, mapping);
  const add = desired.filter((member) => !previous.members.some((pushed) => pushed.value === member.value));
  const remove = previous.members.filter((pushed) => !desired.some((member) => member.value === pushed.value)).map((member) => member.value);
  if (add.length === 0 && remove.length === 0) return previous;
  try {
    await sendAll(op, membershipChangeRequests(op.app.dialect, previous, { add, remove }), "Error while updating the group's members");
    return record(op, mappingId, applyMembershipChange(previous, { add, remove }));
  } catch (error) {
    recordError(op, mappingId, previous.displayName, error);
    return previous;
  }
}

/** The source group was renamed: the app group follows ("Rename app groups to match group name in Okta"). */
export async function renameTargetGroup(op: Operation, mappingId: string, previous: PushedGroup, displayName: string): Promise<PushedGroup | undefined> {
  try {
    await sendAll(op, renameRequests(op.app.dialect, previous, displayName), "Error while renaming the group");
    return record(op, mappingId, { ...previous, displayName });
  } catch (error) {
    recordError(op, mappingId, previous.displayName, error);
    return previous;
  }
}

/** Unlinked with "Delete the group in the target app", or the source group deleted: `DELETE /Groups/{id}`. */
export async function deleteTargetGroup(op: Operation, mappingId: string, previous: PushedGroup): Promise<void> {
  try {
    await send(op, deleteGroup(previous.id), "Error while deleting the group");
  } catch (error) {
    recordError(op, mappingId, previous.displayName, error);
  }
}
