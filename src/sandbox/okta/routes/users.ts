import type { EmulatorContext } from "../context.js";
import { validationFailed } from "../errors.js";
import { booleanQuery, isObject, jsonObjectBody, noContent, ok } from "../http.js";
import type { UserRecord } from "../model.js";
import { paginate } from "../paging.js";
import type { Route } from "../router.js";
import { apiUrl, link, oktaFilterPredicate, param } from "./shared.js";

/** A user as Okta answers (research §14): `credentials.emails` with the primary email VERIFIED, provider OKTA. */
export function userView(user: UserRecord, context: EmulatorContext): Record<string, unknown> {
  const self = apiUrl(context, `/users/${user.id}`);
  const lifecycle = (action: string): Record<string, unknown> => ({ href: `${self}/lifecycle/${action}`, method: "POST" });
  return {
    id: user.id,
    status: user.status,
    created: user.created,
    activated: user.activated,
    statusChanged: user.statusChanged,
    lastLogin: user.lastLogin,
    lastUpdated: user.lastUpdated,
    passwordChanged: user.passwordChanged,
    type: { id: user.typeId },
    profile: { ...user.profile },
    credentials: {
      ...(user.hasPassword ? { password: {} } : {}),
      emails: typeof user.profile.email === "string" ? [{ value: user.profile.email, status: "VERIFIED", type: "PRIMARY" }] : [],
      provider: { type: "OKTA", name: "OKTA" },
    },
    _links: {
      self: link(self),
      type: link(apiUrl(context, `/meta/types/user/${user.typeId}`)),
      schema: link(apiUrl(context, `/meta/schemas/user/osc${user.typeId.slice(3)}`)),
      ...(user.status === "STAGED" || user.status === "DEPROVISIONED" ? { activate: lifecycle("activate") } : { deactivate: lifecycle("deactivate") }),
      ...(user.status === "ACTIVE" ? { suspend: lifecycle("suspend") } : {}),
      ...(user.status === "SUSPENDED" ? { unsuspend: lifecycle("unsuspend") } : {}),
      ...(user.status === "PROVISIONED" ? { reactivate: lifecycle("reactivate") } : {}),
    },
  };
}

function profileOf(body: Record<string, unknown>, context: string): Record<string, unknown> {
  if (!isObject(body.profile)) throw validationFailed(context, ["profile: The field cannot be left blank"]);
  return body.profile;
}

function hasPassword(body: Record<string, unknown>): boolean {
  const credentials = isObject(body.credentials) ? body.credentials : {};
  return isObject(credentials.password) && typeof credentials.password.value === "string" && credentials.password.value !== "";
}

function lifecycleRoute(action: "activate" | "deactivate" | "reactivate" | "suspend" | "unsuspend", operationId: string): Route {
  return {
    method: "POST",
    path: `/api/v1/users/{id}/lifecycle/${action}`,
    operationId,
    scopes: ["okta.users.manage"],
    bucket: "user",
    handle(request, context) {
      context.store.userLifecycle(param(request, "id"), action);
      // `{}` where Okta was recorded sending it (deactivate, research §14) or the spec declares a body; else none.
      return action === "suspend" || action === "unsuspend" ? { status: 200 } : ok({});
    },
  };
}

export const userRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/v1/users",
    operationId: "listUsers",
    scopes: ["okta.users.read"],
    bucket: "users",
    handle(request, context) {
      const { searchParams } = request.url;
      const q = searchParams.get("q")?.toLowerCase();
      const matches = oktaFilterPredicate(searchParams.get("search") ?? searchParams.get("filter"), "search");
      const users = [...context.store.users.values()].filter((user) => {
        if (q && ![user.profile.login, user.profile.email, user.profile.firstName, user.profile.lastName].some((value) => typeof value === "string" && value.toLowerCase().startsWith(q))) return false;
        return matches({ id: user.id, status: user.status, profile: user.profile, type: { id: user.typeId } });
      });
      // The users cursor is "0" + the last user's id (research §14).
      const page = paginate(users, request.url, context.orgUrl, { defaultLimit: 200, maxLimit: 200, keptParams: ["q", "search", "filter"], cursorOf: (id) => `0${id}` });
      return ok(
        page.items.map((user) => userView(user, context)),
        { Link: page.link },
      );
    },
  },
  {
    method: "POST",
    path: "/api/v1/users",
    operationId: "createUser",
    scopes: ["okta.users.manage"],
    bucket: "users",
    handle(request, context) {
      const body = jsonObjectBody(request);
      const typeId = isObject(body.type) && typeof body.type.id === "string" ? body.type.id : undefined;
      const user = context.store.createUser(profileOf(body, "newUser"), { activate: booleanQuery(request.url, "activate", true), hasPassword: hasPassword(body), ...(typeId ? { typeId } : {}) });
      return ok(userView(user, context));
    },
  },
  {
    method: "GET",
    path: "/api/v1/users/{id}",
    operationId: "getUser",
    scopes: ["okta.users.read"],
    bucket: "user",
    handle: (request, context) => ok(userView(context.store.getUser(param(request, "id")), context)),
  },
  {
    method: "POST",
    path: "/api/v1/users/{id}",
    operationId: "updateUser",
    scopes: ["okta.users.manage"],
    bucket: "user",
    handle(request, context) {
      const userId = context.store.getUser(param(request, "id")).id;
      const user = context.store.updateUserProfile(userId, profileOf(jsonObjectBody(request), "updateUser"), "merge");
      return ok(userView(user, context));
    },
  },
  {
    method: "PUT",
    path: "/api/v1/users/{id}",
    operationId: "replaceUser",
    scopes: ["okta.users.manage"],
    bucket: "user",
    handle(request, context) {
      const userId = context.store.getUser(param(request, "id")).id;
      const user = context.store.updateUserProfile(userId, profileOf(jsonObjectBody(request), "updateUser"), "replace");
      return ok(userView(user, context));
    },
  },
  {
    method: "DELETE",
    path: "/api/v1/users/{id}",
    operationId: "deleteUser",
    scopes: ["okta.users.manage"],
    bucket: "user",
    handle(request, context) {
      context.store.deleteUser(param(request, "id"));
      return noContent();
    },
  },
  lifecycleRoute("activate", "activateUser"),
  lifecycleRoute("deactivate", "deactivateUser"),
  lifecycleRoute("reactivate", "reactivateUser"),
  lifecycleRoute("suspend", "suspendUser"),
  lifecycleRoute("unsuspend", "unsuspendUser"),
];
