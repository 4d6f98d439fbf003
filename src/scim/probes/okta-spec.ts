import { randomInt } from "node:crypto";
import { isSuccess, type ScimRequest, type ScimResponse } from "../client.js";
import { valueAt } from "../json.js";
import { ERROR_SCHEMA, LIST_RESPONSE_SCHEMA, USER_SCHEMA } from "../urns.js";
import { ProbeFailure, type ProbeContext, type ProbeDefinition, type ProbeOutcome } from "./types.js";

/**
 * Okta's SCIM 2.0 SPEC test (Okta-SCIM-20-SPEC-Test.json, okta-developer-docs f9abbe3dc1), step for
 * step: the same 12 requests with Okta's headers and bodies, asserting exactly what Okta's
 * assertions assert (research/scim-conformance.md §1.2). Where Okta pauses 5-10 s, a bounded retry
 * is used instead (ProbeContext.eventually), and only where a request reads what an earlier one
 * wrote.
 */

/** What Okta's test sends on its GETs (Content-Type included, although there is no body). */
const GET_HEADERS = {
  "Accept-Charset": "utf-8",
  "Content-Type": "application/scim+json; charset=utf-8",
  Accept: "application/scim+json",
  "User-Agent": "OKTA SCIM Integration",
};

/** What Okta's test sends on its two POSTs: a plain application/json body. */
const POST_HEADERS = {
  "Content-Type": "application/json",
  Accept: "application/scim+json; charset=utf-8",
  "User-Agent": "OKTA SCIM Integration",
};

/** Okta's Initial_Script_Spec constants. */
const INVALID_USER_EMAIL = "abcdefgh@atko.com";
const USER_ID_THAT_DOES_NOT_EXIST = "010101001010101011001010101011";
const STEP_12_USER_ID = "00919288221112222";

/** Okta's step 10 asserts the Groups list answers within this. */
const GROUPS_RESPONSE_TIME_MS = 600;

const STATE = {
  isvUserId: "okta-spec/ISVUserid",
  isvUserPreExisting: "okta-spec/ISVUserid-pre-existing",
  randomUser: "okta-spec/randomUser",
  idUserOne: "okta-spec/idUserOne",
} as const;

/** The random user of Okta's Initial_Script, with our recognisable given name instead of "Runscope". */
export interface OktaSpecUser {
  givenName: string;
  familyName: string;
  /** userName and email: given + family + "@" + domain, mixed case. */
  userName: string;
  userNameCaps: string;
}

function oktaSpecRandomUser(emailDomain: string): OktaSpecUser {
  const digits = (count: number) => Array.from({ length: count }, () => String(randomInt(10))).join("");
  const lower = (count: number) => Array.from({ length: count }, () => String.fromCharCode(97 + randomInt(26))).join("");
  const givenName = `ScimOktaProbe${digits(3)}`;
  const familyName = `${lower(1).toUpperCase()}${lower(8)}${digits(3)}`;
  const userName = `${givenName}${familyName}@${emailDomain}`;
  return { givenName, familyName, userName, userNameCaps: userName.toUpperCase() };
}

/** Okta's create body (steps 6 and 8; step 8 puts the userName into the email). */
function createBody(user: OktaSpecUser, email = user.userName): Record<string, unknown> {
  return {
    schemas: [USER_SCHEMA],
    userName: user.userName,
    name: { givenName: user.givenName, familyName: user.familyName },
    emails: [{ primary: true, value: email, type: "work" }],
    displayName: `${user.givenName} ${user.familyName}`,
    active: true,
  };
}

function filterByUserName(userName: string): string {
  return `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`;
}

function get(path: string, authorization?: string): ScimRequest {
  return { method: "GET", path, headers: GET_HEADERS, ...(authorization === undefined ? {} : { authorization }) };
}

function post(path: string, body: unknown): ScimRequest {
  return { method: "POST", path, headers: POST_HEADERS, body: JSON.stringify(body) };
}

// ---------------------------------------------------------------------------------------------
// Okta's assertions (Runscope comparisons), evaluated all at once like Runscope does
// ---------------------------------------------------------------------------------------------

export type OktaAssertion =
  | { status: number }
  | { property: string; notEmpty: true }
  | { property: string; hasValue: string }
  | { property: string; isNumber: true }
  | { property: string; equals: string }
  | { property: string; equalsNumber: number }
  | { property: string; contains: string };

interface AssertionFailure {
  what: string;
  expected: string;
  actual: string;
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.keys(value).length === 0;
  return false;
}

function show(value: unknown): string {
  if (value === undefined) return "missing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function evaluate(response: ScimResponse, assertion: OktaAssertion): AssertionFailure | undefined {
  if ("status" in assertion) {
    return response.status === assertion.status
      ? undefined
      : { what: `status is ${response.status}, expected ${assertion.status}`, expected: `status ${assertion.status}`, actual: `status ${response.status}` };
  }
  const value = valueAt(response.json, assertion.property);
  const { property } = assertion;
  if ("notEmpty" in assertion) {
    return isEmpty(value) ? { what: `${property} is ${value === undefined ? "missing" : "empty"}`, expected: `${property} not empty`, actual: `${property}: ${show(value)}` } : undefined;
  }
  if ("hasValue" in assertion) {
    return Array.isArray(value) && value.includes(assertion.hasValue)
      ? undefined
      : { what: `${property} does not have "${assertion.hasValue}"`, expected: `${property} has "${assertion.hasValue}"`, actual: `${property}: ${show(value)}` };
  }
  if ("isNumber" in assertion) {
    // Stricter than Runscope's is_a_number: Okta's import needs JSON integers, not "1" (research §1.6).
    return typeof value === "number" && Number.isFinite(value)
      ? undefined
      : { what: `${property} is not a number`, expected: `${property} is a JSON number`, actual: `${property}: ${show(value)}` };
  }
  if ("equals" in assertion) {
    // Runscope's `equal` compares text: the number 404 equals "404", true equals "true".
    return value !== undefined && value !== null && String(value) === assertion.equals
      ? undefined
      : { what: `${property} is ${show(value)}, expected "${assertion.equals}"`, expected: `${property} equals "${assertion.equals}"`, actual: `${property}: ${show(value)}` };
  }
  if ("equalsNumber" in assertion) {
    return value !== undefined && value !== null && value !== "" && Number(value) === assertion.equalsNumber
      ? undefined
      : { what: `${property} is ${show(value)}, expected ${assertion.equalsNumber}`, expected: `${property} equals ${assertion.equalsNumber}`, actual: `${property}: ${show(value)}` };
  }
  const contains = Array.isArray(value) ? value.includes(assertion.contains) : typeof value === "string" && value.includes(assertion.contains);
  return contains ? undefined : { what: `${property} does not contain "${assertion.contains}"`, expected: `${property} contains "${assertion.contains}"`, actual: `${property}: ${show(value)}` };
}

/** Check every assertion of a step; one ProbeFailure lists all that failed. */
function assertOkta(response: ScimResponse, assertions: readonly OktaAssertion[]): void {
  const needsJson = assertions.some((assertion) => "property" in assertion);
  const failures = assertions.flatMap((assertion) => {
    if ("property" in assertion && needsJson && response.json === undefined) return [];
    return evaluate(response, assertion) ?? [];
  });
  if (needsJson && response.json === undefined) {
    const type = response.headers["content-type"] ?? "no content type";
    failures.push({
      what: `the body is not JSON (${type})`,
      expected: "a JSON body",
      actual: response.text.trim() === "" ? "an empty body" : `${type}: ${show(response.text)}`,
    });
  }
  if (failures.length === 0) return;
  throw new ProbeFailure(failures.map((failure) => failure.what).join("; "), {
    expected: failures.map((failure) => failure.expected).join("\n"),
    actual: failures.map((failure) => failure.actual).join("\n"),
    exchange: response.exchange,
  });
}

/** Okta's `equal` on `status` passes for a number; say so, since RFC 7644 §3.12 makes it a string. */
function statusAsNumberWarning(response: ScimResponse): ProbeOutcome | undefined {
  const status = valueAt(response.json, "status");
  if (typeof status !== "number") return undefined;
  return {
    status: "warned",
    message: `the error's "status" is the number ${status}; RFC 7644 §3.12 makes it a string ("${status}"). Okta's test accepts both.`,
  };
}

const LIST_SHAPE: OktaAssertion[] = [{ property: "schemas", hasValue: LIST_RESPONSE_SCHEMA }];
const USER_FIELDS = (prefix: string): OktaAssertion[] =>
  ["id", "name.familyName", "name.givenName", "userName", "active", "emails[0].value"].map((field) => ({ property: `${prefix}${field}`, notEmpty: true }));

function stateOf<T>(ctx: ProbeContext, key: string, step: string): T {
  const value = ctx.state.get(key);
  if (value === undefined) throw new ProbeFailure(`${step} did not leave the value this step needs (${key})`);
  return value as T;
}

// ---------------------------------------------------------------------------------------------
// The 12 steps
// ---------------------------------------------------------------------------------------------

const id = (slug: string) => `okta-spec/${slug}`;
const reference = (step: number) => `Okta SPEC step ${step}`;

/**
 * Step 1 needs a user on the server, as Okta's test does ("create at least one user before running
 * it"). Only when the server has none (totalResults 0), and unless --seed-user names one or
 * --read-only forbids it, the run creates a fixture user (reported inside this step's exchanges,
 * removed at the end) — a server that has users is read as Okta's test reads it, so a 0-based
 * startIndex with one user fails here as it fails in Okta's run.
 */
async function usersEndpoint(ctx: ProbeContext): Promise<ProbeOutcome | void> {
  const list = () => ctx.send(get("/Users?count=1&startIndex=1"));
  let response = await list();
  const serverHasNoUsers = response.status === 200 && String(valueAt(response.json, "totalResults") ?? "0") === "0";
  let fixture: { id?: string; failure?: string } = {};
  if (serverHasNoUsers && !ctx.readOnly && ctx.seedUserId === undefined) {
    const user = oktaSpecRandomUser(ctx.emailDomain);
    const created = await ctx.send(post("/Users", createBody(user)));
    const createdId = valueAt(created.json, "id");
    if (isSuccess(created.status) && typeof createdId === "string") {
      fixture = { id: createdId };
      response = await ctx.eventually(async () => {
        const answer = await list();
        if (answer.status === 200 && isEmpty(valueAt(answer.json, "Resources"))) {
          throw new ProbeFailure("Resources is empty although a fixture user was just created (the server had none)", {
            expected: "Resources not empty",
            actual: `Resources: ${show(valueAt(answer.json, "Resources"))}`,
            exchange: answer.exchange,
          });
        }
        return answer;
      });
    } else {
      fixture = { failure: `creating a fixture user failed: POST /Users answered ${created.status}` };
    }
  }

  if (response.status === 200 && isEmpty(valueAt(response.json, "Resources"))) {
    if (serverHasNoUsers && ctx.readOnly && ctx.seedUserId === undefined) {
      return { status: "skipped", message: "the server has no users and --read-only forbids creating a fixture user; pass --seed-user <id> of an existing user" };
    }
    const why = fixture.failure
      ? `the server has no users, and ${fixture.failure}`
      : serverHasNoUsers
        ? "the server has no users"
        : `totalResults is ${show(valueAt(response.json, "totalResults"))}, so the server has users and startIndex=1 must return the first of them (is startIndex 0-based?)`;
    throw new ProbeFailure(`Resources is empty: ${why}`, {
      expected: "Resources not empty",
      actual: `Resources: ${show(valueAt(response.json, "Resources"))}`,
      exchange: response.exchange,
    });
  }

  const firstId = valueAt(response.json, "Resources[0].id");
  const preExisting = typeof firstId === "string" && firstId !== fixture.id;
  withUserNamed(preExisting ? `Resources[0] is user ${firstId}, which was already on the server (not created by this run)` : undefined, () =>
    assertOkta(response, [
      { status: 200 },
      { property: "Resources", notEmpty: true },
      ...LIST_SHAPE,
      { property: "itemsPerPage", isNumber: true },
      { property: "startIndex", isNumber: true },
      { property: "totalResults", isNumber: true },
      ...USER_FIELDS("Resources[0]."),
    ]),
  );
  ctx.state.set(STATE.isvUserId, firstId);
  ctx.state.set(STATE.isvUserPreExisting, preExisting);
}

/** Run Okta's assertions; a failure about a user the run did not create says whose it is first. */
function withUserNamed(whose: string | undefined, check: () => void): void {
  try {
    check();
  } catch (error) {
    if (whose === undefined || !(error instanceof ProbeFailure)) throw error;
    throw new ProbeFailure(`${whose}: ${error.message}`, error.details);
  }
}

async function getUserById(ctx: ProbeContext): Promise<ProbeOutcome | void> {
  const userId = ctx.seedUserId ?? stateOf<string>(ctx, STATE.isvUserId, "step 1");
  const whose =
    ctx.seedUserId !== undefined
      ? `user ${userId} is the --seed-user`
      : ctx.state.get(STATE.isvUserPreExisting) === true
        ? `user ${userId} was already on the server (read by step 1, not created by this run)`
        : undefined;
  const response = await ctx.send(get(`/Users/${encodeURIComponent(userId)}`));
  withUserNamed(whose, () => assertOkta(response, [{ status: 200 }, ...USER_FIELDS(""), { property: "id", equals: userId }]));
}

async function invalidUserByUserName(ctx: ProbeContext): Promise<void> {
  const response = await ctx.send(get(filterByUserName(INVALID_USER_EMAIL)));
  assertOkta(response, [{ status: 200 }, ...LIST_SHAPE, { property: "totalResults", equals: "0" }]);
}

async function invalidUserById(ctx: ProbeContext): Promise<ProbeOutcome | void> {
  const response = await ctx.send(get(`/Users/${USER_ID_THAT_DOES_NOT_EXIST}`));
  assertOkta(response, [{ status: 404 }, { property: "detail", notEmpty: true }, { property: "schemas", hasValue: ERROR_SCHEMA }]);
}

async function randomUserAbsent(ctx: ProbeContext): Promise<void> {
  const user = oktaSpecRandomUser(ctx.emailDomain);
  ctx.state.set(STATE.randomUser, user);
  const response = await ctx.send(get(filterByUserName(user.userName)));
  assertOkta(response, [{ status: 200 }, { property: "totalResults", equalsNumber: 0 }, ...LIST_SHAPE]);
}

async function createUser(ctx: ProbeContext): Promise<void> {
  const user = stateOf<OktaSpecUser>(ctx, STATE.randomUser, "step 5");
  const response = await ctx.send(post("/Users", createBody(user)));
  const createdId = valueAt(response.json, "id");
  if (isSuccess(response.status) && typeof createdId === "string" && createdId !== "") {
    ctx.state.set(STATE.idUserOne, createdId);
  }
  assertOkta(response, [
    { status: 201 },
    { property: "active", equals: "true" },
    { property: "id", notEmpty: true },
    { property: "name.familyName", equals: user.familyName },
    { property: "name.givenName", equals: user.givenName },
    { property: "schemas", contains: USER_SCHEMA },
    { property: "userName", equals: user.userName },
  ]);
}

async function verifyUserCreated(ctx: ProbeContext): Promise<void> {
  const user = stateOf<OktaSpecUser>(ctx, STATE.randomUser, "step 5");
  const userId = stateOf<string>(ctx, STATE.idUserOne, "step 6");
  // Okta pauses here: a server may need a moment before a new user can be read back.
  const response = await ctx.eventually(async () => {
    const answer = await ctx.send(get(`/Users/${encodeURIComponent(userId)}`));
    assertOkta(answer, [{ status: 200 }]);
    return answer;
  });
  assertOkta(response, [
    { status: 200 },
    { property: "userName", equals: user.userName },
    { property: "name.familyName", equals: user.familyName },
    { property: "name.givenName", equals: user.givenName },
  ]);
}

async function duplicateUserConflict(ctx: ProbeContext): Promise<void> {
  const user = stateOf<OktaSpecUser>(ctx, STATE.randomUser, "step 5");
  const response = await ctx.send(post("/Users", createBody(user, user.userName)));
  if (isSuccess(response.status)) {
    throw new ProbeFailure(`status is ${response.status}, expected 409: the server created a second user with the same userName (it is removed at the end of the run)`, {
      expected: "status 409 (uniqueness)",
      actual: `status ${response.status}`,
      exchange: response.exchange,
    });
  }
  assertOkta(response, [{ status: 409 }]);
}

async function userNameCaseSensitivity(ctx: ProbeContext): Promise<ProbeOutcome | void> {
  const user = stateOf<OktaSpecUser>(ctx, STATE.randomUser, "step 5");
  const response = await ctx.send(get(filterByUserName(user.userNameCaps)));
  assertOkta(response, [{ status: 200 }]);
  const found = valueAt(response.json, "totalResults");
  if (found !== 1) {
    return {
      status: "warned",
      message: `Okta's step checks only the status, but the upper-cased userName found ${show(found)} users instead of 1: userName is case-insensitive (RFC 7643 §4.1.1) and Okta matches users that way.`,
    };
  }
}

/**
 * Okta's run sends step 10 alone; this run's other probes load the same server (and this machine)
 * meanwhile, so a slow answer is asked again, and the fastest of a few answers is what counts.
 */
const GROUPS_TIMING_ATTEMPTS = 3;

async function groupsEndpoint(ctx: ProbeContext): Promise<ProbeOutcome | void> {
  let response = await ctx.send(get("/Groups"));
  assertOkta(response, [{ status: 200 }]);
  for (let attempt = 2; attempt <= GROUPS_TIMING_ATTEMPTS && response.exchange.durationMs >= GROUPS_RESPONSE_TIME_MS; attempt += 1) {
    const again = await ctx.send(get("/Groups"));
    if (again.status === 200 && again.exchange.durationMs < response.exchange.durationMs) response = again;
  }
  if (response.exchange.durationMs >= GROUPS_RESPONSE_TIME_MS) {
    throw new ProbeFailure(`the fastest of ${GROUPS_TIMING_ATTEMPTS} responses took ${response.exchange.durationMs} ms; Okta's test wants it under ${GROUPS_RESPONSE_TIME_MS} ms`, {
      expected: `response time < ${GROUPS_RESPONSE_TIME_MS} ms`,
      actual: `${response.exchange.durationMs} ms`,
      exchange: response.exchange,
    });
  }
  if (valueAt(response.json, "totalResults") === 0) return { status: "passed", message: "No Groups found in the endpoint." };
}

async function status401(ctx: ProbeContext): Promise<ProbeOutcome | void> {
  const user = oktaSpecRandomUser(ctx.emailDomain);
  const response = await ctx.send(get(filterByUserName(user.userNameCaps), "non-token"));
  assertOkta(response, [
    { status: 401 },
    { property: "detail", notEmpty: true },
    { property: "status", equals: "401" },
    { property: "schemas", hasValue: ERROR_SCHEMA },
  ]);
  return statusAsNumberWarning(response);
}

async function status404(ctx: ProbeContext): Promise<ProbeOutcome | void> {
  const response = await ctx.send(get(`/Users/${STEP_12_USER_ID}`));
  assertOkta(response, [
    { status: 404 },
    { property: "detail", notEmpty: true },
    { property: "status", equals: "404" },
    { property: "schemas", hasValue: ERROR_SCHEMA },
  ]);
  return statusAsNumberWarning(response);
}

export const oktaSpecProbes: ProbeDefinition[] = [
  {
    id: id("01-users-endpoint"),
    suite: "okta-spec",
    title: "Required Test: Test Users endpoint",
    required: true,
    reference: reference(1),
    readOnly: true,
    run: usersEndpoint,
  },
  {
    id: id("02-get-user-by-id"),
    suite: "okta-spec",
    title: "Required Test: Get Users/{{id}}",
    required: true,
    reference: reference(2),
    readOnly: true,
    after: [id("01-users-endpoint")],
    run: getUserById,
  },
  {
    id: id("03-invalid-user-by-username"),
    suite: "okta-spec",
    title: "Required Test: Test invalid User by username",
    required: true,
    reference: reference(3),
    readOnly: true,
    run: invalidUserByUserName,
  },
  {
    id: id("04-invalid-user-by-id"),
    suite: "okta-spec",
    title: "Required Test: Test invalid User by ID",
    required: true,
    reference: reference(4),
    readOnly: true,
    run: invalidUserById,
  },
  {
    id: id("05-random-user-absent"),
    suite: "okta-spec",
    title: "Required Test: Make sure random user doesn't exist",
    required: true,
    reference: reference(5),
    readOnly: true,
    run: randomUserAbsent,
  },
  {
    id: id("06-create-user"),
    suite: "okta-spec",
    title: "Required Test: Create Okta user with realistic values",
    required: true,
    reference: reference(6),
    readOnly: false,
    after: [id("05-random-user-absent")],
    run: createUser,
  },
  {
    id: id("07-verify-user-created"),
    suite: "okta-spec",
    title: "Required Test: Verify that user was created",
    required: true,
    reference: reference(7),
    readOnly: true,
    after: [id("06-create-user")],
    run: verifyUserCreated,
  },
  {
    id: id("08-duplicate-user-409"),
    suite: "okta-spec",
    title: "Required Test: Expect failure when recreating user with same values",
    required: true,
    reference: reference(8),
    readOnly: false,
    // After step 9 too: a wrongly accepted duplicate must not muddy the case check.
    after: [id("06-create-user"), id("09-username-case")],
    run: duplicateUserConflict,
  },
  {
    id: id("09-username-case"),
    suite: "okta-spec",
    title: "Required Test: Username Case Sensitivity Check",
    required: true,
    reference: reference(9),
    readOnly: true,
    after: [id("06-create-user")],
    run: userNameCaseSensitivity,
  },
  {
    id: id("10-groups-endpoint"),
    suite: "okta-spec",
    title: "Optional Test: Verify Groups endpoint",
    required: false,
    reference: reference(10),
    readOnly: true,
    run: groupsEndpoint,
  },
  {
    id: id("11-status-401"),
    suite: "okta-spec",
    title: "Required Test: Check status 401",
    required: true,
    reference: reference(11),
    readOnly: true,
    run: status401,
  },
  {
    id: id("12-status-404"),
    suite: "okta-spec",
    title: "Required Test: Check status 404",
    required: true,
    reference: reference(12),
    readOnly: true,
    run: status404,
  },
];
