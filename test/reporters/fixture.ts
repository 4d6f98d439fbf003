import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CapturingStream } from "../support/terminal.js";
import { createContext, type Context, type GlobalOptions } from "../../src/cli/context.js";
import { summarize, type ProbeResult, type RunReport } from "../../src/scim/report.js";

/** A secret registered in the redactor and planted in the report: no output may carry it. */
export const CANARY = "Canary:s3cr3t,&<tok%en>\"9";
export const CANARY_FORMS = {
  raw: CANARY,
  base64: Buffer.from(CANARY).toString("base64"),
  urlEncoded: encodeURIComponent(CANARY),
  core: "s3cr3t",
};

/** The reporters' stream: a pipe 100 columns wide unless told otherwise. */
export class CollectingStream extends CapturingStream {
  constructor(isTTY = false, columns = 100) {
    super(isTTY, columns);
  }
}

export interface FakeContext {
  ctx: Context;
  stdout: CollectingStream;
  stderr: CollectingStream;
}

export function fakeContext(
  options: { global?: Partial<GlobalOptions>; env?: NodeJS.ProcessEnv; cwd?: string; terminal?: boolean; stdoutRedirected?: boolean } = {},
): FakeContext {
  const stdout = new CollectingStream(options.terminal && !options.stdoutRedirected);
  const stderr = new CollectingStream(options.terminal);
  const ctx = createContext({
    stdout,
    stderr,
    stdinIsTTY: options.terminal ?? false,
    env: options.env ?? {},
    // Report files named by a relative path land in a folder of their own, never in the repo.
    cwd: options.cwd ?? mkdtempSync(join(tmpdir(), "scim-okta-reporters-")),
    global: { json: false, color: true, debug: false, ...options.global },
  });
  ctx.redactor.addSecret(CANARY);
  return { ctx, stdout, stderr };
}

function probe(overrides: Partial<ProbeResult> & Pick<ProbeResult, "id" | "suite" | "status">): ProbeResult {
  return {
    title: `Title of ${overrides.id}`,
    required: true,
    reference: "RFC 7644 §3.3",
    durationMs: 12,
    message: "",
    expected: null,
    actual: null,
    curl: null,
    exchanges: [],
    ...overrides,
  };
}

/**
 * Two suites, listed out of order: okta-spec (passed, failed required with exchanges, skipped) and
 * rfc (failed optional, warned, passed, baselined failure). The canary hides in a message, a body
 * (base64) and a curl line (URL-encoded).
 */
export function fixtureReport(): RunReport {
  const probes: ProbeResult[] = [
    probe({
      id: "rfc/error-status-string",
      suite: "rfc",
      status: "failed",
      required: false,
      title: "Error responses carry status as a string",
      reference: "https://datatracker.ietf.org/doc/html/rfc7644#section-3.12",
      message: "status was the number 404, not the string \"404\"",
      expected: '"status": "404"',
      actual: '"status": 404',
      curl: "curl -X GET 'https://scim.example.com/scim/v2/Users/missing'",
    }),
    probe({
      id: "okta-spec/create-user",
      suite: "okta-spec",
      status: "passed",
      title: "Create a user",
      reference: "Okta SPEC step 4",
      message: "created",
      exchanges: [
        {
          method: "POST",
          url: "https://scim.example.com/scim/v2/Users",
          status: 201,
          durationMs: 31,
          requestHeaders: { "content-type": "application/scim+json; charset=utf-8", authorization: "Bearer [REDACTED]" },
          requestBody: '{"userName":"passed-probe-body@example.com"}',
          responseHeaders: { location: "https://scim.example.com/scim/v2/Users/42" },
          responseBody: '{"id":"42","userName":"passed-probe-body@example.com"}',
        },
      ],
    }),
    probe({
      id: "okta-spec/get-user-by-id",
      suite: "okta-spec",
      status: "failed",
      title: "Get a user by id <after create>",
      reference: "Okta SPEC step 6",
      message: `Expected 200, got 404 & the server echoed ${CANARY}\nsecond line: 100% sure`,
      expected: "HTTP 200 with the user",
      actual: "HTTP 404",
      curl: `curl -X GET 'https://scim.example.com/scim/v2/Users/42?token=${encodeURIComponent(CANARY)}'`,
      durationMs: 40,
      exchanges: [
        {
          method: "GET",
          url: "https://scim.example.com/scim/v2/Users/42",
          status: 404,
          durationMs: 17,
          requestHeaders: { accept: "application/scim+json" },
          responseHeaders: { "content-type": "application/scim+json" },
          responseBody: `{"detail":"failed-probe-body ${Buffer.from(CANARY).toString("base64")}","status":"404"}`,
        },
      ],
    }),
    probe({
      id: "rfc/discovery",
      suite: "rfc",
      status: "warned",
      required: false,
      title: "Discovery endpoints",
      message: "/ResourceTypes is missing; Okta does not need it",
    }),
    probe({
      id: "okta-spec/deactivate-user",
      suite: "okta-spec",
      status: "skipped",
      title: "Deactivate a user",
      message: "--read-only: needs a write",
    }),
    probe({ id: "rfc/list-empty", suite: "rfc", status: "passed", title: "Empty ListResponse", message: "ok" }),
    probe({
      id: "rfc/duplicate-group",
      suite: "rfc",
      status: "failed",
      title: "Duplicate group is refused with 409",
      message: "got 500",
      baselined: true,
    }),
    probe({
      id: "rfc/bad-chars",
      suite: "rfc",
      status: "passed",
      title: "Control \u0001 chars, \uD800 lone surrogate, ]]> and 'quotes'",
      message: "ok",
    }),
  ];
  return {
    schemaVersion: 1,
    tool: { name: "scim-okta", version: "0.1.0" },
    command: "probe",
    target: { baseUrl: "https://scim.example.com/scim/v2" },
    dialect: "oin",
    suites: ["okta-spec", "rfc"],
    startedAt: "2026-01-02T03:04:05.000Z",
    durationMs: 2345,
    summary: summarize(probes),
    probes,
    leftovers: [],
  };
}
