import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RECORD_DIR_ENV, type RecordedExchange } from "../../src/sandbox/okta/recorder.js";
import { describeViolation, OktaContract, type ContractViolation } from "./okta-contract.js";
import { OKTA_SPEC_FILE, oktaSpecPresent } from "./okta-spec.js";

/**
 * The suite-wide Okta contract check (issue 12 item 7). Before the run: every Okta emulator any
 * test starts records its exchanges as JSON lines in a fresh folder (the workers inherit the
 * variable). After the run: each exchange is validated against Okta's OpenAPI spec; a violation
 * that research §14 does not explain (okta-deviations.ts) fails the run, listed one per line.
 * The operations used come from the traffic itself and are printed with the deviations seen
 * (SCIM_OKTA_CONTRACT_REPORT=1 for the whole list).
 */
export function setupOktaContract(): () => Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "scim-okta-okta-exchanges-"));
  process.env[RECORD_DIR_ENV] = dir;
  return async () => {
    try {
      await checkRecordedExchanges(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

/** The recorded exchanges; a line cut short (a CLI child process killed mid-write) is counted, not fatal. */
function readExchanges(dir: string): { exchanges: RecordedExchange[]; unreadable: number } {
  const exchanges: RecordedExchange[] = [];
  let unreadable = 0;
  for (const name of readdirSync(dir).filter((file) => file.endsWith(".jsonl"))) {
    for (const line of readFileSync(join(dir, name), "utf8").split("\n")) {
      if (line === "") continue;
      try {
        exchanges.push(JSON.parse(line) as RecordedExchange);
      } catch {
        unreadable += 1;
      }
    }
  }
  return { exchanges, unreadable };
}

async function checkRecordedExchanges(dir: string): Promise<void> {
  const { exchanges, unreadable } = readExchanges(dir);
  if (unreadable > 0) console.warn(`note: the Okta contract check skipped ${unreadable} recorded lines it could not read`);
  if (exchanges.length === 0) return;
  if (!oktaSpecPresent()) {
    console.warn(`note: skipping the Okta contract check of ${exchanges.length} exchanges: ${OKTA_SPEC_FILE} is missing (set SCIM_OKTA_FILES to the folder holding management-minimal.yaml)`);
    return;
  }
  const contract = await OktaContract.load();
  const violations: ContractViolation[] = [];
  const operations = new Map<string, Set<number>>();
  const deviations = new Map<string, number>();
  for (const exchange of exchanges) {
    const verdict = contract.check(exchange);
    if (verdict.operationId) {
      const statuses = operations.get(verdict.operationId) ?? new Set<number>();
      operations.set(verdict.operationId, statuses.add(exchange.status));
    }
    violations.push(...verdict.violations);
    for (const { deviation } of verdict.deviations) deviations.set(deviation.source, (deviations.get(deviation.source) ?? 0) + 1);
  }
  console.log(`Okta contract: ${exchanges.length} exchanges, ${operations.size} operations, ${deviations.size} recorded deviations, ${violations.length} violations`);
  if (process.env.SCIM_OKTA_CONTRACT_REPORT) {
    for (const [operationId, statuses] of [...operations].sort()) console.log(`  ${operationId}: ${[...statuses].sort().join(", ")}`);
    for (const [source, count] of deviations) console.log(`  deviation ×${count}: ${source}`);
  }
  if (violations.length > 0) {
    const unique = [...new Set(violations.map(describeViolation))];
    throw new Error(`the Okta emulator's traffic breaks Okta's OpenAPI spec (${violations.length} violations; add a deviation only with a recorded source):\n${unique.join("\n")}`);
  }
}
