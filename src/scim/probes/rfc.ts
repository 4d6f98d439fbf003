import { isSuccess, SCIM_MEDIA_TYPE, type ScimResponse } from "../client.js";
import { isJsonObject, valueAt, type JsonObject } from "../json.js";
import { getGroup, getUser, importPage } from "../okta-dialect.js";
import { GROUP_SCHEMA, PATCH_OP_SCHEMA, SERVICE_PROVIDER_CONFIG_SCHEMA, USER_SCHEMA } from "../urns.js";
import { createGroupOrFail, createMinimalUser, postUser, readUser, type CreatedUser } from "./fixtures.js";
import {
  expectJsonObject,
  expectListResponse,
  expectResource,
  expectScimError,
  expectStatus,
  fail,
  mediaType,
  received,
  sent,
} from "./response-checks.js";
import type { ProbeContext, ProbeDefinition, ProbeOutcome } from "./types.js";

/**
 * rfc: the RFC 7643/7644 rules vendors break most (research/scim-conformance.md §4). MUST-level
 * rules are required, SHOULD-level ones optional. Every probe stands alone (its own user or group,
 * or a user the server already had), so they all run side by side.
 */

const userFilter = (expression: string, extra = ""): string => `/Users?filter=${encodeURIComponent(expression)}${extra}`;

/** A user this probe creates with the smallest RFC body; a server that refuses it fails the probe. */
async function createUserOrFail(ctx: ProbeContext, kind: string, headers?: Record<string, string>): Promise<CreatedUser> {
  const userName = `${ctx.uniqueName(kind)}@${ctx.emailDomain}`;
  const created = await postUser(ctx, userName, createMinimalUser(userName, headers));
  if (created.id === undefined) {
    fail(created.response, `${sent(created.response)} did not create a user (${created.response.status}); this probe needs one`, "201 Created with the user and its id");
  }
  return created;
}

/**
 * A user the server already has, for probes that only read: --seed-user, else the first listed.
 * Undefined when the server has none.
 */
async function existingUser(ctx: ProbeContext): Promise<{ resource: JsonObject & { id: string }; response: ScimResponse } | undefined> {
  if (ctx.seedUserId !== undefined) {
    const response = await ctx.send(getUser(ctx.seedUserId));
    expectStatus(response, 200, `200 with the --seed-user ${ctx.seedUserId}`);
    return { resource: expectResource(response, "the seed user"), response };
  }
  // Lenient on purpose: the list's own shape is other probes' business, this one only needs a user.
  const response = await ctx.send(importPage("Users", 1, 1));
  const resources = isJsonObject(response.json) ? response.json.Resources : undefined;
  const first: unknown = Array.isArray(resources) ? resources[0] : undefined;
  if (response.status !== 200 || !isJsonObject(first) || typeof first.id !== "string" || first.id === "") return undefined;
  return { resource: first as JsonObject & { id: string }, response };
}

const NO_USERS: ProbeOutcome = { status: "skipped", message: "found no existing user to read: GET /Users?startIndex=1&count=1 returned none (pass --seed-user)" };

async function existingUserName(ctx: ProbeContext): Promise<{ id: string; userName: string } | ProbeOutcome> {
  const user = await existingUser(ctx);
  if (!user) return NO_USERS;
  const userName = user.resource.userName;
  if (typeof userName !== "string" || userName === "") fail(user.response, `${sent(user.response)} returned user ${user.resource.id} without a userName`, "a userName on every user");
  return { id: user.resource.id, userName };
}

async function expectFilterFinds(ctx: ProbeContext, expression: string, id: string, why: string): Promise<void> {
  const response = await ctx.send({ method: "GET", path: userFilter(expression) });
  const page = expectListResponse(response);
  const ids = (page.resources ?? []).map((resource) => resource.id);
  if (!ids.includes(id)) {
    fail(response, `${sent(response)} found ${page.totalResults} user(s) but not ${id}: ${why}`, `Resources including ${id}`, `totalResults ${page.totalResults}, ids ${JSON.stringify(ids.slice(0, 10))}`);
  }
}

/** The same text with every letter's case flipped ("Ab@x.io" → "aB@X.IO"): a different case, same userName. */
function flipCase(text: string): string {
  return [...text].map((character) => (character === character.toUpperCase() ? character.toLowerCase() : character.toUpperCase())).join("");
}

const errorResponseSchema: ProbeDefinition = {
  id: "rfc/error-response-schema",
  suite: "rfc",
  title: 'An unknown user id answers 404 with a SCIM Error: the Error schema, "status" as a string, a detail',
  required: true,
  reference: "RFC 7644 §3.12",
  readOnly: true,
  async run(ctx) {
    const response = await ctx.send(getUser(ctx.uniqueName("no-such-user")));
    expectScimError(response, 404);
  },
};

const unauthorizedIsScimError: ProbeDefinition = {
  id: "rfc/unauthorized-is-scim-error",
  suite: "rfc",
  title: "A request without credentials answers 401 with a SCIM Error body",
  required: true,
  reference: "RFC 7644 §3.12, §2; Okta SPEC step 11",
  readOnly: true,
  async run(ctx) {
    const response = await ctx.send({ ...importPage("Users", 1, 1), authorization: null });
    expectScimError(response, 401);
  },
};

const filterNoMatch: ProbeDefinition = {
  id: "rfc/filter-no-match-is-empty-list",
  suite: "rfc",
  title: "A filter that matches nothing answers 200 with a ListResponse and totalResults 0, not 404",
  required: true,
  reference: "RFC 7644 §3.4.2",
  readOnly: true,
  async run(ctx) {
    const response = await ctx.send({ method: "GET", path: userFilter(`userName eq "${ctx.uniqueName("nobody")}@${ctx.emailDomain}"`) });
    const page = expectListResponse(response);
    if (page.totalResults !== 0) fail(response, `${sent(response)} found ${page.totalResults} user(s) for a userName nobody has`, "totalResults 0", `totalResults ${page.totalResults}`);
  },
};

const emptyListHasResources: ProbeDefinition = {
  id: "rfc/empty-list-has-resources",
  suite: "rfc",
  title: "An empty ListResponse still carries Resources: [] (Okta's connector test needs it)",
  required: false,
  reference: "RFC 7644 §3.4.2; Okta support: 'No results for users returned'",
  readOnly: true,
  async run(ctx) {
    const response = await ctx.send({ method: "GET", path: userFilter(`userName eq "${ctx.uniqueName("nobody")}@${ctx.emailDomain}"`) });
    const page = expectListResponse(response);
    if (page.resources === undefined || page.resources.length !== 0) {
      fail(response, `${sent(response)} answered an empty list without "Resources": []`, '"Resources": []', `Resources: ${JSON.stringify(page.resources) ?? "(missing)"}`);
    }
  },
};

/** The status and scimType a rule asks for; the Error body's own format is rfc/error-response-schema's job. */
function expectErrorType(response: ScimResponse, status: number, scimType: string, what: string): void {
  const expected = `${status} with a SCIM Error, scimType "${scimType}"`;
  if (response.status !== status) fail(response, `${sent(response)}${what} answered ${response.status}, expected ${status}`, expected);
  const body = expectJsonObject(response, expected);
  if (body.scimType !== scimType) {
    fail(response, `${sent(response)} answered ${status} with scimType ${JSON.stringify(body.scimType)}, expected "${scimType}"`, `scimType "${scimType}"`, `scimType ${JSON.stringify(body.scimType)}`);
  }
}

const duplicateUserNameConflict: ProbeDefinition = {
  id: "rfc/duplicate-username-conflict",
  suite: "rfc",
  title: 'Creating a user whose userName exists answers 409 with scimType "uniqueness"',
  required: true,
  reference: "RFC 7644 §3.3",
  readOnly: false,
  async run(ctx) {
    const user = await createUserOrFail(ctx, "dup");
    const response = await ctx.send(createMinimalUser(user.userName));
    expectErrorType(response, 409, "uniqueness", ` with the userName of user ${user.id}`);
  },
};

const userNameUniquenessCaseInsensitive: ProbeDefinition = {
  id: "rfc/username-uniqueness-case-insensitive",
  suite: "rfc",
  title: "Creating a user whose userName differs only in case answers 409 (userName is caseExact false)",
  required: true,
  reference: "RFC 7643 §4.1.1; RFC 7644 §3.3",
  readOnly: false,
  async run(ctx) {
    const user = await createUserOrFail(ctx, "case");
    const response = await ctx.send(createMinimalUser(user.userName.toUpperCase()));
    expectErrorType(response, 409, "uniqueness", ` with the upper-case userName of user ${user.id}`);
  },
};

const filterValueCaseInsensitive: ProbeDefinition = {
  id: "rfc/filter-value-case-insensitive",
  suite: "rfc",
  title: "userName eq matches whatever the case of the value (userName is caseExact false)",
  required: true,
  reference: "RFC 7644 §3.4.2.2; RFC 7643 §4.1.1; Okta SPEC step 9",
  readOnly: true,
  async run(ctx): Promise<ProbeOutcome | void> {
    const user = await existingUserName(ctx);
    if ("status" in user) return user;
    const flipped = flipCase(user.userName);
    if (flipped === user.userName) return { status: "skipped", message: `the userName ${user.userName} has no letters whose case could change` };
    await expectFilterFinds(ctx, `userName eq ${JSON.stringify(flipped)}`, user.id, `${JSON.stringify(user.userName)} in another case is the same userName`);
  },
};

const filterAttributeCaseInsensitive: ProbeDefinition = {
  id: "rfc/filter-attribute-name-case-insensitive",
  suite: "rfc",
  title: "Filter attribute names and operators are case-insensitive (USERNAME EQ …)",
  required: true,
  reference: "RFC 7644 §3.4.2.2",
  readOnly: true,
  async run(ctx): Promise<ProbeOutcome | void> {
    const user = await existingUserName(ctx);
    if ("status" in user) return user;
    await expectFilterFinds(ctx, `USERNAME EQ ${JSON.stringify(user.userName)}`, user.id, "attribute names and operators in filters are case-insensitive");
  },
};

/** A filter with exactly one match, paged: the answer does not depend on the server's list order. */
async function pageOfOneMatch(ctx: ProbeContext, userName: string, startIndex: number): Promise<{ ids: unknown[]; response: ScimResponse }> {
  const response = await ctx.send({ method: "GET", path: userFilter(`userName eq ${JSON.stringify(userName)}`, `&startIndex=${startIndex}&count=1`) });
  const page = expectListResponse(response);
  return { ids: (page.resources ?? []).map((resource) => resource.id), response };
}

const startIndexOneBased: ProbeDefinition = {
  id: "rfc/start-index-one-based",
  suite: "rfc",
  title: "startIndex is 1-based: startIndex=1 returns the first match, and startIndex=0 is read as 1",
  required: true,
  reference: "RFC 7644 §3.4.2.4",
  readOnly: true,
  async run(ctx): Promise<ProbeOutcome | void> {
    const user = await existingUserName(ctx);
    if ("status" in user) return user;
    for (const startIndex of [1, 0]) {
      const { ids, response } = await pageOfOneMatch(ctx, user.userName, startIndex);
      if (ids.length !== 1 || ids[0] !== user.id) {
        const why = startIndex === 1 ? "startIndex=1 is the first result (1-based), and this filter matches exactly one user" : "a startIndex below 1 SHALL be read as 1";
        fail(response, `${sent(response)} returned ${JSON.stringify(ids)}, not the one matching user ${user.id}: ${why}`, `Resources [${user.id}]`, `Resources ids ${JSON.stringify(ids)}`);
      }
    }
  },
};

const countRespected: ProbeDefinition = {
  id: "rfc/count-respected",
  suite: "rfc",
  title: "count is respected: count=1 returns at most one user",
  required: true,
  reference: "RFC 7644 §3.4.2.4",
  readOnly: true,
  async run(ctx): Promise<ProbeOutcome | void> {
    const response = await ctx.send(importPage("Users", 1, 1));
    const page = expectListResponse(response);
    const returned = page.resources?.length ?? 0;
    if (returned > 1) fail(response, `${sent(response)} returned ${returned} users for count=1`, "at most 1 user (the server MUST NOT return more than count)", `${returned} users`);
    if (page.totalResults < 2) return { status: "skipped", message: `the server has ${page.totalResults} user(s); count=1 can only be checked with at least 2` };
  },
};

/** The attributes a plain GET shows that a projection could leave out. */
const PROJECTABLE = ["emails", "name", "displayName"] as const;

const excludedAttributes: ProbeDefinition = {
  id: "rfc/excluded-attributes",
  suite: "rfc",
  title: "excludedAttributes leaves the named attribute out and keeps id",
  required: false,
  reference: "RFC 7644 §3.4.2.5, §3.9",
  readOnly: true,
  async run(ctx): Promise<ProbeOutcome | void> {
    const user = await existingUser(ctx);
    if (!user) return NO_USERS;
    const { resource } = await readUser(ctx, user.resource.id);
    const attribute = PROJECTABLE.find((name) => resource[name] !== undefined);
    if (!attribute) return { status: "skipped", message: `user ${user.resource.id} has none of ${PROJECTABLE.join(", ")} to exclude` };
    const response = await ctx.send({ method: "GET", path: `${getUser(user.resource.id).path}?excludedAttributes=${attribute}` });
    expectStatus(response, 200, `200 with the user without ${attribute}`);
    const projected = expectResource(response, `the user without ${attribute} (id is returned always)`);
    if (projected[attribute] !== undefined) {
      fail(response, `${sent(response)} still returned ${attribute}`, `the user without ${attribute}`, `${attribute}: ${JSON.stringify(projected[attribute])}`);
    }
  },
};

const attributesParameter: ProbeDefinition = {
  id: "rfc/attributes-parameter",
  suite: "rfc",
  title: "attributes=userName returns id and userName and leaves the other default attributes out",
  required: false,
  reference: "RFC 7644 §3.4.2.5, §3.9",
  readOnly: true,
  async run(ctx): Promise<ProbeOutcome | void> {
    const user = await existingUser(ctx);
    if (!user) return NO_USERS;
    const response = await ctx.send({ method: "GET", path: `${getUser(user.resource.id).path}?attributes=userName` });
    expectStatus(response, 200, "200 with id and userName only");
    const projected = expectResource(response, "the user with id and userName");
    if (typeof projected.userName !== "string") fail(response, `${sent(response)} left out the requested userName`, "userName", received(response));
    const extra = PROJECTABLE.filter((name) => projected[name] !== undefined);
    if (extra.length > 0) fail(response, `${sent(response)} also returned ${extra.join(", ")}`, "only id, userName (and attributes returned always)", `also ${extra.join(", ")}`);
  },
};

async function discoveryList(ctx: ProbeContext, endpoint: string): Promise<{ resources: JsonObject[]; response: ScimResponse }> {
  const response = await ctx.send({ method: "GET", path: `/${endpoint}` });
  const page = expectListResponse(response);
  return { resources: page.resources ?? [], response };
}

const discoveryServiceProviderConfig: ProbeDefinition = {
  id: "rfc/discovery-service-provider-config",
  suite: "rfc",
  title: "GET /ServiceProviderConfig describes the server (its schema, patch and filter support); Okta does not use it",
  required: false,
  reference: "RFC 7644 §4; RFC 7643 §5",
  readOnly: true,
  async run(ctx) {
    const response = await ctx.send({ method: "GET", path: "/ServiceProviderConfig" });
    expectStatus(response, 200, "200 with the ServiceProviderConfig");
    const body = expectJsonObject(response, "the ServiceProviderConfig");
    const schemas = Array.isArray(body.schemas) ? body.schemas : [];
    if (!schemas.includes(SERVICE_PROVIDER_CONFIG_SCHEMA)) {
      fail(response, `${sent(response)} answered without the ServiceProviderConfig schema`, `schemas ["${SERVICE_PROVIDER_CONFIG_SCHEMA}"]`, `schemas ${JSON.stringify(body.schemas)}`);
    }
    for (const feature of ["patch", "filter"]) {
      if (typeof valueAt(body, `${feature}.supported`) !== "boolean") {
        fail(response, `${sent(response)} does not say whether ${feature} is supported`, `${feature}.supported: a boolean`, `${feature}: ${JSON.stringify(body[feature])}`);
      }
    }
  },
};

const discoveryResourceTypes: ProbeDefinition = {
  id: "rfc/discovery-resource-types",
  suite: "rfc",
  title: "GET /ResourceTypes lists the User resource type at /Users; Okta does not use it",
  required: false,
  reference: "RFC 7644 §4; RFC 7643 §6",
  readOnly: true,
  async run(ctx) {
    const { resources, response } = await discoveryList(ctx, "ResourceTypes");
    const user = resources.find((resource) => resource.schema === USER_SCHEMA);
    if (!user || typeof user.endpoint !== "string" || !/\/Users$/.test(user.endpoint)) {
      fail(response, `${sent(response)} lists no User resource type at /Users`, `a ResourceType with schema ${USER_SCHEMA} and endpoint /Users`, JSON.stringify(resources.map((resource) => ({ name: resource.name, endpoint: resource.endpoint }))));
    }
  },
};

const discoverySchemas: ProbeDefinition = {
  id: "rfc/discovery-schemas",
  suite: "rfc",
  title: "GET /Schemas lists the core User schema with its attributes; Okta does not use it",
  required: false,
  reference: "RFC 7644 §4; RFC 7643 §7",
  readOnly: true,
  async run(ctx) {
    const { resources, response } = await discoveryList(ctx, "Schemas");
    const user = resources.find((resource) => resource.id === USER_SCHEMA);
    if (!user || !Array.isArray(user.attributes) || user.attributes.length === 0) {
      fail(response, `${sent(response)} does not list the core User schema with its attributes`, `a schema with id ${USER_SCHEMA} and attributes`, JSON.stringify(resources.map((resource) => resource.id)));
    }
  },
};

const createReturns201WithLocation: ProbeDefinition = {
  id: "rfc/create-returns-201-with-location",
  suite: "rfc",
  title: "Creating a user answers 201 Created with a Location header equal to meta.location",
  required: true,
  reference: "RFC 7644 §3.3",
  readOnly: false,
  async run(ctx) {
    const user = await createUserOrFail(ctx, "created");
    const { response, resource } = user;
    expectStatus(response, 201, "201 Created");
    const location = response.headers.location;
    const metaLocation = valueAt(resource, "meta.location");
    if (!location) fail(response, `${sent(response)} answered 201 without a Location header`, `Location: ${typeof metaLocation === "string" ? metaLocation : "the new user's URI"}`, "no Location header");
    if (location !== metaLocation) {
      fail(response, `${sent(response)} answered Location ${location}, but meta.location is ${JSON.stringify(metaLocation)}`, "Location equal to meta.location", `Location ${location}, meta.location ${JSON.stringify(metaLocation)}`);
    }
  },
};

const deleteReturns204Then404: ProbeDefinition = {
  id: "rfc/delete-returns-204-then-404",
  suite: "rfc",
  title: "Deleting a group answers 204 No Content; afterwards GET and a second DELETE answer 404",
  required: true,
  reference: "RFC 7644 §3.6",
  readOnly: false,
  async run(ctx): Promise<ProbeOutcome | void> {
    const group = await createGroupOrFail(ctx, "deleted-group", { why: "this probe needs one to delete" });
    if ("status" in group) return group;
    const path = getGroup(group.id).path;

    const deleted = await ctx.send({ method: "DELETE", path });
    expectStatus(deleted, 204, "204 No Content");
    if (deleted.text.trim() !== "") fail(deleted, `${sent(deleted)} answered 204 with a body`, "204 with no body", received(deleted));
    const read = await ctx.send({ method: "GET", path });
    if (read.status !== 404) fail(read, `${sent(read)} answered ${read.status} after ${sent(deleted)} answered 204: a deleted resource must answer 404`, "404", received(read));
    const again = await ctx.send({ method: "DELETE", path });
    if (again.status !== 404) fail(again, `a second ${sent(again)} answered ${again.status}: every later operation on a deleted resource must answer 404`, "404", received(again));
  },
};

const duplicateGroupConflict: ProbeDefinition = {
  id: "rfc/duplicate-group-conflict",
  suite: "rfc",
  title: "Creating a group whose displayName exists answers 409 (required once the server implements groups: Okta's group push links by displayName)",
  required: true,
  reference: "RFC 7644 §3.3; Entra SCIM validator 'Create a duplicate Group'; issue 15 group push rule",
  readOnly: false,
  async run(ctx): Promise<ProbeOutcome | void> {
    const group = await createGroupOrFail(ctx, "dup-group", { why: "this probe needs one" });
    if ("status" in group) return group;
    const second = await ctx.send({ method: "POST", path: "/Groups", body: { schemas: [GROUP_SCHEMA], displayName: group.displayName, members: [] } });
    if (second.status !== 409) {
      fail(second, `${sent(second)} with the displayName of group ${group.id} answered ${second.status}, expected 409 Conflict`, "409 with a SCIM Error");
    }
  },
};

const responsesAreScimJson: ProbeDefinition = {
  id: "rfc/responses-are-scim-json",
  suite: "rfc",
  title: "Responses, errors included, are application/scim+json",
  required: true,
  reference: "RFC 7644 §3.1, §8.1",
  readOnly: true,
  async run(ctx) {
    for (const request of [importPage("Users", 1, 1), getUser(ctx.uniqueName("no-such-user"))]) {
      const response = await ctx.send(request);
      if (mediaType(response) !== SCIM_MEDIA_TYPE) {
        fail(response, `${sent(response)} answered Content-Type ${response.headers["content-type"] ?? "(none)"}`, `Content-Type: ${SCIM_MEDIA_TYPE}`, `Content-Type: ${response.headers["content-type"] ?? "(none)"}`);
      }
    }
  },
};

function bodyMediaTypeProbe(id: string, contentType: string, required: boolean, title: string, reference: string): ProbeDefinition {
  return {
    id,
    suite: "rfc",
    title,
    required,
    reference,
    readOnly: false,
    async run(ctx) {
      const userName = `${ctx.uniqueName("media-type")}@${ctx.emailDomain}`;
      const created = await postUser(ctx, userName, createMinimalUser(userName, { "content-type": contentType }));
      const { response } = created;
      if (!isSuccess(response.status)) {
        fail(response, `${sent(response)} with Content-Type ${contentType} answered ${response.status}`, `2xx: a JSON body sent as ${contentType} is accepted`);
      }
    },
  };
}

const acceptsScimJsonBody = bodyMediaTypeProbe(
  "rfc/accepts-scim-json-body",
  `${SCIM_MEDIA_TYPE}; charset=utf-8`,
  true,
  "A request body sent as application/scim+json is accepted (what Okta sends)",
  "RFC 7644 §3.1, §8.1",
);

const acceptsPlainJsonBody = bodyMediaTypeProbe(
  "rfc/accepts-plain-json-body",
  "application/json",
  false,
  "A request body sent as application/json is accepted (what Okta's SPEC test sends)",
  "RFC 7644 §3.8; Okta SPEC step 6",
);

const invalidFilter: ProbeDefinition = {
  id: "rfc/invalid-filter-returns-400",
  suite: "rfc",
  title: 'A filter that does not parse answers 400 with scimType "invalidFilter"',
  required: true,
  reference: "RFC 7644 §3.4.2.2, §3.12",
  readOnly: true,
  async run(ctx) {
    const response = await ctx.send({ method: "GET", path: userFilter('userName eq "unterminated') });
    expectErrorType(response, 400, "invalidFilter", "");
  },
};

const patchOpCaseInsensitive: ProbeDefinition = {
  id: "rfc/patch-op-case-insensitive",
  suite: "rfc",
  title: 'PATCH accepts op "Replace" as well as "replace" (Entra sends capitalised ops)',
  required: false,
  reference: "RFC 7644 §3.5.2; Entra SCIM provisioning docs",
  readOnly: false,
  async run(ctx) {
    const user = await createUserOrFail(ctx, "patch-op");
    const displayName = ctx.uniqueName("patched");
    const response = await ctx.send({
      method: "PATCH",
      path: getUser(user.id).path,
      body: { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: "Replace", path: "displayName", value: displayName }] },
    });
    if (!isSuccess(response.status)) fail(response, `${sent(response)} with op "Replace" answered ${response.status}`, "200 with the user, or 204");
    const { response: read, resource: readBack } = await readUser(ctx, user.id);
    const stored = valueAt(readBack, "displayName");
    if (stored !== displayName) fail(read, `${sent(read)} shows displayName ${JSON.stringify(stored)} after the "Replace" PATCH`, `displayName ${JSON.stringify(displayName)}`, `displayName ${JSON.stringify(stored)}`);
  },
};

/** What the server's ServiceProviderConfig says about ETags: true, false, or undefined when it does not say. */
async function etagSupported(ctx: ProbeContext): Promise<boolean | undefined> {
  const response = await ctx.send({ method: "GET", path: "/ServiceProviderConfig" });
  const supported = response.status === 200 ? valueAt(response.json, "etag.supported") : undefined;
  return typeof supported === "boolean" ? supported : undefined;
}

const etagMatchesMetaVersion: ProbeDefinition = {
  id: "rfc/etag-matches-meta-version",
  suite: "rfc",
  title: "When the server uses ETags, the ETag header equals meta.version",
  required: false,
  reference: "RFC 7644 §3.14",
  readOnly: true,
  async run(ctx): Promise<ProbeOutcome | void> {
    const user = await existingUser(ctx);
    if (!user) return NO_USERS;
    const { response, resource } = await readUser(ctx, user.resource.id);
    const etag = response.headers.etag;
    const version = valueAt(resource, "meta.version");
    if (etag === undefined && version === undefined) return { status: "skipped", message: "the server uses no ETags (no ETag header, no meta.version)" };
    if (etag !== version) {
      // A web framework may add an ETag of its own; a server that says it has no SCIM ETags is not versioning with it.
      if ((await etagSupported(ctx)) === false) {
        return { status: "skipped", message: `the ServiceProviderConfig says etag.supported false, so the ETag header ${etag ?? ""} is not SCIM versioning (RFC 7644 §3.14 applies only when ETags are supported)` };
      }
      fail(response, `${sent(response)} answered ETag ${etag ?? "(none)"} but meta.version ${JSON.stringify(version)}`, "the ETag header equal to meta.version", `ETag ${etag ?? "(none)"}, meta.version ${JSON.stringify(version)}`);
    }
  },
};

export const rfcProbes: ProbeDefinition[] = [
  errorResponseSchema,
  unauthorizedIsScimError,
  filterNoMatch,
  emptyListHasResources,
  duplicateUserNameConflict,
  userNameUniquenessCaseInsensitive,
  filterValueCaseInsensitive,
  filterAttributeCaseInsensitive,
  startIndexOneBased,
  countRespected,
  excludedAttributes,
  attributesParameter,
  discoveryServiceProviderConfig,
  discoveryResourceTypes,
  discoverySchemas,
  createReturns201WithLocation,
  deleteReturns204Then404,
  duplicateGroupConflict,
  responsesAreScimJson,
  acceptsScimJsonBody,
  acceptsPlainJsonBody,
  invalidFilter,
  patchOpCaseInsensitive,
  etagMatchesMetaVersion,
];
