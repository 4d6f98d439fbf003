import type { ReferenceServerAuth } from "./auth.js";
import { methodNotAllowed, notFound } from "./errors.js";
import type { ScimReply } from "./http.js";
import { MAX_RESULTS } from "./pagination.js";
import {
  ALL_SCHEMA_DEFINITIONS,
  ENTERPRISE_USER_SCHEMA,
  GROUP_SCHEMA,
  LIST_RESPONSE_SCHEMA,
  RESOURCE_TYPE_SCHEMA,
  SCHEMA_SCHEMA,
  SERVICE_PROVIDER_CONFIG_SCHEMA,
  USER_SCHEMA,
} from "./schemas.js";

/** The discovery endpoints (RFC 7644 §4), read-only: other methods answer 405 as Okta's old SPEC test expects. */
export const DISCOVERY_ENDPOINTS = new Set(["ServiceProviderConfig", "ResourceTypes", "Schemas"]);

/** What the server really does, so a probe comparing advertisement and behaviour finds no gap. */
function serviceProviderConfig(baseUrl: string, auth: ReferenceServerAuth): Record<string, unknown> {
  const authenticationSchemes =
    auth.mode === "basic"
      ? [{ type: "httpbasic", name: "HTTP Basic", description: "Authentication with HTTP Basic (RFC 7617)", primary: true }]
      : auth.mode === "header"
        ? [
            { type: "oauthbearertoken", name: "OAuth Bearer Token", description: "Authentication with a bearer token (RFC 6750)", primary: true },
            ...(auth.basic ? [{ type: "httpbasic", name: "HTTP Basic", description: "Authentication with HTTP Basic (RFC 7617)" }] : []),
          ]
        : [];
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: true },
    authenticationSchemes,
    meta: { resourceType: "ServiceProviderConfig", location: `${baseUrl}/ServiceProviderConfig` },
  };
}

function resourceTypes(baseUrl: string): Record<string, unknown>[] {
  return [
    {
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: "User",
      name: "User",
      endpoint: "/Users",
      description: "User Account",
      schema: USER_SCHEMA,
      schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
      meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/User` },
    },
    {
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: "Group",
      name: "Group",
      endpoint: "/Groups",
      description: "Group",
      schema: GROUP_SCHEMA,
      schemaExtensions: [],
      meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/Group` },
    },
  ];
}

function schemas(baseUrl: string): Record<string, unknown>[] {
  return ALL_SCHEMA_DEFINITIONS.map((definition) => ({
    schemas: [SCHEMA_SCHEMA],
    ...definition,
    meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${definition.id}` },
  }));
}

function list(resources: Record<string, unknown>[]): Record<string, unknown> {
  return { schemas: [LIST_RESPONSE_SCHEMA], totalResults: resources.length, startIndex: 1, itemsPerPage: resources.length, Resources: resources };
}

/** Answers GET /ServiceProviderConfig, /ResourceTypes[/{id}], /Schemas[/{id}]. */
export function handleDiscovery(method: string, segments: string[], baseUrl: string, auth: ReferenceServerAuth): ScimReply {
  const [endpoint, id, extra] = segments;
  if (method !== "GET") throw methodNotAllowed(["GET"], `${endpoint} is read-only`);
  if (extra !== undefined) throw notFound(`No such endpoint: /${segments.join("/")}`);
  if (endpoint === "ServiceProviderConfig") {
    if (id !== undefined) throw notFound(`No such endpoint: /${segments.join("/")}`);
    return { status: 200, body: serviceProviderConfig(baseUrl, auth) };
  }
  const resources = endpoint === "ResourceTypes" ? resourceTypes(baseUrl) : schemas(baseUrl);
  if (id === undefined) return { status: 200, body: list(resources) };
  const found = resources.find((resource) => resource.id === id);
  if (!found) throw notFound(`No ${endpoint === "ResourceTypes" ? "resource type" : "schema"} with id ${JSON.stringify(id)}`);
  return { status: 200, body: found };
}
