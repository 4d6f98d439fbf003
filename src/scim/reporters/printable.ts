import type { RunReport } from "../report.js";

/**
 * C0 controls other than newline and tab, DEL, C1 controls (a terminal takes U+009B as CSI), the
 * Unicode line and paragraph separators, and the bidirectional overrides and isolates that make
 * text read differently from what it is.
 */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/**
 * Server-supplied text (messages, bodies) must not drive a terminal or hide in a page: control
 * characters other than newline and tab (ESC sequences, carriage returns, NUL, C1 codes) are shown
 * as `\xNN` (`\u2028` for the wider ones).
 */
export function showControlCharacters(text: string): string {
  return text.replace(UNPRINTABLE, (char) => {
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** The report with every string passed through showControlCharacters. */
export function withPrintableText(report: RunReport): RunReport {
  return JSON.parse(JSON.stringify(report), (_key, value: unknown) => (typeof value === "string" ? showControlCharacters(value) : value)) as RunReport;
}

/** The mark that starts every continuation line of quoted text in the terminal reports. */
export const GUTTER = "│ ";

/**
 * Multi-line text under a label or symbol, made inert for terminals and CI logs: the first line as
 * it is, every further line behind a gutter, so text a server chose never starts a line (a CI
 * runner reads `::error::…` or `##vso[…]` at the start of a line, after leading spaces, as a command).
 * The caller makes control characters visible first.
 */
export function continuedLines(text: string, indent: string, gutter: (mark: string) => string = (mark) => mark): string[] {
  const [first = "", ...rest] = text.split(/\r?\n/);
  return [first, ...rest.map((line) => `${indent}${gutter(GUTTER)}${line}`)];
}

/** Text for a one-line slot (an id, a leftover's reason): line breaks shown as `\n`. */
export function oneLine(text: string): string {
  return text.replace(/\r?\n/g, "\\n");
}

/** Server text for one line of terminal output: control characters visible, line breaks as `\n`. */
export function inert(text: string): string {
  return oneLine(showControlCharacters(text));
}
