import { withQuery, type OktaClient } from "../client.js";
import { groupPushCreateRequestSchema, groupPushMappingSchema, type GroupPushCreateRequest, type GroupPushMapping } from "../model.js";

/**
 * Group push mappings (research/okta-api.md §6, §14; GA 2025.09). Needs provisioning on in the app.
 * Okta answers creates with 200 where its spec says 201, deletes with 200 and an empty body where
 * it says 204, and may leave out `errorSummary` and `lastPush`: all accepted.
 */

function path(appId: string, mappingId?: string): string {
  return `/api/v1/apps/${encodeURIComponent(appId)}/group-push/mappings${mappingId ? `/${encodeURIComponent(mappingId)}` : ""}`;
}

export function listGroupPushMappings(client: OktaClient, appId: string, filter: { sourceGroupId?: string } = {}): Promise<GroupPushMapping[]> {
  return client.list(withQuery(path(appId), { ...filter, limit: 1000 }), groupPushMappingSchema);
}

export function createGroupPushMapping(client: OktaClient, appId: string, request: GroupPushCreateRequest): Promise<GroupPushMapping> {
  return client.send("POST", path(appId), groupPushCreateRequestSchema.parse(request), groupPushMappingSchema);
}

export function setGroupPushStatus(client: OktaClient, appId: string, mappingId: string, status: "ACTIVE" | "INACTIVE"): Promise<GroupPushMapping> {
  return client.send("PATCH", path(appId, mappingId), { status }, groupPushMappingSchema);
}

/** The mapping must be INACTIVE first. */
export async function deleteGroupPushMapping(client: OktaClient, appId: string, mappingId: string, deleteTargetGroup: boolean): Promise<void> {
  await client.send("DELETE", withQuery(path(appId, mappingId), { deleteTargetGroup }));
}
