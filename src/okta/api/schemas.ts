import type { OktaClient } from "../client.js";
import { appUserSchemaSchema, customAttributeRequestSchema, type AppUserSchema, type CustomAttributeRequest, type SchemaAttribute } from "../model.js";

/**
 * The app user schema, i.e. the Profile Editor of the app (research/okta-api.md §5, §14). POST is
 * a partial update of `definitions.custom`; a property posted as null is removed. Sent raw: the
 * SDK drops `enum` and `default` (§11). Attribute names are read from the schema, never assumed.
 */

function path(appId: string): string {
  return `/api/v1/meta/schemas/apps/${encodeURIComponent(appId)}/default`;
}

export function getAppUserSchema(client: OktaClient, appId: string): Promise<AppUserSchema> {
  return client.get(path(appId), appUserSchemaSchema);
}

/** Add, change (non-null) or remove (null) custom attributes. */
export function updateCustomAttributes(client: OktaClient, appId: string, properties: Record<string, CustomAttributeRequest | null>): Promise<AppUserSchema> {
  const checked: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(properties)) checked[name] = attribute === null ? null : customAttributeRequestSchema.parse(attribute);
  return client.send("POST", path(appId), { definitions: { custom: { id: "#custom", type: "object", properties: checked } } }, appUserSchemaSchema);
}

interface SchemaProperty {
  name: string;
  origin: "base" | "custom";
  attribute: SchemaAttribute;
}

/** Every attribute of the schema, base first (an empty list when Okta sends no definitions). */
export function schemaProperties(schema: AppUserSchema): SchemaProperty[] {
  const result: SchemaProperty[] = [];
  for (const origin of ["base", "custom"] as const) {
    for (const [name, attribute] of Object.entries(schema.definitions?.[origin]?.properties ?? {})) result.push({ name, origin, attribute });
  }
  return result;
}
