import type { OktaClient } from "../client.js";
import { userSchema, type OktaUser } from "../model.js";

/** Okta users: --canary-user is a login, which Okta accepts in place of the id. */

export function getUser(client: OktaClient, idOrLogin: string): Promise<OktaUser | undefined> {
  return client.find(`/api/v1/users/${encodeURIComponent(idOrLogin)}`, userSchema);
}
