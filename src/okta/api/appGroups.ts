import { withQuery, type OktaClient } from "../client.js";
import { appGroupSchema, type AppGroup } from "../model.js";

/** Groups assigned to an app (research/okta-api.md §6, §14): PUT assigns, and is idempotent. */

function path(appId: string, groupId?: string): string {
  return `/api/v1/apps/${encodeURIComponent(appId)}/groups${groupId ? `/${encodeURIComponent(groupId)}` : ""}`;
}

export function listAppGroups(client: OktaClient, appId: string): Promise<AppGroup[]> {
  return client.list(withQuery(path(appId), { limit: 200 }), appGroupSchema);
}

export function getAppGroup(client: OktaClient, appId: string, groupId: string): Promise<AppGroup | undefined> {
  return client.find(path(appId, groupId), appGroupSchema);
}

export function assignGroup(client: OktaClient, appId: string, groupId: string): Promise<AppGroup> {
  return client.send("PUT", path(appId, groupId), {}, appGroupSchema);
}

export async function unassignGroup(client: OktaClient, appId: string, groupId: string): Promise<void> {
  await client.send("DELETE", path(appId, groupId));
}
