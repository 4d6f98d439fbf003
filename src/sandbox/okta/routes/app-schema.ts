import type { EmulatorContext } from "../context.js";
import { validationFailed } from "../errors.js";
import { isObject, jsonObjectBody, ok } from "../http.js";
import type { AppRecord, SchemaAttribute } from "../model.js";
import type { Route } from "../router.js";
import { param } from "./shared.js";

/**
 * `/meta/schemas/apps/{appId}/default` (research §5, §14): id without /api/v1, title "<label> User",
 * no `_links`; `definitions.custom.required` is present while custom properties exist and gone once
 * the last one is removed. POST is a partial update of custom properties; `null` removes one.
 */
function schemaView(app: AppRecord, context: EmulatorContext): Record<string, unknown> {
  const { base, custom } = context.store.appSchema(app.id);
  const requiredOf = (properties: Map<string, SchemaAttribute>): string[] => [...properties].filter(([, attribute]) => attribute.required === true).map(([name]) => name);
  return {
    id: `${context.orgUrl}/meta/schemas/apps/${app.id}/default`,
    $schema: "http://json-schema.org/draft-04/schema#",
    name: app.name,
    title: `${app.label} User`,
    lastUpdated: app.lastUpdated,
    created: app.created,
    definitions: {
      custom: { id: "#custom", type: "object", properties: Object.fromEntries(custom), ...(custom.size > 0 ? { required: requiredOf(custom) } : {}) },
      base: { id: "#base", type: "object", properties: Object.fromEntries(base), required: requiredOf(base) },
    },
    type: "object",
    properties: { base: { $ref: "#/definitions/base" }, custom: { $ref: "#/definitions/custom" } },
  };
}

export const appSchemaRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/v1/meta/schemas/apps/{appId}/default",
    operationId: "getApplicationUserSchema",
    scopes: ["okta.schemas.read"],
    bucket: "api",
    handle: (request, context) => ok(schemaView(context.store.getApp(param(request, "appId")), context)),
  },
  {
    method: "POST",
    path: "/api/v1/meta/schemas/apps/{appId}/default",
    operationId: "updateApplicationUserProfile",
    scopes: ["okta.schemas.manage"],
    bucket: "api",
    handle(request, context) {
      const app = context.store.getApp(param(request, "appId"));
      const body = jsonObjectBody(request);
      const definitions = isObject(body.definitions) ? body.definitions : {};
      const custom = isObject(definitions.custom) ? definitions.custom : undefined;
      if (definitions.custom !== undefined && (!custom || (custom.properties !== undefined && !isObject(custom.properties)))) {
        throw validationFailed("updateAppUserSchemas", ["definitions.custom.properties: Must be an object"]);
      }
      const properties = custom && isObject(custom.properties) ? custom.properties : {};
      context.store.updateAppSchemaCustom(app.id, properties as Record<string, SchemaAttribute | null>);
      return ok(schemaView(app, context));
    },
  },
];
