import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { TraceWriter } from "../../src/http/trace.js";
import { createApp, findAppsByLabel } from "../../src/okta/api/apps.js";
import { OktaClient } from "../../src/okta/client.js";
import { oktaFixture, type OktaFixture } from "./support/emulator.js";

let fixture: OktaFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

async function tracedRun(credentials: "ssws" | "private-key"): Promise<{ trace: string; fixture: OktaFixture }> {
  fixture = await oktaFixture({ credentials });
  const path = join(mkdtempSync(join(tmpdir(), "okta-trace-")), "trace.jsonl");
  const trace = await TraceWriter.open(path, fixture.redactor);
  const client = new OktaClient({ connection: fixture.client.connection, env: {}, redactor: fixture.redactor, trace });
  await createApp(client, { name: "scim2headerauth", label: "Canary", signOnMode: "AUTO_LOGIN" });
  await findAppsByLabel(client, "Canary");
  await client.close();
  await trace.close();
  return { trace: readFileSync(path, "utf8"), fixture };
}

describe("no Okta secret reaches the --trace file", () => {
  it("SSWS: the API token is redacted, the scheme kept", async () => {
    const { trace, fixture: used } = await tracedRun("ssws");
    expect(trace).toContain('"authorization":"SSWS [REDACTED]"');
    for (const secret of used.secrets) expect(trace).not.toContain(secret);
  });

  it("OAuth private key JWT: the private key, the client assertion and the access token are redacted", async () => {
    const { trace, fixture: used } = await tracedRun("private-key");
    const lines = trace.trim().split("\n").map((line) => JSON.parse(line) as { url: string; requestBody?: string; responseBody?: string; requestHeaders: Record<string, string> });
    const tokenExchange = lines.find((line) => line.url.endsWith("/oauth2/v1/token"));
    expect(tokenExchange?.requestBody).toContain("client_assertion=[REDACTED]");
    expect(tokenExchange?.responseBody).toContain('"access_token":"[REDACTED]"');
    expect(lines.filter((line) => line.requestHeaders.authorization).every((line) => line.requestHeaders.authorization === "Bearer [REDACTED]")).toBe(true);
    // JWTs (assertion, DPoP proof, the emulator's access tokens) all start with eyJ.
    expect(trace).not.toMatch(/eyJ[\w-]{8,}/);
    for (const secret of used.secrets) for (const line of secret.split("\n").filter((text) => text.length >= 16)) expect(trace).not.toContain(line);
  });
});
