import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { OktaEmulator } from "../../../src/sandbox/okta/index.js";
import { linksByRel, startForTest, type OktaCall } from "./okta-http.js";

let emulator: OktaEmulator;
let call: OktaCall;

beforeEach(async () => {
  ({ emulator, call } = await startForTest());
});
afterEach(() => emulator.close());

const profile = (login: string) => ({ login, email: login, firstName: "Ada", lastName: "Lovelace" });

describe("users", () => {
  test("create answers 200: ACTIVE with a password, PROVISIONED without, STAGED with activate=false (research §14)", async () => {
    const withPassword = await call("POST", "/api/v1/users?activate=true", { body: { profile: profile("ada@example.com"), credentials: { password: { value: "Sup3r-secret!" } } } });
    expect(withPassword.status).toBe(200);
    expect(withPassword.body).toMatchObject({ status: "ACTIVE", credentials: { password: {}, emails: [{ value: "ada@example.com", status: "VERIFIED", type: "PRIMARY" }], provider: { type: "OKTA", name: "OKTA" } } });
    expect(withPassword.text).not.toContain("Sup3r-secret!");
    expect(withPassword.body.id).toMatch(/^00u[A-Za-z0-9]{17}$/);
    expect((await call("POST", "/api/v1/users", { body: { profile: profile("bob@example.com") } })).body.status).toBe("PROVISIONED");
    const staged = await call("POST", "/api/v1/users?activate=false", { body: { profile: profile("cy@example.com") } });
    expect([staged.body.status, staged.body.activated]).toEqual(["STAGED", null]);
  });

  test("an unknown profile attribute, a missing required one and a duplicate login are refused with E0000001", async () => {
    const unknown = await call("POST", "/api/v1/users", { body: { profile: { ...profile("ada@example.com"), notValid: "x" } } });
    expect(unknown.body).toMatchObject({ errorCode: "E0000001", errorSummary: "Api validation failed: newUser", errorCauses: [{ errorSummary: "Property name 'notValid' is not defined in profile" }] });
    const missing = await call("POST", "/api/v1/users", { body: { profile: { login: "x@example.com", email: "x@example.com" } } });
    expect(missing.body.errorCauses).toEqual([{ errorSummary: "firstName: The field cannot be left blank" }, { errorSummary: "lastName: The field cannot be left blank" }]);
    await call("POST", "/api/v1/users", { body: { profile: profile("ada@example.com") } });
    const duplicate = await call("POST", "/api/v1/users", { body: { profile: profile("ADA@example.com") } });
    expect(duplicate.status).toBe(400);
  });

  test("get by id or login; POST merges the profile, PUT replaces it", async () => {
    const user = (await call("POST", "/api/v1/users", { body: { profile: { ...profile("ada@example.com"), title: "Countess" } } })).body;
    expect((await call("GET", "/api/v1/users/ada@example.com")).body.id).toBe(user.id);
    const merged = await call("POST", `/api/v1/users/${user.id}`, { body: { profile: { nickName: "Ada" } } });
    expect(merged.body.profile).toMatchObject({ title: "Countess", nickName: "Ada" });
    const replaced = await call("PUT", `/api/v1/users/${user.id}`, { body: { profile: profile("ada@example.com") } });
    expect(replaced.body.profile.title).toBeUndefined();
  });

  test("lifecycle: activate a STAGED user, deactivate, delete twice (deactivate first, then gone)", async () => {
    const user = (await call("POST", "/api/v1/users?activate=false", { body: { profile: profile("ada@example.com") } })).body;
    expect((await call("POST", `/api/v1/users/${user.id}/lifecycle/activate?sendEmail=false`)).status).toBe(200);
    expect((await call("GET", `/api/v1/users/${user.id}`)).body.status).toBe("PROVISIONED");
    const again = await call("POST", `/api/v1/users/${user.id}/lifecycle/activate`);
    expect([again.status, again.body.errorCode]).toEqual([403, "E0000038"]);
    const deactivated = await call("POST", `/api/v1/users/${user.id}/lifecycle/deactivate`);
    expect([deactivated.status, deactivated.body]).toEqual([200, {}]);
    expect((await call("GET", `/api/v1/users/${user.id}`)).body.status).toBe("DEPROVISIONED");
    expect((await call("DELETE", `/api/v1/users/${user.id}`)).status).toBe(204);
    const gone = await call("GET", `/api/v1/users/${user.id}`);
    expect([gone.status, gone.body.errorSummary]).toEqual([404, `Not found: Resource not found: ${user.id} (User)`]);
  });

  test("DELETE of an active user deactivates it; suspend needs ACTIVE", async () => {
    const user = (await call("POST", "/api/v1/users", { body: { profile: profile("ada@example.com"), credentials: { password: { value: "Sup3r-secret!" } } } })).body;
    expect((await call("POST", `/api/v1/users/${user.id}/lifecycle/suspend`)).status).toBe(200);
    expect((await call("GET", `/api/v1/users/${user.id}`)).body.status).toBe("SUSPENDED");
    expect((await call("POST", `/api/v1/users/${user.id}/lifecycle/suspend`)).status).toBe(400);
    await call("POST", `/api/v1/users/${user.id}/lifecycle/unsuspend`);
    expect((await call("DELETE", `/api/v1/users/${user.id}`)).status).toBe(204);
    expect((await call("GET", `/api/v1/users/${user.id}`)).body.status).toBe("DEPROVISIONED");
  });

  test("search and paging: the cursor is \"0\" + the last user's id (research §14)", async () => {
    for (const name of ["a", "b", "c"]) await call("POST", "/api/v1/users", { body: { profile: profile(`${name}@example.com`) } });
    const found = await call("GET", `/api/v1/users?search=${encodeURIComponent('profile.login eq "b@example.com"')}`);
    expect(found.body.map((user: { profile: { login: string } }) => user.profile.login)).toEqual(["b@example.com"]);
    const page = await call("GET", "/api/v1/users?limit=2");
    const next = linksByRel(page.headers.link).next ?? "";
    expect(next).toContain(`after=0${page.body[1].id}`);
    expect((await call("GET", next)).body.map((user: { profile: { login: string } }) => user.profile.login)).toEqual(["c@example.com"]);
    expect((await call("GET", `/api/v1/users?after=${page.body[1].id}`)).body.errorCode).toBe("E0000029");
  });
});

describe("groups", () => {
  test("create answers 200 with Okta's group shape; names are unique; members are added and removed", async () => {
    const group = await call("POST", "/api/v1/groups", { body: { profile: { name: "Engineering", description: "Builders" } } });
    expect(group.status).toBe(200);
    expect(group.body).toMatchObject({ objectClass: ["okta:user_group"], type: "OKTA_GROUP", profile: { name: "Engineering", description: "Builders" } });
    expect(Object.keys(group.body._links)).toEqual(["logo", "owners", "users", "apps"]);
    expect((await call("POST", "/api/v1/groups", { body: { profile: { name: "engineering" } } })).body.errorCode).toBe("E0000001");

    const user = (await call("POST", "/api/v1/users", { body: { profile: profile("ada@example.com") } })).body;
    expect((await call("PUT", `/api/v1/groups/${group.body.id}/users/${user.id}`)).status).toBe(204);
    expect((await call("GET", `/api/v1/groups/${group.body.id}/users`)).body.map((member: { id: string }) => member.id)).toEqual([user.id]);
    expect((await call("DELETE", `/api/v1/groups/${group.body.id}/users/${user.id}`)).status).toBe(204);
    expect((await call("GET", `/api/v1/groups/${group.body.id}/users`)).body).toEqual([]);
  });

  test("rename with PUT, find with q, delete; a missing group is 404 (UserGroup)", async () => {
    const group = (await call("POST", "/api/v1/groups", { body: { profile: { name: "Sales" } } })).body;
    expect((await call("PUT", `/api/v1/groups/${group.id}`, { body: { profile: { name: "Revenue" } } })).body.profile.name).toBe("Revenue");
    expect((await call("GET", "/api/v1/groups?q=rev")).body.map((found: { id: string }) => found.id)).toEqual([group.id]);
    expect((await call("DELETE", `/api/v1/groups/${group.id}`)).status).toBe(204);
    const gone = await call("GET", `/api/v1/groups/${group.id}`);
    expect(gone.body.errorSummary).toBe(`Not found: Resource not found: ${group.id} (UserGroup)`);
  });
});

describe("user types", () => {
  test("the default type, with {rel, href, method} links and a schema id sharing its suffix (research §14)", async () => {
    const types = (await call("GET", "/api/v1/meta/types/user")).body;
    expect(types).toHaveLength(1);
    expect(types[0]).toMatchObject({ name: "user", displayName: "User", default: true });
    expect(types[0].createdBy).toMatch(/^spr/);
    expect(types[0]._links.schema).toEqual({ rel: "schema", href: `${emulator.orgUrl}/api/v1/meta/schemas/user/osc${types[0].id.slice(3)}`, method: "GET" });
  });

  test("create (200), update, delete; the default type cannot be deleted; unknown is 404 (CVDType)", async () => {
    const created = await call("POST", "/api/v1/meta/types/user", { body: { name: "contractor", displayName: "Contractor" } });
    expect([created.status, created.body.default]).toEqual([200, false]);
    expect((await call("POST", `/api/v1/meta/types/user/${created.body.id}`, { body: { displayName: "Contractors" } })).body.displayName).toBe("Contractors");
    expect((await call("DELETE", `/api/v1/meta/types/user/${created.body.id}`)).status).toBe(204);
    const missing = await call("GET", `/api/v1/meta/types/user/${created.body.id}`);
    expect(missing.body.errorSummary).toBe(`Not found: Resource not found: ${created.body.id} (CVDType)`);
    const defaultType = (await call("GET", "/api/v1/meta/types/user")).body[0];
    expect((await call("DELETE", `/api/v1/meta/types/user/${defaultType.id}`)).status).toBe(403);
  });
});
