import { existsSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Sandbox } from "../../src/sandbox/start.js";
import { addApp, admin, okta, sandbox } from "./admin-support.js";

/** Debian's Chromium (apt-get install chromium); CI installs it, never a tool's own browser download. */
const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Skipping the Admin Console stand-in browser test: ${CHROMIUM} is missing (apt-get install -y chromium).`);

describe.skipIf(!hasChromium)("Admin Console stand-in in headless Chromium", { timeout: 180_000 }, () => {
  let browser: Browser;
  let box: Sandbox;

  beforeAll(async () => {
    box = await sandbox();
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await box?.close();
  });

  async function openPage(): Promise<{ page: Page; errors: string[]; offsite: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
    // A busy machine (Chromium beside the rest of the suite) can take seconds per form post.
    page.setDefaultTimeout(90_000);
    const errors: string[] = [];
    const offsite: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("request", (request) => {
      if (!request.url().startsWith(box.adminUrl)) offsite.push(request.url());
    });
    return { page, errors, offsite };
  }

  test("a person enables SCIM on an AIW app, enters the connection, turns To App on, and the org follows", async () => {
    const app = await addApp(box, "custom-saml", "Acme Browser");
    const { page, errors, offsite } = await openPage();
    await page.goto(box.adminUrl);
    await page.getByRole("link", { name: "Acme Browser" }).click();
    expect(await page.locator("h1").innerText()).toBe("Acme Browser");
    expect(await page.getByRole("note").innerText()).toMatch(/^Sandbox only/);
    expect(await page.locator("#to-app").count()).toBe(0);

    await page.getByLabel("Enable SCIM provisioning").check();
    await page.getByLabel("SCIM connector base URL").fill(box.scimBaseUrl);
    await page.getByLabel("Unique identifier field for users").fill("email");
    await page.getByLabel("Push New Users").check();
    await page.getByLabel("Push Profile Updates").check();
    await page.getByLabel("Basic Auth").check();
    await page.getByLabel("Username", { exact: true }).fill(box.scimUsername);
    await page.getByLabel("Password", { exact: true }).fill(box.scimPassword);
    await page.getByRole("button", { name: "Save" }).click();

    await page.waitForURL(/\?saved=1$/);
    expect(await page.getByRole("status").innerText()).toBe("Saved.");
    expect(await page.getByLabel("Password", { exact: true }).inputValue()).toBe("");
    expect(await page.getByLabel("Password", { exact: true }).getAttribute("placeholder")).toBe("(set)");
    expect(await page.content()).not.toContain(box.scimPassword);
    expect(await page.getByLabel("Basic Auth").isChecked()).toBe(true);

    await page.getByLabel("Create Users").check();
    await page.getByLabel("Deactivate Users").check();
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/\?saved=1$/);
    expect(await page.locator("#features").innerText()).toContain("PUSH_NEW_USERS");

    const { json } = await admin(box, "GET", `/apps/${app.id}/provisioning`);
    expect(json).toMatchObject({
      scimEnabled: true,
      baseUrl: box.scimBaseUrl,
      auth: { type: "basic", username: box.scimUsername, password: "(set)" },
      uniqueIdentifier: "email",
      supportedActions: ["pushNewUsers", "pushProfileUpdates"],
      toApp: { create: true, update: false, deactivate: true, password: false },
    });
    const { json: fromApi } = await okta(box, "GET", `/api/v1/apps/${app.id}`);
    expect(fromApi.features).toEqual(expect.arrayContaining(["SCIM_PROVISIONING", "PUSH_NEW_USERS", "PUSH_USER_DEACTIVATION"]));
    expect(errors).toEqual([]);
    expect(offsite).toEqual([]);
    await page.close();
  });

  test("Test API Credentials checks the values in the form without saving them", async () => {
    const app = await addApp(box, "scim2headerauth", "Header Browser");
    await admin(box, "PUT", `/apps/${app.id}/provisioning`, { scimEnabled: true, baseUrl: box.scimBaseUrl, auth: { type: "header", value: `Bearer ${box.scimToken}` } });
    const { page } = await openPage();
    await page.goto(`${box.adminUrl}/apps/${app.id}`);

    await page.getByRole("button", { name: "Test API Credentials" }).click();
    expect(await page.locator("#test-result").innerText()).toMatch(/verified successfully/);
    // The loopback address fails an optional check: the table says it does not fail Okta's test.
    expect(await page.locator("#test-checks").innerText()).toMatch(/connector\/public-address\s+failed \(optional: Okta's test does not fail on it\)/);

    await page.getByLabel("Authorization header value").fill("Bearer typed-but-wrong-token");
    await page.getByRole("button", { name: "Test API Credentials" }).click();
    expect(await page.locator("#test-result").innerText()).toMatch(/^Test API Credentials failed/);
    expect(await page.locator("#test-checks").innerText()).toMatch(/401/);
    expect(await page.content()).not.toContain("typed-but-wrong-token");

    // Nothing was saved: the saved token still works.
    const { json } = await admin(box, "POST", `/apps/${app.id}/provisioning/test`);
    expect(json.passed).toBe(true);
    await page.close();
  });

  test("enabling with a base URL but no credentials shows the form's error and saves nothing", async () => {
    const app = await addApp(box, "scim2testapp_basic", "Basic Browser");
    const { page } = await openPage();
    await page.goto(`${box.adminUrl}/apps/${app.id}`);
    await page.getByLabel("Enable API integration").check();
    await page.getByLabel("SCIM connector base URL").fill(box.scimBaseUrl);
    await page.getByLabel("Basic Auth").check();
    await page.getByRole("button", { name: "Save" }).click();
    expect(await page.getByRole("alert").innerText()).toBe("Authentication: enter the username");
    expect(await page.getByLabel("SCIM connector base URL").inputValue()).toBe(box.scimBaseUrl);
    const { json } = await admin(box, "GET", `/apps/${app.id}/provisioning`);
    expect(json).toMatchObject({ scimEnabled: false, baseUrl: null });
    await page.close();
  });
});
