import type { EmulatorContext } from "../context.js";
import { validationFailed } from "../errors.js";
import { isObject, noContent, ok, optionalJsonObjectBody } from "../http.js";
import type { AppGroupAssignmentRecord } from "../model.js";
import { paginate } from "../paging.js";
import type { Route } from "../router.js";
import { apiUrl, link, param } from "./shared.js";

/** A group assignment as Okta answers (research §14): no `_embedded`; priorities re-packed 0..n-1. */
function assignmentView(assignment: AppGroupAssignmentRecord, context: EmulatorContext): Record<string, unknown> {
  return {
    id: assignment.groupId,
    lastUpdated: assignment.lastUpdated,
    priority: assignment.priority,
    profile: { ...assignment.profile },
    _links: {
      app: link(apiUrl(context, `/apps/${assignment.appId}`)),
      group: link(apiUrl(context, `/groups/${assignment.groupId}`)),
    },
  };
}

export const appGroupRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/v1/apps/{appId}/groups",
    operationId: "listApplicationGroupAssignments",
    scopes: ["okta.apps.read"],
    bucket: "apps",
    handle(request, context) {
      const appId = param(request, "appId");
      context.store.getApp(appId);
      const assignments = context.store.appGroupAssignmentsOf(appId).map((assignment) => ({ ...assignment, id: assignment.groupId }));
      const page = paginate(assignments, request.url, context.orgUrl, { defaultLimit: 20, maxLimit: 200, keptParams: ["q", "expand"], cursorOf: (id) => id });
      return ok(
        page.items.map((assignment) => assignmentView(assignment, context)),
        { Link: page.link },
      );
    },
  },
  {
    method: "GET",
    path: "/api/v1/apps/{appId}/groups/{groupId}",
    operationId: "getApplicationGroupAssignment",
    scopes: ["okta.apps.read"],
    bucket: "apps",
    handle: (request, context) => ok(assignmentView(context.store.getAppGroupAssignment(param(request, "appId"), param(request, "groupId")), context)),
  },
  {
    method: "PUT",
    path: "/api/v1/apps/{appId}/groups/{groupId}",
    operationId: "assignGroupToApplication",
    scopes: ["okta.apps.manage"],
    bucket: "apps",
    handle(request, context) {
      const body = optionalJsonObjectBody(request);
      if (body.priority !== undefined && (!Number.isInteger(body.priority) || (body.priority as number) < 0)) throw validationFailed("groupAssignment", ["priority: Must be a non-negative integer"]);
      if (body.profile !== undefined && !isObject(body.profile)) throw validationFailed("groupAssignment", ["profile: Must be an object"]);
      const assignment = context.store.assignGroup(param(request, "appId"), param(request, "groupId"), {
        ...(typeof body.priority === "number" ? { priority: body.priority } : {}),
        ...(isObject(body.profile) ? { profile: body.profile } : {}),
      });
      return ok(assignmentView(assignment, context));
    },
  },
  {
    method: "DELETE",
    path: "/api/v1/apps/{appId}/groups/{groupId}",
    operationId: "unassignApplicationFromGroup",
    scopes: ["okta.apps.manage"],
    bucket: "apps",
    handle(request, context) {
      context.store.unassignGroup(param(request, "appId"), param(request, "groupId"));
      return noContent();
    },
  },
];
