import type { ScimResponse } from "../client.js";
import { isJsonObject, valueAt, type JsonObject } from "../json.js";
import { COUNT_FIELDS, readListResponse } from "../list-response.js";
import { ERROR_SCHEMA, LIST_RESPONSE_SCHEMA } from "../urns.js";
import { ProbeFailure } from "./types.js";

/**
 * Checks on SCIM responses shared by the okta-runtime and rfc probes. Each one throws a
 * ProbeFailure that says what was sent, what was expected and what came back, with the exchange.
 */

/** A ListResponse whose counts are integers and whose Resources (when present) is an array of objects. */
export interface ListPage {
  totalResults: number;
  startIndex: number | undefined;
  itemsPerPage: number | undefined;
  /** undefined when the server left `Resources` out. */
  resources: JsonObject[] | undefined;
}

/** "GET /scim/v2/Users?filter=userName eq "x"": the request as a person reads it (query decoded). */
export function sent(response: ScimResponse): string {
  const { method, url } = response.exchange;
  try {
    const parsed = new URL(url);
    return `${method} ${decodeURIComponent(parsed.pathname + parsed.search)}`;
  } catch {
    return `${method} ${url}`;
  }
}

/** The status line and the start of the body: enough to see what came back. */
export function received(response: ScimResponse): string {
  const type = response.headers["content-type"];
  const body = response.text.length > 400 ? `${response.text.slice(0, 400)}…` : response.text;
  return `${response.status}${type ? ` (${type})` : ""}${body ? ` ${body}` : " with an empty body"}`;
}

export function fail(response: ScimResponse, message: string, expected: string, actual: string = received(response)): never {
  throw new ProbeFailure(message, { expected, actual, exchange: response.exchange });
}

export function expectStatus(response: ScimResponse, accepted: number | readonly number[], expected: string): void {
  const statuses = typeof accepted === "number" ? [accepted] : accepted;
  if (!statuses.includes(response.status)) {
    fail(response, `${sent(response)} answered ${response.status}, expected ${statuses.join(" or ")}`, expected);
  }
}

export function expectJsonObject(response: ScimResponse, expected: string): JsonObject {
  if (!isJsonObject(response.json)) fail(response, `${sent(response)} answered ${response.status} without a JSON object body`, expected);
  return response.json;
}

/** A SCIM resource with a non-empty string id. */
export function expectResource(response: ScimResponse, expected: string): JsonObject & { id: string } {
  const body = expectJsonObject(response, expected);
  if (typeof body.id !== "string" || body.id === "") {
    fail(response, `${sent(response)} answered ${response.status} with a resource without an id`, expected);
  }
  return body as JsonObject & { id: string };
}

/**
 * 200 and a ListResponse: the ListResponse schema URN, integer totalResults, integer
 * startIndex/itemsPerPage when present (Okta needs integers, not strings), Resources an array.
 */
export function expectListResponse(response: ScimResponse): ListPage {
  const expected = `200 with a ListResponse (schemas ["${LIST_RESPONSE_SCHEMA}"], integer totalResults)`;
  expectStatus(response, 200, expected);
  const body = expectJsonObject(response, expected);
  const list = readListResponse(body);
  if (!list.hasListSchema) {
    fail(response, `${sent(response)} answered a list without the ListResponse schema`, expected, `schemas ${JSON.stringify(body.schemas)}`);
  }
  for (const name of COUNT_FIELDS) {
    const value = list.values[name];
    if ((name === "totalResults" || value !== undefined) && list.countProblems[name]) {
      fail(response, `${sent(response)} answered ${name} ${JSON.stringify(value)}, not an integer`, `${name} as a JSON integer (Okta cannot page with strings)`, `${name}: ${JSON.stringify(value)}`);
    }
  }
  if (body.Resources !== undefined && !list.resources) {
    fail(response, `${sent(response)} answered Resources that is not an array of resources`, "Resources: an array of SCIM resources", `Resources: ${JSON.stringify(body.Resources)}`);
  }
  return {
    totalResults: list.counts.totalResults as number,
    startIndex: list.counts.startIndex,
    itemsPerPage: list.counts.itemsPerPage,
    resources: list.resources,
  };
}

/** A SCIM Error body (RFC 7644 §3.12): the Error schema, `status` as the HTTP status in a string, a detail. */
export function expectScimError(response: ScimResponse, status: number, options: { requireDetail?: boolean } = {}): JsonObject {
  const expected = `${status} with a SCIM Error body: schemas ["${ERROR_SCHEMA}"], "status": "${status}" (a string), a detail`;
  expectStatus(response, status, expected);
  const body = response.json;
  if (!isJsonObject(body)) fail(response, `${sent(response)} answered ${status} with a body that is not a SCIM Error (not JSON)`, expected);
  const schemas = Array.isArray(body.schemas) ? body.schemas : [];
  if (!schemas.includes(ERROR_SCHEMA)) {
    fail(response, `${sent(response)} answered ${status} with a body that is not a SCIM Error (no Error schema)`, expected);
  }
  if (body.status !== String(status)) {
    fail(
      response,
      `${sent(response)} answered an Error with status ${JSON.stringify(body.status)}; RFC 7644 §3.12 wants the string "${status}"`,
      expected,
      `"status": ${JSON.stringify(body.status)}`,
    );
  }
  if ((options.requireDetail ?? true) && (typeof body.detail !== "string" || body.detail.trim() === "")) {
    fail(response, `${sent(response)} answered an Error without a detail`, expected, `"detail": ${JSON.stringify(body.detail)}`);
  }
  return body;
}

export function expectValue(response: ScimResponse, resource: unknown, path: string, expectedValue: unknown, why: string): void {
  const actual = valueAt(resource, path);
  if (actual !== expectedValue) {
    fail(
      response,
      `${sent(response)} answered ${path} ${actual === undefined ? "missing" : JSON.stringify(actual)}, expected ${JSON.stringify(expectedValue)}: ${why}`,
      `${path}: ${JSON.stringify(expectedValue)}`,
      `${path}: ${actual === undefined ? "(missing)" : JSON.stringify(actual)}`,
    );
  }
}

/** The media type of a response, without parameters, lower-cased. */
export function mediaType(response: ScimResponse): string | undefined {
  return response.headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
}

