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

/* Run in the page (the test's own TypeScript has no DOM types). */
const OPEN_ALL = `document.querySelectorAll("details").forEach((details) => { details.open = true; })`;

/** Each summary row: is its duration inside the card, at its right edge, with a gap after the text? */
const DURATION_LAYOUT = `[...document.querySelectorAll("details > summary")].map((summary) => {
  const box = summary.getBoundingClientRect();
  const head = summary.querySelector(":scope > .head")?.getBoundingClientRect();
  const duration = summary.querySelector(":scope > .duration")?.getBoundingClientRect();
  return {
    text: summary.textContent.slice(0, 40),
    inside: !!duration && duration.left >= box.left && duration.right <= box.right + 0.5 && duration.top >= box.top - 0.5 && duration.bottom <= box.bottom + 0.5,
    gap: head && duration ? Math.round(duration.left - head.right) : -1,
    flushRight: !!duration && box.right - duration.right < 20,
  };
})`;

/** Anything that makes the page scroll sideways, sticks out of its card, or hides part of itself. */
const OVERFLOW_PROBLEMS = `(() => {
  const found = [];
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth) found.push("page scrolls sideways: " + root.scrollWidth + " > " + window.innerWidth);
  for (const card of document.querySelectorAll("header, .summary, .leftovers, details.probe, details.exchange")) {
    const outer = card.getBoundingClientRect();
    for (const element of card.querySelectorAll("*")) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      const name = element.tagName.toLowerCase() + "." + element.className;
      if (box.right > outer.right + 0.5 || box.left < outer.left - 0.5) found.push(name + " spills out of " + card.tagName.toLowerCase() + "." + card.className);
      if (getComputedStyle(element).overflowX !== "visible" && element.scrollWidth > element.clientWidth + 1) found.push(name + " hides " + (element.scrollWidth - element.clientWidth) + "px");
    }
  }
  return found;
})()`;

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

  describe.each([1200, 400])("layout at %i px wide", (width) => {
    let layoutUrl: string;

    beforeAll(async () => {
      const report = fixtureReport();
      const passed = report.probes.find((probe) => probe.id === "okta-spec/create-user");
      if (passed) {
        passed.title = `A very long probe title that goes on and on ${"about SCIM ".repeat(12)}and ends with a word`;
        passed.id = "okta-spec/create-user-with-a-remarkably-long-probe-identifier-that-does-not-break";
        for (const exchange of passed.exchanges) exchange.url = `https://scim.example.com/scim/v2/Users?filter=${"userName%20eq%20%22someone%40example.com%22".repeat(4)}`;
      }
      report.leftovers = [{ type: "User", id: "x".repeat(120), reason: `DELETE answered 500 ${"no-spaces-here-".repeat(10)}` }];
      report.target.baseUrl = `https://${"very-long-host-name.".repeat(4)}example.com/scim/v2`;
      const dir = await mkdtemp(join(tmpdir(), "scim-okta-html-layout-"));
      const { ctx } = fakeContext({ cwd: dir });
      await new HtmlReporter(ctx, "layout.html").finish(report);
      layoutUrl = pathToFileURL(join(dir, "layout.html")).href;
    });

    it("keeps each duration inside its card, on the right, with a gap after the text, however long the title", async () => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(layoutUrl);
      await page.evaluate(OPEN_ALL);
      const rows = (await page.evaluate(DURATION_LAYOUT)) as { text: string; inside: boolean; gap: number; flushRight: boolean }[];
      expect(rows.length).toBeGreaterThan(8);
      for (const row of rows) expect(row, row.text).toMatchObject({ inside: true, flushRight: true });
      for (const row of rows) expect(row.gap, row.text).toBeGreaterThanOrEqual(8);
      await page.close();
    });

    it("cuts nothing off and lets nothing spill out of its card", async () => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(layoutUrl);
      await page.evaluate(OPEN_ALL);
      const problems = (await page.evaluate(OVERFLOW_PROBLEMS)) as string[];
      expect(problems).toEqual([]);
      await page.screenshot({ path: join(tmpdir(), `scim-okta-html-report-${width}.png`), fullPage: true });
      await page.close();
    });
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
