import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RecordedExchange } from "../../src/http/trace.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/start.js";
import { runCli } from "../support/cli.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: 100_000 });
});
afterAll(async () => {
  await sandbox.close();
});

// The run is in-process (runCli): vitest's timeout is its bound, and nothing outlives the test.
it("setup --trace holds every exchange of the run: Okta's, test-connector's and the probes', secrets redacted", { timeout: 120_000 }, async () => {
  const trace = join(mkdtempSync(join(tmpdir(), "setup-trace-")), "setup.jsonl");
  const result = await runCli(["setup", "--vendor", "scim2-header", "--param", `baseUrl=${sandbox.scimBaseUrl}`, "--yes", "--probe", "full", "--trace", trace], {
    env: { OKTA_ORG_URL: sandbox.oktaOrgUrl, OKTA_API_TOKEN: sandbox.oktaApiToken, SCIM_TOKEN: sandbox.scimToken },
  });
  // 4: the provisioning connection is a manual step; the SCIM side is checked all the same.
  expect(result.code, result.stderr).toBe(4);
  expect(result.stdout).toMatch(/^probes: [1-9]\d* passed/m);

  const text = readFileSync(trace, "utf8");
  const exchanges = text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as RecordedExchange);
  const okta = exchanges.filter((exchange) => exchange.url.startsWith(sandbox.oktaOrgUrl));
  const scim = exchanges.filter((exchange) => exchange.url.startsWith(sandbox.scimBaseUrl));
  expect(okta.length + scim.length).toBe(exchanges.length);

  // Okta's: the app setup created.
  expect(okta.some((exchange) => exchange.method === "POST" && new URL(exchange.url).pathname === "/api/v1/apps")).toBe(true);
  // test-connector's: Okta's own first request, the one-user page.
  expect(scim.some((exchange) => exchange.method === "GET" && /\/Users\?.*count=1\b/.test(exchange.url))).toBe(true);
  // The probes' (--probe full): the users they create are theirs by name, and removed again.
  const created = scim.filter((exchange) => exchange.method === "POST" && exchange.url.endsWith("/Users"));
  expect(created.some((exchange) => /scim-okta-probe|ScimOktaProbe/.test(exchange.requestBody ?? ""))).toBe(true);
  expect(scim.some((exchange) => exchange.method === "DELETE")).toBe(true);
  // Every exchange of the run: the probe run alone is more than test-connector's handful of requests.
  expect(scim.length).toBeGreaterThan(30);

  // Canaries: neither token, in any form, in the file; each Authorization header is there, redacted.
  for (const secret of [sandbox.oktaApiToken, sandbox.scimToken, Buffer.from(sandbox.scimToken).toString("base64"), encodeURIComponent(sandbox.scimToken)]) {
    expect(text).not.toContain(secret);
  }
  const authorization = (exchange: RecordedExchange) => Object.entries(exchange.requestHeaders).find(([name]) => name.toLowerCase() === "authorization")?.[1];
  expect(okta.every((exchange) => authorization(exchange) === "SSWS [REDACTED]")).toBe(true);
  // (Some probes send no token, or a wrong one, on purpose: absent or redacted, never in clear.)
  expect(scim.some((exchange) => authorization(exchange) === "Bearer [REDACTED]")).toBe(true);
  expect(scim.filter((exchange) => authorization(exchange) !== undefined && !authorization(exchange)?.includes("[REDACTED]"))).toEqual([]);
});
