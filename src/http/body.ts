import { promisify } from "node:util";
import { gunzip, gunzipSync, inflate, inflateRaw, inflateRawSync, inflateSync, type InputType, type ZlibOptions } from "node:zlib";
import type { Dispatcher } from "undici";
import { classifyNetworkError, type NetworkFailure } from "./network-error.js";
import { formatBytes } from "./size.js";

/**
 * Reading an answer's body as untrusted input, for every HTTP client (SCIM, Okta): bounded in
 * bytes before and after decompression (gzip, deflate), JSON depth checked before anyone parses
 * it, and a body that breaks off after the status arrived reported as cut off, not as no answer.
 */

/**
 * Deeper JSON than this is not parsed: no SCIM resource or Okta object nests more than a handful
 * of levels, and a body nested thousands deep would exhaust the stack of whatever walks it next.
 */
export const MAX_JSON_DEPTH = 64;

export interface ReadAnswerOptions {
  /** Largest body, after decompression. */
  maxBytes: number;
  /** For the message when the body stalls (the request's own timeout). */
  timeoutMs: number;
  /** True once the user pressed Ctrl-C: an abort then is the user's, not the server's. */
  interrupted: () => boolean;
  /** Refuse JSON nested deeper than MAX_JSON_DEPTH. */
  json?: boolean;
  /** The flag that sets maxBytes, for messages. */
  limitFlag?: string;
}

/** The body as text, or why it cannot be used (with the status it came with); `text` is set for too-deep. */
export type AnswerText = { ok: true; text: string } | { ok: false; failure: NetworkFailure; text?: string };

export async function readAnswerText(response: Dispatcher.ResponseData, options: ReadAnswerOptions): Promise<AnswerText> {
  const answered = { status: response.statusCode };
  const flag = options.limitFlag ?? "--max-body";
  const read = await readBody(response, options.maxBytes);
  if (read.kind === "failed") {
    const cause = classifyNetworkError(read.error);
    if (cause.kind === "aborted" && options.interrupted()) return { ok: false, failure: { ...cause, answered } };
    const why = cause.kind === "timeout" ? `it did not finish within ${options.timeoutMs / 1000} s (--timeout)` : `${cause.code}: ${cause.message}`;
    return { ok: false, failure: { kind: "cut-off", code: cause.code, message: `the body was cut off after ${read.bytes} bytes: ${why}`, answered } };
  }
  if (read.kind === "too-large") {
    return { ok: false, failure: { kind: "too-large", code: "RESPONSE_TOO_LARGE", message: `response too large: the body is over ${formatBytes(options.maxBytes)} (${flag})`, answered } };
  }
  const contentEncoding = response.headers["content-encoding"];
  const decoded = await decodeBody(read.bytes, Array.isArray(contentEncoding) ? contentEncoding.join(",") : contentEncoding, options.maxBytes);
  if (decoded.kind === "too-large") {
    return { ok: false, failure: { kind: "too-large", code: "RESPONSE_TOO_LARGE", message: `response too large: the body inflates to over ${formatBytes(options.maxBytes)} (${flag})`, answered } };
  }
  if (decoded.kind === "undecodable") return { ok: false, failure: { kind: "undecodable", code: "UNDECODABLE_BODY", message: decoded.message, answered } };
  const text = new TextDecoder("utf-8").decode(decoded.bytes);
  if (options.json && jsonNesting(text) > MAX_JSON_DEPTH) {
    const message = `the JSON nests more than ${MAX_JSON_DEPTH} levels deep (no SCIM resource comes close), so it was not parsed`;
    return { ok: false, failure: { kind: "too-deep", code: "JSON_TOO_DEEP", message, answered }, text };
  }
  return { ok: true, text };
}

type BodyRead = { kind: "read"; bytes: Buffer } | { kind: "too-large" } | { kind: "failed"; bytes: number; error: unknown };

/**
 * Read the body up to `limit` bytes. A Content-Length over the limit, or more bytes than that
 * arriving, stops reading at once (the connection is closed): an endless body costs at most the limit.
 */
async function readBody(response: Dispatcher.ResponseData, limit: number): Promise<BodyRead> {
  const declared = Number(response.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    response.body.destroy();
    return { kind: "too-large" };
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of response.body) {
      const buffer = chunk as Buffer;
      total += buffer.length;
      if (total > limit) {
        response.body.destroy();
        return { kind: "too-large" };
      }
      chunks.push(buffer);
    }
  } catch (error) {
    return { kind: "failed", bytes: total, error };
  }
  return { kind: "read", bytes: Buffer.concat(chunks, total) };
}

type BodyDecoding = { kind: "decoded"; bytes: Buffer } | { kind: "too-large" } | { kind: "undecodable"; message: string };

type Inflater = (input: InputType, options: ZlibOptions) => Promise<Buffer> | Buffer;

const inflaters: Record<string, { async: Inflater; sync: Inflater }[]> = {
  gzip: [{ async: promisify(gunzip), sync: gunzipSync }],
  "x-gzip": [{ async: promisify(gunzip), sync: gunzipSync }],
  // "deflate" is zlib-wrapped by the RFC; some servers send raw deflate, as browsers tolerate.
  deflate: [
    { async: promisify(inflate), sync: inflateSync },
    { async: promisify(inflateRaw), sync: inflateRawSync },
  ],
};

/**
 * Bodies up to this size (compressed) inflate on the calling thread: a SCIM answer is a few KB, and
 * a trip to the thread pool costs more than inflating it. Output stays bounded by maxOutputLength.
 */
const INFLATE_INLINE_BYTES = 64 * 1024;

/** Undo Content-Encoding (gzip, deflate: what Okta's Accept-Encoding asks for), bounded after inflation. */
async function decodeBody(bytes: Buffer, contentEncoding: string | undefined, limit: number): Promise<BodyDecoding> {
  const codings = (contentEncoding ?? "")
    .split(",")
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== "" && coding !== "identity");
  let current = bytes;
  // Codings are listed in the order they were applied: undo them last first.
  for (const coding of codings.reverse()) {
    const candidates = inflaters[coding];
    if (!candidates) {
      return { kind: "undecodable", message: `the body is encoded with Content-Encoding ${coding}, which Okta does not accept (it sends Accept-Encoding: gzip,deflate)` };
    }
    let inflated: Buffer | undefined;
    let lastError: unknown;
    for (const inflater of candidates) {
      try {
        inflated = await (current.length <= INFLATE_INLINE_BYTES ? inflater.sync : inflater.async)(current, { maxOutputLength: limit + 1 });
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") return { kind: "too-large" };
        lastError = error;
      }
    }
    if (!inflated) {
      const reason = lastError instanceof Error ? lastError.message : String(lastError);
      return { kind: "undecodable", message: `the body says Content-Encoding ${coding} but does not inflate: ${reason}` };
    }
    if (inflated.length > limit) return { kind: "too-large" };
    current = inflated;
  }
  return { kind: "decoded", bytes: current };
}

/** How deep the brackets of a JSON text nest (strings skipped); 0 for text that is not JSON. */
function jsonNesting(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c) index += 1;
      else if (code === 0x22) inString = false;
      continue;
    }
    if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if (code === 0x7d || code === 0x5d) depth -= 1;
  }
  return deepest;
}
