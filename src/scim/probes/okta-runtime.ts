import { isSuccess, type ScimResponse } from "../client.js";
import { isJsonObject, valueAt, type JsonObject } from "../json.js";
import { itemsPerPageMismatch } from "../list-response.js";
import {
  CORE_APP_ATTRIBUTES,
  ENTERPRISE_USER_SCHEMA,
  getUser,
  importPage,
  linkExistingUser,
  lookupUserByUserName,
  mappedValue,
  OKTA_BASE_ATTRIBUTES,
  resendUser,
  setUserActive,
  updateMappedAttributes,
  updateUserProfile,
  type AttributeMapping,
  type OktaAppUser,
  type UserTarget,
} from "../okta-dialect.js";
import { USER_SCHEMA } from "../urns.js";
import { createMinimalUser, oktaUserOrSkip, planOktaUser, postOktaUser, postUser, readUser, sampleAppProfile, TYPICAL_MAPPED_ATTRIBUTES } from "./fixtures.js";
import { oktaRuntimeGroupProbes } from "./okta-runtime-groups.js";
import { chainState, dialectWords, expectWriteAccepted, REFERENCE, resourceAfterWrite } from "./okta-runtime-shared.js";
import { expectListResponse, expectResource, expectStatus, expectValue, fail, sent } from "./response-checks.js";
import { ProbeFailure, type ProbeContext, type ProbeDefinition, type ProbeOutcome } from "./types.js";

/**
 * okta-runtime: the requests Okta really sends in production, in the run's dialect (DESIGN §5,
 * research/scim-conformance.md §1.6, research/okta-traffic.md). A probe depends on another only for
 * data it needs: the lifecycle chain (deactivate → still retrievable → reactivate) shares one user,
 * the other user probes each create their own with Okta's body, and the group push probes live in
 * okta-runtime-groups.ts.
 */

const KEY = { user: "okta-runtime/user", lifecycle: "okta-runtime/lifecycle-user" } as const;

/** The create chain's state: what Okta planned, and the id the server gave it. */
interface RuntimeUser {
  planned: OktaAppUser;
  id?: string;
}

function createdUserId(ctx: ProbeContext, key: string, creator: string): string {
  const { id } = chainState<RuntimeUser>(ctx, key);
  if (id === undefined) throw new Error(`${key} has no id: ${creator} did not pass`);
  return id;
}

async function readUserForPut(ctx: ProbeContext, id: string): Promise<JsonObject> {
  return (await readUser(ctx, id, "the user, which Okta changes and PUTs back")).resource;
}

/** Okta's user target in the run's dialect: oin patches by id, aiw first GETs the user it will PUT. */
async function userTarget(ctx: ProbeContext, id: string): Promise<UserTarget> {
  return ctx.dialect === "oin" ? { dialect: "oin", id } : { dialect: "aiw", current: await readUserForPut(ctx, id) };
}

function expectActive(response: ScimResponse, resource: unknown, active: boolean, why: string): void {
  const value = valueAt(resource, "active");
  if (typeof value !== "boolean") {
    fail(response, `${sent(response)} answered active ${JSON.stringify(value)}, not a boolean`, `active: ${active} (a JSON boolean)`, `active: ${JSON.stringify(value)}`);
  }
  expectValue(response, resource, "active", active, why);
}

/** Lookup by userName as Okta sends it; the single match, or a failure saying what came back. */
async function lookupSingleUser(ctx: ProbeContext, userName: string, id: string, why: string): Promise<{ resource: JsonObject; response: ScimResponse }> {
  const response = await ctx.send(lookupUserByUserName(userName));
  const page = expectListResponse(response);
  const ids = (page.resources ?? []).map((resource) => resource.id);
  const match = page.resources?.find((resource) => resource.id === id);
  if (page.totalResults === 1 && !match) {
    fail(response, `${sent(response)} says totalResults 1 but returned ${JSON.stringify(ids)}, not the user ${id}: startIndex=1 must return the first match (1-based)`, `Resources[0].id ${id}`, `Resources ids ${JSON.stringify(ids)}`);
  }
  if (page.totalResults !== 1 || !match) {
    fail(response, `${sent(response)} found ${page.totalResults} user(s), expected exactly the user ${id}: ${why}`, `totalResults 1 with Resources[0].id ${id}`, `totalResults ${page.totalResults}, ids ${JSON.stringify(ids.slice(0, 10))}`);
  }
  return { resource: match, response };
}

/** The server's own words in an error answer, for a failure message. */
function serverSaid(response: ScimResponse): string {
  const body = response.json;
  const detail = isJsonObject(body) && typeof body.detail === "string" && body.detail.trim() !== "" ? body.detail.trim() : undefined;
  return detail === undefined ? "" : ` (the server said: ${JSON.stringify(detail.length > 200 ? `${detail.slice(0, 200)}…` : detail)})`;
}

/**
 * Why the server refused Okta's create body: the same user with a long password with symbols
 * tells a password policy apart from the other attributes Okta always sends.
 */
async function whyCreateRefused(ctx: ProbeContext, planned: OktaAppUser, refused: ScimResponse): Promise<string> {
  const strong = { ...planned, password: `Sc1m-${planned.password}-okta!Probe` };
  const retry = await postOktaUser(ctx, strong);
  if (retry.id !== undefined) {
    return (
      `${sent(refused)} refused Okta's create body (${refused.status})${serverSaid(refused)} because of its password: Okta sends a generated placeholder of 8 letters and digits ` +
      `(like ${JSON.stringify(planned.password)}) on every create, even with Sync Password off, and the same body with a 26-character password with symbols was accepted. ` +
      "Every assignment fails until the password policy accepts Okta's placeholder (or ignores the password of SCIM-created users)"
    );
  }
  return `${sent(refused)} refused Okta's create body (${refused.status})${serverSaid(refused)}; Okta always sends externalId, a password and groups: [] as application/scim+json, and readOnly or unknown attributes must be ignored, not refused`;
}

const lookupUserBeforeCreate: ProbeDefinition = {
  id: "okta-runtime/lookup-user-before-create",
  suite: "okta-runtime",
  title: "Looks up a new userName the way Okta does before creating it (userName eq, startIndex=1&count=100) and gets an empty list",
  required: true,
  reference: REFERENCE.createFlow,
  readOnly: true,
  async run(ctx): Promise<ProbeOutcome | void> {
    const planned = planOktaUser(ctx, "user");
    ctx.state.set(KEY.user, { planned } satisfies RuntimeUser);
    const response = await ctx.send(lookupUserByUserName(planned.userName));
    if (response.status === 404) {
      return {
        status: "warned",
        message: `${sent(response)} answered 404 for a userName that does not exist; Okta tolerates that, but RFC 7644 §3.4.2 wants 200 with totalResults 0`,
      };
    }
    const page = expectListResponse(response);
    if (page.totalResults !== 0 || (page.resources?.length ?? 0) !== 0) {
      fail(response, `${sent(response)} found ${page.totalResults} user(s) for a userName that does not exist, so Okta would link instead of create`, "totalResults 0", `totalResults ${page.totalResults}`);
    }
  },
};

const createUserProbe: ProbeDefinition = {
  id: "okta-runtime/create-user",
  suite: "okta-runtime",
  title: "Creates the user with Okta's body (externalId, Okta's 8-character placeholder password, groups: [], active) sent as application/scim+json",
  required: true,
  reference: `${REFERENCE.createFlow}; ${REFERENCE.placeholderPassword}`,
  readOnly: false,
  after: [lookupUserBeforeCreate.id],
  async run(ctx): Promise<ProbeOutcome | void> {
    const state = chainState<RuntimeUser>(ctx, KEY.user);
    const { planned } = state;
    const created = await postOktaUser(ctx, planned);
    const { response } = created;
    if (response.status >= 400 && response.status < 500) {
      fail(response, await whyCreateRefused(ctx, planned, response), "201 Created with the user");
    }
    expectStatus(response, [200, 201], "201 Created with the user");
    if (created.id === undefined) fail(response, `${sent(response)} answered ${response.status} without the created user's id`, "201 with the user, including its id");
    state.id = created.id;
    const resource = created.resource;
    expectValue(response, resource, "userName", planned.userName, "Okta matches the user by the userName it sent");
    expectValue(response, resource, "externalId", planned.oktaUserId, "the externalId Okta sent (its user id) must be stored and returned");
    expectActive(response, resource, true, "Okta created an active user");
    if (response.status === 200) {
      return { status: "warned", message: `${sent(response)} answered 200; Okta's reference (and RFC 7644 §3.3) says 201 Created` };
    }
  },
};

const lookupFindsCreatedUser: ProbeDefinition = {
  id: "okta-runtime/lookup-finds-created-user",
  suite: "okta-runtime",
  title: "Okta's userName lookup finds the created user, also with the userName in upper case",
  required: true,
  reference: REFERENCE.createFlow,
  readOnly: true,
  after: [createUserProbe.id],
  async run(ctx) {
    const { planned } = chainState<RuntimeUser>(ctx, KEY.user);
    const id = createdUserId(ctx, KEY.user, createUserProbe.id);
    await ctx.eventually(() => lookupSingleUser(ctx, planned.userName, id, "Okta links an assigned user by this lookup"));
    await lookupSingleUser(ctx, planned.userName.toUpperCase(), id, "userName is case-insensitive (RFC 7643 §4.1.1); otherwise Okta creates a duplicate when the case differs");
  },
};

const updateProfile: ProbeDefinition = {
  id: "okta-runtime/update-profile",
  suite: "okta-runtime",
  title: "Pushes a profile change the way Okta does: GET the user, then PUT the whole resource back",
  required: true,
  reference: REFERENCE.update,
  readOnly: false,
  async run(ctx): Promise<ProbeOutcome | void> {
    const user = await oktaUserOrSkip(ctx, "profile");
    if ("status" in user) return user;
    const current = await readUserForPut(ctx, user.id);
    const change = { givenName: "Scim-okta-updated", familyName: "Probe-updated", displayName: "Scim-okta-updated Probe-updated" };
    const response = await ctx.send(updateUserProfile(current, change));
    expectStatus(response, 200, "200 with the updated user (RFC 7644 §3.5.1)");
    const updated = expectResource(response, "the updated user");
    expectValue(response, updated, "name.givenName", change.givenName, "the PUT changed it");
    expectValue(response, updated, "name.familyName", change.familyName, "the PUT changed it");
    const readBack = await readUser(ctx, user.id);
    expectValue(readBack.response, readBack.resource, "name.givenName", change.givenName, "the PUT must be stored, not only echoed");
  },
};

const deactivateUser: ProbeDefinition = {
  id: "okta-runtime/deactivate-user",
  suite: "okta-runtime",
  title: "Deactivates the user the way Okta does (oin: PATCH replace {active:false} without a path; aiw: GET + full PUT with active false)",
  required: true,
  reference: REFERENCE.deactivate,
  readOnly: false,
  async run(ctx): Promise<ProbeOutcome | void> {
    const user = await oktaUserOrSkip(ctx, "lifecycle");
    if ("status" in user) return user;
    ctx.state.set(KEY.lifecycle, { planned: user.planned, id: user.id } satisfies RuntimeUser);
    const response = await ctx.send(setUserActive(await userTarget(ctx, user.id), false));
    expectWriteAccepted(response, `deactivation (${dialectWords(ctx, "no-path PATCH", "full PUT")})`);
    const after = await resourceAfterWrite(ctx, response, getUser(user.id));
    expectActive(after.response, after.resource, false, "Okta deactivates by setting active to false and never deletes users");
  },
};

const deactivatedUserRetrievable: ProbeDefinition = {
  id: "okta-runtime/deactivated-user-still-retrievable",
  suite: "okta-runtime",
  title: "A deactivated user is still returned by id and by Okta's userName lookup, with active false",
  required: true,
  reference: "Okta CRUD test steps 8 and 12; research §4 #16",
  readOnly: true,
  after: [deactivateUser.id],
  async run(ctx) {
    const { planned } = chainState<RuntimeUser>(ctx, KEY.lifecycle);
    const id = createdUserId(ctx, KEY.lifecycle, deactivateUser.id);
    const byId = await ctx.send(getUser(id));
    if (byId.status !== 200) {
      fail(byId, `${sent(byId)} answered ${byId.status} for a deactivated user; Okta reads it back to confirm the deactivation`, "200 with active false");
    }
    expectActive(byId, expectResource(byId, "the user"), false, "the user was deactivated");
    const lookup = await lookupSingleUser(ctx, planned.userName, id, "a deactivated user that drops out of the lookup is created again by Okta on reassignment");
    expectActive(lookup.response, lookup.resource, false, "the user was deactivated");
  },
};

const reactivateUser: ProbeDefinition = {
  id: "okta-runtime/reactivate-user",
  suite: "okta-runtime",
  title: "Reactivates the user the way Okta does (oin: PATCH replace {active:true} without a path; aiw: GET + full PUT with active true)",
  required: true,
  reference: REFERENCE.reactivate,
  readOnly: false,
  // After the read-only check, so it still sees the user deactivated.
  after: [deactivatedUserRetrievable.id],
  async run(ctx) {
    const id = createdUserId(ctx, KEY.lifecycle, deactivateUser.id);
    const response = await ctx.send(setUserActive(await userTarget(ctx, id), true));
    expectWriteAccepted(response, `reactivation (${dialectWords(ctx, "no-path PATCH", "full PUT")})`);
    const after = await resourceAfterWrite(ctx, response, getUser(id));
    expectActive(after.response, after.resource, true, "Okta reactivates the same user (same id) when it is assigned again");
    const readBack = await readUser(ctx, id);
    expectActive(readBack.response, readBack.resource, true, "the reactivation must be stored");
  },
};

const emptyListHasResources: ProbeDefinition = {
  id: "okta-runtime/empty-list-has-resources",
  suite: "okta-runtime",
  title: 'An empty list carries "Resources": [] — without it Okta\'s "Test Connector Configuration" fails with "No results for users returned"',
  required: true,
  reference: REFERENCE.connectorTest,
  readOnly: true,
  async run(ctx) {
    const response = await ctx.send(lookupUserByUserName(`${ctx.uniqueName("nobody")}@${ctx.emailDomain}`));
    if (response.status === 404) return; // Okta tolerates a 404 here; lookup-user-before-create warns about it.
    const page = expectListResponse(response);
    if (page.resources === undefined || page.resources.length !== 0) {
      fail(response, `${sent(response)} answered an empty list without "Resources": [], which Okta's connector test reads as "No results for users returned"`, '"Resources": []', `Resources: ${JSON.stringify(page.resources) ?? "(missing)"}`);
    }
  },
};

const PAGE_SIZE = 2;
const MAX_PAGES = 3;
/** Asking for the last user again while totalResults moves (other probes create users meanwhile). */
const LAST_PAGE_ATTEMPTS = 10;

interface Walk {
  ids: string[];
  totalResults: number;
  notes: string[];
}

async function walkUserPages(ctx: ProbeContext): Promise<Walk> {
  const ids: string[] = [];
  const notes: string[] = [];
  let totalResults = 0;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const startIndex = 1 + page * PAGE_SIZE;
    if (page > 0 && startIndex > totalResults) break;
    const response = await ctx.send(importPage("Users", startIndex, PAGE_SIZE));
    const list = expectListResponse(response);
    if (page === 0) totalResults = list.totalResults;
    const resources = list.resources ?? [];
    const note = checkPage(response, list.startIndex, list.itemsPerPage, resources, startIndex, list.totalResults);
    if (note) notes.push(note);
    for (const resource of resources) {
      const id = resource.id;
      if (typeof id !== "string") fail(response, `${sent(response)} returned a user without an id`, "every user with its id", JSON.stringify(resource));
      if (ids.includes(id)) {
        fail(response, `${sent(response)} returned user ${id} again, already seen on an earlier page: the order is not stable or startIndex is not 1-based`, "each user on exactly one page", `ids so far ${JSON.stringify(ids)}, this page ${JSON.stringify(resources.map((r) => r.id))}`);
      }
      ids.push(id);
    }
  }
  return { ids, totalResults, notes };
}

/** Fails on what breaks Okta's import; returns a note on what does not (itemsPerPage, the one rule in list-response.ts). */
function checkPage(response: ScimResponse, startIndex: number | undefined, itemsPerPage: number | undefined, resources: JsonObject[], requested: number, totalResults: number): string | undefined {
  if (resources.length > PAGE_SIZE) {
    fail(response, `${sent(response)} returned ${resources.length} users for count=${PAGE_SIZE}`, `at most ${PAGE_SIZE} users (RFC 7644 §3.4.2.4)`, `${resources.length} users`);
  }
  if (startIndex !== undefined && startIndex !== requested) {
    fail(response, `${sent(response)} answered startIndex ${startIndex}, expected ${requested}`, `startIndex ${requested}`, `startIndex ${startIndex}`);
  }
  if (requested <= totalResults && resources.length === 0) {
    fail(response, `${sent(response)} returned no users although totalResults is ${totalResults}: startIndex looks 0-based, so Okta's import misses users`, `user number ${requested} of ${totalResults}`, "no Resources");
  }
  const mismatch = itemsPerPageMismatch(itemsPerPage, resources.length);
  return mismatch === undefined ? undefined : `${sent(response)}: ${mismatch}`;
}

/** Order may only be compared on ids both walks saw: other probes create users meanwhile. */
function sameRelativeOrder(first: readonly string[], second: readonly string[]): boolean {
  const common = first.filter((id) => second.includes(id));
  const secondCommon = second.filter((id) => common.includes(id));
  return common.every((id, index) => secondCommon[index] === id);
}

const importUsersPaging: ProbeDefinition = {
  id: "okta-runtime/import-users-paging",
  suite: "okta-runtime",
  title: `Imports existing users page by page (count=${PAGE_SIZE}): integer counts, at most count per page, nobody skipped or repeated, the same order twice`,
  required: true,
  reference: REFERENCE.import,
  readOnly: true,
  async run(ctx): Promise<ProbeOutcome | void> {
    const first = await walkUserPages(ctx);
    if (first.totalResults === 0) return { status: "skipped", message: "the server has no users yet, so there is nothing to import page by page" };
    const notes = [...first.notes];

    // The last user, by its 1-based position: a 0-based server answers an empty page there.
    let position = first.totalResults;
    for (let attempt = 1; attempt <= LAST_PAGE_ATTEMPTS && position > 0; attempt += 1) {
      const last = await ctx.send(importPage("Users", position, PAGE_SIZE));
      const lastPage = expectListResponse(last);
      if (lastPage.totalResults === position) {
        const note = checkPage(last, lastPage.startIndex, lastPage.itemsPerPage, lastPage.resources ?? [], position, lastPage.totalResults);
        if (note) notes.push(note);
        break;
      }
      position = lastPage.totalResults;
    }

    const second = await walkUserPages(ctx);
    if (!sameRelativeOrder(first.ids, second.ids)) {
      // No single exchange shows it, so the failure carries both orders.
      throw new ProbeFailure(`GET /Users?startIndex=…&count=${PAGE_SIZE} returned the users in a different order the second time: the order is not stable, and Okta's import needs it to be`, {
        expected: `the first walk's order ${JSON.stringify(first.ids)}`,
        actual: JSON.stringify(second.ids),
      });
    }
    const summary = `${first.ids.length} users over ${Math.ceil(first.ids.length / PAGE_SIZE)} page(s) (totalResults ${first.totalResults} at the start), twice, in the same order`;
    // The one itemsPerPage rule: a note on a passing probe, as test-connector notes it.
    return { status: "passed", message: notes.length > 0 ? `${summary}; note: ${notes[0] ?? ""}` : summary };
  },
};

const linkExistingUserProbe: ProbeDefinition = {
  id: "okta-runtime/link-existing-user",
  suite: "okta-runtime",
  title: "aiw: the lookup finds a user Okta did not create, and Okta links it: GET, then PUT of it merged with Okta's profile (externalId = Okta's user id, groups: [], locale, emails replaced)",
  required: true,
  reference: REFERENCE.linkUser,
  readOnly: false,
  dialects: ["aiw"],
  async run(ctx): Promise<ProbeOutcome | void> {
    // The user as the vendor made it before Okta was connected: its own externalId, another email.
    const planned = planOktaUser(ctx, "existing");
    const vendorEmail = `${ctx.uniqueName("vendor-mail")}@${ctx.emailDomain}`;
    const vendorBody = createMinimalUser(planned.userName);
    const existing = await postUser(ctx, planned.userName, {
      ...vendorBody,
      body: { ...(vendorBody.body as JsonObject), externalId: `vendor-${planned.oktaUserId}`, emails: [{ primary: true, value: vendorEmail, type: "work" }], name: { givenName: "Vendor", familyName: "Made", formatted: "Vendor Made" } },
    });
    if (existing.id === undefined) {
      return { status: "skipped", message: `needs a user the server already has, and ${sent(existing.response)} answered ${existing.response.status} (rfc/create-returns-201-with-location says why)` };
    }
    const lookup = await ctx.eventually(() => lookupSingleUser(ctx, planned.userName, existing.id, "Okta links the user this lookup finds instead of creating a duplicate"));
    const current = await readUserForPut(ctx, existing.id);
    const response = await ctx.send(linkExistingUser(current, planned));
    if (!isSuccess(response.status)) {
      fail(
        response,
        `${sent(response)} answered ${response.status}${serverSaid(response)} to Okta's link of user ${existing.id} (found by ${sent(lookup.response)}): Okta PUTs the user back with externalId set to its own user id, groups: [] and locale added and emails replaced, and the server must accept it`,
        "200 with the linked user",
      );
    }
    const linked = await readUser(ctx, existing.id, "the linked user");
    expectValue(linked.response, linked.resource, "externalId", planned.oktaUserId, "Okta's link sets externalId to its user id, and matches the user by it from then on");
    const emails = Array.isArray(linked.resource.emails) ? linked.resource.emails.map((entry) => valueAt(entry, "value")) : [];
    if (emails.length !== 1 || emails[0] !== planned.email) {
      fail(linked.response, `${sent(linked.response)} answered emails ${JSON.stringify(emails)} after Okta's PUT replaced them with [${JSON.stringify(planned.email)}]: a PUT replaces multi-valued attributes (RFC 7644 §3.5.1)`, `emails [${JSON.stringify(planned.email)}]`, `emails ${JSON.stringify(emails)}`);
    }
    expectActive(linked.response, linked.resource, true, "Okta's link assigns the user, active");
  },
};

/** A resource without what a server may change on every write (meta), for comparing two reads. */
function withoutMeta(resource: JsonObject): JsonObject {
  const { meta: _meta, ...rest } = resource;
  return rest;
}

const ECHO_PUTS = 2;

const redundantPutChangesNothing: ProbeDefinition = {
  id: "okta-runtime/redundant-put-changes-nothing",
  suite: "okta-runtime",
  title: `aiw: PUTs of the user exactly as read (Okta sends such echo PUTs) are answered 200 and change nothing, ${ECHO_PUTS} times in a row`,
  required: true,
  reference: REFERENCE.echoPut,
  readOnly: false,
  dialects: ["aiw"],
  async run(ctx): Promise<ProbeOutcome | void> {
    const user = await oktaUserOrSkip(ctx, "echo");
    if ("status" in user) return user;
    const before = await readUser(ctx, user.id, "the user, which Okta PUTs back unchanged");
    for (let round = 1; round <= ECHO_PUTS; round += 1) {
      const current = await readUserForPut(ctx, user.id);
      const response = await ctx.send(resendUser(current));
      expectStatus(response, 200, `200 with the unchanged user (echo PUT ${round} of ${ECHO_PUTS})`);
    }
    const after = await readUser(ctx, user.id, "the user after the echo PUTs");
    const expected = JSON.stringify(withoutMeta(before.resource));
    const actual = JSON.stringify(withoutMeta(after.resource));
    if (expected !== actual) {
      fail(after.response, `${sent(after.response)} shows a different user after ${ECHO_PUTS} PUTs that changed nothing: the server is not idempotent on Okta's echo PUTs`, expected, actual);
    }
  },
};

/** The mapped attributes this run sends beyond the core, and where they come from. */
function attributesToSend(ctx: ProbeContext): { mappings: AttributeMapping[]; source: string | undefined } {
  const vendor = ctx.mappedAttributes;
  const mappings = vendor
    ? [...vendor.mappings]
    : OKTA_BASE_ATTRIBUTES.filter((attribute) => TYPICAL_MAPPED_ATTRIBUTES.includes(attribute.name));
  return { mappings: mappings.filter((mapping) => !CORE_APP_ATTRIBUTES.has(mapping.name)), source: vendor?.source };
}

/**
 * Attributes RFC 7643 makes read-only, which a server may ignore (and compute itself) when a client
 * sends them: Okta still sends them when mapped, so they must be accepted, not stored as sent.
 */
const READ_ONLY_ATTRIBUTES: ReadonlySet<string> = new Set([`${ENTERPRISE_USER_SCHEMA}:manager.displayname`]);

const isReadOnly = (mapping: AttributeMapping): boolean => READ_ONLY_ATTRIBUTES.has(`${mapping.externalNamespace ?? USER_SCHEMA}:${mapping.externalName.toLowerCase()}`);

function expectMappedValues(response: ScimResponse, resource: JsonObject, mappings: readonly AttributeMapping[], profile: Record<string, unknown>, when: string): void {
  for (const mapping of mappings.filter((entry) => !isReadOnly(entry))) {
    const expected = profile[mapping.name];
    const actual = mappedValue(resource, mapping);
    if (actual !== expected) {
      const where = mapping.externalNamespace && mapping.externalNamespace !== USER_SCHEMA ? `${mapping.externalNamespace}:${mapping.externalName}` : mapping.externalName;
      fail(response, `${sent(response)} answered ${where} ${actual === undefined ? "missing" : JSON.stringify(actual)} ${when}, expected ${JSON.stringify(expected)} (Okta's ${mapping.name})`, `${where}: ${JSON.stringify(expected)}`, `${where}: ${actual === undefined ? "(missing)" : JSON.stringify(actual)}`);
    }
  }
}

const mappedAttributes: ProbeDefinition = {
  id: "okta-runtime/mapped-attributes",
  suite: "okta-runtime",
  title: "Creates and updates a user with the attributes Okta sends once they are mapped — the enterprise extension (URN in schemas) and custom attributes; with --vendor/--template, the vendor's own mappings",
  required: true,
  reference: REFERENCE.mappedAttributes,
  readOnly: false,
  async run(ctx): Promise<ProbeOutcome | void> {
    const { mappings, source } = attributesToSend(ctx);
    if (mappings.length === 0) return { status: "skipped", message: `${source ?? "the template"} maps no attribute beyond the ones Okta always sends` };
    try {
      const manager = await oktaUserOrSkip(ctx, "manager");
      if ("status" in manager) return manager;
      const context = { manager: { userName: manager.userName, displayName: `${manager.planned.givenName} ${manager.planned.familyName}` } };
      const created = { ...planOktaUser(ctx, "mapped") };
      const profile = sampleAppProfile(mappings, { ...context, round: 0 });
      const user = await postOktaUser(ctx, { ...created, mapped: { profile, mappings } });
      if (user.id === undefined) {
        fail(user.response, `${sent(user.response)} answered ${user.response.status}${serverSaid(user.response)} to Okta's create body with the mapped attributes ${mappings.map((mapping) => mapping.name).join(", ")}`, "201 Created with the user and the mapped attributes");
      }
      const read = await readUser(ctx, user.id, "the user with the mapped attributes");
      expectMappedValues(read.response, read.resource, mappings, profile, "after Okta's create");

      const changed = sampleAppProfile(mappings, { ...context, round: 1 });
      const response = await ctx.send(updateMappedAttributes(read.resource, { profile: changed, mappings }));
      expectWriteAccepted(response, "Okta's profile push of the mapped attributes (GET + PUT)");
      const reread = await readUser(ctx, user.id, "the user after the profile push");
      expectMappedValues(reread.response, reread.resource, mappings, changed, "after Okta's profile push");
      const readOnly = mappings.filter(isReadOnly).map((mapping) => mapping.name);
      const ignored = readOnly.length > 0 ? `; ${readOnly.join(", ")} accepted, not compared: read-only in RFC 7643, the server may compute it` : "";
      return { status: "passed", message: `${mappings.map((mapping) => mapping.name).join(", ")}${source ? ` (mapped by ${source})` : ""}${ignored}` };
    } catch (error) {
      if (source !== undefined || !(error instanceof ProbeFailure)) throw error;
      // Without a template nobody said these are mapped: a finding to know about, not a failure.
      return {
        status: "warned",
        message: `${error.message}. Okta sends these once the app maps them (manager, department, …); pass --vendor or --template to check the vendor's own mappings`,
      };
    }
  },
};

export const oktaRuntimeProbes: ProbeDefinition[] = [
  lookupUserBeforeCreate,
  createUserProbe,
  lookupFindsCreatedUser,
  updateProfile,
  deactivateUser,
  deactivatedUserRetrievable,
  reactivateUser,
  emptyListHasResources,
  importUsersPaging,
  linkExistingUserProbe,
  redundantPutChangesNothing,
  mappedAttributes,
  ...oktaRuntimeGroupProbes,
];
