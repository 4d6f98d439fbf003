import { isSuccess, type ScimRequest, type ScimResponse } from "../client.js";
import type { JsonObject } from "../json.js";
import { expectJsonObject, expectStatus, fail, sent } from "./response-checks.js";
import type { ProbeContext } from "./types.js";

/** What the okta-runtime probes cite: Okta's SCIM 2.0 reference, and captures of Okta's real traffic (research/okta-traffic.md). */
export const REFERENCE = {
  createFlow: "Okta SCIM 2.0 reference: create users (lookup, then POST)",
  placeholderPassword: "Okta traffic captures: create password with Sync Password off (okta-traffic.md §2)",
  update: "Okta SCIM 2.0 reference: update a specific user (GET + PUT)",
  deactivate: "Okta SCIM 2.0 reference: deactivate (oin PATCH, aiw PUT); Okta CRUD test steps 7-8",
  reactivate: "Okta SCIM 2.0 reference: activate (oin PATCH, aiw PUT); Okta CRUD test steps 9-10",
  connectorTest: "Okta support: 'No results for users returned' (Test Connector Configuration); RFC 7644 §3.4.2",
  import: "Okta SCIM 2.0 reference: retrieve users (pagination)",
  linkUser: "Okta traffic captures: aiw link of an existing user, GET + merged PUT (okta-traffic.md §3)",
  echoPut: "Okta traffic captures: aiw redundant PUTs (okta-traffic.md §3)",
  mappedAttributes: "Okta traffic captures: enterprise extension and custom attributes once mapped (okta-traffic.md §7)",
  groups: "Okta SCIM 2.0 reference: retrieve groups",
  groupCreate: "Okta SCIM 2.0 reference: create groups",
  groupCreateMembers: "Okta SCIM samples: POST /Groups with members (okta-traffic.md §1)",
  groupLookup: "Okta group push: displayName eq lookup (OKTA-520454)",
  groupLink: "Okta traffic captures: group push links an existing group, no POST (okta-traffic.md §1)",
  membership: "Okta SCIM 2.0 reference: update specific group membership",
  reassert: "Okta traffic captures: GET + name re-assert PATCH after each membership change (okta-traffic.md §1)",
  pushNow: "Okta traffic captures: Push now replaces members, also with [] (okta-traffic.md §1)",
  noPathMembers: "Okta traffic captures: no-path replace carrying members (okta-traffic.md §1)",
  rename: "Okta SCIM 2.0 reference: update a specific group name",
  groupDelete: "Okta SCIM 2.0 reference: delete a specific group",
} as const;

/** A value an earlier probe of the chain left in ctx.state. */
export function chainState<T>(ctx: ProbeContext, key: string): T {
  const value = ctx.state.get(key);
  if (value === undefined) throw new Error(`${key} is missing: the probe it comes from did not run first`);
  return value as T;
}

export const dialectWords = (ctx: ProbeContext, oin: string, aiw: string): string => (ctx.dialect === "oin" ? `oin: ${oin}` : `aiw: ${aiw}`);

/** 2xx for a write; 201 on create is checked separately. Okta's reference allows 204 on PATCH. */
export function expectWriteAccepted(response: ScimResponse, what: string): void {
  if (!isSuccess(response.status)) {
    fail(response, `${what}: ${sent(response)} answered ${response.status}`, "2xx (200 with the resource, or 204)");
  }
}

/** The resource after a write: the body the server answered with, or a GET when it answered 204. */
export async function resourceAfterWrite(ctx: ProbeContext, response: ScimResponse, read: ScimRequest): Promise<{ resource: JsonObject; response: ScimResponse }> {
  if (response.status !== 204 && response.text.trim() !== "") {
    return { resource: expectJsonObject(response, "the updated resource in the response body"), response };
  }
  const readBack = await ctx.send(read);
  expectStatus(readBack, 200, "200 with the resource");
  return { resource: expectJsonObject(readBack, "the resource"), response: readBack };
}

/**
 * Send Okta's requests for one change in order, as Okta does: every one must be answered 2xx (a
 * GET with 200). `why` says what the step is for in a failure. Returns the answers, in order.
 */
export async function sendInOrder(ctx: ProbeContext, requests: readonly ScimRequest[], why: (request: ScimRequest) => string): Promise<ScimResponse[]> {
  const answers: ScimResponse[] = [];
  for (const request of requests) {
    const response = await ctx.send(request);
    if (request.method === "GET") {
      if (response.status !== 200) fail(response, `${why(request)}: ${sent(response)} answered ${response.status}`, "200 with the resource");
    } else {
      expectWriteAccepted(response, why(request));
    }
    answers.push(response);
  }
  return answers;
}
