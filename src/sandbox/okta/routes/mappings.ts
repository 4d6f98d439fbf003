import type { EmulatorContext } from "../context.js";
import { validationFailed } from "../errors.js";
import { isObject, jsonObjectBody, ok } from "../http.js";
import type { MappingEnd, ProfileMappingRecord } from "../model.js";
import { paginate } from "../paging.js";
import type { Route } from "../router.js";
import { apiUrl, link, param } from "./shared.js";

function endView(end: MappingEnd, context: EmulatorContext): Record<string, unknown> {
  if (end.type === "user") {
    const type = context.store.userTypes.get(end.id);
    return {
      id: end.id,
      name: type?.name ?? "user",
      type: "user",
      _links: { self: link(apiUrl(context, `/meta/types/user/${end.id}`)), schema: link(apiUrl(context, `/meta/schemas/user/osc${end.id.slice(3)}`)) },
    };
  }
  const app = context.store.apps.get(end.id);
  return {
    id: end.id,
    name: app?.name ?? "",
    type: "appuser",
    _links: { self: link(apiUrl(context, `/apps/${end.id}`)), schema: link(apiUrl(context, `/meta/schemas/apps/${end.id}/default`)) },
  };
}

/** A mapping; lists leave `properties` out, only GET by id has them (research §4, §14). */
function mappingView(mapping: ProfileMappingRecord, context: EmulatorContext, withProperties: boolean): Record<string, unknown> {
  return {
    id: mapping.id,
    source: endView(mapping.source, context),
    target: endView(mapping.target, context),
    ...(withProperties ? { properties: Object.fromEntries([...mapping.properties].map(([name, property]) => [name, { ...property }])) } : {}),
    _links: { self: link(apiUrl(context, `/mappings/${mapping.id}`)) },
  };
}

export const mappingRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/v1/mappings",
    operationId: "listProfileMappings",
    scopes: ["okta.profileMappings.read"],
    bucket: "api",
    handle(request, context) {
      const sourceId = request.url.searchParams.get("sourceId");
      const targetId = request.url.searchParams.get("targetId");
      const mappings = [...context.store.mappings.values()].filter((mapping) => (!sourceId || mapping.source.id === sourceId) && (!targetId || mapping.target.id === targetId));
      // The self link drops sourceId/targetId, as Okta re-serialises it (research §14).
      const page = paginate(mappings, request.url, context.orgUrl, { defaultLimit: 20, maxLimit: 200, keptParams: [], cursorOf: (id) => id });
      return ok(
        page.items.map((mapping) => mappingView(mapping, context, false)),
        { Link: page.link },
      );
    },
  },
  {
    method: "GET",
    path: "/api/v1/mappings/{mappingId}",
    operationId: "getProfileMapping",
    scopes: ["okta.profileMappings.read"],
    bucket: "api",
    handle: (request, context) => ok(mappingView(context.store.getMapping(param(request, "mappingId")), context, true)),
  },
  {
    method: "POST",
    path: "/api/v1/mappings/{mappingId}",
    operationId: "updateProfileMapping",
    scopes: ["okta.profileMappings.manage"],
    bucket: "api",
    handle(request, context) {
      const mappingId = param(request, "mappingId");
      context.store.getMapping(mappingId);
      const body = jsonObjectBody(request);
      if (!isObject(body.properties)) throw validationFailed("updateMapping", ["properties: The field cannot be left blank"]);
      const properties: Record<string, { expression?: unknown; pushStatus?: unknown } | null> = {};
      for (const [name, property] of Object.entries(body.properties)) {
        if (property !== null && !isObject(property)) throw validationFailed("updateMapping", [`Invalid mapping property ${name}`]);
        properties[name] = property;
      }
      return ok(mappingView(context.store.updateMapping(mappingId, properties), context, true));
    },
  },
];
