import { withQuery, type OktaClient } from "../client.js";
import { appUserSchema, assignUserRequestSchema, type AppUser, type AssignUserRequest } from "../model.js";

/**
 * Users assigned to an app (research/okta-api.md §6, §14). Assign only once provisioning is on:
 * users assigned before are not provisioned. The app user's `status`/`syncState`/`externalId`
 * are the proof that Okta provisioned them.
 */

function path(appId: string, userId?: string): string {
  return `/api/v1/apps/${encodeURIComponent(appId)}/users${userId ? `/${encodeURIComponent(userId)}` : ""}`;
}

export function listAppUsers(client: OktaClient, appId: string): Promise<AppUser[]> {
  return client.list(withQuery(path(appId), { limit: 500 }), appUserSchema);
}

export function getAppUser(client: OktaClient, appId: string, userId: string): Promise<AppUser | undefined> {
  return client.find(path(appId, userId), appUserSchema);
}

export function assignUser(client: OktaClient, appId: string, request: AssignUserRequest): Promise<AppUser> {
  return client.send("POST", path(appId), assignUserRequestSchema.parse(request), appUserSchema);
}

export async function unassignUser(client: OktaClient, appId: string, userId: string): Promise<void> {
  await client.send("DELETE", path(appId, userId));
}
