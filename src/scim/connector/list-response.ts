import {
  countsNotIntegers,
  forbidden,
  htmlPage,
  invalidJson,
  missingResources,
  notListResponse,
  redirect,
  serverError,
  unexpectedStatus,
  type Diagnosis,
} from "./diagnoses.js";
import { isJsonObject } from "../json.js";
import { COUNT_FIELDS, describeJson, itemsPerPageMismatch, readListResponse } from "../list-response.js";
import { ERROR_SCHEMA, LIST_RESPONSE_SCHEMA } from "../urns.js";

/** The parts of an HTTP answer the verdict needs (ScimResponse has them). */
export interface ListAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: unknown;
}

/**
 * What an answer to Okta's list request means. 401 and 404 are left to the caller, which tries
 * the other Bearer form or likely base paths before it can say what is wrong.
 */
export type ListVerdict =
  | { kind: "passed"; message: string }
  | { kind: "unauthorized"; detail: string | undefined }
  | { kind: "not-found"; detail: string | undefined }
  | { kind: "failed"; diagnosis: Diagnosis };

/**
 * Okta's connector test passes only for a ListResponse with integer totalResults, startIndex and
 * itemsPerPage and a Resources array, even an empty one (Okta support: "No results for users
 * returned" otherwise).
 */
export function assessListAnswer(answer: ListAnswer, url: string, resource: "Users" | "Groups"): ListVerdict {
  const { status } = answer;
  const detail = errorDetail(answer);
  if (status >= 300 && status < 400) {
    const location = answer.headers.location;
    const suggested = suggestedBase(url, location);
    // A redirect back to the same base (a trailing slash, the query dropped) is the server's habit, not a wrong URL.
    const same = suggested !== undefined && suggested === suggestedBase(url, url);
    return { kind: "failed", diagnosis: redirect(url, status, location, same ? undefined : suggested, same) };
  }
  if (status === 401) return { kind: "unauthorized", detail };
  if (status === 403) return { kind: "failed", diagnosis: forbidden(detail) };
  if (status === 404 && !isHtml(answer)) return { kind: "not-found", detail };
  if (status >= 500) return { kind: "failed", diagnosis: serverError(url, status, detail) };
  if (isHtml(answer)) {
    if (status === 404) return { kind: "not-found", detail: pageTitle(answer.text) };
    return { kind: "failed", diagnosis: htmlPage(url, status, isLoginPage(answer.text), pageTitle(answer.text)) };
  }
  if (status !== 200) return { kind: "failed", diagnosis: unexpectedStatus(url, status, detail) };
  if (answer.json === undefined) {
    return { kind: "failed", diagnosis: invalidJson(url, status, answer.headers["content-type"], snippet(answer.text, 120)) };
  }
  return assessListBody(answer.json, url, resource);
}

function assessListBody(body: unknown, url: string, resource: "Users" | "Groups"): ListVerdict {
  if (!isJsonObject(body)) return { kind: "failed", diagnosis: notListResponse(url, `the body is ${describeJson(body)}`) };
  const list = readListResponse(body);
  if (!list.looksLikeList) return { kind: "failed", diagnosis: notListResponse(url, describeObject(body, list.schemas)) };

  // Okta's connector test needs all three counts as integers, and Resources as an array.
  const countProblems = COUNT_FIELDS.flatMap((field) => (list.countProblems[field] ? [`${field} ${list.countProblems[field]}`] : []));
  const resources = list.resourceList;
  if (!resources) return { kind: "failed", diagnosis: missingResources(url, resource, list.resourcesFound ?? "missing", countProblems) };
  if (countProblems.length > 0) return { kind: "failed", diagnosis: countsNotIntegers(url, countProblems) };

  const notes: string[] = [];
  if (!list.hasListSchema) notes.push(`schemas lacks ${LIST_RESPONSE_SCHEMA} (RFC 7644 §3.4.2; Okta does not check it)`);
  if (list.counts.startIndex !== 1) notes.push(`startIndex is ${String(list.counts.startIndex)}, Okta asked for 1`);
  const itemsPerPage = itemsPerPageMismatch(list.counts.itemsPerPage, resources.length);
  if (itemsPerPage) notes.push(itemsPerPage);
  const counts = `totalResults ${String(list.counts.totalResults)}, startIndex ${String(list.counts.startIndex)}, itemsPerPage ${String(list.counts.itemsPerPage)}, ${resources.length} Resources`;
  return { kind: "passed", message: `200 ListResponse (${counts})${notes.length > 0 ? `; note: ${notes.join("; ")}` : ""}` };
}

function describeObject(body: Record<string, unknown>, schemas: readonly string[]): string {
  if (schemas.includes(ERROR_SCHEMA)) {
    const detail = typeof body.detail === "string" ? `: "${snippet(body.detail, 160)}"` : "";
    return `a SCIM Error with HTTP status 200${detail}`;
  }
  const resourceSchema = schemas.find((schema) => schema.startsWith("urn:ietf:params:scim:schemas:"));
  if (resourceSchema) return `a single resource (${resourceSchema}) instead of a list`;
  const keys = Object.keys(body);
  if (keys.length === 0) return "an empty object";
  return `an object with ${keys.slice(0, 8).join(", ")}${keys.length > 8 ? ", …" : ""}, and no Resources or totalResults`;
}

function isHtml(answer: ListAnswer): boolean {
  const contentType = answer.headers["content-type"] ?? "";
  if (/text\/html|application\/xhtml/i.test(contentType)) return true;
  return answer.json === undefined && /^\s*(<!doctype html|<html[\s>])/i.test(answer.text);
}

function isLoginPage(html: string): boolean {
  return /<input[^>]*type\s*=\s*["']?password/i.test(html) || /<title[^>]*>[^<]*(log\s?in|sign\s?in)/i.test(html);
}

function pageTitle(html: string): string | undefined {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1];
  return title ? snippet(title, 80) || undefined : undefined;
}

/** The server's own words: a SCIM Error's detail, an Okta-style errorSummary, or the text. */
function errorDetail(answer: ListAnswer): string | undefined {
  const body = answer.json;
  if (isJsonObject(body)) {
    for (const key of ["detail", "errorSummary", "message", "error_description", "error"]) {
      const value = body[key];
      if (typeof value === "string" && value.trim() !== "") return snippet(value, 200);
    }
    return undefined;
  }
  if (isHtml(answer)) return pageTitle(answer.text);
  const text = snippet(answer.text, 200);
  return text === "" ? undefined : text;
}

/** Whitespace collapsed, cut to `max` characters. */
export function snippet(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/**
 * Where the base URL should point, when a redirect of `{base}/Users?…` lands on another `/Users`
 * (http → https, a moved path, a trailing slash); undefined for anything else (a login page).
 */
function suggestedBase(requestUrl: string, location: string | undefined): string | undefined {
  if (!location) return undefined;
  let target: URL;
  try {
    target = new URL(location, requestUrl);
  } catch {
    return undefined;
  }
  const match = /^(.*)\/Users\/?$/i.exec(target.pathname) ?? /^(.*)\/Groups\/?$/i.exec(target.pathname);
  return match ? `${target.origin}${match[1] ?? ""}` : undefined;
}
