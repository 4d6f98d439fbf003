import { withQuery, type OktaClient } from "../client.js";
import { groupSchema, userSchema, type OktaGroup, type OktaUser } from "../model.js";

/** Okta groups (research/okta-api.md §6, §14): looked up by exact name for --assign-group / --push-group. */

/** Groups named exactly `name` (Okta's `q` matches name prefixes). */
export async function findGroupsByName(client: OktaClient, name: string): Promise<OktaGroup[]> {
  const groups = await client.list(withQuery("/api/v1/groups", { q: name, limit: 200 }), groupSchema);
  return groups.filter((group) => group.profile.name === name);
}

export function listGroupMembers(client: OktaClient, groupId: string): Promise<OktaUser[]> {
  return client.list(withQuery(`/api/v1/groups/${encodeURIComponent(groupId)}/users`, { limit: 200 }), userSchema);
}

/** Create an Okta group (type OKTA_GROUP). */
export function createGroup(client: OktaClient, name: string, description?: string): Promise<OktaGroup> {
  return client.send("POST", "/api/v1/groups", { profile: { name, ...(description ? { description } : {}) } }, groupSchema);
}

export async function addGroupMember(client: OktaClient, groupId: string, userId: string): Promise<void> {
  await client.send("PUT", `/api/v1/groups/${encodeURIComponent(groupId)}/users/${encodeURIComponent(userId)}`);
}
