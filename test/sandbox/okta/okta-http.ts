import { request } from "undici";
import { startOktaEmulator, type OktaEmulator, type OktaEmulatorOptions } from "../../../src/sandbox/okta/index.js";

export interface OktaAnswer {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON, or undefined for an empty body. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary Okta JSON
  text: string;
}

export interface CallOptions {
  body?: unknown;
  /** Raw body text (malformed JSON, form bodies). */
  rawBody?: string;
  contentType?: string;
  /** The Authorization header; default `SSWS <the emulator's token>`; null sends none. */
  authorization?: string | null;
}

export type OktaCall = (method: string, path: string, options?: CallOptions) => Promise<OktaAnswer>;

/** Real HTTP to the emulator on 127.0.0.1 with undici, as our Okta client and the SDK talk to it. */
export function oktaCaller(emulator: OktaEmulator): OktaCall {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = { accept: "application/json" };
    const authorization = options.authorization === undefined ? `SSWS ${emulator.apiToken}` : options.authorization;
    if (authorization !== null) headers.authorization = authorization;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers["content-type"] = options.contentType ?? "application/json";
    const url = path.startsWith("http") ? path : `${emulator.orgUrl}${path}`;
    const answer = await request(url, { method: method as "GET", headers, body });
    const text = await answer.body.text();
    const flat: Record<string, string> = {};
    for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
    return { status: answer.statusCode, headers: flat, body: text === "" ? undefined : JSON.parse(text), text };
  };
}

/** Start an emulator for one test file; returns it and a caller. */
export async function startForTest(options: OktaEmulatorOptions = {}): Promise<{ emulator: OktaEmulator; call: OktaCall }> {
  const emulator = await startOktaEmulator(options);
  return { emulator, call: oktaCaller(emulator) };
}

/** `<url>; rel="x"` entries of a Link header by rel. */
export function linksByRel(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(/,\s*(?=<)/)) {
    const match = /^<([^>]+)>;\s*rel="([^"]+)"/.exec(part.trim());
    if (match?.[1] && match[2]) out[match[2]] = match[1];
  }
  return out;
}
