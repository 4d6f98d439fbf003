import type { EmulatorContext } from "../context.js";
import { validationFailed } from "../errors.js";
import { jsonObjectBody, noContent, ok } from "../http.js";
import type { UserTypeRecord } from "../model.js";
import type { Route } from "../router.js";
import { apiUrl, param } from "./shared.js";

/** `/meta/types/user` (research §14): `_links` are `{rel, href, method}` objects; the schema id shares the type id's suffix (oty<X> → osc<X>). */
function userTypeView(type: UserTypeRecord, context: EmulatorContext): Record<string, unknown> {
  return {
    id: type.id,
    displayName: type.displayName,
    name: type.name,
    ...(type.description !== null ? { description: type.description } : {}),
    createdBy: type.createdBy,
    lastUpdatedBy: type.lastUpdatedBy,
    created: type.created,
    lastUpdated: type.lastUpdated,
    default: type.default,
    _links: {
      schema: { rel: "schema", href: apiUrl(context, `/meta/schemas/user/osc${type.id.slice(3)}`), method: "GET" },
      self: { rel: "self", href: apiUrl(context, `/meta/types/user/${type.id}`), method: "GET" },
    },
  };
}

function stringField(body: Record<string, unknown>, name: string, required: boolean): string | undefined {
  const value = body[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== "string" || value.trim() === "") throw validationFailed("userType", [`${name}: The field cannot be left blank`]);
  return value;
}

export const userTypeRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/v1/meta/types/user",
    operationId: "listUserTypes",
    scopes: ["okta.userTypes.read"],
    bucket: "userTypes",
    handle: (_request, context) => ok([...context.store.userTypes.values()].map((type) => userTypeView(type, context))),
  },
  {
    method: "POST",
    path: "/api/v1/meta/types/user",
    operationId: "createUserType",
    scopes: ["okta.userTypes.manage"],
    bucket: "userTypes",
    handle(request, context) {
      const body = jsonObjectBody(request);
      const type = context.store.createUserType({
        name: stringField(body, "name", true) as string,
        displayName: stringField(body, "displayName", true) as string,
        description: typeof body.description === "string" ? body.description : null,
      });
      return ok(userTypeView(type, context));
    },
  },
  {
    method: "GET",
    path: "/api/v1/meta/types/user/{typeId}",
    operationId: "getUserType",
    scopes: ["okta.userTypes.read"],
    bucket: "userTypes",
    handle: (request, context) => ok(userTypeView(context.store.getUserType(param(request, "typeId")), context)),
  },
  {
    method: "POST",
    path: "/api/v1/meta/types/user/{typeId}",
    operationId: "updateUserType",
    scopes: ["okta.userTypes.manage"],
    bucket: "userTypes",
    handle(request, context) {
      const typeId = param(request, "typeId");
      context.store.getUserType(typeId);
      const body = jsonObjectBody(request);
      const description = body.description === null || typeof body.description === "string" ? body.description : undefined;
      const type = context.store.updateUserType(typeId, { displayName: stringField(body, "displayName", false), description });
      return ok(userTypeView(type, context));
    },
  },
  {
    method: "DELETE",
    path: "/api/v1/meta/types/user/{typeId}",
    operationId: "deleteUserType",
    scopes: ["okta.userTypes.manage"],
    bucket: "userTypes",
    handle(request, context) {
      context.store.deleteUserType(param(request, "typeId"));
      return noContent();
    },
  },
];
