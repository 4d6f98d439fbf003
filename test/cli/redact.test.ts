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

  it.each([
    ["JSON \\/ escapes", TOKEN.replace(/\//g, "\\/")],
    ["JSON \\uXXXX escapes (upper and lower case hex)", [...TOKEN].map((c, i) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")[i % 2 ? "toUpperCase" : "toLowerCase"]()}`).join("")],
    ["a mix of raw characters and escapes", TOKEN.replace("c", "\\u0063").replace("/", "\\/")],
    ["lower-case percent-encoding", encodeURIComponent(TOKEN).toLowerCase().replace(/canary/g, "canary")],
    ["percent-encoding of unreserved characters (%2D for -)", TOKEN.replace(/-/g, "%2D").replace(/\//g, "%2f")],
    ["every byte percent-encoded", [...Buffer.from(TOKEN)].map((byte) => `%${byte.toString(16)}`).join("")],
  ])("hides the token in %s", (_label, text) => {
    const out = redactor().redact(`before ${text} after`);
    expect(out).toBe(`before ${REDACTED} after`);
  });

  it.each([0, 1, 2, 3, 4, 5])("hides base64 of the token at byte offset %i, standard and URL-safe", (offset) => {
    const encoded = Buffer.from(`${"u:".padEnd(offset, "x").slice(0, offset)}${TOKEN} trailing bytes`);
    for (const alphabet of ["base64", "base64url"] as const) {
      const out = redactor().redact(`Authorization: Basic ${encoded.toString(alphabet)}`);
      expect(out).toContain(REDACTED);
      // What is left around the marker encodes at most the bytes next to the token, never 3 of its bytes in a row.
      for (let start = 0; start + 3 <= TOKEN.length; start += 1) {
        const piece = Buffer.from(TOKEN.slice(start, start + 3));
        for (const shift of [0, 1, 2]) {
          const core = Buffer.concat([Buffer.alloc(shift), piece]).toString(alphabet).slice(Math.ceil((8 * shift) / 6), Math.floor((8 * (shift + 3)) / 6));
          if (core.length >= 4) expect(out).not.toContain(core);
        }
      }
    }
  });

  it("hides a secret shorter than four characters where it is an Authorization value, and nowhere else", () => {
    const short = new Redactor().addSecret("k9").addSecret("x7z");
    expect(short.redact("Authorization: k9")).toBe(`Authorization: ${REDACTED}`);
    expect(short.redact('{"authorization":"Bearer x7z"}')).toBe(`{"authorization":"Bearer ${REDACTED}"}`);
    expect(short.redact("you sent Bearer k9.")).toBe(`you sent Bearer ${REDACTED}.`);
    expect(short.redact("k9 is a dog, x7z a plane; Bearer k9x is another token")).toBe("k9 is a dog, x7z a plane; Bearer k9x is another token");
  });

  it("redacts the whole text before cutting it: a token cut in half never shows", () => {
    const text = `${"x".repeat(390)} Bearer ${TOKEN} tail`;
    const cut = redactor().excerpt(text, 400);
    expect(cut).not.toContain(TOKEN.slice(0, 5));
    expect(cut.endsWith(`${REDACTED}…`)).toBe(true);
    expect(redactor().excerpt("short", 400)).toBe("short");
  });

  it("redactValue leaves the value it was given unchanged and survives strings that look like JSON syntax", () => {
    const quoted = new Redactor().addSecret('ab"cd');
    const value = { detail: 'x ab"cd y', list: ['ab"cd'] };
    expect(quoted.redactValue(value)).toEqual({ detail: `x ${REDACTED} y`, list: [REDACTED] });
    expect(value.detail).toBe('x ab"cd y');
  });

  it("hides a PEM private key whole, JSON-escaped, and line by line", () => {
    const pem = ["-----BEGIN PRIVATE KEY-----", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7", "k1j2s/3+Qz0aZ1xXy8rT0uV4wQ9pLm7nB6cD5eF4gH3iJ2kL1mN0", "-----END PRIVATE KEY-----"].join("\n");
    const keyRedactor = new Redactor().addSecret(pem);
    expect(keyRedactor.redact(`key=${pem}`)).toBe(`key=${REDACTED}`);
    expect(keyRedactor.redact(JSON.stringify({ detail: pem }))).toBe(`{"detail":"${REDACTED}"}`);
    expect(keyRedactor.redact("line: k1j2s/3+Qz0aZ1xXy8rT0uV4wQ9pLm7nB6cD5eF4gH3iJ2kL1mN0 end")).toBe(`line: ${REDACTED} end`);
  });

  it("hides a secret with non-ASCII characters, raw or percent-encoded in either case", () => {
    const accented = new Redactor().addSecret("pässwörd-42");
    expect(accented.redact("a pässwörd-42 b")).toBe(`a ${REDACTED} b`);
    expect(accented.redact(`a ${encodeURIComponent("pässwörd-42")} b`)).toBe(`a ${REDACTED} b`);
    expect(accented.redact(`a ${encodeURIComponent("pässwörd-42").toLowerCase().replace("p%c3", "%70%c3")} b`)).toBe(`a ${REDACTED} b`);
  });

  it("keeps what surrounds a secret exactly, escapes included", () => {
    expect(redactor().redact(`\\u0041 %41 "${TOKEN}" \\n`)).toBe(`\\u0041 %41 "${REDACTED}" \\n`);
  });
});

