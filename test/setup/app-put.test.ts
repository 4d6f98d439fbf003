import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, type TestContext } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/start.js";
import { REPO_ROOT, runCli } from "../support/cli.js";
import { adminPut } from "./support/admin.js";

/**
 * research/okta-api.md §13: a full app PUT has switched SCIM provisioning off on a custom SAML app.
 * setup changes the username format with such a PUT, so it re-reads the app and says so when SCIM
 * is gone; the sandbox's `appPutScim` switch makes Okta do it. The app: CloudApp's template (a
 * custom SAML app) with an email username format added, as strongDM's guide asks of its app.
 */
async function templateWithUsernameFormat(onTestFinished: TestContext["onTestFinished"]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "scim-okta-app-put-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const cloudapp = await readFile(join(REPO_ROOT, "templates", "cloudapp.yaml"), "utf8");
  const format = "  usernameFormat:\n    value:\n      format: email\n    inferred: a test of the app PUT, not CloudApp's guide\n";
  expect(cloudapp).toContain("\n  uniqueIdentifier:");
  const file = join(dir, "cloudapp-email.yaml");
  await writeFile(file, cloudapp.replace("\n  uniqueIdentifier:", `\n${format}  uniqueIdentifier:`));
  return file;
}

async function cloudAppWithScim(onTestFinished: TestContext["onTestFinished"]): Promise<{ box: Sandbox; appId: string }> {
  const box = await startSandbox({ rateLimit: 100_000 });
  onTestFinished(() => box.close());
  const app = box.okta.store.createApp({ label: "CloudApp", signOnMode: "SAML_2_0" }, true);
  await adminPut(box, app.id, { scimEnabled: true, baseUrl: box.scimBaseUrl, auth: { type: "header", value: `Bearer ${box.scimToken}` } });
  return { box, appId: app.id };
}

async function setup(box: Sandbox, template: string) {
  const result = await runCli(["--json", "setup", "--template", template, "--base-url", box.scimBaseUrl, "--yes", "--probe", "none"], {
    env: { OKTA_ORG_URL: box.oktaOrgUrl, OKTA_API_TOKEN: box.oktaApiToken, SCIM_TOKEN: box.scimToken },
  });
  return { ...result, document: JSON.parse(result.stdout) as { warnings?: string[]; plan: { path: string; action: string }[] } };
}

describe("an app PUT that switches SCIM provisioning off", () => {
  it("is reported: setup says Okta switched it off and what to do", async ({ onTestFinished }) => {
    const { box, appId } = await cloudAppWithScim(onTestFinished);
    box.okta.modes.appPutScim = "drops";
    const run = await setup(box, await templateWithUsernameFormat(onTestFinished));
    expect(run.document.plan.find((entry) => entry.path === "app.credentials.userNameTemplate")?.action).toBe("update");
    expect(box.okta.store.getApp(appId).provisioning.scimEnabled).toBe(false);
    expect(run.document.warnings).toEqual([expect.stringContaining(`Okta switched SCIM provisioning off for app ${appId} when setup updated its username format`)]);
    expect(run.stderr).toMatch(/^warning: Okta switched SCIM provisioning off .*run setup again for the steps/m);
  });

  it("is not reported when Okta keeps it (setup sends the app back with its features)", async ({ onTestFinished }) => {
    const { box, appId } = await cloudAppWithScim(onTestFinished);
    const run = await setup(box, await templateWithUsernameFormat(onTestFinished));
    expect(run.document.plan.find((entry) => entry.path === "app.credentials.userNameTemplate")?.action).toBe("update");
    expect(box.okta.store.getApp(appId).provisioning.scimEnabled).toBe(true);
    expect(run.document.warnings ?? []).toEqual([]);
    expect(run.stderr).not.toMatch(/switched SCIM provisioning off/);
  });
});
