import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

/**
 * The environment variable naming a folder where every emulator in the process appends each
 * exchange as one JSON line (test/global-setup.ts sets it for the whole suite; the contract test
 * validates the lines against Okta's OpenAPI spec).
 */
export const RECORD_DIR_ENV = "SCIM_OKTA_CONTRACT_RECORD_DIR";

export interface RecordedExchange {
  /** The operationId the emulator routed the request to; undefined for an unknown route. */
  routedAs: string | undefined;
  method: string;
  /** Path without the query, e.g. /api/v1/apps/0oa…/users. */
  path: string;
  /** The query string with its "?", or "". */
  query: string;
  requestContentType: string | undefined;
  requestBody: string | undefined;
  status: number;
  responseHeaders: Record<string, string>;
  responseBody: string | undefined;
}

export type ExchangeSink = (exchange: RecordedExchange) => void;

/** A sink appending to `<dir>/okta-<pid>.jsonl` (one file per process: vitest runs test files in forks). */
export function fileSink(dir: string): ExchangeSink {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `okta-${process.pid}.jsonl`);
  return (exchange) => appendFileSync(file, `${JSON.stringify(exchange)}\n`);
}
