import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HtmlReporter } from "../../src/scim/reporters/html.js";
import { fakeContext, fixtureReport } from "./fixture.js";

/** Debian's Chromium (apt-get install chromium); CI installs it, never a tool's own browser download. */
const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Skipping the HTML report browser test: ${CHROMIUM} is missing (apt-get install -y chromium).`);

describe.skipIf(!hasChromium)("html report in headless Chromium", () => {
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), "scim-okta-html-browser-"));
    const { ctx } = fakeContext({ cwd: dir });
    await new HtmlReporter(ctx, "report.html").finish(fixtureReport());
    url = pathToFileURL(join(dir, "report.html")).href;
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("shows the summary, failed probes with their exchanges, and hides passed probes' exchanges until clicked", async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const requests: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(url);

    expect(await page.locator("#verdict-line").innerText()).toBe("3 passed, 3 failed (1 required), 1 warned, 1 skipped");
    expect(await page.locator(".summary .verdict").innerText()).toMatch(/^FAIL/);
    expect(await page.locator(".counts tfoot tr").innerText()).toMatch(/Total\s+3\s+3\s+1\s+1/);

    const failed = page.locator("#probe-okta-spec-get-user-by-id");
    expect(await failed.locator("summary .title").isVisible()).toBe(true);
    expect(await failed.locator("summary .title").innerText()).toBe("Get a user by id <after create>");
    expect(await failed.locator(".message").isVisible()).toBe(true);
    expect(await failed.locator(".message").innerText()).toContain("Expected 200, got 404 & the server echoed [REDACTED]");
    expect(await failed.locator(".request-line").innerText()).toBe("GET https://scim.example.com/scim/v2/Users/42");
    expect(await failed.locator(".request-line").isVisible()).toBe(true);
    expect(await failed.getByText("failed-probe-body", { exact: false }).isVisible()).toBe(true);

    const passed = page.locator("#probe-okta-spec-create-user");
    const passedExchange = passed.locator(".request-line");
    expect(await passedExchange.isVisible()).toBe(false);
    await passed.locator(":scope > summary").click();
    expect(await passedExchange.isVisible()).toBe(true);
    expect(await passedExchange.innerText()).toBe("POST https://scim.example.com/scim/v2/Users");
    const body = passed.getByText("passed-probe-body", { exact: false }).first();
    expect(await body.isVisible()).toBe(false);
    await passed.locator("details.exchange > summary").click();
    expect(await body.isVisible()).toBe(true);

    await page.screenshot({ path: join(tmpdir(), "scim-okta-html-report.png"), fullPage: true });
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    await page.close();
  });

  it("works without JavaScript", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(url);
    const passed = page.locator("#probe-rfc-list-empty");
    expect(await passed.locator(".message").isVisible()).toBe(false);
    await passed.locator(":scope > summary").click();
    expect(await passed.locator(".message").isVisible()).toBe(true);
    expect(await page.locator(".controls").isVisible()).toBe(false);
    await context.close();
  });

  it("expands and collapses everything with JavaScript", async () => {
    const page = await browser.newPage();
    await page.goto(url);
    await page.getByRole("button", { name: "Expand all" }).click();
    expect(await page.locator("#probe-rfc-list-empty .message").isVisible()).toBe(true);
    await page.getByRole("button", { name: "Collapse all" }).click();
    expect(await page.locator("#probe-okta-spec-get-user-by-id .message").isVisible()).toBe(false);
    await page.close();
  });
});
