import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { badRequest, ScimHttpError } from "./errors.js";
import type { FaultId } from "./faults.js";
import { ERROR_SCHEMA } from "./schemas.js";

/** What a handler answers; turned into bytes in one place so faults on the wire format stay here. */
export interface ScimReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A body that is not SCIM JSON (faulty servers' HTML pages and framework errors). */
  raw?: { contentType: string; text: string };
}

export interface ScimRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  bodyText: string;
}

const SCIM_CONTENT_TYPE = "application/scim+json; charset=utf-8";
const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * RFC 7644 §3.8 / §8.1: bodies come as application/scim+json; application/json is accepted too
 * because Okta's SPEC test POSTs it. Anything else is 415.
 */
export function parseJsonBody(request: ScimRequest, faults: ReadonlySet<FaultId>): unknown {
  const mediaType = (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const refused =
    (mediaType !== "application/scim+json" && mediaType !== "application/json") ||
    (mediaType === "application/scim+json" && faults.has("reject-scim-json-body")) ||
    (mediaType === "application/json" && faults.has("reject-plain-json-body"));
  if (refused) {
    const accepted = ["application/scim+json", "application/json"].filter(
      (type) => !(type === "application/scim+json" ? faults.has("reject-scim-json-body") : faults.has("reject-plain-json-body")),
    );
    throw new ScimHttpError(415, `Unsupported Content-Type ${JSON.stringify(mediaType || "(none)")}; send ${accepted.join(" or ")}`);
  }
  try {
    return JSON.parse(request.bodyText) as unknown;
  } catch (error) {
    throw badRequest("invalidSyntax", `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** RFC 7644 §3.12 Error body, bent by the error-* faults. */
export function errorReply(error: ScimHttpError, request: ScimRequest, faults: ReadonlySet<FaultId>): ScimReply {
  if (error.raw) return { status: error.status, headers: error.headers, raw: error.raw };
  if (error.status === 401 && faults.has("error-plain-401")) {
    return { status: 401, headers: error.headers, raw: { contentType: "text/html; charset=utf-8", text: "<html><body><h1>401 Unauthorized</h1></body></html>" } };
  }
  const body: Record<string, unknown> = {
    schemas: [ERROR_SCHEMA],
    status: faults.has("error-status-number") ? error.status : String(error.status),
  };
  if (error.scimType) body.scimType = error.scimType;
  if (!faults.has("error-missing-detail")) {
    const authorization = request.headers.authorization;
    body.detail = faults.has("echo-authorization") && authorization ? `${error.detail} (request Authorization: ${authorization})` : error.detail;
  }
  return { status: error.status, headers: error.headers, body };
}

/** The codings the server can apply, best first (what Okta's `Accept-Encoding: gzip,deflate` offers). */
const CODINGS = ["gzip", "deflate"] as const;
type Coding = (typeof CODINGS)[number];

/** The coding to answer with: the first the client accepts (q above 0, RFC 9110 §12.5.3), or none. */
function negotiateCoding(acceptEncoding: string | undefined): Coding | undefined {
  if (!acceptEncoding) return undefined;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [name = "", ...parameters] = part.split(";").map((piece) => piece.trim().toLowerCase());
    const q = parameters.find((parameter) => parameter.startsWith("q="));
    accepted.set(name, q === undefined ? 1 : Number(q.slice(2)) || 0);
  }
  return CODINGS.find((coding) => (accepted.get(coding) ?? accepted.get("*") ?? 0) > 0);
}

function encode(payload: string, coding: Coding, faults: ReadonlySet<FaultId>): Buffer {
  if (coding === "gzip") return gzipSync(payload);
  // RFC 9110 §8.4.1.2: "deflate" is the zlib format; the raw-deflate fault sends bare DEFLATE, as IIS did.
  return faults.has("raw-deflate") ? deflateRawSync(payload) : deflateSync(payload);
}

/**
 * Bytes on the wire. A JSON or error body is compressed when the request's Accept-Encoding allows
 * it and `compression` is on, as servers behind a compressing proxy or middleware answer Okta.
 */
export function writeReply(res: ServerResponse, reply: ScimReply, faults: ReadonlySet<FaultId>, options: { acceptEncoding?: string; compression?: boolean } = {}): void {
  const headers: Record<string, string> = { ...reply.headers };
  let text: string | undefined;
  if (reply.raw) {
    headers["content-type"] = reply.raw.contentType;
    text = reply.raw.text;
  } else if (reply.body !== undefined) {
    headers["content-type"] = faults.has("content-type-json") ? JSON_CONTENT_TYPE : SCIM_CONTENT_TYPE;
    text = JSON.stringify(reply.body);
  }
  let payload: string | Buffer | undefined = text;
  if (text !== undefined && options.compression) {
    headers.vary = "Accept-Encoding";
    const negotiated = negotiateCoding(options.acceptEncoding);
    const coding = faults.has("raw-deflate") && negotiated !== undefined && /deflate/i.test(options.acceptEncoding ?? "") ? "deflate" : negotiated;
    if (coding) {
      payload = encode(text, coding, faults);
      headers["content-encoding"] = coding;
    }
  }
  if (payload !== undefined) headers["content-length"] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(payload);
}
