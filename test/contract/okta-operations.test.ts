import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startOktaEmulator, type OktaEmulator, type RecordedExchange } from "../../src/sandbox/okta/index.js";
import { ROUTES } from "../../src/sandbox/okta/routes/index.js";
import { linksByRel, oktaCaller, type OktaCall } from "../sandbox/okta/okta-http.js";
import { describeViolation, matchesDeviation, OktaContract, type ExchangeVerdict } from "./okta-contract.js";
import { OKTA_DEVIATIONS } from "./okta-deviations.js";
import { OKTA_SPEC_FILE, oktaSpecPresent } from "./okta-spec.js";

/**
 * A tour of every endpoint the emulator serves, in the statuses research §14 recorded, checked
 * against Okta's OpenAPI spec. It proves on its own what the suite-wide check (global-setup.ts)
 * proves for everyone's traffic: no undeclared answer except the listed deviations, every route
 * exercised, every deviation still real.
 */
const present = oktaSpecPresent();
if (!present) console.warn(`note: skipping the Okta contract tour: ${OKTA_SPEC_FILE} is missing (set SCIM_OKTA_FILES to the folder holding management-minimal.yaml)`);

describe.skipIf(!present)("Okta contract tour", () => {
  const exchanges: RecordedExchange[] = [];
  let emulator: OktaEmulator;
  let call: OktaCall;
  let contract: OktaContract;
  let verdicts: Array<{ exchange: RecordedExchange; verdict: ExchangeVerdict }> = [];

  beforeAll(async () => {
    contract = await OktaContract.load();
    emulator = await startOktaEmulator({ record: (exchange) => exchanges.push(exchange), connectionsApi: "works", featuresApi: "works" });
    call = oktaCaller(emulator);
    await tour(emulator, call);
    verdicts = exchanges.map((exchange) => ({ exchange, verdict: contract.check(exchange) }));
  }, 120_000);
  afterAll(() => emulator?.close());

  test("every answer matches Okta's spec or a recorded deviation", () => {
    const violations = verdicts.flatMap(({ verdict }) => verdict.violations.map(describeViolation));
    expect(violations).toEqual([]);
  });

  test("every endpoint of the emulator is exercised, and the spec names it as the emulator does", () => {
    const seen = new Set(verdicts.map(({ verdict }) => verdict.operationId));
    const missing = ROUTES.map((route) => route.operationId).filter((operationId) => !seen.has(operationId));
    expect(missing).toEqual([]);
  });

  test("every listed deviation still happens", () => {
    const used = OKTA_DEVIATIONS.filter((deviation) => verdicts.some(({ verdict }) => verdict.deviations.some((entry) => matchesDeviation(deviation, entry.violation))));
    expect(OKTA_DEVIATIONS.filter((deviation) => !used.includes(deviation)).map((deviation) => deviation.source)).toEqual([]);
  });

  test("the validator catches an answer the spec does not allow", () => {
    const good = exchanges.find((exchange) => exchange.routedAs === "getGroup" && exchange.status === 200);
    expect(good).toBeDefined();
    const broken: RecordedExchange = { ...(good as RecordedExchange), responseBody: JSON.stringify({ id: 42, objectClass: "okta:user_group" }) };
    expect(contract.check(good as RecordedExchange).violations).toEqual([]);
    expect(contract.check(broken).violations.map((violation) => violation.instancePath)).toEqual(expect.arrayContaining(["/id", "/objectClass"]));
    const undeclared: RecordedExchange = { ...(good as RecordedExchange), status: 201 };
    expect(contract.check(undeclared).violations.map((violation) => violation.kind)).toEqual(["status"]);
  });
});

async function ok(answer: Promise<{ status: number; body: any }>, status = 200): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const { status: got, body } = await answer;
  expect({ status: got, body }).toMatchObject({ status });
  return body;
}

/** Drive every route once or more, in the order setup and Okta's CRUD test use them. */
async function tour(emulator: OktaEmulator, call: OktaCall): Promise<void> {
  const app = await ok(call("POST", "/api/v1/apps?activate=true", { body: { name: "scim2headerauth", label: "Tour Header", signOnMode: "AUTO_LOGIN", credentials: { userNameTemplate: { template: "${source.email}", type: "BUILT_IN" } } } }));
  const oinSaml = await ok(call("POST", "/api/v1/apps", { body: { name: "scim2testapp", label: "Tour OIN SAML", signOnMode: "SAML_2_0", settings: { signOn: { defaultRelayState: "" } } } }));
  await ok(call("PUT", `/api/v1/apps/${oinSaml.id}`, { body: { ...(await ok(call("GET", `/api/v1/apps/${oinSaml.id}`))), label: "Tour OIN SAML 2" } }));
  const saml = await ok(call("POST", "/api/v1/apps", { body: { label: "Tour SAML", signOnMode: "SAML_2_0", settings: { signOn: { ssoAcsUrl: "https://sp.example.com/acs", audience: "https://sp.example.com" } } } }));
  const page = await call("GET", "/api/v1/apps?limit=1");
  expect(page.status).toBe(200);
  await ok(call("GET", linksByRel(page.headers.link).next ?? ""));
  await ok(call("GET", "/api/v1/apps?after=notacursor"), 400);
  await ok(call("GET", `/api/v1/apps?filter=${encodeURIComponent('name eq "scim2headerauth"')}&q=Tour`));
  const oin = await ok(call("GET", `/api/v1/apps/${app.id}`));
  await ok(call("PUT", `/api/v1/apps/${app.id}`, { body: { ...oin, signOnMode: "AUTO_LOGIN", credentials: { userNameTemplate: { template: "${source.login}", type: "BUILT_IN" } } } }));
  const fetched = await ok(call("GET", `/api/v1/apps/${saml.id}`));
  await ok(call("PUT", `/api/v1/apps/${saml.id}`, { body: { ...fetched, label: "Tour SAML renamed" } }));

  // connections/default (works mode) and features before and after provisioning is on.
  await ok(call("GET", `/api/v1/apps/${app.id}/connections/default`));
  await ok(call("GET", `/api/v1/apps/${app.id}/features`), 400);
  await ok(call("GET", `/api/v1/apps/${app.id}/features/USER_PROVISIONING`), 400);
  await ok(call("POST", `/api/v1/apps/${app.id}/connections/default`, { body: { profile: { authScheme: "TOKEN", token: "tour-token" } } }));
  await ok(call("POST", `/api/v1/apps/${app.id}/connections/default/lifecycle/activate`), 204);
  await ok(call("GET", `/api/v1/apps/${app.id}/connections/default`));
  await ok(call("GET", `/api/v1/apps/${app.id}/features`));
  await ok(call("GET", `/api/v1/apps/${app.id}/features/INBOUND_PROVISIONING`));
  await ok(call("PUT", `/api/v1/apps/${app.id}/features/USER_PROVISIONING`, { body: { create: { lifecycleCreate: { status: "ENABLED" } }, update: { profile: { status: "ENABLED" }, lifecycleDeactivate: { status: "ENABLED" }, password: { status: "DISABLED", seed: "RANDOM", change: "KEEP_EXISTING" } } } }));
  await ok(call("PUT", `/api/v1/apps/${app.id}/features/INBOUND_PROVISIONING`, { body: { importRules: { userCreateAndMatch: { exactMatchCriteria: "EMAIL", allowPartialMatch: false, autoConfirmPartialMatch: false, autoConfirmExactMatch: false, autoConfirmNewUsers: false, autoActivateNewUsers: false } } } }));

  // App user schema, user types, profile mappings.
  await ok(call("GET", `/api/v1/meta/schemas/apps/${app.id}/default`));
  const costCenter = { title: "Cost center", type: "string", scope: "NONE", externalName: "costCenter", externalNamespace: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User" };
  await ok(call("POST", `/api/v1/meta/schemas/apps/${app.id}/default`, { body: { definitions: { custom: { id: "#custom", type: "object", properties: { costCenter } } } } }));
  const types = await ok(call("GET", "/api/v1/meta/types/user"));
  const contractor = await ok(call("POST", "/api/v1/meta/types/user", { body: { name: "tourContractor", displayName: "Contractor", description: "tour" } }));
  await ok(call("GET", `/api/v1/meta/types/user/${contractor.id}`));
  await ok(call("POST", `/api/v1/meta/types/user/${contractor.id}`, { body: { displayName: "Contractors" } }));
  await ok(call("DELETE", `/api/v1/meta/types/user/${contractor.id}`), 204);
  const mappings = await ok(call("GET", `/api/v1/mappings?sourceId=${types[0].id}&targetId=${app.id}`));
  await ok(call("GET", `/api/v1/mappings/${mappings[0].id}`));
  await ok(call("POST", `/api/v1/mappings/${mappings[0].id}`, { body: { properties: { costCenter: { expression: "user.costCenter", pushStatus: "PUSH" }, nickName: null } } }));
  await ok(call("POST", `/api/v1/meta/schemas/apps/${app.id}/default`, { body: { definitions: { custom: { properties: { costCenter: null } } } } }));

  // Users, groups, memberships.
  const user = await ok(call("POST", "/api/v1/users?activate=true", { body: { profile: { login: "tour@example.com", email: "tour@example.com", firstName: "Tour", lastName: "User" }, credentials: { password: { value: "Tour-Passw0rd!" } } } }));
  const staged = await ok(call("POST", "/api/v1/users?activate=false", { body: { profile: { login: "staged@example.com", email: "staged@example.com", firstName: "Staged", lastName: "User" } } }));
  await ok(call("GET", `/api/v1/users?search=${encodeURIComponent('profile.login eq "tour@example.com"')}`));
  await ok(call("GET", `/api/v1/users/${user.id}`));
  await ok(call("POST", `/api/v1/users/${user.id}`, { body: { profile: { nickName: "Tourist" } } }));
  const current = await ok(call("GET", `/api/v1/users/${staged.id}`));
  await ok(call("PUT", `/api/v1/users/${staged.id}`, { body: { profile: { ...current.profile, title: "Guide" } } }));
  await ok(call("POST", `/api/v1/users/${staged.id}/lifecycle/activate?sendEmail=false`));
  await ok(call("POST", `/api/v1/users/${staged.id}/lifecycle/reactivate?sendEmail=false`));
  await ok(call("POST", `/api/v1/users/${user.id}/lifecycle/suspend`));
  await ok(call("POST", `/api/v1/users/${user.id}/lifecycle/unsuspend`));
  const group = await ok(call("POST", "/api/v1/groups", { body: { profile: { name: "Tour Group", description: "tour" } } }));
  await ok(call("GET", `/api/v1/groups?q=Tour`));
  await ok(call("GET", `/api/v1/groups/${group.id}`));
  await ok(call("PUT", `/api/v1/groups/${group.id}`, { body: { profile: { name: "Tour Group 2", description: "tour" } } }));
  await ok(call("PUT", `/api/v1/groups/${group.id}/users/${user.id}`), 204);
  await ok(call("GET", `/api/v1/groups/${group.id}/users`));

  // Assignments and group push.
  await ok(call("POST", `/api/v1/apps/${app.id}/users`, { body: { id: staged.id, scope: "USER", credentials: { userName: "staged@example.com" } } }));
  await ok(call("GET", `/api/v1/apps/${app.id}/users`));
  await ok(call("GET", `/api/v1/apps/${app.id}/users/${staged.id}`));
  await ok(call("POST", `/api/v1/apps/${app.id}/users/${staged.id}`, { body: { profile: { title: "Guide" } } }));
  await ok(call("PUT", `/api/v1/apps/${app.id}/groups/${group.id}`, { body: { priority: 0 } }));
  await ok(call("GET", `/api/v1/apps/${app.id}/groups`));
  await ok(call("GET", `/api/v1/apps/${app.id}/groups/${group.id}`));
  const push = await ok(call("POST", `/api/v1/apps/${app.id}/group-push/mappings`, { body: { sourceGroupId: group.id, targetGroupName: "Tour Group", status: "ACTIVE" } }));
  await ok(call("GET", `/api/v1/apps/${app.id}/group-push/mappings`));
  await ok(call("GET", `/api/v1/apps/${app.id}/group-push/mappings/${push.id}`));
  await ok(call("PATCH", `/api/v1/apps/${app.id}/group-push/mappings/${push.id}`, { body: { status: "INACTIVE" } }));
  await ok(call("DELETE", `/api/v1/apps/${app.id}/group-push/mappings/${push.id}?deleteTargetGroup=true`), 200);
  await ok(call("DELETE", `/api/v1/apps/${app.id}/groups/${group.id}`), 204);
  await ok(call("DELETE", `/api/v1/apps/${app.id}/users/${staged.id}`), 204);
  await ok(call("DELETE", `/api/v1/groups/${group.id}/users/${user.id}`), 204);
  await ok(call("DELETE", `/api/v1/groups/${group.id}`), 204);
  await ok(call("POST", `/api/v1/apps/${app.id}/connections/default/lifecycle/deactivate`), 204);

  // Lifecycles and deletes: an ACTIVE app refuses DELETE.
  await ok(call("POST", `/api/v1/users/${user.id}/lifecycle/deactivate`));
  await ok(call("DELETE", `/api/v1/users/${user.id}`), 204);
  await ok(call("DELETE", `/api/v1/apps/${saml.id}`), 403);
  await ok(call("POST", `/api/v1/apps/${saml.id}/lifecycle/deactivate`));
  await ok(call("POST", `/api/v1/apps/${saml.id}/lifecycle/activate`));
  await ok(call("POST", `/api/v1/apps/${saml.id}/lifecycle/deactivate`));
  await ok(call("DELETE", `/api/v1/apps/${saml.id}`), 204);

  // Okta's manners: a wrong token, a token without the scope, an unknown route.
  await ok(call("GET", "/api/v1/apps", { authorization: "SSWS wrong" }), 401);
  await ok(call("GET", "/api/v1/groups", { authorization: `Bearer ${emulator.issueAccessToken(["okta.apps.read"])}` }), 403);
  await ok(call("GET", "/api/v1/nothing-here"), 404);
}
