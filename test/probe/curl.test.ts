import { execFileSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import type { RecordedExchange } from "../../src/http/trace.js";
import { curlCommand, type CurlAuth } from "../../src/scim/curl.js";

const exchange = (overrides: Partial<RecordedExchange> = {}): RecordedExchange => ({
  startedAt: "2025-01-01T00:00:00.000Z",
  method: "POST",
  url: "https://scim.example.com/v2/Users?x=1&y=2",
  requestHeaders: { accept: "application/scim+json", "content-type": "application/json", authorization: "Bearer [REDACTED]" },
  requestBody: `{"userName":"o'hara@example.com","note":"$HOME \`id\` \\"q\\""}`,
  durationMs: 3,
  ...overrides,
});

/** Run the line in bash with curl replaced by a function that prints its arguments: what curl would get. */
function argumentsOf(line: string, env: Record<string, string>): string[] {
  const output = execFileSync("bash", ["--noprofile", "--norc", "-c", `curl() { printf '%s\\0' "$@"; }; ${line}`], { env: { PATH: process.env.PATH ?? "", ...env } }).toString();
  return output.split("\0").slice(0, -1);
}

const HEADER: CurlAuth = { mode: "header", headerFormat: "Bearer {token}" };

describe("curl lines", () => {
  test("reproduce the request: method, URL, headers, body, and the credential from $SCIM_TOKEN", () => {
    const line = curlCommand(exchange(), HEADER);
    expect(line).toBe(
      `curl -sS -X POST 'https://scim.example.com/v2/Users?x=1&y=2' -H 'accept: application/scim+json' -H 'content-type: application/json' -H "Authorization: Bearer $SCIM_TOKEN" --data-raw '{"userName":"o'\\''hara@example.com","note":"$HOME \`id\` \\"q\\""}'`,
    );
    expect(argumentsOf(line, { SCIM_TOKEN: "t0k" })).toEqual([
      "-sS",
      "-X",
      "POST",
      "https://scim.example.com/v2/Users?x=1&y=2",
      "-H",
      "accept: application/scim+json",
      "-H",
      "content-type: application/json",
      "-H",
      "Authorization: Bearer t0k",
      "--data-raw",
      `{"userName":"o'hara@example.com","note":"$HOME \`id\` \\"q\\""}`,
    ]);
  });

  test.each([
    [{ mode: "header", headerFormat: "{token}" }, "Authorization: s3cr3t"],
    [{ mode: "header", headerFormat: 'Token token="{token}", $v`x`' }, 'Authorization: Token token="s3cr3t", $v`x`'],
    [{ mode: "oauth-bearer", headerFormat: "ignored {token}" }, "Authorization: Bearer s3cr3t"],
  ] satisfies Array<[CurlAuth, string]>)("header format %j sends %s", (auth, header) => {
    const args = argumentsOf(curlCommand(exchange(), auth), { SCIM_TOKEN: "s3cr3t" });
    expect(args).toContain(header);
    expect(curlCommand(exchange(), auth)).not.toContain("s3cr3t");
  });

  test("basic auth uses -u with $SCIM_USERNAME and $SCIM_PASSWORD", () => {
    const line = curlCommand(exchange({ requestHeaders: { authorization: "Basic [REDACTED]" } }), { mode: "basic", headerFormat: "Bearer {token}" });
    expect(line).toContain(`-u "$SCIM_USERNAME:$SCIM_PASSWORD"`);
    expect(argumentsOf(line, { SCIM_USERNAME: "u", SCIM_PASSWORD: "p w" })).toContain("u:p w");
  });

  test("a probe's own Authorization value is kept as sent; none sent, none in the line", () => {
    expect(argumentsOf(curlCommand(exchange(), HEADER, "non-token"), {})).toContain("Authorization: non-token");
    expect(curlCommand(exchange(), HEADER, null)).not.toContain("Authorization");
    expect(curlCommand(exchange({ method: "GET", requestBody: undefined }), HEADER)).not.toContain("--data-raw");
  });
});
