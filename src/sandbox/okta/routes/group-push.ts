import type { EmulatorContext } from "../context.js";
import { booleanQuery, jsonObjectBody, ok } from "../http.js";
import type { GroupPushMappingRecord } from "../model.js";
import { paginate } from "../paging.js";
import type { Route } from "../router.js";
import { apiUrl, link, param } from "./shared.js";

/**
 * `/apps/{appId}/group-push/mappings` (research §6, §14): a create answers 200 (the spec says 201),
 * a DELETE 200 with an empty body (spec: 204); objects carry second-precision timestamps and no
 * `errorSummary`/`lastPush` until provisioning has something to say.
 */
function pushMappingView(mapping: GroupPushMappingRecord, context: EmulatorContext): Record<string, unknown> {
  return {
    id: mapping.id,
    sourceGroupId: mapping.sourceGroupId,
    targetGroupId: mapping.targetGroupId,
    status: mapping.status,
    created: mapping.created,
    lastUpdated: mapping.lastUpdated,
    ...(mapping.lastPush !== null ? { lastPush: mapping.lastPush } : {}),
    ...(mapping.errorSummary !== null ? { errorSummary: mapping.errorSummary } : {}),
    _links: {
      app: link(apiUrl(context, `/apps/${mapping.appId}`)),
      sourceGroup: link(apiUrl(context, `/groups/${mapping.sourceGroupId}`)),
      targetGroup: link(apiUrl(context, `/groups/${mapping.targetGroupId}`)),
    },
  };
}

const READ = ["okta.apps.read", "okta.groups.read"];
const MANAGE = ["okta.apps.manage", "okta.groups.manage"];

export const groupPushRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/v1/apps/{appId}/group-push/mappings",
    operationId: "listGroupPushMappings",
    scopes: READ,
    bucket: "apps",
    handle(request, context) {
      const { searchParams } = request.url;
      const sourceGroupId = searchParams.get("sourceGroupId");
      const status = searchParams.get("status");
      const mappings = context.store
        .groupPushMappingsOf(param(request, "appId"))
        .filter((mapping) => (!sourceGroupId || mapping.sourceGroupId === sourceGroupId) && (!status || mapping.status === status));
      const page = paginate(mappings, request.url, context.orgUrl, { defaultLimit: 100, maxLimit: 1000, keptParams: ["lastUpdated", "sourceGroupId", "status"], cursorOf: (id) => id });
      return ok(
        page.items.map((mapping) => pushMappingView(mapping, context)),
        { Link: page.link },
      );
    },
  },
  {
    method: "POST",
    path: "/api/v1/apps/{appId}/group-push/mappings",
    operationId: "createGroupPushMapping",
    scopes: MANAGE,
    bucket: "apps",
    handle(request, context) {
      const appId = param(request, "appId");
      context.store.getApp(appId);
      return ok(pushMappingView(context.store.createGroupPushMapping(appId, jsonObjectBody(request)), context));
    },
  },
  {
    method: "GET",
    path: "/api/v1/apps/{appId}/group-push/mappings/{mappingId}",
    operationId: "getGroupPushMapping",
    scopes: READ,
    bucket: "apps",
    handle: (request, context) => ok(pushMappingView(context.store.getGroupPushMapping(param(request, "appId"), param(request, "mappingId")), context)),
  },
  {
    method: "PATCH",
    path: "/api/v1/apps/{appId}/group-push/mappings/{mappingId}",
    operationId: "updateGroupPushMapping",
    scopes: MANAGE,
    bucket: "apps",
    handle(request, context) {
      const appId = param(request, "appId");
      const mappingId = param(request, "mappingId");
      context.store.getGroupPushMapping(appId, mappingId);
      const body = jsonObjectBody(request);
      return ok(pushMappingView(context.store.setGroupPushStatus(appId, mappingId, body.status), context));
    },
  },
  {
    method: "DELETE",
    path: "/api/v1/apps/{appId}/group-push/mappings/{mappingId}",
    operationId: "deleteGroupPushMapping",
    scopes: MANAGE,
    bucket: "apps",
    handle(request, context) {
      context.store.deleteGroupPushMapping(param(request, "appId"), param(request, "mappingId"), booleanQuery(request.url, "deleteTargetGroup", false));
      return { status: 200 };
    },
  },
];
