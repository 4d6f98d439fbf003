import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBetterAuthScimServer, type BetterAuthScimServer } from "./better-auth-server.js";

// The harness itself: if Better Auth stops answering like this, the probe e2e test cannot be trusted.
describe("Better Auth SCIM harness", () => {
  let server: BetterAuthScimServer;
  beforeAll(async () => {
    server = await startBetterAuthScimServer();
  });
  afterAll(() => server?.close());

  it("listens on loopback under /api/auth/scim/v2", () => {
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/auth\/scim\/v2$/);
  });

  it("answers GET /Users with the token by an empty SCIM ListResponse", async () => {
    const response = await fetch(`${server.baseUrl}/Users`, { headers: { authorization: `Bearer ${server.token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/scim\+json/);
    expect(await response.json()).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });
  });

  it.each([
    ["no token", undefined],
    ["a wrong token", "Bearer not-the-token"],
  ])("refuses GET /Users with %s: 401 and a SCIM error", async (_case, authorization) => {
    const response = await fetch(`${server.baseUrl}/Users`, authorization ? { headers: { authorization } } : {});
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "401" });
  });
});
