import { withQuery, type OktaClient } from "../client.js";
import { userSchema, type OktaUser } from "../model.js";

/** Okta users: --canary-user is a login, which Okta accepts in place of the id. */

export function getUser(client: OktaClient, idOrLogin: string): Promise<OktaUser | undefined> {
  return client.find(`/api/v1/users/${encodeURIComponent(idOrLogin)}`, userSchema);
}

/** Create an active user with a password (`demo`'s people; an HR import does the same in a real org). */
export function createUser(client: OktaClient, profile: Record<string, string>, password: string): Promise<OktaUser> {
  return client.send("POST", withQuery("/api/v1/users", { activate: true }), { profile, credentials: { password: { value: password } } }, userSchema);
}

/** Deactivate a user: Okta unassigns them from every app and deprovisions them there (PUSH_USER_DEACTIVATION). */
export async function deactivateUser(client: OktaClient, userId: string): Promise<void> {
  await client.send("POST", `/api/v1/users/${encodeURIComponent(userId)}/lifecycle/deactivate`);
}
