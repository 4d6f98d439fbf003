import { generateKeyPairSync } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/start.js";
import type { RunReport } from "../../src/scim/report.js";
import { runCli } from "../support/cli.js";
import { annotations, connectedTo, hostPort, runAction } from "./support.js";

/*
 * The admin's recipe: `command: verify` against an Okta org (the sandbox's emulator) with the
 * app set up from the scim2-header template, in sync and then drifted.
 */

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function admin(box: Sandbox, appId: string, settings: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${box.adminUrl}/apps/${appId}/provisioning`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(settings) });
  expect(response.status).toBe(200);
}

/** An app set up as the template says, the manual steps done in the Admin Console stand-in. */
async function configuredApp(box: Sandbox): Promise<string> {
  const env = { OKTA_ORG_URL: box.oktaOrgUrl, OKTA_API_TOKEN: box.oktaApiToken, SCIM_TOKEN: box.scimToken };
  const setup = ["--json", "setup", "--vendor", "scim2-header", "--param", `baseUrl=${box.scimBaseUrl}`, "--yes", "--probe", "none"];
  const first = await runCli(setup, { env });
  const appId = (JSON.parse(first.stdout) as { app: { id: string } }).app.id;
  await admin(box, appId, { scimEnabled: true, baseUrl: box.scimBaseUrl, auth: { type: "header", value: `Bearer ${box.scimToken}` } });
  await admin(box, appId, { toApp: { create: true, update: true, deactivate: true, password: false } });
  const done = await runCli(setup, { env });
  expect(done.code, done.stderr).toBe(0);
  return appId;
}

/** Setup, then two action runs, each starting Node twice (the runner's, then the project's): slow on a busy machine. */
describe("the action's verify", { timeout: 180_000 }, () => {
  it("in sync: exit 0; drifted: exit 1 with each difference in the summary and annotated; the Okta token nowhere", async () => {
    sandbox = await startSandbox({ rateLimit: 100_000 });
    const appId = await configuredApp(sandbox);
    const inputs = { command: "verify", vendor: "scim2-header", params: `baseUrl=${sandbox.scimBaseUrl}`, "org-url": sandbox.oktaOrgUrl, "okta-token": sandbox.oktaApiToken, "app-id": appId };

    const inSync = await runAction(inputs);
    expect(inSync.code, inSync.stderr).toBe(0);
    expect(connectedTo(inSync)).toEqual([hostPort(sandbox.oktaOrgUrl)]);
    // Node's deprecation warnings about bundled packages' code (punycode, url.parse) stay out of the log and summary.
    expect(inSync.stderr).not.toContain("DeprecationWarning");
    expect(inSync.outputs).toMatchObject({ "exit-code": "0", failed: "0" });
    expect(Number(inSync.outputs.passed)).toBeGreaterThan(0);
    expect(inSync.summary).toContain("## ✅ scim-okta verify");

    // Someone switches Sync Password on in the Admin Console.
    await admin(sandbox, appId, { toApp: { password: true } });
    const drifted = await runAction(inputs);
    expect(drifted.code, drifted.stderr).toBe(1);
    expect(drifted.outputs).toMatchObject({ "exit-code": "1", failed: "1" });
    const report = JSON.parse(await readFile(drifted.outputs["report-json"]!, "utf8")) as RunReport;
    expect(report.command).toBe("verify");
    expect(drifted.summary).toContain("## ❌ scim-okta verify");
    expect(drifted.summary).toContain("`verify/provisioning.toApp`");
    expect(drifted.summary).toContain("Reference: templates/scim2-header.yaml (scim-okta vendor template)");
    expect(report.durationMs).toBeGreaterThan(0);
    expect(annotations(drifted.stdout).filter((note) => note.level === "error").map((note) => note.properties.title)).toEqual(["verify/provisioning.toApp"]);

    for (const run of [inSync, drifted]) {
      const written = [run.stdout.replace(`::add-mask::${sandbox.oktaApiToken}\n`, ""), run.stderr, run.outputFile, run.summary];
      const reportDir = join(run.workspace, "scim-okta-reports");
      for (const file of await readdir(reportDir)) written.push(await readFile(join(reportDir, file), "utf8"));
      for (const text of written) expect(text.includes(sandbox.oktaApiToken)).toBe(false);
    }
  });

  it("with an OAuth service app (client id and private key, both inputs): the SDK's OAuth inside the bundle signs in; the key nowhere", async () => {
    sandbox = await startSandbox({ rateLimit: 100_000 });
    const appId = await configuredApp(sandbox);
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const { clientId } = sandbox.okta.registerOAuthClient({ publicKeys: [{ ...publicKey.export({ format: "jwk" }), alg: "RS256", use: "sig" }], scopes: ["okta.apps.read", "okta.schemas.read", "okta.profileMappings.read", "okta.userTypes.read"] });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();

    const run = await runAction({ command: "verify", vendor: "scim2-header", params: `baseUrl=${sandbox.scimBaseUrl}`, "org-url": sandbox.oktaOrgUrl, "okta-client-id": clientId, "okta-private-key": pem, "app-id": appId });
    expect(run.code, run.stderr).toBe(0);
    expect(run.summary).toContain("## ✅ scim-okta verify");
    expect(connectedTo(run)).toEqual([hostPort(sandbox.oktaOrgUrl)]);
    const keyLines = pem.split("\n").filter((line) => line.length >= 16 && !line.startsWith("-----"));
    expect(run.stdout).toContain(`::add-mask::${keyLines[0]}`);
    const stdout = run.stdout.split("\n").filter((line) => !line.startsWith("::add-mask::")).join("\n");
    const written = { stdout, stderr: run.stderr, GITHUB_OUTPUT: run.outputFile, GITHUB_STEP_SUMMARY: run.summary };
    for (const [name, text] of Object.entries(written)) for (const line of keyLines) expect({ in: name, leaks: text.includes(line) }).toEqual({ in: name, leaks: false });
  });
});
