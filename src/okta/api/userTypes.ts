import type { OktaClient } from "../client.js";
import { OktaResponseError } from "../errors.js";
import { userTypeSchema, type UserType } from "../model.js";

/** User types (research/okta-api.md §4): the default type is the source of an app's To App mapping. */

function listUserTypes(client: OktaClient): Promise<UserType[]> {
  return client.list("/api/v1/meta/types/user", userTypeSchema);
}

export async function getDefaultUserType(client: OktaClient): Promise<UserType> {
  const types = await listUserTypes(client);
  const found = types.find((type) => type.default === true) ?? types.find((type) => type.name === "user");
  if (!found) throw new OktaResponseError("Okta lists no default user type (GET /api/v1/meta/types/user)");
  return found;
}
