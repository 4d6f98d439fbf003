import { describe, expect, it } from "vitest";
import { REDACTED, Redactor } from "../../src/core/redact.js";

const TOKEN = "canary-tok3n/with+odd=chars";
const USER = "scim-user";
const PASSWORD = "canary-p@ss w0rd";

function redactor(): Redactor {
  return new Redactor().addSecret(TOKEN).addBasicCredentials(USER, PASSWORD);
}

describe("Redactor", () => {
  it.each([
    ["raw token", `token=${TOKEN}`],
    ["Bearer header", `Authorization: Bearer ${TOKEN}`],
    ["URL-encoded token", `https://x/?t=${encodeURIComponent(TOKEN)}`],
    ["form-encoded password", `p=${encodeURIComponent(PASSWORD).replace(/%20/g, "+")}`],
    ["base64 of user:pass", `Authorization: Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`],
    ["JSON-escaped inside an echoed body", JSON.stringify({ detail: `bad header Bearer ${TOKEN}` })],
    ["raw password", `password was ${PASSWORD}`],
  ])("hides the %s", (_label, text) => {
    const out = redactor().redact(text);
    expect(out).toContain(REDACTED);
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain(PASSWORD);
    expect(out).not.toContain(encodeURIComponent(TOKEN));
    expect(out).not.toContain(Buffer.from(`${USER}:${PASSWORD}`).toString("base64"));
  });

  it("leaves text without secrets alone", () => {
    expect(redactor().redact("GET /Users?count=2 → 200")).toBe("GET /Users?count=2 → 200");
  });

  it("does not treat very short values as secrets", () => {
    expect(new Redactor().addSecret("a").redact("a cat")).toBe("a cat");
  });

  it("redacts strings nested in values", () => {
    const value = redactor().redactValue({ exchanges: [{ body: `x ${TOKEN} y` }] });
    expect(JSON.stringify(value)).not.toContain(TOKEN);
  });
});
