import { withQuery, type OktaClient } from "../client.js";
import { mappingSchema, mappingUpdateRequestSchema, type MappingUpdateRequest, type ProfileMapping } from "../model.js";
import { getDefaultUserType } from "./userTypes.js";

/**
 * Profile mappings (research/okta-api.md §4, §14). To App: source = an Okta user type, target = the
 * app; To Okta: the reverse. Lists carry no `properties` (GET by id does), and Okta's next links
 * may drop `sourceId`/`targetId`, so list results are filtered here too. POST is a partial update;
 * a property posted as null is removed.
 */

async function listMappings(client: OktaClient, filter: { sourceId?: string; targetId?: string }): Promise<ProfileMapping[]> {
  const mappings = await client.list(withQuery("/api/v1/mappings", { ...filter, limit: 200 }), mappingSchema);
  return mappings.filter((mapping) => (!filter.sourceId || mapping.source.id === filter.sourceId) && (!filter.targetId || mapping.target.id === filter.targetId));
}

function getMapping(client: OktaClient, mappingId: string): Promise<ProfileMapping> {
  return client.get(`/api/v1/mappings/${encodeURIComponent(mappingId)}`, mappingSchema);
}

/** The Okta user → app mapping, with its properties; undefined when the org has none (yet). */
export async function findToAppMapping(client: OktaClient, appId: string, userTypeId?: string): Promise<ProfileMapping | undefined> {
  const candidates = await listMappings(client, { targetId: appId });
  const mapping = candidates.find((entry) => entry.source.id === userTypeId) ?? candidates.find((entry) => entry.source.type === "user");
  return mapping ? getMapping(client, mapping.id) : undefined;
}

/** The To App mapping setup edits: from Okta's default user type to the app. */
export async function findDefaultToAppMapping(client: OktaClient, appId: string): Promise<ProfileMapping | undefined> {
  const userType = await getDefaultUserType(client);
  return findToAppMapping(client, appId, userType.id);
}

export function updateMapping(client: OktaClient, mappingId: string, request: MappingUpdateRequest): Promise<ProfileMapping> {
  return client.send("POST", `/api/v1/mappings/${encodeURIComponent(mappingId)}`, mappingUpdateRequestSchema.parse(request), mappingSchema);
}
