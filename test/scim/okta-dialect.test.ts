import { describe, expect, it } from "vitest";
import type { ScimRequest } from "../../src/scim/client.js";
import { loadAllTemplates, loadVendorTemplate } from "../../src/templates/load.js";
import {
  applyAppProfile,
  applyMembershipChange,
  changeGroupMembers,
  createGroup,
  createUser,
  deleteGroup,
  importPage,
  lookupGroupByDisplayName,
  linkExistingUser,
  lookupUserByUserName,
  membershipChangeRequests,
  oktaLikeUserId,
  oktaPlaceholderPassword,
  pushGroupMembers,
  pushNowRequests,
  reassertGroupName,
  renameGroup,
  renameRequests,
  replaceGroupWithoutPath,
  resendUser,
  setUserActive,
  syncPassword,
  templateAttributeMappings,
  updateMappedAttributes,
  updateUserProfile,
  ENTERPRISE_USER_SCHEMA,
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
  {
    // Okta's 2018 SCIM sample (research/okta-traffic.md §1): a pushed group that already has people.
    name: "group push create with the members Okta already has",
    request: createGroup("Example Group", [{ value: "8546f8e6", display: "steve@ad.oktatest.com" }]),
    expected: { method: "POST", path: "/Groups", body: { schemas: [GROUP], displayName: "Example Group", members: [{ value: "8546f8e6", display: "steve@ad.oktatest.com" }] } },
  },
  {
    // imulab/go-scim#57: after the add-members PATCH, Okta PATCHes the unchanged name.
    name: "oin name re-assert after a membership change",
    request: reassertGroupName({ id: "79fe65ca", displayName: "Jeff.Scim.Test" }),
    expected: { method: "PATCH", path: "/Groups/79fe65ca", body: { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { id: "79fe65ca", displayName: "Jeff.Scim.Test" } }] } },
  },
  {
    name: "oin Push now: replace path members with the whole list",
    request: pushGroupMembers("oin", group),
    expected: { method: "PATCH", path: `/Groups/${group.id}`, body: { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "members", value: group.members }] } },
  },
  {
    name: "oin Push now of an empty group: value []",
    request: pushGroupMembers("oin", { ...group, members: [] }),
    expected: { method: "PATCH", path: `/Groups/${group.id}`, body: { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "members", value: [] }] } },
  },
  {
    name: "aiw Push now: PUT of the whole group",
    request: pushGroupMembers("aiw", group),
    expected: { method: "PUT", path: `/Groups/${group.id}`, body: { schemas: [GROUP], id: group.id, displayName: group.displayName, members: group.members } },
  },
  {
    // jelhub/scimgateway#111: {"op":"replace","value":{"id":…,"displayName":…,"members":[]}}
    name: "oin no-path replace carrying members",
    request: replaceGroupWithoutPath({ id: "org-cd1:admin", displayName: "org-cd1:admin", members: [] }),
    expected: {
      method: "PATCH",
      path: "/Groups/org-cd1%3Aadmin",
      body: { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { id: "org-cd1:admin", displayName: "org-cd1:admin", members: [] } }] },
    },
  },
  {
    name: "aiw echo PUT: the resource exactly as read",
    request: resendUser(current),
    expected: { method: "PUT", path: `/Users/${String(current.id)}`, body: current },
  },
];

describe("Okta's request sequences", () => {
  const change = { add: [joining] };
  const after = applyMembershipChange(group, change);

  it("oin membership change: the PATCH, then GET of the group and the unchanged name re-asserted", () => {
    expect(membershipChangeRequests("oin", group, change)).toEqual([changeGroupMembers("oin", group, change), { method: "GET", path: `/Groups/${group.id}` }, reassertGroupName(group)]);
  });

  it("aiw membership change: GET of the group, then PUT of the whole group with Okta's list", () => {
    expect(membershipChangeRequests("aiw", group, change)).toEqual([{ method: "GET", path: `/Groups/${group.id}` }, pushGroupMembers("aiw", after)]);
  });

  it("Push now: oin replace then GET and re-assert; aiw GET then PUT", () => {
    expect(pushNowRequests("oin", group).map((request) => request.method)).toEqual(["PATCH", "GET", "PATCH"]);
    expect(pushNowRequests("aiw", group)).toEqual([{ method: "GET", path: `/Groups/${group.id}` }, pushGroupMembers("aiw", group)]);
  });

  it("rename: oin one PATCH; aiw GET then PUT", () => {
    expect(renameRequests("oin", group, "New")).toEqual([renameGroup("oin", group, "New")]);
    expect(renameRequests("aiw", group, "New")).toEqual([{ method: "GET", path: `/Groups/${group.id}` }, renameGroup("aiw", group, "New")]);
  });
});

describe("Okta's placeholder password (Sync Password off)", () => {
  it("is 8 letters and digits, with at least one of each, like 1mz050nq and 4a9XuKkx", () => {
    for (let round = 0; round < 200; round += 1) {
      const password = oktaPlaceholderPassword();
      expect(password).toMatch(/^[A-Za-z0-9]{8}$/);
      expect(password).toMatch(/[0-9]/);
      expect(password).toMatch(/[A-Za-z]/);
    }
  });

  it("has no symbol even when the random source would only give letters or only digits", () => {
    expect(oktaPlaceholderPassword(() => 0)).toMatch(/^[a-z][0-9][a-z]{6}$/);
    expect(oktaPlaceholderPassword(() => 0.999)).toMatch(/^[A-Za-z][0-9]{7}$/);
  });
});

describe("aiw link of a user the lookup found", () => {
  // The mock-scim capture (research/okta-traffic.md §3): the server's user as GET returned it …
  const existing: ScimResource = {
    schemas: [USER],
    id: "5fc0c238-1112-11e8-8e45-920c87bdbd75",
    externalId: "00u1dhhb1fkIGP7RL1d8",
    userName: "octocat@github.com",
    name: { familyName: "Octocat", formatted: "Mona Octocat", givenName: "Mona" },
    displayName: "Mona Octocat",
    emails: [{ primary: true, value: "octocat@github.com" }],
    active: true,
    meta: {
      created: "2018-02-13T15:05:24.000-08:00",
      lastModified: "2018-02-13T15:05:55.000-08:00",
      location: "https://api.github.com/scim/v2/organizations/octo-org/Users/5fc0c238-1112-11e8-8e45-920c87bdbd75",
      resourceType: "User",
    },
  };

  it("PUTs the server's resource merged with Okta's app profile, exactly as captured", () => {
    const request = linkExistingUser(existing, {
      oktaUserId: "00u6a15d23T9AeHhF5d7",
      userName: "jane@test.com",
      givenName: "Jane",
      familyName: "Smith",
      email: "jane@test.com",
      password: "unused00",
    });
    // … and the PUT Okta sent (the capture's body_params).
    expect(request).toEqual({
      method: "PUT",
      path: "/Users/5fc0c238-1112-11e8-8e45-920c87bdbd75",
      body: {
        active: true,
        displayName: "Jane Smith",
        emails: [{ primary: true, type: "work", value: "jane@test.com" }],
        externalId: "00u6a15d23T9AeHhF5d7",
        groups: [],
        id: "5fc0c238-1112-11e8-8e45-920c87bdbd75",
        locale: "en-US",
        meta: existing.meta,
        name: { familyName: "Smith", formatted: "Mona Octocat", givenName: "Jane" },
        schemas: [USER],
        userName: "jane@test.com",
      },
    });
    expect(existing.externalId).toBe("00u1dhhb1fkIGP7RL1d8");
  });
});

describe("a template's attribute mappings", () => {
  it("places KloudHybrid's mapped attributes: managerValue in the enterprise manager.value, and the rest", async () => {
    const template = await loadVendorTemplate("kloudhybrid");
    const mappings = templateAttributeMappings(template.okta);
    expect(mappings).toEqual(
      expect.arrayContaining([
        { name: "managerValue", externalName: "manager.value", externalNamespace: ENTERPRISE_USER_SCHEMA },
        { name: "costCenter", externalName: "costCenter", externalNamespace: ENTERPRISE_USER_SCHEMA },
        { name: "givenName", externalName: "name.givenName" },
        { name: "primaryPhone", externalName: "phoneNumbers.^[primary==true].value" },
      ]),
    );
    const request = createUser({
      oktaUserId: "00ujl29u0le5T6Aj10h7",
      userName: "test.user@okta.local",
      givenName: "Test",
      familyName: "User",
      email: "test.user@okta.local",
      password: "1mz050nq",
      mapped: { profile: { managerValue: "boss@okta.local", costCenter: "CC-1", primaryPhone: "+1 415 555 0100", department: null }, mappings },
    });
    expect(request.body).toMatchObject({
      schemas: [USER, ENTERPRISE_USER_SCHEMA],
      [ENTERPRISE_USER_SCHEMA]: { manager: { value: "boss@okta.local" }, costCenter: "CC-1" },
      phoneNumbers: [{ primary: true, value: "+1 415 555 0100" }],
      externalId: "00ujl29u0le5T6Aj10h7",
    });
    expect((request.body as ScimResource)[ENTERPRISE_USER_SCHEMA]).not.toHaveProperty("department");
  });

  it("knows where Okta writes every attribute a shipped template maps", async () => {
    const unplaced = (await loadAllTemplates()).flatMap((template) => {
      const placed = new Set(templateAttributeMappings(template.okta).map((mapping) => mapping.name));
      return [...template.okta.mappings.map, ...template.okta.mappings.optional].filter((mapping) => !placed.has(mapping.attribute)).map((mapping) => `${template.id}: ${mapping.attribute}`);
    });
    expect(unplaced).toEqual([]);
  });

  it("leaves out mapped attributes it has no SCIM path for", () => {
    expect(templateAttributeMappings({ customAttributes: [], mappings: { map: [{ attribute: "userName" }], optional: [{ attribute: "somethingOdd" }] } })).toEqual([
      { name: "userName", externalName: "userName" },
    ]);
  });

  it("writes into the element an element filter selects, and adds the URN to schemas once", () => {
    const body = applyAppProfile(current, {
      profile: { email: "new@okta.local", emailType: "home", department: "R&D", division: "Labs" },
      mappings: templateAttributeMappings({ customAttributes: [], mappings: { map: [{ attribute: "email" }, { attribute: "emailType" }, { attribute: "department" }, { attribute: "division" }], optional: [] } }),
    });
    expect(body.emails).toEqual([{ primary: true, value: "new@okta.local", type: "home", display: "test.user@okta.local" }]);
    expect(body.schemas).toEqual([USER, ENTERPRISE_USER_SCHEMA]);
    expect(body[ENTERPRISE_USER_SCHEMA]).toEqual({ department: "R&D", division: "Labs" });
    expect(current.schemas).toEqual([USER]);
  });

  it("pushes mapped attributes as a PUT of the resource read", () => {
    const request = updateMappedAttributes(current, { profile: { title: "Engineer" }, mappings: [{ name: "title", externalName: "title" }] });
    expect(request).toEqual({ method: "PUT", path: `/Users/${String(current.id)}`, body: { ...current, title: "Engineer" } });
  });
});

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
