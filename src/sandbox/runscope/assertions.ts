import type { RunscopeAssertion } from "./format.js";
import { valueAt } from "../../scim/json.js";
import { stringify, type RunscopeVariables } from "./variables.js";

/** What a step's assertions and variables read from: one HTTP answer. */
export interface RunscopeResponse {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  text: string;
  /** The parsed body; undefined when it is empty or not JSON. */
  json: unknown;
  durationMs: number;
  sizeBytes: number;
}

export interface AssertionResult {
  source: string;
  property?: string;
  comparison: string;
  /** The expected value after variables were filled in; absent for comparisons without one. */
  expected?: string;
  /** The value the response had at that source and property (undefined: not there). */
  actual: unknown;
  passed: boolean;
  /** Why it failed, when the comparison itself could not be made. */
  problem?: string;
}

/** The value a source (and property) designates in a response; `missing` when the source is unknown. */
export function readSource(response: RunscopeResponse, source: string, property: string | null | undefined): { value: unknown } | { problem: string } {
  switch (source) {
    case "response_status":
      return { value: response.status };
    case "response_json":
      if (response.json === undefined) return { problem: "the response body is not JSON" };
      return { value: valueAt(response.json, property) };
    case "response_headers":
      return { value: property ? response.headers[property.toLowerCase()] : response.headers };
    case "response_text":
      return { value: response.text };
    case "response_time":
      return { value: response.durationMs };
    case "response_size":
      return { value: response.sizeBytes };
    default:
      return { problem: `unsupported assertion source "${source}"` };
  }
}

const asNumber = (value: unknown): number | undefined => {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && value.trim() !== "") {
    const number = Number(value);
    return Number.isFinite(number) ? number : undefined;
  }
  return undefined;
};

const isEmpty = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  value === "" ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0);

const containsValue = (container: unknown, expected: string): boolean => {
  if (typeof container === "string") return container.includes(expected);
  if (Array.isArray(container)) return container.some((item) => stringify(item) === expected);
  if (container !== null && typeof container === "object") return Object.values(container).some((item) => stringify(item) === expected);
  return false;
};

const numeric = (compare: (actual: number, expected: number) => boolean) => (actual: unknown, expected: string) => {
  const a = asNumber(actual);
  const e = asNumber(expected);
  return a !== undefined && e !== undefined && compare(a, e);
};

/**
 * Runscope's comparisons. Values compare as text, as Runscope compares them (`"false"` equals a
 * JSON `false`, `"0"` equals `0`); `*_number` and the ordering comparisons compare as numbers.
 */
const COMPARISONS: Record<string, { needsValue: boolean; test: (actual: unknown, expected: string) => boolean }> = {
  equal: { needsValue: true, test: (actual, expected) => actual !== undefined && stringify(actual) === expected },
  not_equal: { needsValue: true, test: (actual, expected) => actual === undefined || stringify(actual) !== expected },
  empty: { needsValue: false, test: (actual) => isEmpty(actual) },
  not_empty: { needsValue: false, test: (actual) => !isEmpty(actual) },
  contains: { needsValue: true, test: (actual, expected) => containsValue(actual, expected) },
  does_not_contain: { needsValue: true, test: (actual, expected) => !containsValue(actual, expected) },
  has_value: { needsValue: true, test: (actual, expected) => containsValue(actual, expected) },
  has_key: {
    needsValue: true,
    test: (actual, expected) => actual !== null && typeof actual === "object" && !Array.isArray(actual) && Object.hasOwn(actual, expected),
  },
  is_null: { needsValue: false, test: (actual) => actual === null },
  is_a_number: { needsValue: false, test: (actual) => asNumber(actual) !== undefined },
  equal_number: { needsValue: true, test: numeric((a, e) => a === e) },
  is_less_than: { needsValue: true, test: numeric((a, e) => a < e) },
  is_less_than_or_equal: { needsValue: true, test: numeric((a, e) => a <= e) },
  is_greater_than: { needsValue: true, test: numeric((a, e) => a > e) },
  is_greater_than_or_equal: { needsValue: true, test: numeric((a, e) => a >= e) },
};


/** Evaluate one assertion of a step against its response, filling variables into the expected value. */
export function evaluateAssertion(assertion: RunscopeAssertion, response: RunscopeResponse, variables: RunscopeVariables): AssertionResult {
  const base = {
    source: assertion.source,
    comparison: assertion.comparison,
    ...(assertion.property ? { property: assertion.property } : {}),
  };
  const comparison = COMPARISONS[assertion.comparison];
  const read = readSource(response, assertion.source, assertion.property);
  const expected = comparison?.needsValue && assertion.value !== undefined && assertion.value !== null ? variables.render(stringify(assertion.value)) : undefined;
  const withExpected = expected === undefined ? base : { ...base, expected };
  if (!comparison) return { ...withExpected, actual: undefined, passed: false, problem: `unsupported comparison "${assertion.comparison}"` };
  if ("problem" in read) return { ...withExpected, actual: undefined, passed: false, problem: read.problem };
  if (comparison.needsValue && expected === undefined) return { ...withExpected, actual: read.value, passed: false, problem: `comparison "${assertion.comparison}" has no value to compare with` };
  return { ...withExpected, actual: read.value, passed: comparison.test(read.value, expected ?? "") };
}
