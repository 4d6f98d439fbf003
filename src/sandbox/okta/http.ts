import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { malformedBody } from "./errors.js";

/** A request as routes see it: path parameters matched, body text read (JSON parsed on demand). */
export interface ApiRequest {
  method: string;
  url: URL;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  bodyText: string;
  /** The access token's scopes (OAuth), or undefined for an SSWS token (all of them). */
  scopes: ReadonlySet<string> | undefined;
}

export interface ApiReply {
  status: number;
  /** JSON body; undefined for none (204, or Okta's 200 with an empty body). */
  body?: unknown;
  headers?: Record<string, string>;
}

/** Bodies larger than this are refused: the emulator reads what a test or setup sends, no more. */
const MAX_BODY_BYTES = 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw malformedBody();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The JSON object body; Okta answers E0000003 for a missing or malformed one. */
export function jsonObjectBody(request: ApiRequest): Record<string, unknown> {
  if (request.bodyText.trim() === "") throw malformedBody();
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.bodyText);
  } catch {
    throw malformedBody();
  }
  if (!isObject(parsed)) throw malformedBody();
  return parsed;
}

/** The JSON object body, or `{}` when there is none (bodies Okta treats as optional). */
export function optionalJsonObjectBody(request: ApiRequest): Record<string, unknown> {
  return request.bodyText.trim() === "" ? {} : jsonObjectBody(request);
}

export function ok(body: unknown, headers?: Record<string, string>): ApiReply {
  return headers ? { status: 200, body, headers } : { status: 200, body };
}

export function noContent(): ApiReply {
  return { status: 204 };
}

/** `?activate=true|false` style flags; absent → the default. */
export function booleanQuery(url: URL, name: string, fallback: boolean): boolean {
  const value = url.searchParams.get(name);
  return value === null ? fallback : value.toLowerCase() !== "false";
}

export { isObject };
