import type { EmulatorContext } from "../context.js";
import { validationFailed } from "../errors.js";
import { isObject, jsonObjectBody, noContent, ok, optionalJsonObjectBody } from "../http.js";
import type { AppUserRecord } from "../model.js";
import { paginate } from "../paging.js";
import type { Route } from "../router.js";
import { apiUrl, link, param } from "./shared.js";
import { userView } from "./users.js";

/**
 * An app user as Okta answers on assignment (research §14): `scope`, `status`, `syncState`
 * (DISABLED without provisioning), `externalId` null until provisioning sets it, no `lastSync`
 * until there was one, and the profile with explicit nulls for unmapped attributes.
 */
function appUserView(appUser: AppUserRecord, context: EmulatorContext, expandUser: boolean): Record<string, unknown> {
  const user = context.store.users.get(appUser.userId);
  return {
    id: appUser.userId,
    externalId: appUser.externalId,
    created: appUser.created,
    lastUpdated: appUser.lastUpdated,
    scope: appUser.direct ? "USER" : "GROUP",
    status: appUser.status,
    statusChanged: appUser.statusChanged,
    passwordChanged: appUser.passwordChanged,
    syncState: appUser.syncState,
    ...(appUser.lastSync !== null ? { lastSync: appUser.lastSync } : {}),
    credentials: { userName: appUser.userName },
    profile: { ...appUser.profile },
    ...(expandUser && user ? { _embedded: { user: userView(user, context) } } : {}),
    _links: {
      app: link(apiUrl(context, `/apps/${appUser.appId}`)),
      user: link(apiUrl(context, `/users/${appUser.userId}`)),
      ...(appUser.viaGroups.size > 0 ? { group: { name: [...appUser.viaGroups][0], href: apiUrl(context, `/groups/${[...appUser.viaGroups][0]}`) } } : {}),
    },
  };
}

function assignmentInput(body: Record<string, unknown>): { userName?: string; profile?: Record<string, unknown> } {
  const credentials = isObject(body.credentials) ? body.credentials : undefined;
  if (body.profile !== undefined && !isObject(body.profile)) throw validationFailed("appUser", ["profile: Must be an object"]);
  if (credentials && credentials.userName !== undefined && typeof credentials.userName !== "string") throw validationFailed("appUser", ["credentials.userName: Must be a string"]);
  return {
    ...(typeof credentials?.userName === "string" ? { userName: credentials.userName } : {}),
    ...(isObject(body.profile) ? { profile: body.profile } : {}),
  };
}

export const appUserRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/v1/apps/{appId}/users",
    operationId: "listApplicationUsers",
    scopes: ["okta.apps.read"],
    bucket: "apps",
    handle(request, context) {
      const appId = param(request, "appId");
      context.store.getApp(appId);
      const appUsers = context.store.appUsersOf(appId).map((appUser) => ({ ...appUser, id: appUser.userId }));
      const page = paginate(appUsers, request.url, context.orgUrl, { defaultLimit: 50, maxLimit: 500, keptParams: ["q", "expand"], cursorOf: (id) => id });
      const expand = request.url.searchParams.get("expand") === "user";
      return ok(
        page.items.map((appUser) => appUserView(appUser, context, expand)),
        { Link: page.link },
      );
    },
  },
  {
    method: "POST",
    path: "/api/v1/apps/{appId}/users",
    operationId: "assignUserToApplication",
    scopes: ["okta.apps.manage"],
    bucket: "apps",
    handle(request, context) {
      const appId = param(request, "appId");
      context.store.getApp(appId);
      const body = jsonObjectBody(request);
      if (typeof body.id !== "string" || body.id === "") throw validationFailed("appUser", ["id: The field cannot be left blank"]);
      const appUser = context.store.assignUser(appId, { userId: body.id, ...assignmentInput(body) });
      return ok(appUserView(appUser, context, false));
    },
  },
  {
    method: "GET",
    path: "/api/v1/apps/{appId}/users/{userId}",
    operationId: "getApplicationUser",
    scopes: ["okta.apps.read"],
    bucket: "apps",
    handle(request, context) {
      const appUser = context.store.getAppUser(param(request, "appId"), param(request, "userId"));
      return ok(appUserView(appUser, context, request.url.searchParams.get("expand") === "user"));
    },
  },
  {
    method: "POST",
    path: "/api/v1/apps/{appId}/users/{userId}",
    operationId: "updateApplicationUser",
    scopes: ["okta.apps.manage"],
    bucket: "apps",
    handle(request, context) {
      const appId = param(request, "appId");
      const userId = param(request, "userId");
      context.store.getApp(appId);
      const input = assignmentInput(optionalJsonObjectBody(request));
      // For a user not yet assigned, Okta creates the assignment (research §14: upsert).
      const assigned = context.store.appUsers.has(`${appId}/${userId}`);
      const appUser = assigned ? context.store.updateAppUser(appId, userId, input) : context.store.assignUser(appId, { userId, ...input });
      return ok(appUserView(appUser, context, false));
    },
  },
  {
    method: "DELETE",
    path: "/api/v1/apps/{appId}/users/{userId}",
    operationId: "unassignUserFromApplication",
    scopes: ["okta.apps.manage"],
    bucket: "apps",
    handle(request, context) {
      context.store.unassignUser(param(request, "appId"), param(request, "userId"));
      return noContent();
    },
  },
];
