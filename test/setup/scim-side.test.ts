import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/start.js";
import { runCli } from "../support/cli.js";
import { adminPut } from "./support/admin.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: 100_000 });
});
afterAll(async () => {
  await sandbox.close();
});

const argv = () => ["setup", "--vendor", "scim2-header", "--base-url", sandbox.scimBaseUrl, "--yes"];
const env = (scimToken: string) => ({ OKTA_ORG_URL: sandbox.oktaOrgUrl, OKTA_API_TOKEN: sandbox.oktaApiToken, SCIM_TOKEN: scimToken });

describe("setup's check of the SCIM side", () => {
  it("a SCIM token the server refuses: the one diagnosis and its fix, and no probes echoing it (exit 1)", async () => {
    // Okta's side done: the app exists and the admin has done the manual steps.
    const first = await runCli(["--json", ...argv(), "--probe", "none"], { env: env(sandbox.scimToken) });
    const appId = (JSON.parse(first.stdout) as { app: { id: string } }).app.id;
    await adminPut(sandbox, appId, {
      scimEnabled: true,
      baseUrl: sandbox.scimBaseUrl,
      auth: { type: "header", value: `Bearer ${sandbox.scimToken}` },
      toApp: { create: true, update: true, deactivate: true, password: false },
    });
    const before = sandbox.scim.requests.length;

    const refused = await runCli(argv(), { env: env("not-the-scim-token-0042") });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^ {2}✗ Token refused \[connector\/unauthorized\]: 401 for "Authorization: Bearer <token>"/m);
    expect(refused.stdout).toMatch(/^ {2}What to do: Get a current SCIM\/provisioning token .* put it in SCIM_TOKEN/m);
    expect(refused.stdout).toContain("probes: not run (Okta's own first request fails)\n");
    expect(refused.stdout + refused.stderr).not.toContain("not-the-scim-token-0042");
    // test-connector's requests only (list users, in both Bearer forms, and groups at most): no suite ran.
    expect(sandbox.scim.requests.length - before).toBeLessThanOrEqual(4);

    const json = await runCli(["--json", ...argv()], { env: env("not-the-scim-token-0042") });
    expect(json.code).toBe(1);
    const document = JSON.parse(json.stdout) as { probes: { probes: unknown; diagnosis: { id: string; whatToDo: string } } };
    expect(document.probes.probes).toBeNull();
    expect(document.probes.diagnosis.id).toBe("connector/unauthorized");

    const right = await runCli(argv(), { env: env(sandbox.scimToken) });
    expect(right.code).toBe(0);
    expect(right.stdout).toMatch(/^probes \(read-only\): \d+ passed, 0 failed/m);
  });
});
