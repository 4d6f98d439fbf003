import { ExitCode } from "../../core/exit-codes.js";
import type { NetworkFailure } from "../../http/network-error.js";
import type { RecordedExchange } from "../../http/trace.js";
import { failsRun, type ProbeStatus } from "../report.js";
import type { Diagnosis } from "./diagnoses.js";

/**
 * The checks of `scim-okta test-connector`, in the order they run. Ids are stable: CI baselines
 * and JUnit test names refer to them. Why each one fails is a Diagnosis (diagnoses.ts).
 */
export const CONNECTOR_CHECKS = [
  {
    id: "connector/https",
    title: "Okta requires https",
    required: true,
    reference: "Okta SCIM requirements: TLS",
  },
  {
    id: "connector/hostname",
    title: "Host name without underscore",
    required: true,
    reference: "Okta SCIM requirements: base URL without _",
  },
  {
    id: "connector/public-address",
    title: "Reachable from Okta's cloud (public address)",
    required: true,
    reference: "Okta SCIM requirements: publicly reachable base URL",
  },
  {
    id: "connector/certificate",
    title: "Okta would accept this certificate",
    required: true,
    reference: "Okta SCIM requirements: CA-signed certificate (no self-signed)",
  },
  {
    id: "connector/list-users",
    title: "GET /Users?startIndex=1&count=2 answers a ListResponse (Okta's Test Connector Configuration)",
    required: true,
    reference: "Okta Test Connector Configuration; RFC 7644 §3.4.2",
  },
  {
    id: "connector/list-groups",
    title: "GET /Groups?startIndex=1&count=100 answers a ListResponse (sent when To App settings are saved)",
    required: false,
    reference: "Okta To App save; RFC 7644 §3.4.2",
  },
] as const;

export type ConnectorCheckId = (typeof CONNECTOR_CHECKS)[number]["id"];

export interface CheckResult {
  id: ConnectorCheckId;
  status: ProbeStatus;
  /**
   * Whether a failure fails the run. Usually the catalogue's value; connector/public-address is
   * optional for a loopback target (see connectorExitCode).
   */
  required: boolean;
  /** One line for a pass or skip; for a failure or warning, the diagnosis says it. */
  message: string;
  diagnosis?: Diagnosis;
  expected?: string;
  actual?: string;
  /** Okta's request got no HTTP answer at all: the server is unreachable (exit 3). */
  unreachable?: boolean;
  /** Why the request got no usable answer, when it did not (probe's preflight words it as probe does). */
  failure?: NetworkFailure;
  exchanges: RecordedExchange[];
  durationMs: number;
}

export function checkDefinition(id: ConnectorCheckId): (typeof CONNECTOR_CHECKS)[number] {
  const found = CONNECTOR_CHECKS.find((check) => check.id === id);
  if (!found) throw new Error(`unknown connector check ${id}`);
  return found;
}

/**
 * The exit code of a test-connector run (DESIGN §2), decided here and only here:
 * - 3 when Okta's request got no HTTP answer at all (DNS, refused, timeout, TLS handshake without
 *   --insecure, reset): the server is unreachable, nothing about its SCIM can be said;
 * - 1 when any required check failed: the server answered wrongly (a refused token included),
 *   http:// or `_` on a public host, a host on private addresses, a certificate Okta would reject
 *   (also when --insecure let the request through);
 * - 0 otherwise; warnings (Groups, a CA trusted only through NODE_EXTRA_CA_CERTS, http:// on
 *   loopback) are reported but do not fail the run.
 * A loopback target (localhost, 127.0.0.0/8, ::1) fails connector/public-address as an optional
 * check: shown as ✗ with what to do, never hidden, but not failing the run. Pointing
 * test-connector at a local development server is deliberate, and then the exit code must say
 * whether the server behaves as Okta needs. A host on private (non-loopback) addresses fails the
 * run: there the user most likely believes Okta can reach it.
 */
export function connectorExitCode(results: readonly CheckResult[]): ExitCode {
  if (results.some((result) => result.unreachable)) return ExitCode.cannotProceed;
  if (results.some(failsRun)) return ExitCode.findings;
  return ExitCode.ok;
}
