import type { EmulatorContext } from "../context.js";
import { validationFailed } from "../errors.js";
import { isObject, jsonObjectBody, noContent, ok } from "../http.js";
import type { GroupRecord } from "../model.js";
import { paginate } from "../paging.js";
import type { Route } from "../router.js";
import { apiUrl, link, oktaFilterPredicate, param } from "./shared.js";
import { userView } from "./users.js";

/** Groups as Okta answers them (research §14): objectClass okta:user_group, `_links` logo/owners/users/apps and no self. */
function groupView(group: GroupRecord, context: EmulatorContext): Record<string, unknown> {
  const base = apiUrl(context, `/groups/${group.id}`);
  return {
    id: group.id,
    created: group.created,
    lastUpdated: group.lastUpdated,
    lastMembershipUpdated: group.lastMembershipUpdated,
    objectClass: ["okta:user_group"],
    type: "OKTA_GROUP",
    profile: { ...group.profile },
    _links: {
      logo: [
        { name: "medium", href: `${context.orgUrl}/assets/img/logos/groups/odyssey/okta-medium.png`, type: "image/png" },
        { name: "large", href: `${context.orgUrl}/assets/img/logos/groups/odyssey/okta-large.png`, type: "image/png" },
      ],
      owners: link(`${base}/owners`),
      users: link(`${base}/users`),
      apps: link(`${base}/apps`),
    },
  };
}

function groupProfile(request: Parameters<Route["handle"]>[0]): Record<string, unknown> {
  const body = jsonObjectBody(request);
  if (!isObject(body.profile)) throw validationFailed("group", ["profile: The field cannot be left blank"]);
  return body.profile;
}

export const groupRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/v1/groups",
    operationId: "listGroups",
    scopes: ["okta.groups.read"],
    bucket: "groups",
    handle(request, context) {
      const { searchParams } = request.url;
      const q = searchParams.get("q")?.toLowerCase();
      const matches = oktaFilterPredicate(searchParams.get("search") ?? searchParams.get("filter"), "search");
      const groups = [...context.store.groups.values()].filter((group) => (!q || group.profile.name.toLowerCase().startsWith(q)) && matches({ id: group.id, type: "OKTA_GROUP", profile: group.profile }));
      const page = paginate(groups, request.url, context.orgUrl, { defaultLimit: 10000, maxLimit: 10000, keptParams: ["q", "search", "filter"], cursorOf: (id) => id });
      return ok(
        page.items.map((group) => groupView(group, context)),
        { Link: page.link },
      );
    },
  },
  {
    method: "POST",
    path: "/api/v1/groups",
    operationId: "addGroup",
    scopes: ["okta.groups.manage"],
    bucket: "groups",
    handle: (request, context) => ok(groupView(context.store.createGroup(groupProfile(request)), context)),
  },
  {
    method: "GET",
    path: "/api/v1/groups/{groupId}",
    operationId: "getGroup",
    scopes: ["okta.groups.read"],
    bucket: "groups",
    handle: (request, context) => ok(groupView(context.store.getGroup(param(request, "groupId")), context)),
  },
  {
    method: "PUT",
    path: "/api/v1/groups/{groupId}",
    operationId: "replaceGroup",
    scopes: ["okta.groups.manage"],
    bucket: "groups",
    handle(request, context) {
      const groupId = param(request, "groupId");
      context.store.getGroup(groupId);
      return ok(groupView(context.store.replaceGroup(groupId, groupProfile(request)), context));
    },
  },
  {
    method: "DELETE",
    path: "/api/v1/groups/{groupId}",
    operationId: "deleteGroup",
    scopes: ["okta.groups.manage"],
    bucket: "groups",
    handle(request, context) {
      context.store.deleteGroup(param(request, "groupId"));
      return noContent();
    },
  },
  {
    method: "GET",
    path: "/api/v1/groups/{groupId}/users",
    operationId: "listGroupUsers",
    scopes: ["okta.groups.read"],
    bucket: "groups",
    handle(request, context) {
      const users = context.store.groupMembers(param(request, "groupId")).map((id) => context.store.getUser(id));
      const page = paginate(users, request.url, context.orgUrl, { defaultLimit: 1000, maxLimit: 1000, keptParams: [], cursorOf: (id) => id });
      return ok(
        page.items.map((user) => userView(user, context)),
        { Link: page.link },
      );
    },
  },
  {
    method: "PUT",
    path: "/api/v1/groups/{groupId}/users/{userId}",
    operationId: "assignUserToGroup",
    scopes: ["okta.groups.manage"],
    bucket: "groups",
    handle(request, context) {
      context.store.addGroupMember(param(request, "groupId"), param(request, "userId"));
      return noContent();
    },
  },
  {
    method: "DELETE",
    path: "/api/v1/groups/{groupId}/users/{userId}",
    operationId: "unassignUserFromGroup",
    scopes: ["okta.groups.manage"],
    bucket: "groups",
    handle(request, context) {
      context.store.removeGroupMember(param(request, "groupId"), param(request, "userId"));
      return noContent();
    },
  },
];
