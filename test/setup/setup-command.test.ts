import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/start.js";
import { runCli } from "../support/cli.js";

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

function envFor(box: Sandbox, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { OKTA_ORG_URL: box.oktaOrgUrl, OKTA_API_TOKEN: box.oktaApiToken, SCIM_TOKEN: box.scimToken, ...extra };
}

async function admin(box: Sandbox, appId: string, settings: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${box.adminUrl}/apps/${appId}/provisioning`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(settings) });
  expect(response.status).toBe(200);
}

describe("scim-okta setup --vendor scim2-header against the sandbox", () => {
  it("plans, refuses to apply without --yes, applies, lists the manual step, converges, and verify agrees", async () => {
    sandbox = await startSandbox({ rateLimit: 100_000 });
    const env = envFor(sandbox);
    const base = ["setup", "--vendor", "scim2-header", "--param", `baseUrl=${sandbox.scimBaseUrl}`];

    const refused = await runCli(base, { env });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toMatch(/\+ app +\{?name: scim2headerauth/);
    expect(refused.stderr).toMatch(/pass --yes to apply this plan/);
    expect([...sandbox.okta.store.apps.values()]).toHaveLength(0);

    const dry = await runCli([...base, "--dry-run"], { env });
    expect(dry.code).toBe(0);
    expect([...sandbox.okta.store.apps.values()]).toHaveLength(0);

    const first = await runCli(["--json", ...base, "--yes"], { env });
    expect(first.code).toBe(4);
    const document = JSON.parse(first.stdout) as { schemaVersion: number; app: { id: string }; applied: number; pending: { step: string; instructions: string[]; link: string }[]; plan: { action: string; path: string }[] };
    expect(document.schemaVersion).toBe(1);
    expect(document.applied).toBeGreaterThan(0);
    expect(document.plan.find((entry) => entry.path === "app")?.action).toBe("create");
    const connection = document.pending.find((entry) => entry.step.startsWith("Configure API Integration"));
    expect(connection?.link).toContain(document.app.id);
    expect(connection?.instructions.join("\n")).toContain(sandbox.scimBaseUrl);
    expect(connection?.instructions.join("\n")).toMatch(/Bearer <your SCIM token/);
    expect(first.stdout + first.stderr).not.toContain(sandbox.scimToken);
    expect(first.stdout + first.stderr).not.toContain(sandbox.oktaApiToken);

    // The admin does what the instructions say, in the Admin Console stand-in.
    await admin(sandbox, document.app.id, { scimEnabled: true, baseUrl: sandbox.scimBaseUrl, auth: { type: "header", value: `Bearer ${sandbox.scimToken}` } });
    const second = await runCli(["--json", ...base, "--yes"], { env });
    expect(second.code).toBe(4);
    expect((JSON.parse(second.stdout) as { pending: { step: string }[] }).pending.map((entry) => entry.step)).toEqual(["Set Provisioning to App"]);
    await admin(sandbox, document.app.id, { toApp: { create: true, update: true, deactivate: true, password: false } });

    const third = await runCli(["--json", ...base, "--yes"], { env });
    expect(third.stderr).toMatch(/^test-connector: \d+ passed, 0 failed/m);
    expect(third.code).toBe(0);
    const done = JSON.parse(third.stdout) as { pending: unknown[]; probes: { connector: { failed: number }; probes: { requiredFailed: number } } };
    expect(done.pending).toEqual([]);
    expect(done.probes.connector.failed).toBe(0);
    expect(done.probes.probes.requiredFailed).toBe(0);

    // --canary-user: one user assigned, and what Okta itself says about provisioning it.
    sandbox.okta.store.createUser({ login: "canary@example.com", email: "canary@example.com", firstName: "Can", lastName: "Ary" }, { activate: true, hasPassword: true });
    const canary = await runCli(["--json", ...base, "--yes", "--probe", "none", "--canary-user", "canary@example.com"], { env });
    expect(canary.code, canary.stderr).toBe(0);
    const canaryJson = JSON.parse(canary.stdout) as { applied: number; canary: { login: string; status: string; syncState: string; externalId: string | null } };
    expect(canaryJson.applied).toBe(1);
    expect(canaryJson.canary).toMatchObject({ login: "canary@example.com", syncState: "SYNCHRONIZED", externalId: expect.any(String) });
    expect(sandbox.scim.snapshot().users.map((user) => user.userName)).toContain("canary@example.com");
    const unknownCanary = await runCli([...base, "--yes", "--probe", "none", "--canary-user", "nobody@example.com"], { env });
    expect(unknownCanary.code).toBe(2);
    expect(unknownCanary.stderr).toMatch(/--canary-user nobody@example\.com: no Okta user has this login/);

    const again = await runCli(["--json", ...base, "--yes", "--probe", "none"], { env });
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as { applied: number }).applied).toBe(0);

    const verify = await runCli(["verify", "--vendor", "scim2-header", "--param", `baseUrl=${sandbox.scimBaseUrl}`], { env });
    expect(verify.stdout).toMatch(/^In sync: /);
    expect(verify.code).toBe(0);

    // Drift: someone switches Sync Password on in the Admin Console.
    await admin(sandbox, document.app.id, { toApp: { password: true } });
    const drifted = await runCli(["--json", "verify", "--vendor", "scim2-header", "--param", `baseUrl=${sandbox.scimBaseUrl}`], { env });
    expect(drifted.code).toBe(1);
    const drift = JSON.parse(drifted.stdout) as { inSync: boolean; drift: { path: string; fix: string }[] };
    expect(drift.inSync).toBe(false);
    expect(drift.drift.map((entry) => entry.path)).toEqual(["provisioning.toApp"]);
    expect(drift.drift[0]?.fix).toMatch(/^scim-okta setup --vendor scim2-header --app-id /);
    // For CI: one JUnit test case per plan item, failed where the app drifted.
    const junit = join(mkdtempSync(join(tmpdir(), "verify-")), "drift.xml");
    const reported = await runCli(["verify", "--vendor", "scim2-header", "--param", `baseUrl=${sandbox.scimBaseUrl}`, "--reporter", `junit=${junit}`], { env });
    expect(reported.code).toBe(1);
    const xml = readFileSync(junit, "utf8");
    const testcase = (path: string) => xml.split("<testcase ").find((entry) => entry.includes(`name="verify/${path}: `)) ?? "";
    expect(testcase("provisioning.toApp")).toContain("<failure");
    expect(testcase("app.credentials.userNameTemplate")).not.toBe("");
    expect(testcase("app.credentials.userNameTemplate")).not.toContain("<failure");
  });
});
