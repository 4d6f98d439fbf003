import { describe, expect, it } from "vitest";
import type { ScimRequest } from "../../src/scim/client.js";
import {
  applyMembershipChange,
  changeGroupMembers,
  createGroup,
  createUser,
  deleteGroup,
  importPage,
  lookupGroupByDisplayName,
  lookupUserByUserName,
  oktaLikeUserId,
  renameGroup,
  setUserActive,
  syncPassword,
  updateUserProfile,
  type PushedGroup,
  type ScimResource,
} from "../../src/scim/okta-dialect.js";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/** The user as a server returned it to Okta's GET (Okta's SCIM 2.0 reference, "Retrieve the User"). */
const current: ScimResource = {
  schemas: [USER],
  id: "23a35c27-23d3-4c03-b4c5-6443c09e7173",
  userName: "test.user@okta.local",
  name: { givenName: "Another", middleName: "", familyName: "User" },
  emails: [{ primary: true, value: "test.user@okta.local", type: "work", display: "test.user@okta.local" }],
  active: true,
  groups: [],
  meta: { resourceType: "User" },
};

const group: PushedGroup = {
  id: "abf4dd94-a4c0-4f67-89c9-76b03340cb9b",
  displayName: "Test SCIMv2",
  members: [{ value: "89bb1940-b905-4575-9e7f-6f887cfb368e", display: "old@okta.local" }],
};
const joining = { value: "23a35c27-23d3-4c03-b4c5-6443c09e7173", display: "test.user@okta.local" };

// Expected requests are Okta's own examples (Okta SCIM 2.0 reference; research §1.6).
const cases: { name: string; request: ScimRequest; expected: ScimRequest }[] = [
  {
    name: "userName lookup before create, URL-encoded like Okta",
    request: lookupUserByUserName("test.user@okta.local"),
    expected: { method: "GET", path: "/Users?filter=userName%20eq%20%22test.user%40okta.local%22&startIndex=1&count=100" },
  },
  {
    name: "a quote in the looked-up value is escaped inside the filter literal",
    request: lookupUserByUserName('a"b'),
    expected: { method: "GET", path: "/Users?filter=userName%20eq%20%22a%5C%22b%22&startIndex=1&count=100" },
  },
  {
    name: "group lookup by displayName",
    request: lookupGroupByDisplayName("Test SCIMv2"),
    expected: { method: "GET", path: "/Groups?filter=displayName%20eq%20%22Test%20SCIMv2%22&startIndex=1&count=100" },
  },
  { name: "import page with Okta's count", request: importPage("Users", 101), expected: { method: "GET", path: "/Users?startIndex=101&count=100" } },
  { name: "import page with a small count", request: importPage("Groups", 3, 2), expected: { method: "GET", path: "/Groups?startIndex=3&count=2" } },
  {
    name: "create user with Okta's assignment body",
    request: createUser({
      oktaUserId: "00ujl29u0le5T6Aj10h7",
      userName: "test.user@okta.local",
      givenName: "Test",
      familyName: "User",
      email: "test.user@okta.local",
      password: "1mz050nq",
    }),
    expected: {
      method: "POST",
      path: "/Users",
      body: {
        schemas: [USER],
        userName: "test.user@okta.local",
        name: { givenName: "Test", familyName: "User" },
        emails: [{ primary: true, value: "test.user@okta.local", type: "work" }],
        displayName: "Test User",
        locale: "en-US",
        externalId: "00ujl29u0le5T6Aj10h7",
        groups: [],
        password: "1mz050nq",
        active: true,
      },
    },
  },
  {
    name: "profile update is the GET body PUT back with the change (both dialects)",
    request: updateUserProfile(current, { givenName: "Another", familyName: "Person", displayName: "Another Person", email: "new@okta.local" }),
    expected: {
      method: "PUT",
      path: "/Users/23a35c27-23d3-4c03-b4c5-6443c09e7173",
      body: {
        ...current,
        name: { givenName: "Another", middleName: "", familyName: "Person" },
        displayName: "Another Person",
        emails: [{ primary: true, value: "new@okta.local", type: "work", display: "test.user@okta.local" }],
      },
    },
  },
  {
    name: "oin deactivate: no-path PATCH replace {active:false}",
    request: setUserActive({ dialect: "oin", id: "23a35c27-23d3-4c03-b4c5-6443c09e7173" }, false),
    expected: {
      method: "PATCH",
      path: "/Users/23a35c27-23d3-4c03-b4c5-6443c09e7173",
      body: { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { active: false } }] },
    },
  },
  {
    name: "oin reactivate: no-path PATCH replace {active:true}",
    request: setUserActive({ dialect: "oin", id: "u1" }, true),
    expected: { method: "PATCH", path: "/Users/u1", body: { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { active: true } }] } },
  },
  {
    name: "aiw deactivate: full PUT with active false",
    request: setUserActive({ dialect: "aiw", current }, false),
    expected: { method: "PUT", path: "/Users/23a35c27-23d3-4c03-b4c5-6443c09e7173", body: { ...current, active: false } },
  },
  {
    name: "oin password sync: no-path PATCH replace {password}",
    request: syncPassword({ dialect: "oin", id: "u1" }, "s3cret!x"),
    expected: { method: "PATCH", path: "/Users/u1", body: { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { password: "s3cret!x" } }] } },
  },
  {
    name: "aiw password sync: full PUT with the password",
    request: syncPassword({ dialect: "aiw", current }, "s3cret!x"),
    expected: { method: "PUT", path: "/Users/23a35c27-23d3-4c03-b4c5-6443c09e7173", body: { ...current, password: "s3cret!x" } },
  },
  {
    name: "group push create",
    request: createGroup("Test SCIMv2"),
    expected: { method: "POST", path: "/Groups", body: { schemas: [GROUP], displayName: "Test SCIMv2", members: [] } },
  },
  {
    name: "oin membership: one PATCH, remove by members[value eq] then add to members",
    request: changeGroupMembers("oin", group, { remove: ["89bb1940-b905-4575-9e7f-6f887cfb368e"], add: [joining] }),
    expected: {
      method: "PATCH",
      path: "/Groups/abf4dd94-a4c0-4f67-89c9-76b03340cb9b",
      body: {
        schemas: [PATCH_OP],
        Operations: [
          { op: "remove", path: 'members[value eq "89bb1940-b905-4575-9e7f-6f887cfb368e"]' },
          { op: "add", path: "members", value: [joining] },
        ],
      },
    },
  },
  {
    name: "oin membership: add only",
    request: changeGroupMembers("oin", group, { add: [joining] }),
    expected: {
      method: "PATCH",
      path: "/Groups/abf4dd94-a4c0-4f67-89c9-76b03340cb9b",
      body: { schemas: [PATCH_OP], Operations: [{ op: "add", path: "members", value: [joining] }] },
    },
  },
  {
    name: "aiw membership: full PUT with Okta's resulting member list",
    request: changeGroupMembers("aiw", group, { remove: ["89bb1940-b905-4575-9e7f-6f887cfb368e"], add: [joining] }),
    expected: {
      method: "PUT",
      path: "/Groups/abf4dd94-a4c0-4f67-89c9-76b03340cb9b",
      body: { schemas: [GROUP], id: group.id, displayName: "Test SCIMv2", members: [joining] },
    },
  },
  {
    name: "oin rename: no-path PATCH replace {id, displayName}",
    request: renameGroup("oin", group, "Test SCIMv20"),
    expected: {
      method: "PATCH",
      path: "/Groups/abf4dd94-a4c0-4f67-89c9-76b03340cb9b",
      body: { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { id: group.id, displayName: "Test SCIMv20" } }] },
    },
  },
  {
    name: "aiw rename: full PUT keeping the members",
    request: renameGroup("aiw", group, "Test SCIMv20"),
    expected: {
      method: "PUT",
      path: "/Groups/abf4dd94-a4c0-4f67-89c9-76b03340cb9b",
      body: { schemas: [GROUP], id: group.id, displayName: "Test SCIMv20", members: group.members },
    },
  },
  { name: "unlink with delete", request: deleteGroup("g 1"), expected: { method: "DELETE", path: "/Groups/g%201" } },
];

describe("Okta's requests per dialect", () => {
  it.each(cases)("$name", ({ request, expected }) => {
    expect(request).toEqual(expected);
  });

  it("does not modify the resource it was given", () => {
    const before = structuredClone(current);
    updateUserProfile(current, { givenName: "X", email: "x@okta.local" });
    setUserActive({ dialect: "aiw", current }, false);
    expect(current).toEqual(before);
  });

  it("adds a primary work email when the server returned none", () => {
    const { emails: _emails, ...withoutEmails } = current;
    expect(updateUserProfile(withoutEmails, { email: "x@okta.local" }).body).toMatchObject({ emails: [{ primary: true, value: "x@okta.local", type: "work" }] });
  });

  it("refuses to PUT a resource without an id", () => {
    expect(() => setUserActive({ dialect: "aiw", current: { userName: "x" } }, false)).toThrow(/no id/);
  });

  it("tracks membership the way Okta does", () => {
    expect(applyMembershipChange(group, { remove: [group.members[0]?.value ?? ""], add: [joining] }).members).toEqual([joining]);
  });

  it("makes Okta-shaped user ids", () => {
    let seed = 0;
    const id = oktaLikeUserId(() => ((seed += 0.37) % 1));
    expect(id).toMatch(/^00u[A-Za-z0-9]{17}$/);
    expect(oktaLikeUserId()).not.toBe(oktaLikeUserId());
  });
});
