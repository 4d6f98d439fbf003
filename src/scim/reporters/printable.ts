import type { RunReport } from "../report.js";

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/**
 * Server-supplied text (messages, bodies) must not drive a terminal or hide in a page: control
 * characters other than newline and tab (ESC sequences, carriage returns, NUL) are shown as `\xNN`.
 */
export function showControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** The report with every string passed through showControlCharacters. */
export function withPrintableText(report: RunReport): RunReport {
  return JSON.parse(JSON.stringify(report), (_key, value: unknown) => (typeof value === "string" ? showControlCharacters(value) : value)) as RunReport;
}
