import { gunzipSync, inflateRawSync, inflateSync } from "node:zlib";
import { request } from "undici";
import { afterEach, describe, expect, test } from "vitest";
import { FAULT_IDS, startReferenceScimServer, type FaultId, type ReferenceScimServer, type ReferenceScimServerOptions } from "../../src/sandbox/scim/index.js";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
const TOKEN = "reference-token-1234";
const SCIM_JSON = "application/scim+json; charset=utf-8";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read field by field

interface Reply {
  status: number;
  headers: Record<string, string | undefined>;
  text: string;
  json: Json;
}

interface CallOptions {
  body?: unknown;
  contentType?: string;
  /** The Authorization header; null sends none. Default: Bearer TOKEN. */
  authorization?: string | null;
  headers?: Record<string, string>;
  headersTimeout?: number;
}

/** A thin undici client: real HTTP, nothing cached, bodies parsed when they are JSON. */
function client(server: ReferenceScimServer) {
  const call = async (method: string, path: string, options: CallOptions = {}): Promise<Reply> => {
    const headers: Record<string, string> = { accept: "application/scim+json", ...options.headers };
    const authorization = options.authorization === undefined ? `Bearer ${TOKEN}` : options.authorization;
    if (authorization !== null) headers.authorization = authorization;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
      headers["content-type"] = options.contentType ?? SCIM_JSON;
    }
    const response = await request(`${server.baseUrl}${path}`, {
      method: method as "GET",
      headers,
      body,
      ...(options.headersTimeout ? { headersTimeout: options.headersTimeout } : {}),
    });
    const text = await response.body.text();
    let json: Json = {};
    try {
      json = JSON.parse(text) as Json;
    } catch {
      // Not JSON: faulty servers' HTML pages, or an empty 204.
    }
    const flat: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(response.headers)) flat[name] = Array.isArray(value) ? value.join(", ") : value;
    return { status: response.statusCode, headers: flat, text, json };
  };
  const filter = (endpoint: string, expression: string, extra = ""): Promise<Reply> =>
    call("GET", `/${endpoint}?filter=${encodeURIComponent(expression)}${extra}`);
  const patch = (path: string, operations: unknown[]): Promise<Reply> => call("PATCH", path, { body: { schemas: [PATCH_OP], Operations: operations } });
  const createUser = (userName: string, extra: Json = {}): Promise<Reply> =>
    call("POST", "/Users", {
      body: { schemas: [USER], userName, name: { givenName: "New", familyName: "User" }, emails: [{ value: userName, primary: true, type: "work" }], active: true, ...extra },
    });
  return { call, filter, patch, createUser };
}

type Client = ReturnType<typeof client>;

const SEED: NonNullable<ReferenceScimServerOptions["seed"]> = {
  users: [
    { id: "u-alice", userName: "alice@example.com", externalId: "ext-Alice", name: { givenName: "Alice", familyName: "Archer" }, emails: [{ value: "alice@example.com", primary: true, type: "work" }] },
    { id: "u-bob", userName: "bob@example.com", name: { givenName: "Bob", familyName: "Baker" }, emails: [{ value: "bob@example.com", primary: true, type: "work" }] },
    { id: "u-carol", userName: "carol@example.com", name: { givenName: "Carol", familyName: "Cook" }, emails: [{ value: "carol@example.com", primary: true, type: "work" }] },
  ],
  groups: [{ id: "g-eng", displayName: "Engineering", members: [{ value: "u-alice" }] }],
};

const servers: ReferenceScimServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: ReferenceScimServerOptions = {}): Promise<{ server: ReferenceScimServer; c: Client }> {
  const server = await startReferenceScimServer({ auth: { mode: "header", token: TOKEN }, seed: SEED, ...options });
  servers.push(server);
  return { server, c: client(server) };
}

const deactivate = (c: Client, id: string): Promise<Reply> => c.patch(`/Users/${id}`, [{ op: "replace", value: { active: false } }]);

describe("reference SCIM server, clean", () => {
  test("hands out ids from the given source and records each request with the status it answered", async () => {
    const ids = ["id-first", "id-second"];
    const { server, c } = await start({ seed: {}, newId: () => ids.shift() ?? "id-more" });
    expect((await c.createUser("one@example.com")).json.id).toBe("id-first");
    expect((await c.createUser("two@example.com")).json.id).toBe("id-second");
    expect((await c.createUser("one@example.com")).status).toBe(409);
    expect((await c.call("GET", "/Users/id-first")).status).toBe(200);
    expect(server.requests.map((request) => `${request.method} ${request.status}`)).toEqual(["POST 201", "POST 201", "POST 409", "GET 200"]);
  });

  test("lists users as a ListResponse with integer counts, 1-based paging and creation order", async () => {
    const { c } = await start();
    const first = await c.call("GET", "/Users?count=1&startIndex=1");
    expect(first.status).toBe(200);
    expect(first.headers["content-type"]).toBe(SCIM_JSON);
    expect(first.json).toMatchObject({ schemas: [LIST], totalResults: 3, startIndex: 1, itemsPerPage: 1 });
    expect(first.json.Resources.map((u: Json) => u.id)).toEqual(["u-alice"]);

    const pages = [];
    for (let startIndex = 1; startIndex <= 3; startIndex++) pages.push(...(await c.call("GET", `/Users?startIndex=${startIndex}&count=1`)).json.Resources);
    expect(pages.map((u: Json) => u.id)).toEqual(["u-alice", "u-bob", "u-carol"]);

    const table: Array<[string, number, string[]]> = [
      ["?startIndex=0&count=2", 1, ["u-alice", "u-bob"]],
      ["?startIndex=-5&count=1", 1, ["u-alice"]],
      ["?startIndex=3&count=10", 3, ["u-carol"]],
      ["?count=-1", 1, []],
      ["?count=0", 1, []],
      ["?startIndex=9", 9, []],
    ];
    for (const [query, startIndex, ids] of table) {
      const reply = await c.call("GET", `/Users${query}`);
      expect(reply.json, query).toMatchObject({ totalResults: 3, startIndex, itemsPerPage: ids.length, Resources: expect.any(Array) });
      expect(reply.json.Resources.map((u: Json) => u.id), query).toEqual(ids);
    }
    expect((await c.call("GET", "/Users?count=abc")).json).toMatchObject({ status: "400", scimType: "invalidValue" });
  });

  test("filters: userName and displayName case-insensitive, attribute names case-insensitive, ids case-exact", async () => {
    const { c } = await start();
    const table: Array<[string, string, number]> = [
      ["Users", 'userName eq "ALICE@EXAMPLE.COM"', 1],
      ["Users", 'UserName eq "alice@example.com"', 1],
      ["Users", 'username Eq "alice@example.com"', 1],
      ["Users", `${USER}:userName eq "alice@example.com"`, 1],
      ["Users", 'userName eq "abcdefgh@atko.com"', 0],
      ["Users", 'externalId eq "ext-Alice"', 1],
      ["Users", 'externalId eq "EXT-ALICE"', 0],
      ["Users", 'id eq "U-ALICE"', 0],
      ["Users", 'emails[type eq "work" and value eq "BOB@example.com"]', 1],
      ["Users", 'name.familyName sw "c"', 1],
      ["Users", 'userName eq "alice@example.com" or userName eq "bob@example.com"', 2],
      ["Users", 'groups.value eq "g-eng"', 1],
      ["Users", 'password pr', 0],
      ["Groups", 'displayName eq "engineering"', 1],
      ["Groups", 'members[value eq "u-alice"]', 1],
      ["Groups", 'members.value eq "U-ALICE"', 0],
    ];
    for (const [endpoint, expression, total] of table) {
      const reply = await c.filter(endpoint, expression, "&startIndex=1&count=100");
      expect(reply.status, expression).toBe(200);
      expect(reply.json, expression).toMatchObject({ schemas: [LIST], totalResults: total, Resources: expect.any(Array) });
    }
    for (const expression of ['userName xx "a"', "userName eq", 'userName eq "a" and', "(("]) {
      const reply = await c.filter("Users", expression);
      expect(reply.json, expression).toMatchObject({ schemas: [ERROR], status: "400", scimType: "invalidFilter", detail: expect.any(String) });
    }
  });

  test("creates users as Okta sends them: 201, Location = meta.location, ETag = meta.version, password and groups handled", async () => {
    const { c, server } = await start();
    for (const contentType of [SCIM_JSON, "application/json"]) {
      const userName = `new-${contentType.length}@example.com`;
      const reply = await c.call("POST", "/Users", {
        contentType,
        body: { schemas: [USER], userName, externalId: "00u-okta", password: "S3cret!pass", groups: [], name: { givenName: "N", familyName: "U" }, emails: [{ value: userName, primary: true, type: "work" }], active: true },
      });
      expect(reply.status).toBe(201);
      expect(reply.json).toMatchObject({ schemas: [USER], userName, externalId: "00u-okta", active: true, meta: { resourceType: "User" } });
      expect(reply.json.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(reply.json.id).not.toContain("bulkId");
      expect(reply.json).not.toHaveProperty("password");
      expect(reply.json).not.toHaveProperty("groups");
      expect(reply.headers.location).toBe(reply.json.meta.location);
      expect(reply.json.meta.location).toBe(`${server.baseUrl}/Users/${reply.json.id}`);
      expect(reply.headers.etag).toBe(reply.json.meta.version);
      expect(reply.headers.etag).toMatch(/^W\/".+"$/);
      expect(reply.json.meta.created).toBe(reply.json.meta.lastModified);
      const read = await c.call("GET", `/Users/${reply.json.id}`);
      expect(read.json).toEqual(reply.json);
    }
    expect(server.snapshot().users.at(-1)?.password).toBe("S3cret!pass");
  });

  test("refuses duplicates with 409 uniqueness, case-insensitively for userName and displayName", async () => {
    const { c } = await start();
    const duplicateUser = await c.createUser("ALICE@Example.com");
    expect(duplicateUser.json).toEqual({ schemas: [ERROR], status: "409", scimType: "uniqueness", detail: expect.stringContaining("ALICE@Example.com") });
    const duplicateGroup = await c.call("POST", "/Groups", { body: { schemas: [GROUP], displayName: "ENGINEERING" } });
    expect(duplicateGroup.json).toMatchObject({ status: "409", scimType: "uniqueness" });
    const renameClash = await c.patch("/Users/u-bob", [{ op: "replace", path: "userName", value: "Alice@example.com" }]);
    expect(renameClash.json).toMatchObject({ status: "409", scimType: "uniqueness" });
  });

  test("validates bodies and answers SCIM errors for bad requests", async () => {
    const { c } = await start();
    const table: Array<[string, string, CallOptions, number, string | undefined]> = [
      ["POST", "/Users", { body: { schemas: [USER] } }, 400, "invalidValue"],
      ["POST", "/Users", { body: { userName: "x@example.com" } }, 400, "invalidValue"],
      ["POST", "/Users", { body: "{not json" }, 400, "invalidSyntax"],
      ["POST", "/Users", { body: { schemas: [USER], userName: "x@example.com", active: "maybe" } }, 400, "invalidValue"],
      ["POST", "/Users", { body: { schemas: [USER], userName: "x@example.com" }, contentType: "text/plain" }, 415, undefined],
      ["POST", "/Groups", { body: { schemas: [GROUP] } }, 400, "invalidValue"],
      ["PATCH", "/Users/u-bob", { body: { Operations: [{ op: "replace", value: { active: false } }] } }, 400, "invalidSyntax"],
      ["PATCH", "/Users/u-bob", { body: { schemas: [PATCH_OP], Operations: [{ op: "remove" }] } }, 400, "noTarget"],
      ["PATCH", "/Users/u-bob", { body: { schemas: [PATCH_OP], Operations: [{ op: "jump", path: "active", value: false }] } }, 400, "invalidSyntax"],
      ["GET", "/Users/010101001010101011001010101011", {}, 404, undefined],
      ["PUT", "/Users/nope", { body: { schemas: [USER], userName: "x@example.com" } }, 404, undefined],
      ["GET", "/Groups/nope", {}, 404, undefined],
      ["GET", "/Bulk", {}, 404, undefined],
      ["GET", "/Users/u-bob/extra", {}, 404, undefined],
      ["PUT", "/Users", { body: { schemas: [USER] } }, 405, undefined],
      ["POST", "/ServiceProviderConfig", { body: { test: "value" } }, 405, undefined],
      ["POST", "/ResourceTypes", { body: { test: "value" } }, 405, undefined],
      ["POST", "/Schemas", { body: { test: "value" } }, 405, undefined],
    ];
    for (const [method, path, options, status, scimType] of table) {
      const reply = await c.call(method, path, options);
      const label = `${method} ${path} ${JSON.stringify(options)}`;
      expect(reply.status, label).toBe(status);
      expect(reply.headers["content-type"], label).toBe(SCIM_JSON);
      expect(reply.json, label).toMatchObject({ schemas: [ERROR], status: String(status), detail: expect.any(String) });
      expect(reply.json.scimType, label).toBe(scimType);
    }
    expect((await c.call("GET", "/Users/u-bob")).json.active).toBe(true);
  });

  test("authenticates resource endpoints; discovery is readable without a credential", async () => {
    const { c } = await start();
    const table: Array<[string | null, number]> = [
      [null, 401],
      ["Bearer wrong", 401],
      ["non-token", 401],
      [`Bearer ${TOKEN}`, 200],
      [`bearer ${TOKEN}`, 200],
      [TOKEN, 200],
    ];
    for (const [authorization, status] of table) {
      const reply = await c.call("GET", '/Users?filter=userName eq "ALICE@EXAMPLE.COM"'.replace(/ /g, "%20").replace(/"/g, "%22"), { authorization });
      expect(reply.status, String(authorization)).toBe(status);
      if (status === 401) expect(reply.json).toEqual({ schemas: [ERROR], status: "401", detail: expect.any(String) });
    }
    const strict = await start({ auth: { mode: "header", token: TOKEN, acceptRawToken: false } });
    expect((await strict.c.call("GET", "/Users", { authorization: TOKEN })).status).toBe(401);
    const basic = await start({ auth: { mode: "basic", username: "okta", password: "pa:ss" } });
    expect((await basic.c.call("GET", "/Users", { authorization: `Basic ${Buffer.from("okta:pa:ss").toString("base64")}` })).status).toBe(200);
    const wrongBasic = await basic.c.call("GET", "/Users", { authorization: `Basic ${Buffer.from("okta:nope").toString("base64")}` });
    expect([wrongBasic.status, wrongBasic.headers["www-authenticate"]]).toEqual([401, 'Basic realm="scim"']);
    for (const path of ["/ServiceProviderConfig", "/ResourceTypes", "/Schemas"]) {
      expect((await c.call("GET", path, { authorization: null })).status, path).toBe(200);
    }
  });

  test("discovery endpoints describe what the server does", async () => {
    const { c, server } = await start();
    const spc = await c.call("GET", "/ServiceProviderConfig");
    expect(spc.json).toMatchObject({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: expect.any(Number) },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: true },
      authenticationSchemes: [{ type: "oauthbearertoken" }],
    });
    const resourceTypes = await c.call("GET", "/ResourceTypes");
    expect(resourceTypes.json).toMatchObject({ schemas: [LIST], totalResults: 2 });
    expect(resourceTypes.json.Resources.map((r: Json) => [r.name, r.endpoint, r.schema])).toEqual([
      ["User", "/Users", USER],
      ["Group", "/Groups", GROUP],
    ]);
    const schemas = await c.call("GET", "/Schemas");
    expect(schemas.json.Resources.map((s: Json) => s.id)).toEqual([USER, GROUP, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]);
    const userName = schemas.json.Resources[0].attributes.find((a: Json) => a.name === "userName");
    expect(userName).toMatchObject({ caseExact: false, uniqueness: "server", required: true });
    expect((await c.call("GET", `/Schemas/${GROUP}`)).json).toMatchObject({ id: GROUP, meta: { location: `${server.baseUrl}/Schemas/${GROUP}` } });
    expect((await c.call("GET", "/ResourceTypes/User")).json).toMatchObject({ id: "User", endpoint: "/Users" });
  });

  test("attributes and excludedAttributes never drop id or schemas", async () => {
    const { c } = await start();
    const table: Array<[string, string[]]> = [
      ["/Users/u-alice?attributes=userName,name.givenName", ["id", "name", "schemas", "userName"]],
      ["/Users/u-alice?attributes=id", ["id", "schemas"]],
      ["/Users/u-alice?excludedAttributes=id,schemas,emails,name,meta", ["active", "externalId", "groups", "id", "schemas", "userName"]],
      ["/Groups/g-eng?excludedAttributes=members", ["displayName", "id", "meta", "schemas"]],
    ];
    for (const [path, keys] of table) expect(Object.keys((await c.call("GET", path)).json).sort(), path).toEqual(keys);
    expect((await c.call("GET", "/Users/u-alice?attributes=name.givenName")).json.name).toEqual({ givenName: "Alice" });
    const listed = await c.filter("Groups", 'displayName eq "Engineering"', "&excludedAttributes=members");
    expect(listed.json.Resources[0]).not.toHaveProperty("members");
  });

  test("deactivation (OIN PATCH and AIW PUT) keeps users retrievable by id and by filter", async () => {
    const { c } = await start();
    const patched = await c.patch("/Users/u-alice", [{ op: "replace", value: { active: false } }]);
    expect(patched.json).toMatchObject({ id: "u-alice", active: false });
    expect((await c.call("GET", "/Users/u-alice")).json.active).toBe(false);
    expect((await c.filter("Users", 'userName eq "alice@example.com"')).json.totalResults).toBe(1);
    expect((await c.call("GET", "/Users")).json.totalResults).toBe(3);

    const capitalised = await c.patch("/Users/u-alice", [{ op: "Replace", value: { Active: "True" } }]);
    expect(capitalised.json.active).toBe(true);
    const shouted = await c.patch("/Users/u-alice", [{ op: "REPLACE", path: "active", value: false }]);
    expect(shouted.json.active).toBe(false);

    const bob = (await c.call("GET", "/Users/u-bob")).json;
    const put = await c.call("PUT", "/Users/u-bob", { body: { ...bob, active: false, id: "ignored", name: { givenName: "Robert" }, meta: { created: "1999" } } });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ id: "u-bob", active: false, name: { givenName: "Robert" }, meta: { created: bob.meta.created } });
    expect(put.json.name).not.toHaveProperty("familyName");
    expect(put.json.meta.version).not.toBe(bob.meta.version);
    expect(put.headers.etag).toBe(put.json.meta.version);
    expect((await c.filter("Users", 'active eq false')).json.Resources.map((u: Json) => u.id)).toEqual(["u-alice", "u-bob"]);
  });

  test("group push: create, membership PATCH (remove + add), rename by no-path value, PUT, DELETE", async () => {
    const { c } = await start();
    const created = await c.call("POST", "/Groups", { body: { schemas: [GROUP], displayName: "Okta Push", members: [] } });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(created.json.meta.location);
    const id = created.json.id as string;
    expect((await c.filter("Groups", 'displayName eq "okta push"', "&startIndex=1&count=100")).json.totalResults).toBe(1);

    const added = await c.patch(`/Groups/${id}`, [{ op: "add", path: "members", value: [{ value: "u-alice", display: "alice@example.com" }, { value: "u-bob" }] }]);
    expect(added.json.members.map((m: Json) => m.value)).toEqual(["u-alice", "u-bob"]);
    expect(added.json.members[1]).toMatchObject({ value: "u-bob", type: "User", display: "bob@example.com" });

    const moved = await c.patch(`/Groups/${id}`, [
      { op: "remove", path: 'members[value eq "u-alice"]' },
      { op: "remove", path: 'members[value eq "u-nobody"]' },
      { op: "add", path: "members", value: [{ value: "u-carol" }, { value: "u-bob" }] },
    ]);
    expect(moved.json.members.map((m: Json) => m.value)).toEqual(["u-bob", "u-carol"]);

    const renamed = await c.patch(`/Groups/${id}`, [{ op: "replace", value: { id, displayName: "Okta Push Renamed" } }]);
    expect(renamed.json).toMatchObject({ id, displayName: "Okta Push Renamed" });
    expect((await c.call("GET", "/Users/u-carol")).json.groups).toEqual([expect.objectContaining({ value: id, display: "Okta Push Renamed" })]);

    const put = await c.call("PUT", `/Groups/${id}`, { body: { schemas: [GROUP], displayName: "Okta Push Renamed", members: [{ value: "u-alice" }] } });
    expect(put.json.members.map((m: Json) => m.value)).toEqual(["u-alice"]);
    const emptied = await c.patch(`/Groups/${id}`, [{ op: "remove", path: 'members[value eq "u-alice"]' }]);
    expect(emptied.json.members).toEqual([]);

    expect((await c.call("DELETE", `/Groups/${id}`)).status).toBe(204);
    expect((await c.call("GET", `/Groups/${id}`)).status).toBe(404);
  });

  test("DELETE answers 204 with no body, then 404 on GET and DELETE; the userName is free again", async () => {
    const { c, server } = await start();
    const deleted = await c.call("DELETE", "/Users/u-alice");
    expect([deleted.status, deleted.text]).toEqual([204, ""]);
    expect((await c.call("GET", "/Users/u-alice")).json).toMatchObject({ schemas: [ERROR], status: "404" });
    expect((await c.call("DELETE", "/Users/u-alice")).json).toMatchObject({ schemas: [ERROR], status: "404" });
    expect(server.snapshot().groups[0]?.members).toEqual([]);
    expect((await c.createUser("alice@example.com")).status).toBe(201);
  });

  test("ETags: If-Match guards writes (412), If-None-Match answers 304", async () => {
    const { c } = await start();
    const current = await c.call("GET", "/Users/u-bob");
    const stale = await c.patch("/Users/u-bob", [{ op: "replace", path: "title", value: "x" }]);
    const refused = await c.call("PUT", "/Users/u-bob", { body: current.json, headers: { "if-match": current.headers.etag ?? "" } });
    expect(refused.json).toMatchObject({ schemas: [ERROR], status: "412" });
    const accepted = await c.call("DELETE", "/Users/u-bob", { headers: { "if-match": stale.headers.etag ?? "" } });
    expect(accepted.status).toBe(204);
    const carol = await c.call("GET", "/Users/u-carol");
    expect((await c.call("GET", "/Users/u-carol", { headers: { "if-none-match": carol.headers.etag ?? "" } })).status).toBe(304);
  });

  test("snapshot is a deep copy; the request log records every request; unknown fault ids are refused", async () => {
    const { c, server } = await start();
    const before = server.snapshot();
    before.users[0]!.userName = "mutated";
    expect(server.snapshot().users[0]?.userName).toBe("alice@example.com");
    await c.call("GET", "/Users?count=1");
    await c.createUser("logged@example.com");
    expect(server.requests.map((r) => [r.method, r.path])).toEqual([
      ["GET", "/scim/v2/Users?count=1"],
      ["POST", "/scim/v2/Users"],
    ]);
    expect(server.requests[1]).toMatchObject({ headers: { authorization: `Bearer ${TOKEN}`, "content-type": SCIM_JSON }, body: expect.stringContaining("logged@example.com") });
    expect(() => server.setFaults(["not-a-fault" as FaultId])).toThrow(/unknown reference SCIM server fault/);
    await expect(startReferenceScimServer({ faults: ["nope" as FaultId] })).rejects.toThrow(/unknown/);
  });

  test("answers compressed as Okta's Accept-Encoding allows, and plain otherwise", async () => {
    const { server } = await start();
    const get = async (acceptEncoding?: string) => {
      const response = await request(`${server.baseUrl}/Users/u-alice`, {
        headers: { authorization: `Bearer ${TOKEN}`, ...(acceptEncoding === undefined ? {} : { "accept-encoding": acceptEncoding }) },
      });
      const bytes = Buffer.from(await response.body.arrayBuffer());
      const coding = response.headers["content-encoding"];
      const text = (coding === "gzip" ? gunzipSync(bytes) : coding === "deflate" ? inflateSync(bytes) : bytes).toString();
      return { coding, id: (JSON.parse(text) as Json).id, length: Number(response.headers["content-length"]), bytes: bytes.length };
    };
    expect(await get("gzip,deflate")).toMatchObject({ coding: "gzip", id: "u-alice" });
    expect(await get("deflate")).toMatchObject({ coding: "deflate", id: "u-alice" });
    expect(await get("gzip;q=0, deflate")).toMatchObject({ coding: "deflate", id: "u-alice" });
    expect(await get("br")).toMatchObject({ coding: undefined, id: "u-alice" });
    const plain = await get();
    expect(plain).toMatchObject({ coding: undefined, id: "u-alice" });
    expect(plain.length).toBe(plain.bytes);
    const uncompressed = await startReferenceScimServer({ auth: { mode: "header", token: TOKEN }, seed: SEED, compression: false });
    servers.push(uncompressed);
    const response = await request(`${uncompressed.baseUrl}/Users/u-alice`, { headers: { authorization: `Bearer ${TOKEN}`, "accept-encoding": "gzip,deflate" } });
    await response.body.dump();
    expect(response.headers["content-encoding"]).toBeUndefined();
  });

  test("accepts Okta's group push traffic: members in POST, re-assert, replace of members (also []), no-path replace with members", async () => {
    const { c } = await start();
    const created = await c.call("POST", "/Groups", { body: { schemas: [GROUP], displayName: "Sales", members: [{ value: "u-bob", display: "bob@example.com" }] } });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect(created.json.members.map((m: Json) => m.value)).toEqual(["u-bob"]);
    const reassert = await c.patch(`/Groups/${id}`, [{ op: "replace", value: { id, displayName: "Sales" } }]);
    expect([reassert.status, reassert.json.displayName, reassert.json.members.map((m: Json) => m.value)]).toEqual([200, "Sales", ["u-bob"]]);
    const pushed = await c.patch(`/Groups/${id}`, [{ op: "replace", path: "members", value: [{ value: "u-alice" }, { value: "u-carol" }] }]);
    expect(pushed.json.members.map((m: Json) => m.value)).toEqual(["u-alice", "u-carol"]);
    const emptied = await c.patch(`/Groups/${id}`, [{ op: "replace", path: "members", value: [] }]);
    expect([emptied.status, emptied.json.members]).toEqual([200, []]);
    const noPath = await c.patch(`/Groups/${id}`, [{ op: "replace", value: { id, displayName: "Sales", members: [{ value: "u-bob" }] } }]);
    expect(noPath.json.members.map((m: Json) => m.value)).toEqual(["u-bob"]);
  });

  test("accepts Okta's user traffic beyond the core: enterprise extension, the aiw link PUT (externalId changed, groups: [], emails replaced), echo PUTs", async () => {
    const { c } = await start();
    const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    const created = await c.createUser("kh@example.com", { schemas: [USER, ENTERPRISE], password: "4a9XuKkx", [ENTERPRISE]: { manager: { value: "alice@example.com" }, costCenter: "CC-1" } });
    expect(created.status).toBe(201);
    expect(created.json.schemas).toEqual([USER, ENTERPRISE]);
    expect(created.json[ENTERPRISE]).toEqual({ manager: { value: "alice@example.com" }, costCenter: "CC-1" });
    const alice = (await c.call("GET", "/Users/u-alice")).json;
    const linked = await c.call("PUT", "/Users/u-alice", {
      body: { ...alice, externalId: "00u6a15d23T9AeHhF5d7", groups: [], locale: "en-US", emails: [{ primary: true, type: "work", value: "alice@corp.example" }] },
    });
    expect(linked.status).toBe(200);
    expect(linked.json).toMatchObject({ externalId: "00u6a15d23T9AeHhF5d7", locale: "en-US", emails: [{ primary: true, type: "work", value: "alice@corp.example" }] });
    const { meta: _meta, ...before } = linked.json;
    for (let echo = 0; echo < 2; echo += 1) {
      const again = await c.call("PUT", "/Users/u-alice", { body: linked.json });
      const { meta: _again, ...after } = again.json;
      expect([again.status, after]).toEqual([200, before]);
    }
  });

  test("an empty server answers an empty ListResponse with Resources: [] (Okta's connector test)", async () => {
    const { c } = await start({ seed: {} });
    for (const path of ["/Users?startIndex=1&count=2", "/Groups"]) {
      expect((await c.call("GET", path)).json, path).toEqual({ schemas: [LIST], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
    }
  });
});

/**
 * One row per fault: what a client does, and what it observes on the clean server and on a server
 * with only that fault. Every row is run against both, so a row proves the defect is observable and
 * that the clean server does not have it.
 */
interface FaultCase {
  observe: (c: Client, server: ReferenceScimServer) => Promise<unknown>;
  clean: unknown;
  faulty: unknown;
  options?: ReferenceScimServerOptions;
}

/** A deflate body in either form: zlib-wrapped (RFC 9110) or raw DEFLATE. */
function inflateDeflate(bytes: Buffer): { form: "wrapped" | "raw"; text: string } {
  try {
    return { form: "wrapped", text: inflateSync(bytes).toString() };
  } catch {
    return { form: "raw", text: inflateRawSync(bytes).toString() };
  }
}

const unknownUser = (c: Client): Promise<Reply> => c.call("GET", "/Users/010101001010101011001010101011");

/** Engineering's members after Okta's membership PATCH: Alice removed, Bob added. */
async function swapAliceForBob(c: Client): Promise<string[]> {
  await c.patch("/Groups/g-eng", [
    { op: "remove", path: 'members[value eq "u-alice"]' },
    { op: "add", path: "members", value: [{ value: "u-bob" }] },
  ]);
  return (await c.call("GET", "/Groups/g-eng")).json.members.map((m: Json) => m.value as string);
}

const FAULT_CASES: Record<FaultId, FaultCase> = {
  "content-type-json": { observe: async (c) => (await c.call("GET", "/Users")).headers["content-type"], clean: SCIM_JSON, faulty: "application/json; charset=utf-8" },
  "reject-scim-json-body": { observe: async (c) => (await c.createUser("n@example.com")).status, clean: 201, faulty: 415 },
  "reject-plain-json-body": {
    observe: async (c) => (await c.call("POST", "/Users", { contentType: "application/json", body: { schemas: [USER], userName: "n@example.com" } })).status,
    clean: 201,
    faulty: 415,
  },
  "case-sensitive-username": {
    observe: async (c) => [(await c.filter("Users", 'userName eq "ALICE@EXAMPLE.COM"')).json.totalResults, (await c.createUser("ALICE@example.com")).status],
    clean: [1, 409],
    faulty: [0, 201],
  },
  "filter-attr-case-sensitive": {
    observe: async (c) => [(await c.filter("Users", 'username eq "alice@example.com"')).json.totalResults, (await c.filter("Users", 'UserName eq "alice@example.com"')).json.totalResults],
    clean: [1, 1],
    faulty: [0, 0],
  },
  "no-match-404": { observe: async (c) => (await c.filter("Users", 'userName eq "abcdefgh@atko.com"')).status, clean: 200, faulty: 404 },
  "list-missing-resources-when-empty": {
    observe: async (c) => "Resources" in (await c.filter("Users", 'userName eq "abcdefgh@atko.com"')).json,
    clean: true,
    faulty: false,
  },
  "list-counts-as-strings": {
    observe: async (c) => {
      const { json } = await c.call("GET", "/Users?count=1");
      return [json.totalResults, json.startIndex, json.itemsPerPage];
    },
    clean: [3, 1, 1],
    faulty: ["3", "1", "1"],
  },
  "zero-based-start-index": {
    observe: async (c) => {
      const { json } = await c.call("GET", "/Users?startIndex=1&count=1");
      return [json.startIndex, json.Resources[0]?.id];
    },
    clean: [1, "u-alice"],
    faulty: [1, "u-bob"],
  },
  "ignore-count": { observe: async (c) => (await c.call("GET", "/Users?count=1")).json.Resources.length, clean: 1, faulty: 3 },
  "unstable-order": {
    observe: async (c) => {
      const pages = [];
      for (let startIndex = 1; startIndex <= 3; startIndex++) pages.push((await c.call("GET", `/Users?startIndex=${startIndex}&count=1`)).json.Resources[0].id);
      return pages;
    },
    clean: ["u-alice", "u-bob", "u-carol"],
    faulty: ["u-alice", "u-alice", "u-alice"],
  },
  "error-status-number": { observe: async (c) => (await unknownUser(c)).json.status, clean: "404", faulty: 404 },
  "error-plain-401": {
    observe: async (c) => {
      const reply = await c.call("GET", "/Users", { authorization: "non-token" });
      return [reply.status, reply.headers["content-type"], reply.json.schemas];
    },
    clean: [401, SCIM_JSON, [ERROR]],
    faulty: [401, "text/html; charset=utf-8", undefined],
  },
  "error-missing-detail": { observe: async (c) => typeof (await unknownUser(c)).json.detail, clean: "string", faulty: "undefined" },
  "error-not-scim-404": {
    observe: async (c) => {
      const reply = await unknownUser(c);
      return [reply.status, reply.json.schemas ?? reply.json];
    },
    clean: [404, [ERROR]],
    faulty: [404, { message: "Not Found" }],
  },
  "no-409-duplicate-user": { observe: async (c) => (await c.createUser("alice@example.com")).status, clean: 409, faulty: 201 },
  "no-409-duplicate-group": {
    observe: async (c) => (await c.call("POST", "/Groups", { body: { schemas: [GROUP], displayName: "Engineering" } })).status,
    clean: 409,
    faulty: 201,
  },
  "create-returns-200": { observe: async (c) => (await c.createUser("n@example.com")).status, clean: 201, faulty: 200 },
  "no-location-header": {
    observe: async (c) => {
      const reply = await c.createUser("n@example.com");
      return reply.headers.location === reply.json.meta.location;
    },
    clean: true,
    faulty: false,
  },
  "deactivated-user-404": {
    observe: async (c) => {
      await deactivate(c, "u-alice");
      return (await c.call("GET", "/Users/u-alice")).status;
    },
    clean: 200,
    faulty: 404,
  },
  "deactivated-hidden-from-filter": {
    observe: async (c) => {
      await deactivate(c, "u-alice");
      return [(await c.filter("Users", 'userName eq "alice@example.com"')).json.totalResults, (await c.call("GET", "/Users")).json.totalResults];
    },
    clean: [1, 3],
    faulty: [0, 2],
  },
  "patch-no-path-ignored": {
    observe: async (c) => {
      const reply = await deactivate(c, "u-alice");
      return [reply.status, reply.json.active];
    },
    clean: [200, false],
    faulty: [200, true],
  },
  "patch-op-case-sensitive": {
    observe: async (c) => (await c.patch("/Users/u-alice", [{ op: "Replace", path: "active", value: false }])).status,
    clean: 200,
    faulty: 400,
  },
  "patch-valuepath-unsupported": {
    observe: async (c) => {
      const reply = await c.patch("/Groups/g-eng", [{ op: "remove", path: 'members[value eq "u-alice"]' }]);
      return [reply.status, reply.json.scimType];
    },
    clean: [200, undefined],
    faulty: [400, "invalidPath"],
  },
  "put-ignores-active": {
    observe: async (c) => {
      const alice = (await c.call("GET", "/Users/u-alice")).json;
      return (await c.call("PUT", "/Users/u-alice", { body: { ...alice, active: false } })).json.active;
    },
    clean: false,
    faulty: true,
  },
  "reactivation-ignored": {
    observe: async (c) => {
      await deactivate(c, "u-alice");
      await c.patch("/Users/u-alice", [{ op: "replace", value: { active: true } }]);
      return (await c.call("GET", "/Users/u-alice")).json.active;
    },
    clean: true,
    faulty: false,
  },
  "group-rename-ignored": {
    observe: async (c) => (await c.patch("/Groups/g-eng", [{ op: "replace", value: { id: "g-eng", displayName: "Platform" } }])).json.displayName,
    clean: "Platform",
    faulty: "Engineering",
  },
  "group-member-removal-ignored": {
    observe: swapAliceForBob,
    clean: ["u-bob"],
    faulty: ["u-alice", "u-bob"],
  },
  "group-members-ignored": {
    observe: swapAliceForBob,
    clean: ["u-bob"],
    faulty: ["u-alice"],
  },
  "delete-returns-200": {
    observe: async (c) => {
      const reply = await c.call("DELETE", "/Users/u-bob");
      return [reply.status, reply.json.id];
    },
    clean: [204, undefined],
    faulty: [200, "u-bob"],
  },
  "delete-twice-500": {
    observe: async (c) => {
      await c.call("DELETE", "/Groups/g-eng");
      return [(await c.call("DELETE", "/Groups/g-eng")).status, (await c.call("DELETE", "/Groups/never-existed")).status];
    },
    clean: [404, 404],
    faulty: [500, 404],
  },
  "group-delete-ignored": {
    observe: async (c) => [(await c.call("DELETE", "/Groups/g-eng")).status, (await c.call("GET", "/Groups/g-eng")).status],
    clean: [204, 404],
    faulty: [204, 200],
  },
  "excluded-attributes-ignored": {
    observe: async (c) => "members" in (await c.call("GET", "/Groups/g-eng?excludedAttributes=members")).json,
    clean: false,
    faulty: true,
  },
  "attributes-param-ignored": {
    observe: async (c) => Object.keys((await c.call("GET", "/Users/u-bob?attributes=userName")).json).sort(),
    clean: ["id", "schemas", "userName"],
    faulty: ["active", "emails", "id", "meta", "name", "schemas", "userName"],
  },
  "discovery-missing": {
    observe: async (c) => Promise.all(["/ServiceProviderConfig", "/ResourceTypes", "/Schemas"].map(async (path) => (await c.call("GET", path)).status)),
    clean: [200, 200, 200],
    faulty: [404, 404, 404],
  },
  "invalid-filter-500": {
    observe: async (c) => {
      const reply = await c.filter("Users", 'userName xx "alice@example.com"');
      return [reply.status, reply.json.scimType];
    },
    clean: [400, "invalidFilter"],
    faulty: [500, undefined],
  },
  "password-rejected": { observe: async (c) => (await c.createUser("n@example.com", { password: "S3cret!pass" })).status, clean: 201, faulty: 400 },
  "groups-attribute-rejected": { observe: async (c) => (await c.createUser("n@example.com", { groups: [] })).status, clean: 201, faulty: 400 },
  "externalid-dropped": {
    observe: async (c) => {
      const created = await c.createUser("n@example.com", { externalId: "00u-okta" });
      return [created.json.externalId, (await c.filter("Users", 'externalId eq "00u-okta"')).json.totalResults];
    },
    clean: ["00u-okta", 1],
    faulty: [undefined, 0],
  },
  "user-missing-name": { observe: async (c) => (await c.call("GET", "/Users/u-alice")).json.name?.familyName, clean: "Archer", faulty: undefined },
  "get-by-id-summary": {
    observe: async (c) => [(await c.call("GET", "/Users/u-alice")).json.name?.familyName, (await c.call("GET", "/Users?count=1")).json.Resources[0].name?.familyName],
    clean: ["Archer", "Archer"],
    faulty: [undefined, "Archer"],
  },
  "user-missing-emails": { observe: async (c) => (await c.call("GET", "/Users?count=1")).json.Resources[0].emails?.[0]?.value, clean: "alice@example.com", faulty: undefined },
  "active-as-string": { observe: async (c) => (await c.call("GET", "/Users/u-alice")).json.active, clean: true, faulty: "true" },
  "echo-authorization": { observe: async (c) => (await unknownUser(c)).json.detail.includes(TOKEN), clean: false, faulty: true },
  "slow-responses": {
    // No duration is measured: the faulty server holds its answer to GET /Groups (only) far longer than the client waits.
    observe: async (c) => {
      const status = async (path: string) => {
        try {
          return (await c.call("GET", path, { headersTimeout: 3_000 })).status;
        } catch (error) {
          return (error as { code?: string }).code;
        }
      };
      return [await status("/Users"), await status("/Groups")];
    },
    options: { latencyMs: 60_000 },
    clean: [200, 200],
    faulty: [200, "UND_ERR_HEADERS_TIMEOUT"],
  },
  "server-error-on-write": {
    observe: async (c, server) => {
      const statuses = [
        (await c.createUser("n@example.com")).status,
        (await deactivate(c, "u-alice")).status,
        (await c.call("DELETE", "/Groups/g-eng")).status,
      ];
      const { users, groups } = server.snapshot();
      return [statuses, users.length, users[0]?.active, groups.length];
    },
    clean: [[201, 200, 204], 4, false, 0],
    faulty: [[500, 500, 500], 3, true, 1],
  },
  "no-delete": {
    observe: async (c) => [(await c.call("DELETE", "/Users/u-bob")).status, (await c.call("DELETE", "/Groups/g-eng")).status],
    clean: [204, 204],
    faulty: [405, 204],
  },
  "auth-not-enforced": { observe: async (c) => (await c.call("GET", "/Users", { authorization: null })).status, clean: 401, faulty: 200 },
  "etag-mismatch": {
    observe: async (c) => {
      const reply = await c.call("GET", "/Users/u-alice");
      return reply.headers.etag === reply.json.meta.version;
    },
    clean: true,
    faulty: false,
  },
  "password-policy-symbol": {
    observe: async (c) => [(await c.createUser("a@example.com", { password: "1mz050nq" })).status, (await c.createUser("b@example.com", { password: "Sc1m-long-enough!" })).status],
    clean: [201, 201],
    faulty: [400, 201],
  },
  "group-name-self-conflict": {
    observe: async (c) => [
      (await c.patch("/Groups/g-eng", [{ op: "replace", value: { id: "g-eng", displayName: "Engineering" } }])).status,
      (await c.patch("/Groups/g-eng", [{ op: "add", path: "members", value: [{ value: "u-bob" }] }])).status,
      (await c.call("PUT", "/Groups/g-eng", { body: { schemas: [GROUP], id: "g-eng", displayName: "Engineering", members: [] } })).status,
      (await c.patch("/Groups/g-eng", [{ op: "replace", value: { id: "g-eng", displayName: "Platform" } }])).status,
    ],
    clean: [200, 200, 200, 200],
    faulty: [409, 200, 409, 200],
  },
  "patch-no-path-replaces-resource": {
    observe: async (c) => {
      const reply = await c.patch("/Groups/g-eng", [{ op: "replace", value: { id: "g-eng", displayName: "Engineering" } }]);
      return [reply.status, reply.json.members.map((m: Json) => m.value)];
    },
    clean: [200, ["u-alice"]],
    faulty: [200, []],
  },
  "patch-replace-members-adds": {
    observe: async (c) => (await c.patch("/Groups/g-eng", [{ op: "replace", path: "members", value: [{ value: "u-bob" }] }])).json.members.map((m: Json) => m.value),
    clean: ["u-bob"],
    faulty: ["u-alice", "u-bob"],
  },
  "patch-empty-value-rejected": {
    observe: async (c) => {
      const reply = await c.patch("/Groups/g-eng", [{ op: "replace", path: "members", value: [] }]);
      return [reply.status, reply.json.members];
    },
    clean: [200, []],
    faulty: [400, undefined],
  },
  "patch-no-path-members-ignored": {
    observe: async (c) => {
      const reply = await c.patch("/Groups/g-eng", [{ op: "replace", value: { id: "g-eng", displayName: "Platform", members: [{ value: "u-carol" }] } }]);
      return [reply.json.displayName, reply.json.members.map((m: Json) => m.value)];
    },
    clean: ["Platform", ["u-carol"]],
    faulty: ["Platform", ["u-alice"]],
  },
  "group-create-ignores-members": {
    observe: async (c) => (await c.call("POST", "/Groups", { body: { schemas: [GROUP], displayName: "Sales", members: [{ value: "u-bob" }] } })).json.members.map((m: Json) => m.value),
    clean: ["u-bob"],
    faulty: [],
  },
  "group-filter-ignored": {
    observe: async (c) => {
      await c.call("POST", "/Groups", { body: { schemas: [GROUP], displayName: "Sales" } });
      return (await c.filter("Groups", 'displayName eq "Sales"')).json.Resources.map((g: Json) => g.displayName);
    },
    clean: ["Sales"],
    faulty: ["Engineering", "Sales"],
  },
  "group-get-by-id-missing": {
    observe: async (c) => [(await c.call("GET", "/Groups/g-eng")).status, (await c.filter("Groups", 'displayName eq "Engineering"')).json.totalResults],
    clean: [200, 1],
    faulty: [404, 1],
  },
  "put-merges-emails": {
    observe: async (c) => {
      const alice = (await c.call("GET", "/Users/u-alice")).json;
      return (await c.call("PUT", "/Users/u-alice", { body: { ...alice, emails: [{ value: "new@example.com", primary: true, type: "work" }] } })).json.emails.map((e: Json) => e.value);
    },
    clean: ["new@example.com"],
    faulty: ["alice@example.com", "new@example.com"],
  },
  "externalid-immutable": {
    observe: async (c) => {
      const alice = (await c.call("GET", "/Users/u-alice")).json;
      const reply = await c.call("PUT", "/Users/u-alice", { body: { ...alice, externalId: "00u6a15d23T9AeHhF5d7" } });
      return [reply.status, reply.json.scimType];
    },
    clean: [200, undefined],
    faulty: [400, "mutability"],
  },
  "enterprise-extension-rejected": {
    observe: async (c) => {
      const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
      return (await c.createUser("n@example.com", { schemas: [USER, ENTERPRISE], [ENTERPRISE]: { department: "R&D" } })).status;
    },
    clean: 201,
    faulty: 400,
  },
  "enterprise-extension-dropped": {
    observe: async (c) => {
      const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
      const created = await c.createUser("n@example.com", { schemas: [USER, ENTERPRISE], [ENTERPRISE]: { manager: { value: "alice@example.com" } } });
      return [created.status, created.json[ENTERPRISE]?.manager?.value];
    },
    clean: [201, "alice@example.com"],
    faulty: [201, undefined],
  },
  "groups-not-implemented": {
    observe: async (c) => [(await c.call("GET", "/Groups")).status, (await c.call("POST", "/Groups", { body: { schemas: [GROUP], displayName: "Sales" } })).status, (await c.call("GET", "/Users")).status],
    clean: [200, 201, 200],
    faulty: [404, 404, 200],
  },
  "raw-deflate": {
    observe: async (_c, server) => {
      const response = await request(`${server.baseUrl}/Users?count=1`, { headers: { authorization: `Bearer ${TOKEN}`, "accept-encoding": "gzip,deflate" } });
      const bytes = Buffer.from(await response.body.arrayBuffer());
      const coding = response.headers["content-encoding"];
      const decoded = coding === "gzip" ? { form: "wrapped", text: gunzipSync(bytes).toString() } : inflateDeflate(bytes);
      return [coding, decoded.form, (JSON.parse(decoded.text) as Json).totalResults];
    },
    clean: ["gzip", "wrapped", 3],
    faulty: ["deflate", "raw", 3],
  },
};

describe("reference SCIM server, faults", () => {
  test("every fault in the catalogue has a case here", () => {
    expect(Object.keys(FAULT_CASES).sort()).toEqual([...FAULT_IDS].sort());
  });

  test.each(FAULT_IDS)("%s", async (fault) => {
    const row = FAULT_CASES[fault];
    const clean = await start();
    expect(await row.observe(clean.c, clean.server), "clean server").toEqual(row.clean);
    const faulty = await start({ faults: [fault], ...row.options });
    expect(await row.observe(faulty.c, faulty.server), `server with ${fault}`).toEqual(row.faulty);
  });

  test("setFaults switches faults on a running server", async () => {
    const { c, server } = await start();
    server.setFaults(["create-returns-200"]);
    expect((await c.createUser("one@example.com")).status).toBe(200);
    server.setFaults([]);
    expect((await c.createUser("two@example.com")).status).toBe(201);
  });
});
