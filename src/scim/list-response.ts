import { isJsonObject, type JsonObject } from "./json.js";
import { LIST_RESPONSE_SCHEMA } from "./urns.js";

/*
 * The one reading of a SCIM ListResponse body (RFC 7644 §3.4.2): what it says about its schema,
 * its counts and its Resources. Pure facts; each caller applies its own rule to them (Okta's
 * connector test needs all three counts as integers, a probe needs the URN, cleanup only the
 * Resources), so the same body is never read two ways.
 */

export const COUNT_FIELDS = ["totalResults", "startIndex", "itemsPerPage"] as const;
export type CountField = (typeof COUNT_FIELDS)[number];

export interface ListFacts {
  schemas: string[];
  hasListSchema: boolean;
  /** It claims to be a list at all: Resources, totalResults or the ListResponse URN. */
  looksLikeList: boolean;
  /** Each count as sent (undefined when absent). */
  values: Record<CountField, unknown>;
  /** The counts that are JSON integers. */
  counts: Partial<Record<CountField, number>>;
  /** What is wrong with each count that is not an integer: "is missing", "is the string \"2\"", "is 1.5". */
  countProblems: Partial<Record<CountField, string>>;
  /** Resources when it is an array (whatever it holds). */
  resourceList: unknown[] | undefined;
  /** Resources when it is an array of objects. */
  resources: JsonObject[] | undefined;
  /** What came instead of an array: "missing", "null", "a JSON object", … */
  resourcesFound: string | undefined;
}

export function readListResponse(body: JsonObject): ListFacts {
  const schemas = Array.isArray(body.schemas) ? body.schemas.filter((schema): schema is string => typeof schema === "string") : [];
  const hasListSchema = schemas.includes(LIST_RESPONSE_SCHEMA);
  const values = { totalResults: body.totalResults, startIndex: body.startIndex, itemsPerPage: body.itemsPerPage };
  const counts: ListFacts["counts"] = {};
  const countProblems: ListFacts["countProblems"] = {};
  for (const field of COUNT_FIELDS) {
    const value = values[field];
    if (typeof value === "number" && Number.isInteger(value)) counts[field] = value;
    else countProblems[field] = value === undefined ? "is missing" : typeof value === "string" ? `is the string ${JSON.stringify(value)}` : `is ${JSON.stringify(value)}`;
  }
  const raw = body.Resources;
  const resourceList = Array.isArray(raw) ? raw : undefined;
  return {
    schemas,
    hasListSchema,
    looksLikeList: "Resources" in body || "totalResults" in body || hasListSchema,
    values,
    counts,
    countProblems,
    resourceList,
    resources: resourceList?.every(isJsonObject) ? resourceList : undefined,
    resourcesFound: resourceList ? undefined : raw === undefined ? "missing" : describeJson(raw),
  };
}

/** "a JSON array (3 items)", "null", "a JSON string". */
export function describeJson(value: unknown): string {
  if (Array.isArray(value)) return `a JSON array (${value.length} items)`;
  if (value === null) return "null";
  return `a JSON ${typeof value}`;
}

/**
 * The one itemsPerPage rule, for test-connector and probe alike: it must be a JSON integer (each
 * caller's count check; Okta needs integers), and when it differs from the number of Resources on
 * the page that is a note on a passing check, not a failure: RFC 7644 §3.4.2 defines it as that
 * number, but Okta pages by startIndex and totalResults. Undefined when there is nothing to say.
 */
export function itemsPerPageMismatch(itemsPerPage: unknown, resources: number): string | undefined {
  if (itemsPerPage === undefined || itemsPerPage === resources) return undefined;
  return `itemsPerPage ${JSON.stringify(itemsPerPage)} but ${resources} Resources (RFC 7644 §3.4.2: the number of resources on this page; Okta does not rely on it)`;
}
