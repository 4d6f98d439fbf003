import { afterEach, describe, expect, it } from "vitest";
import { startReferenceScimServer, type ReferenceScimServer } from "../../src/sandbox/scim/index.js";
import { check, listResponse, sendJson, startServer, testConnector, type TestServer } from "./support.js";

const TOKEN = "auth-test-token-0123456789abcdef";

const servers: Array<TestServer | ReferenceScimServer> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function reference(auth: Parameters<typeof startReferenceScimServer>[0] extends infer O ? (O extends { auth?: infer A } ? A : never) : never) {
  const server = await startReferenceScimServer({ auth });
  servers.push(server);
  return server;
}

describe("401: which form of the token the server accepts, and what to paste into Okta", () => {
  it("configured without Bearer, accepted with it → paste \"Bearer <token>\"", async () => {
    const server = await reference({ mode: "header", token: TOKEN, acceptRawToken: false });
    const { code, report, checklist } = await testConnector(["--header-format", "{token}"], { SCIM_BASE_URL: server.baseUrl, SCIM_TOKEN: TOKEN });
    expect(code).toBe(1);
    const users = check(report, "connector/list-users");
    expect(users.diagnosis?.id).toBe("connector/unauthorized-needs-bearer");
    expect(users.message).toContain('401 for "Authorization: <token>" as configured, but the server accepts "Authorization: Bearer <token>"');
    expect(checklist).toContain('sends what you paste into API Token verbatim: paste "Bearer <token>"');
    expect(checklist).toContain('run with --header-format "Bearer {token}"');
    const sent = server.requests.filter((request) => request.path.includes("/Users")).map((request) => request.headers.authorization);
    expect(sent).toEqual([TOKEN, `Bearer ${TOKEN}`]);
  });

  it("configured with Bearer, accepted only without it → paste the token alone", async () => {
    const server = await startServer((req, res) =>
      req.headers.authorization === TOKEN ? sendJson(res, 200, listResponse()) : sendJson(res, 401, { detail: "bad token" }),
    );
    servers.push(server);
    const { code, report, checklist } = await testConnector([], { SCIM_BASE_URL: `${server.origin}/scim/v2`, SCIM_TOKEN: TOKEN });
    expect(code).toBe(1);
    const users = check(report, "connector/list-users");
    expect(users.diagnosis?.id).toBe("connector/unauthorized-needs-raw-token");
    expect(users.message).toContain('but the server accepts the token alone ("Authorization: <token>")');
    expect(checklist).toContain('paste the token alone, without "Bearer "');
    expect(checklist).toContain('--header-format "{token}"');
    expect(server.authorizations.slice(0, 2)).toEqual([`Bearer ${TOKEN}`, TOKEN]);
  });

  it("a template for an App Integration Wizard app says Okta adds Bearer itself", async () => {
    const server = await startServer((req, res) =>
      req.headers.authorization === TOKEN ? sendJson(res, 200, listResponse()) : sendJson(res, 401, { detail: "bad token" }),
    );
    servers.push(server);
    const { report } = await testConnector(["--vendor", "infrascale", "--base-url", `${server.origin}/scim/v2`], { SCIM_TOKEN: TOKEN });
    expect(check(report, "connector/list-users").diagnosis?.whatToDo).toContain('adds "Bearer " itself, so this server cannot work with it');
  });

  it("refused in both forms → a refused token (exit 1), with the server's words", async () => {
    const server = await reference({ mode: "header", token: "the-real-token-0000" });
    const { code, report, checklist } = await testConnector([], { SCIM_BASE_URL: server.baseUrl, SCIM_TOKEN: TOKEN });
    expect(code).toBe(1);
    const users = check(report, "connector/list-users");
    expect(users.diagnosis).toMatchObject({ id: "connector/unauthorized", title: "Token refused" });
    expect(users.message).toContain('401 for "Authorization: Bearer <token>" and "Authorization: <token>". The server says: "The credential in the Authorization header is not valid"');
    expect(checklist).toContain("What to do: Get a current SCIM/provisioning token");
    expect(checklist).toContain("Okta's Test Connector Configuration would fail: 1 required check failed.");
  });

  it("basic auth refused: one try, and what to check", async () => {
    const server = await reference({ mode: "basic", username: "okta", password: "right-password-1234" });
    const { code, report } = await testConnector(["--auth", "basic"], { SCIM_BASE_URL: server.baseUrl, SCIM_USERNAME: "okta", SCIM_PASSWORD: "wrong-password-5678" });
    expect(code).toBe(1);
    const users = check(report, "connector/list-users");
    expect(users.diagnosis).toMatchObject({ id: "connector/unauthorized", title: "Username or password refused" });
    expect(users.message).toContain('401 for "Authorization: Basic <base64 of username:password>".');
    expect(server.requests.filter((request) => request.path.includes("/Users"))).toHaveLength(1);
  });

  it("basic auth accepted passes, and the vendor template's defaults apply (kloudhybrid: basic)", async () => {
    const server = await reference({ mode: "basic", username: "okta", password: "right-password-1234" });
    const { code, report } = await testConnector(["--vendor", "kloudhybrid", "--base-url", server.baseUrl], { SCIM_USERNAME: "okta", SCIM_PASSWORD: "right-password-1234" });
    expect(code).toBe(0);
    expect(check(report, "connector/list-users").status).toBe("passed");
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from("okta:right-password-1234").toString("base64")}`);
  });

  it("a 403 on Groups after a good Users answer is a warning that mentions allow-lists", async () => {
    const server = await startServer((req, res) =>
      (req.url ?? "").includes("/Groups") ? sendJson(res, 403, { detail: "groups scope missing" }) : sendJson(res, 200, listResponse()),
    );
    servers.push(server);
    const { code, report } = await testConnector([], { SCIM_BASE_URL: `${server.origin}/scim/v2`, SCIM_TOKEN: TOKEN });
    expect(code).toBe(0);
    const groups = check(report, "connector/list-groups");
    expect(groups).toMatchObject({ status: "warned", diagnosis: { id: "connector/forbidden" } });
    expect(groups.message).toContain('The server says: "groups scope missing"');
  });
});
