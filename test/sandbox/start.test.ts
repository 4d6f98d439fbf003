import { createServer } from "node:net";
import { request } from "undici";
import { afterEach, describe, expect, test } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/start.js";
import { listening, statusOf } from "../support/net.js";

const sandboxes: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((sandbox) => sandbox.close()));
});
async function open(options: Parameters<typeof startSandbox>[0] = {}): Promise<Sandbox> {
  const sandbox = await startSandbox(options);
  sandboxes.push(sandbox);
  return sandbox;
}



describe("startSandbox", () => {
  test("starts the Okta org, the reference SCIM server and the Admin Console on 127.0.0.1 with generated credentials", async () => {
    const sandbox = await open();
    const credentials = sandbox.credentials();
    expect(Object.keys(credentials)).toEqual(["oktaOrgUrl", "oktaApiToken", "scimBaseUrl", "scimToken", "scimUsername", "scimPassword", "adminUrl"]);
    for (const url of [credentials.oktaOrgUrl, credentials.scimBaseUrl, credentials.adminUrl]) expect(new URL(url).hostname).toBe("127.0.0.1");
    expect(new Set([credentials.oktaOrgUrl, credentials.scimBaseUrl, credentials.adminUrl].map((url) => new URL(url).port)).size).toBe(3);

    expect(await statusOf(`${credentials.oktaOrgUrl}/api/v1/apps`, `SSWS ${credentials.oktaApiToken}`)).toBe(200);
    expect(await statusOf(`${credentials.oktaOrgUrl}/api/v1/apps`, "SSWS not-the-token")).toBe(401);
    expect(await statusOf(credentials.adminUrl)).toBe(200);

    const other = await open();
    expect(other.scimToken).not.toBe(credentials.scimToken);
    expect(other.scimPassword).not.toBe(credentials.scimPassword);
    expect(other.oktaApiToken).not.toBe(credentials.oktaApiToken);
  });

  test("the reference SCIM server accepts Bearer <scimToken>, the raw token and Basic scimUsername:scimPassword, and nothing else", async () => {
    const { scimBaseUrl, scimToken, scimUsername, scimPassword } = await open();
    const users = `${scimBaseUrl}/Users?startIndex=1&count=2`;
    const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
    expect(await statusOf(users, `Bearer ${scimToken}`)).toBe(200);
    expect(await statusOf(users, scimToken)).toBe(200);
    expect(await statusOf(users, basic(scimUsername, scimPassword))).toBe(200);
    expect(await statusOf(users, `Bearer ${scimPassword}`)).toBe(401);
    expect(await statusOf(users, basic(scimUsername, scimToken))).toBe(401);
    expect(await statusOf(users)).toBe(401);
  });

  test("the switches reach the Okta org", async () => {
    const sandbox = await open({ connectionsApi: "works", featuresApi: "works", rateLimit: 7 });
    expect(sandbox.okta.modes).toEqual({ connectionsApi: "works", featuresApi: "works", appPutScim: "keeps-with-features" });
    const response = await request(`${sandbox.oktaOrgUrl}/api/v1/apps`, { headers: { authorization: `SSWS ${sandbox.oktaApiToken}` } });
    await response.body.text();
    expect(response.headers["x-rate-limit-limit"]).toBe("7");
  });

  test("a given port puts the Okta org there and the SCIM server and Admin Console on the next two", async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const sandbox = await open({ port });
    expect([sandbox.oktaOrgUrl, sandbox.scimBaseUrl, sandbox.adminUrl].map((url) => Number(new URL(url).port))).toEqual([port, port + 1, port + 2]);
  });

  test("closing stops every server; a port in use fails the start and leaves nothing listening", async () => {
    const sandbox = await startSandbox();
    const ports = [sandbox.oktaOrgUrl, sandbox.scimBaseUrl, sandbox.adminUrl].map((url) => Number(new URL(url).port));
    await sandbox.close();
    for (const port of ports) expect(await listening(port)).toBe(false);

    const blocker = createServer();
    const base = 20_000 + Math.floor(Math.random() * 20_000);
    await new Promise<void>((resolve) => blocker.listen(base + 2, "127.0.0.1", resolve));
    try {
      await expect(startSandbox({ port: base })).rejects.toMatchObject({ code: "EADDRINUSE" });
      expect(await listening(base)).toBe(false);
      expect(await listening(base + 1)).toBe(false);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
