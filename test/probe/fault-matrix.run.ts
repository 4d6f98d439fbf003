import { Redactor } from "../../src/core/redact.js";
import { createDispatcher } from "../../src/http/dispatcher.js";
import { startReferenceScimServer, type FaultId, type ReferenceScimServer } from "../../src/sandbox/scim/index.js";
import { ScimClient } from "../../src/scim/client.js";
import { allProbes } from "../../src/scim/probes/index.js";
import { SUITES } from "../../src/scim/probes/types.js";
import type { ProbeResult } from "../../src/scim/report.js";
import { PROBE_NAME_PREFIX, runProbes, type RunProbesOptions } from "../../src/scim/run/run-probes.js";
import { selectProbes } from "../../src/scim/run/select.js";
import type { Dialect } from "../../src/templates/schema.js";

/**
 * One probe run of every suite against a fresh reference server with the given faults, through
 * the real runner and SCIM client (the same path as `scim-okta probe`), in-process for speed.
 */

export const TOKEN = "fault-matrix-token-8c2e41";
export const EMAIL_DOMAIN = "example.com";

/** Pre-existing data: enough users for count=2 paging over three pages, mixed-case userNames. */
export const SEED = {
  users: ["Ada.Lovelace", "Alan.Turing", "Grace.Hopper", "Edsger.Dijkstra", "Barbara.Liskov", "Donald.Knuth", "Frances.Allen"].map((person) => {
    const [givenName = "", familyName = ""] = person.split(".");
    const userName = `${person}@Example.com`;
    return { userName, name: { givenName, familyName }, emails: [{ value: userName, type: "work", primary: true }], displayName: `${givenName} ${familyName}`, active: true };
  }),
  groups: [{ displayName: "Seed Engineering" }],
};

/**
 * slow-responses' delay here: over the 600 ms Okta's SPEC test allows on /Groups, far under its
 * 60 s request limit, and short enough for the matrix.
 */
export const SLOW_LATENCY_MS = 650;

export interface MatrixRun {
  results: ProbeResult[];
  server: ReferenceScimServer;
  leftovers: number;
}

export async function runEverySuite(faults: readonly FaultId[], dialect: Dialect, options: { readOnly?: boolean } = {}): Promise<MatrixRun> {
  const server = await startReferenceScimServer({ auth: { mode: "header", token: TOKEN }, faults, seed: SEED, ...(faults.includes("slow-responses") ? { latencyMs: SLOW_LATENCY_MS } : {}) });
  try {
    const run = await runSuites(server.baseUrl, { dialect, ...options });
    return { ...run, server };
  } finally {
    await server.close();
  }
}

export interface SuiteRunOptions {
  dialect: Dialect;
  readOnly?: boolean;
  /** Probe ids or globs (their dependencies come along); every probe when absent. */
  only?: readonly string[];
  /** As a run from --vendor/--template has them. */
  mappedAttributes?: RunProbesOptions["mappedAttributes"];
}

/** The suites against any server with the matrix's token (the reference server, or a proxy in front of it), cleaned up. */
export async function runSuites(baseUrl: string, options: SuiteRunOptions): Promise<{ results: ProbeResult[]; leftovers: number }> {
  const readOnly = options.readOnly ?? false;
  const { dialect } = options;
  const redactor = new Redactor().addSecret(TOKEN);
  const dispatcher = createDispatcher({ timeoutMs: 10_000, connections: 8, env: {} });
  try {
    const client = new ScimClient({ baseUrl, authorization: `Bearer ${TOKEN}`, dispatcher, redactor, timeoutMs: 10_000 });
    const plan = selectProbes(allProbes(), { suites: [...SUITES], only: options.only ?? [], skip: [], readOnly, dialect });
    const outcome = await runProbes({
      plan,
      client,
      signal: new AbortController().signal,
      concurrency: 8,
      dialect,
      readOnly,
      emailDomain: EMAIL_DOMAIN,
      seedUserId: undefined,
      baseUrl,
      curlAuth: { mode: "header", headerFormat: "Bearer {token}" },
      redactor,
      retry: { attempts: 2, delayMs: 20 },
      ...(options.mappedAttributes ? { mappedAttributes: options.mappedAttributes } : {}),
    });
    return { results: outcome.results, leftovers: outcome.leftovers.length };
  } finally {
    await dispatcher.close();
  }
}

/**
 * A failure message without what changes from run to run (ports, generated ids and names), so a
 * checked-in fragment can be compared with it.
 */
export function stableMessage(message: string, baseUrl: string): string {
  return message
    .replaceAll(baseUrl, "")
    .replace(/https?:\/\/127\.0\.0\.1:\d+/g, "")
    .replace(new RegExp(`${PROBE_NAME_PREFIX}-[a-z-]+?-[0-9a-f]{10}`, "gi"), (name) => (name === name.toUpperCase() ? "<PROBE-NAME>" : "<probe-name>"))
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<id>")
    .replace(/\b00u[A-Za-z0-9]{17}\b/g, "<okta-id>")
    .replace(/W\/\\?"\d+\\?"/g, 'W/"<n>"')
    // okta-spec's generated names (Okta's Initial_Script_Spec: given name + 3 digits, family name Xxxxxxxxx + 3 digits).
    .replace(/ScimOktaProbe\d{3}/g, "<given-name>")
    .replace(/\b[A-Z][a-z]{8}\d{3}\b/g, "<family-name>");
}
