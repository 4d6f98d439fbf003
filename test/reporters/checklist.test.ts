import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { ExitCode } from "../../src/core/exit-codes.js";
import { renderChecklist } from "../../src/scim/connector/checklist.js";
import type { CheckResult } from "../../src/scim/connector/checks.js";
import type { ConnectorRun } from "../../src/scim/connector/run.js";

/** What a hostile server can put into a diagnosis: its error detail, page title or body. */
const HOSTILE = "\u001b]0;owned title\u0007\u001b[2J\u009b31mred\u0085next\nline\r\n::add-mask::x\n  ##vso[task.setvariable]y\u2028::error::z";

function run(checks: CheckResult[]): ConnectorRun {
  return { baseUrl: "https://scim.example.com/scim/v2", startedAt: "2026-01-02T03:04:05.000Z", durationMs: 10, checks };
}

const base = { exchanges: [], durationMs: 1 };
const SGR = new RegExp(`${String.fromCharCode(0x1b)}\\[[0-9;]*m`, "g");
const UNPRINTABLE = new RegExp(`[${String.fromCharCode(0)}-${String.fromCharCode(8)}${String.fromCharCode(0x0b)}-${String.fromCharCode(0x1f)}${String.fromCharCode(0x7f)}-${String.fromCharCode(0x9f)}\u2028]`);

describe("test-connector's checklist shows server text inert", () => {
  const checks: CheckResult[] = [
    { ...base, id: "connector/https", status: "passed", required: true, message: `https ${HOSTILE}` },
    {
      ...base,
      id: "connector/list-users",
      status: "failed",
      required: true,
      message: "unauthorized",
      diagnosis: {
        id: "connector/unauthorized",
        title: `Token refused ${HOSTILE}`,
        message: `The server said: "${HOSTILE}".`,
        whatToDo: `Check the token. ${HOSTILE}`,
      },
    },
    { ...base, id: "connector/list-groups", status: "skipped", required: false, message: `skipped ${HOSTILE}` },
  ];

  for (const [label, style] of [
    ["without colour", new Chalk({ level: 0 })],
    ["with colour", new Chalk({ level: 3 })],
  ] as const) {
    it(`makes control characters visible and never lets server text start a line (${label})`, () => {
      const text = renderChecklist(run(checks), ExitCode.findings, style);
      // Only colour codes of our own remain: ESC followed by "[" and SGR parameters ending in "m".
      const plain = text.replace(SGR, "");
      expect(plain).not.toMatch(UNPRINTABLE);
      for (const line of plain.split("\n")) {
        expect(line).not.toMatch(/^\s*(::|##)/);
        expect(line).not.toMatch(/^\s*line$/);
      }
      expect(plain).toContain("\\x1b]0;owned title\\x07\\x1b[2J\\x9b31mred\\x85next");
      expect(plain).toContain("      │ ::add-mask::x");
      expect(plain).toContain("What to do: Check the token.");
    });
  }
});
