import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import type { OktaEmulator } from "../../../src/sandbox/okta/index.js";
import { startForTest, type OktaCall } from "./okta-http.js";

let emulator: OktaEmulator | undefined;
afterEach(() => emulator?.close());

async function start(options: Parameters<typeof startForTest>[0] = {}): Promise<{ emulator: OktaEmulator; call: OktaCall }> {
  const started = await startForTest(options);
  emulator = started.emulator;
  return started;
}

describe("SSWS API tokens", () => {
  test("the org's token works; a wrong one is 401 E0000011; none at all is 403 E0000005", async () => {
    const { call } = await start({ apiToken: "00right-token" });
    expect((await call("GET", "/api/v1/apps", { authorization: "SSWS 00right-token" })).status).toBe(200);
    const wrong = await call("GET", "/api/v1/apps", { authorization: "SSWS 00wrong-token" });
    expect([wrong.status, wrong.body.errorCode, wrong.body.errorSummary]).toEqual([401, "E0000011", "Invalid token provided"]);
    const bearerWithApiToken = await call("GET", "/api/v1/apps", { authorization: "Bearer 00right-token" });
    expect(bearerWithApiToken.status).toBe(401);
    const none = await call("GET", "/api/v1/apps", { authorization: null });
    expect([none.status, none.body.errorCode, none.body.errorSummary]).toEqual([403, "E0000005", "Invalid session"]);
  });
});

describe("OAuth 2.0 private key JWT (client credentials)", () => {
  let key: { privateKey: CryptoKey; publicKey: CryptoKey };
  let otherKey: { privateKey: CryptoKey; publicKey: CryptoKey };
  beforeAll(async () => {
    key = await generateKeyPair("ES256");
    otherKey = await generateKeyPair("ES256");
  });

  async function register(org: OktaEmulator, scopes: string[]): Promise<string> {
    const jwk = { ...(await exportJWK(key.publicKey)), kid: "key-1", alg: "ES256" };
    return org.registerOAuthClient({ publicKeys: [jwk], scopes }).clientId;
  }

  async function assertion(org: OktaEmulator, clientId: string, options: { signWith?: CryptoKey; expiresAt?: number; audience?: string } = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: "ES256", kid: "key-1" })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(options.audience ?? `${org.orgUrl}/oauth2/v1/token`)
      .setIssuedAt(now - 60)
      .setExpirationTime(options.expiresAt ?? now + 300)
      .setJti(crypto.randomUUID())
      .sign(options.signWith ?? key.privateKey);
  }

  async function tokenRequest(call: OktaCall, form: Record<string, string>) {
    return call("POST", "/oauth2/v1/token", { rawBody: new URLSearchParams(form).toString(), contentType: "application/x-www-form-urlencoded", authorization: null });
  }

  const grant = (clientAssertion: string, scope: string) => ({
    grant_type: "client_credentials",
    scope,
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    client_assertion: clientAssertion,
  });

  test("a good assertion gets a Bearer token with the granted scopes, which the API accepts", async () => {
    const { emulator: org, call } = await start();
    const clientId = await register(org, ["okta.apps.read", "okta.apps.manage"]);
    const answer = await tokenRequest(call, grant(await assertion(org, clientId), "okta.apps.read okta.apps.manage"));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "okta.apps.read okta.apps.manage" });
    const apps = await call("GET", "/api/v1/apps", { authorization: `Bearer ${answer.body.access_token}` });
    expect(apps.status).toBe(200);
  });

  test("an assertion signed with another key is refused as invalid_client", async () => {
    const { emulator: org, call } = await start();
    const clientId = await register(org, ["okta.apps.read"]);
    const answer = await tokenRequest(call, grant(await assertion(org, clientId, { signWith: otherKey.privateKey }), "okta.apps.read"));
    expect([answer.status, answer.body]).toEqual([401, { error: "invalid_client", error_description: "The client_assertion signature is invalid." }]);
  });

  test("an expired assertion, a wrong audience and an unknown client are refused, each saying why", async () => {
    const { emulator: org, call } = await start();
    const clientId = await register(org, ["okta.apps.read"]);
    const expired = await tokenRequest(call, grant(await assertion(org, clientId, { expiresAt: Math.floor(Date.now() / 1000) - 10 }), "okta.apps.read"));
    expect([expired.status, expired.body.error_description]).toEqual([401, "The client_assertion token is expired."]);
    const audience = await tokenRequest(call, grant(await assertion(org, clientId, { audience: "https://elsewhere.example.com/oauth2/v1/token" }), "okta.apps.read"));
    expect([audience.status, audience.body.error]).toEqual([401, "invalid_client"]);
    expect(audience.body.error_description).toContain("audience");
    const unknown = await tokenRequest(call, grant(await assertion(org, "0oaNOTREGISTERED0000"), "okta.apps.read"));
    expect([unknown.status, unknown.body.error]).toEqual([401, "invalid_client"]);
    const noAssertion = await tokenRequest(call, { grant_type: "client_credentials", scope: "okta.apps.read" });
    expect([noAssertion.status, noAssertion.body.error]).toEqual([401, "invalid_client"]);
    const wrongGrant = await tokenRequest(call, { ...grant(await assertion(org, clientId), "okta.apps.read"), grant_type: "password" });
    expect([wrongGrant.status, wrongGrant.body.error]).toEqual([400, "unsupported_grant_type"]);
  });

  test("scopes the service app was not granted are left out of the token; none granted is refused", async () => {
    const { emulator: org, call } = await start();
    const clientId = await register(org, ["okta.apps.read"]);
    const partial = await tokenRequest(call, grant(await assertion(org, clientId), "okta.apps.read okta.groups.read"));
    expect(partial.body.scope).toBe("okta.apps.read");
    const none = await tokenRequest(call, grant(await assertion(org, clientId), "okta.users.manage"));
    expect([none.status, none.body.error]).toEqual([400, "consent_required"]);
  });

  test("a token without the endpoint's scope gets 403 with no body and the reason in WWW-Authenticate", async () => {
    const { emulator: org, call } = await start();
    const token = org.issueAccessToken(["okta.apps.read"]);
    const answer = await call("GET", "/api/v1/groups", { authorization: `Bearer ${token}` });
    expect(answer.status).toBe(403);
    expect(answer.text).toBe("");
    expect(answer.headers["www-authenticate"]).toBe(
      `Bearer authorization_uri="${org.orgUrl}/oauth2/v1/authorize", realm="${org.orgUrl}", scope="okta.groups.read", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="/api/v1/groups"`,
    );
  });

  test("scopes per endpoint: manage grants read; group push needs the apps and the groups scope", async () => {
    const { emulator: org, call } = await start();
    const app = (await call("POST", "/api/v1/apps", { body: { name: "scim2headerauth", label: "S", signOnMode: "AUTO_LOGIN" } })).body;
    const manage = `Bearer ${org.issueAccessToken(["okta.apps.manage"])}`;
    expect((await call("GET", `/api/v1/apps/${app.id}`, { authorization: manage })).status).toBe(200);
    expect((await call("GET", `/api/v1/meta/schemas/apps/${app.id}/default`, { authorization: manage })).status).toBe(403);
    const appsOnly = await call("GET", `/api/v1/apps/${app.id}/group-push/mappings`, { authorization: `Bearer ${org.issueAccessToken(["okta.apps.read"])}` });
    expect(appsOnly.headers["www-authenticate"]).toContain('scope="okta.groups.read"');
    const both = await call("GET", `/api/v1/apps/${app.id}/group-push/mappings`, { authorization: `Bearer ${org.issueAccessToken(["okta.apps.read", "okta.groups.read"])}` });
    expect(both.status).toBe(200);
    const read = `Bearer ${org.issueAccessToken(["okta.apps.read"])}`;
    expect((await call("POST", "/api/v1/apps", { authorization: read, body: { name: "scim2headerauth", label: "T", signOnMode: "AUTO_LOGIN" } })).status).toBe(403);
  });

  test("an unknown or expired access token is 401 E0000011", async () => {
    let now = new Date("2026-11-29T12:00:00Z");
    const { emulator: org, call } = await start({ now: () => now });
    const token = org.issueAccessToken(["okta.apps.read"]);
    expect((await call("GET", "/api/v1/apps", { authorization: `Bearer ${token}` })).status).toBe(200);
    now = new Date("2026-11-29T13:00:01Z");
    expect((await call("GET", "/api/v1/apps", { authorization: `Bearer ${token}` })).body.errorCode).toBe("E0000011");
    expect((await call("GET", "/api/v1/apps", { authorization: "Bearer not-a-token" })).status).toBe(401);
  });
});

describe("rate limits", () => {
  test("every answer carries X-Rate-Limit-*; past --rate-limit requests in a minute, 429 E0000047 until the reset", async () => {
    let now = new Date("2026-11-29T12:00:00.500Z");
    const { call } = await start({ rateLimit: 3, now: () => now });
    const remaining: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const answer = await call("GET", "/api/v1/apps");
      expect(answer.status).toBe(200);
      expect(answer.headers["x-rate-limit-limit"]).toBe("3");
      expect(answer.headers["x-rate-limit-reset"]).toBe(String(Math.ceil(new Date("2026-11-29T12:01:00.500Z").getTime() / 1000)));
      remaining.push(answer.headers["x-rate-limit-remaining"] ?? "");
    }
    expect(remaining).toEqual(["2", "1", "0"]);
    const limited = await call("GET", "/api/v1/apps");
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ errorCode: "E0000047", errorSummary: "API call exceeded rate limit due to too many requests." });
    expect(limited.headers["x-rate-limit-remaining"]).toBe("0");

    now = new Date("2026-11-29T12:01:01Z");
    expect((await call("GET", "/api/v1/apps")).status).toBe(200);
  });

  test("buckets are separate: /apps and /users count apart; errors carry the headers too", async () => {
    const { call } = await start({ rateLimit: 1 });
    expect((await call("GET", "/api/v1/apps")).status).toBe(200);
    expect((await call("GET", "/api/v1/users")).status).toBe(200);
    expect((await call("GET", "/api/v1/apps")).status).toBe(429);
    const notFound = await call("GET", "/api/v1/users/00uNOBODY");
    expect(notFound.headers["x-rate-limit-limit"]).toBe("1");
  });

  test("without --rate-limit, Okta's per-bucket limits apply (the /apps bucket: 100 a minute)", async () => {
    const { call } = await start();
    expect((await call("GET", "/api/v1/apps")).headers["x-rate-limit-limit"]).toBe("100");
    expect((await call("GET", "/api/v1/mappings")).headers["x-rate-limit-limit"]).toBe("500");
  });
});
