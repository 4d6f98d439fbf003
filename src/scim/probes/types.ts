import type { RecordedExchange } from "../../http/trace.js";
import type { Dialect } from "../../templates/schema.js";
import type { ScimRequest, ScimResponse } from "../client.js";
import type { AttributeMapping } from "../okta-dialect.js";

export const SUITES = ["okta-spec", "okta-runtime", "rfc"] as const;
export type SuiteId = (typeof SUITES)[number];

/**
 * One conformance probe. Ids are stable strings ("okta-spec/create-user"): CI baselines and
 * `--only`/`--skip` refer to them, so never rename one.
 */
export interface ProbeDefinition {
  id: string;
  suite: SuiteId;
  title: string;
  /** Required probes fail the run (exit 1); optional ones are reported only. */
  required: boolean;
  /** Okta step or RFC section, e.g. "Okta SPEC step 6", "RFC 7644 §3.3". */
  reference: string;
  /** Sends only GET requests, so it runs under --read-only. */
  readOnly: boolean;
  /**
   * Probes whose state this one uses (same suite). The runner runs them first and in order;
   * probes without dependencies run concurrently.
   */
  after?: readonly string[];
  /** The Okta dialects this probe applies to; all when absent. */
  dialects?: readonly Dialect[];
  run(ctx: ProbeContext): Promise<ProbeOutcome | void>;
}

/** A probe that returns nothing passed. Failures are thrown as ProbeFailure. */
export type ProbeOutcome =
  | { status: "passed"; message?: string }
  | { status: "warned"; message: string }
  | { status: "skipped"; message: string };

/** What a failed probe tells the user: what was expected, what came back. */
export class ProbeFailure extends Error {
  override name = "ProbeFailure";
  constructor(
    message: string,
    readonly details: {
      expected?: string;
      actual?: string;
      /** The exchange that shows the failure (its curl line goes into the report). */
      exchange?: RecordedExchange;
    } = {},
  ) {
    super(message);
  }
}

export interface ProbeContext {
  /** Sends a request; the exchange is attached to this probe's report entry. */
  send(request: ScimRequest): Promise<ScimResponse>;
  readonly dialect: Dialect;
  readonly readOnly: boolean;
  readonly emailDomain: string;
  /** An existing user id given with --seed-user. */
  readonly seedUserId: string | undefined;
  /**
   * The attributes the target's template (--vendor/--template) maps beyond the core ones, which
   * Okta sends once mapped (okta-runtime/mapped-attributes); absent without a template.
   */
  readonly mappedAttributes?: { source: string; mappings: readonly AttributeMapping[] };
  /**
   * A unique, recognisable name for something this probe creates ("scim-okta-probe-…"). What a
   * POST creates is recorded by the runner, which proves it is ours by this name: probes do not
   * register anything themselves, and can only modify what the runner recorded.
   */
  uniqueName(kind: string): string;
  /** Values shared along an `after` chain (e.g. the id okta-spec step 6 created). */
  readonly state: Map<string, unknown>;
  /**
   * Retry a check where Okta's own test pauses (eventual consistency): bounded attempts, and the
   * probe's report says when a retry was needed.
   */
  eventually<T>(check: () => Promise<T>, options?: { attempts?: number; delayMs?: number }): Promise<T>;
  readonly signal: AbortSignal;
}
