import type { EndpointContext, ResourceEndpoint } from "./endpoint.js";
import { compileFilter } from "./filter.js";
import { conflict, methodNotAllowed, notFound, ScimHttpError } from "./errors.js";
import { parseJsonBody, type ScimReply, type ScimRequest } from "./http.js";
import type { ScimGroup, ScimUser } from "./model.js";
import { listResponse, parsePageRequest, type PaginationFaults } from "./pagination.js";
import { applyPatch } from "./patch.js";
import { parseAttributeList, projectResource, type Projection } from "./projection.js";
import { isPlainObject } from "./schemas.js";

export interface HandlerContext extends EndpointContext {
  /** Number of list requests served, for the unstable-order fault. */
  nextListCall(): number;
}

type Resource = ScimUser | ScimGroup;
type Endpoint = ResourceEndpoint<Resource>;

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Routes /Users, /Users/{id}, /Groups, /Groups/{id}. */
export function handleResource(endpoint: ResourceEndpoint<ScimUser> | ResourceEndpoint<ScimGroup>, id: string | undefined, request: ScimRequest, ctx: HandlerContext): ScimReply {
  // server-error-on-write fails before anything changes, so cleanup tests see a clean store.
  if (ctx.faults.has("server-error-on-write") && WRITE_METHODS.has(request.method)) {
    throw new ScimHttpError(500, "Internal server error while writing");
  }
  // The handlers below treat both endpoints alike; each endpoint only ever sees its own resources.
  const typed = endpoint as Endpoint;
  if (id === undefined) {
    if (request.method === "GET") return list(typed, request, ctx);
    if (request.method === "POST") return create(typed, request, ctx);
    throw methodNotAllowed(["GET", "POST"], `${request.method} is not supported on /${endpoint.endpoint}`);
  }
  switch (request.method) {
    case "GET":
      return get(typed, id, request, ctx);
    case "PUT":
      return replace(typed, id, request, ctx);
    case "PATCH":
      return patch(typed, id, request, ctx);
    case "DELETE":
      return remove(typed, id, request, ctx);
    default:
      throw methodNotAllowed(["GET", "PUT", "PATCH", "DELETE"], `${request.method} is not supported on /${endpoint.endpoint}/{id}`);
  }
}

function projectionOf(request: ScimRequest, ctx: EndpointContext): Projection {
  const query = request.url.searchParams;
  return {
    attributes: ctx.faults.has("attributes-param-ignored") ? [] : parseAttributeList(query.get("attributes")),
    excludedAttributes: ctx.faults.has("excluded-attributes-ignored") ? [] : parseAttributeList(query.get("excludedAttributes")),
  };
}

function render(endpoint: Endpoint, resource: Resource, request: ScimRequest, ctx: EndpointContext): Record<string, unknown> {
  return projectResource(endpoint.schema, endpoint.represent(resource, ctx), projectionOf(request, ctx));
}

function etagHeader(resource: Resource, ctx: EndpointContext): Record<string, string> {
  const version = resource.meta.version;
  return { etag: ctx.faults.has("etag-mismatch") ? `"${version.replace(/^W\/"|"$/g, "")}-0"` : version };
}

function missing(endpoint: Endpoint, id: string, ctx: EndpointContext): ScimHttpError {
  if (endpoint.resourceType === "User" && ctx.faults.has("error-not-scim-404")) {
    return new ScimHttpError(404, "Not Found", undefined, {}, { contentType: "application/json; charset=utf-8", text: JSON.stringify({ message: "Not Found" }) });
  }
  return notFound(`${endpoint.resourceType} ${JSON.stringify(id)} not found`);
}

function find(endpoint: Endpoint, id: string, ctx: EndpointContext): Resource {
  const resource = endpoint.collection(ctx.store).get(id);
  if (!resource) throw missing(endpoint, id, ctx);
  return resource;
}

/** Whether an If-Match / If-None-Match list names the resource's version (weak comparison, RFC 7232 §2.3.2). */
function namesVersion(header: string, resource: Resource): boolean {
  const bare = (tag: string): string => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => bare(tag) === bare(resource.meta.version));
}

/** RFC 7644 §3.14: If-Match must name the current version, else 412. */
function checkIfMatch(resource: Resource, request: ScimRequest): void {
  const ifMatch = request.headers["if-match"];
  if (ifMatch === undefined || ifMatch.trim() === "*") return;
  if (!namesVersion(ifMatch, resource)) {
    throw new ScimHttpError(412, `If-Match ${ifMatch} does not match the current version ${resource.meta.version}`);
  }
}

function list(endpoint: Endpoint, request: ScimRequest, ctx: HandlerContext): ScimReply {
  const query = request.url.searchParams;
  const faults: PaginationFaults = {
    zeroBasedStartIndex: ctx.faults.has("zero-based-start-index"),
    ignoreCount: ctx.faults.has("ignore-count"),
    countsAsStrings: ctx.faults.has("list-counts-as-strings"),
    omitResourcesWhenEmpty: ctx.faults.has("list-missing-resources-when-empty"),
  };
  const page = parsePageRequest(query, faults);
  // group-filter-ignored: a /Groups list that answers every group whatever the filter says.
  const expression = endpoint.resourceType === "Group" && ctx.faults.has("group-filter-ignored") ? null : query.get("filter");
  let matches = [...endpoint.collection(ctx.store).values()].filter((resource) => endpoint.listed(resource, ctx));
  if (expression !== null && expression.trim() !== "") {
    let test: (resource: unknown) => boolean;
    try {
      test = compileFilter(expression, endpoint.filterRules(ctx));
    } catch (error) {
      if (error instanceof ScimHttpError && ctx.faults.has("invalid-filter-500")) throw new ScimHttpError(500, "Internal server error");
      throw error;
    }
    // Filters match the resource as a clean server returns it: derived groups included, the
    // write-only password never (RFC 7643 §7), and representation faults do not leak into matching.
    const plain: EndpointContext = { ...ctx, faults: new Set() };
    matches = matches.filter((resource) => test(endpoint.represent(resource, plain)));
    if (matches.length === 0 && ctx.faults.has("no-match-404")) throw notFound(`No ${endpoint.resourceType} matches the filter`);
  }
  const call = ctx.nextListCall();
  if (ctx.faults.has("unstable-order") && matches.length > 1) {
    const shift = call % matches.length;
    matches = [...matches.slice(matches.length - shift), ...matches.slice(0, matches.length - shift)];
  }
  const projection = projectionOf(request, ctx);
  const rendered = matches.map((resource) => projectResource(endpoint.schema, endpoint.represent(resource, ctx), projection));
  return { status: 200, body: listResponse(rendered, page, faults) };
}

function create(endpoint: Endpoint, request: ScimRequest, ctx: EndpointContext): ScimReply {
  const body = parseJsonBody(request, ctx.faults);
  const id = ctx.store.newId();
  const location = `${ctx.baseUrl}/${endpoint.endpoint}/${id}`;
  const resource = endpoint.build(body, id, ctx.store.newMeta(endpoint.resourceType, location), undefined, "create", ctx);
  const clash = endpoint.conflict(resource, ctx);
  if (clash) throw conflict(clash);
  endpoint.collection(ctx.store).set(id, resource);
  const headers = etagHeader(resource, ctx);
  if (!ctx.faults.has("no-location-header")) headers.location = location;
  return { status: ctx.faults.has("create-returns-200") ? 200 : 201, headers, body: render(endpoint, resource, request, ctx) };
}

function get(endpoint: Endpoint, id: string, request: ScimRequest, ctx: EndpointContext): ScimReply {
  const resource = find(endpoint, id, ctx);
  if (!endpoint.retrievable(resource, ctx)) throw missing(endpoint, id, ctx);
  if (endpoint.resourceType === "Group" && ctx.faults.has("group-get-by-id-missing")) throw notFound(`No SCIM endpoint at /Groups/${id}`);
  const ifNoneMatch = request.headers["if-none-match"];
  if (ifNoneMatch !== undefined && namesVersion(ifNoneMatch, resource)) {
    return { status: 304, headers: etagHeader(resource, ctx) };
  }
  const body = render(endpoint, resource, request, ctx);
  // Some servers answer single reads with a thinner serializer than lists and writes.
  if (ctx.faults.has("get-by-id-summary") && endpoint.resourceType === "User") delete body.name;
  return { status: 200, headers: etagHeader(resource, ctx), body };
}

function store(endpoint: Endpoint, resource: Resource, request: ScimRequest, ctx: EndpointContext): ScimReply {
  const clash = endpoint.conflict(resource, ctx);
  if (clash) throw conflict(clash);
  endpoint.collection(ctx.store).set(resource.id, resource);
  return { status: 200, headers: etagHeader(resource, ctx), body: render(endpoint, resource, request, ctx) };
}

function replace(endpoint: Endpoint, id: string, request: ScimRequest, ctx: EndpointContext): ScimReply {
  const existing = find(endpoint, id, ctx);
  checkIfMatch(existing, request);
  const body = parseJsonBody(request, ctx.faults);
  // PUT replaces everything the client may write; id and meta.created stay the server's.
  const resource = endpoint.build(body, id, ctx.store.touch(existing.meta), existing, "replace", ctx);
  if (endpoint.resourceType === "Group") checkOwnNameConflict(existing, resource, true, ctx);
  return store(endpoint, resource, request, ctx);
}

function patch(endpoint: Endpoint, id: string, request: ScimRequest, ctx: EndpointContext): ScimReply {
  const existing = find(endpoint, id, ctx);
  checkIfMatch(existing, request);
  const body = parseJsonBody(request, ctx.faults);
  const patched = applyPatch(existing, body, endpoint.schema, {
    opCaseSensitive: ctx.faults.has("patch-op-case-sensitive"),
    valuePathUnsupported: ctx.faults.has("patch-valuepath-unsupported"),
    noPathIgnored: ctx.faults.has("patch-no-path-ignored"),
    noPathReplacesResource: ctx.faults.has("patch-no-path-replaces-resource"),
    replaceMembersAdds: ctx.faults.has("patch-replace-members-adds"),
    emptyValueRejected: ctx.faults.has("patch-empty-value-rejected"),
    noPathMembersIgnored: ctx.faults.has("patch-no-path-members-ignored"),
  });
  // Rebuilding validates the result and puts read-only attributes (id, meta, groups) back.
  const resource = endpoint.build({ ...patched, schemas: existing.schemas }, id, ctx.store.touch(existing.meta), existing, "patch", ctx);
  if (endpoint.resourceType === "Group") checkOwnNameConflict(existing, resource, patchSetsDisplayName(body), ctx);
  return store(endpoint, resource, request, ctx);
}

/** The group-name-self-conflict fault: a write that sets displayName finds the group itself a duplicate. */
function checkOwnNameConflict(existing: Resource, updated: Resource, setsDisplayName: boolean, ctx: EndpointContext): void {
  if (!setsDisplayName || !ctx.faults.has("group-name-self-conflict")) return;
  const name = String(updated.displayName ?? "").toLowerCase();
  if (String(existing.displayName ?? "").toLowerCase() === name) throw conflict(`A group with displayName ${JSON.stringify(updated.displayName)} already exists`);
}

/** Whether a PatchOp body writes displayName: a displayName path, or a no-path value carrying it. */
function patchSetsDisplayName(body: unknown): boolean {
  const operations = isPlainObject(body) && Array.isArray(body.Operations) ? body.Operations : [];
  return operations.some((operation) => {
    if (!isPlainObject(operation)) return false;
    if (typeof operation.path === "string" && operation.path.trim() !== "") return operation.path.trim().toLowerCase() === "displayname";
    return isPlainObject(operation.value) && Object.keys(operation.value).some((key) => key.toLowerCase() === "displayname");
  });
}

function remove(endpoint: Endpoint, id: string, request: ScimRequest, ctx: EndpointContext): ScimReply {
  if (endpoint.resourceType === "User" && ctx.faults.has("no-delete")) {
    throw methodNotAllowed(["GET", "PUT", "PATCH"], "Users cannot be deleted here; deactivate them with active:false");
  }
  const existing = endpoint.collection(ctx.store).get(id);
  if (!existing) {
    if (ctx.faults.has("delete-twice-500") && ctx.store.deletedIds.has(id)) throw new ScimHttpError(500, "Internal server error");
    throw missing(endpoint, id, ctx);
  }
  checkIfMatch(existing, request);
  if (endpoint.resourceType === "Group" && ctx.faults.has("group-delete-ignored")) return { status: 204 };
  const rendered = render(endpoint, existing, request, ctx);
  endpoint.collection(ctx.store).delete(id);
  ctx.store.deletedIds.add(id);
  ctx.store.removeFromAllGroups(id);
  return ctx.faults.has("delete-returns-200") ? { status: 200, body: rendered } : { status: 204 };
}
