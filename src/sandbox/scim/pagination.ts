import { badRequest } from "./errors.js";
import { LIST_RESPONSE_SCHEMA } from "./schemas.js";

/** Advertised as filter.maxResults; Okta pages with count=100, so that must fit in one page. */
export const MAX_RESULTS = 200;

export interface PageRequest {
  startIndex: number;
  count: number;
}

export interface PaginationFaults {
  zeroBasedStartIndex: boolean;
  ignoreCount: boolean;
  countsAsStrings: boolean;
  omitResourcesWhenEmpty: boolean;
}

function integerParameter(name: string, raw: string | null): number | undefined {
  if (raw === null || raw.trim() === "") return undefined;
  if (!/^[-+]?\d+$/.test(raw.trim())) throw badRequest("invalidValue", `The ${name} query parameter must be an integer, got ${JSON.stringify(raw)}`);
  return Number.parseInt(raw, 10);
}

/**
 * RFC 7644 §3.4.2.4: startIndex is 1-based and a value below 1 means 1; a negative count means 0;
 * never more than count (capped at maxResults) come back.
 */
export function parsePageRequest(query: URLSearchParams, faults: PaginationFaults): PageRequest {
  const startIndex = integerParameter("startIndex", query.get("startIndex"));
  const count = integerParameter("count", query.get("count"));
  return {
    startIndex: faults.zeroBasedStartIndex ? (startIndex ?? 0) : Math.max(1, startIndex ?? 1),
    count: Math.min(MAX_RESULTS, Math.max(0, count ?? MAX_RESULTS)),
  };
}

export function listResponse(matches: readonly unknown[], page: PageRequest, faults: PaginationFaults): Record<string, unknown> {
  const offset = faults.zeroBasedStartIndex ? Math.max(0, page.startIndex) : page.startIndex - 1;
  const resources = faults.ignoreCount ? matches.slice(offset) : matches.slice(offset, offset + page.count);
  const number = (value: number): number | string => (faults.countsAsStrings ? String(value) : value);
  const body: Record<string, unknown> = {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: number(matches.length),
    startIndex: number(page.startIndex),
    itemsPerPage: number(resources.length),
  };
  if (!(faults.omitResourcesWhenEmpty && resources.length === 0)) body.Resources = resources;
  return body;
}
