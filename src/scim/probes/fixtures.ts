import { randomBytes } from "node:crypto";
import { isSuccess, type ScimRequest, type ScimResponse } from "../client.js";
import { isJsonObject, type JsonObject } from "../json.js";
import { createUser, getUser, oktaLikeUserId, type OktaAppUser } from "../okta-dialect.js";
import { USER_SCHEMA } from "../urns.js";
import { expectResource, expectStatus } from "./response-checks.js";
import type { ProbeContext } from "./types.js";

/**
 * Users the okta-runtime and rfc probes create. Every name carries ctx.uniqueName (the run's
 * recognisable prefix) and every created id is registered for cleanup as soon as it is known.
 */

/** A user as Okta would assign it: a unique userName at the run's email domain, an Okta-like id. */
export function planOktaUser(ctx: ProbeContext, kind: string): OktaAppUser {
  const name = ctx.uniqueName(kind);
  const address = `${name}@${ctx.emailDomain}`;
  return {
    oktaUserId: oktaLikeUserId(),
    userName: address,
    givenName: "Scim-okta",
    familyName: "Probe",
    email: address,
    // Okta sends a generated password even with Sync Password off; make it pass common policies.
    password: `Sc1m-${randomBytes(9).toString("base64url")}`,
  };
}

/** `POST /Users` with the smallest RFC 7643 user, for rfc probes that must not depend on what Okta adds. */
export function createMinimalUser(userName: string, headers?: Record<string, string>): ScimRequest {
  return {
    method: "POST",
    path: "/Users",
    body: {
      schemas: [USER_SCHEMA],
      userName,
      name: { givenName: "Scim-okta", familyName: "Probe" },
      emails: [{ primary: true, value: userName, type: "work" }],
      active: true,
    },
    ...(headers ? { headers } : {}),
  };
}

export interface CreatedUser {
  id: string;
  userName: string;
  resource: JsonObject;
  response: ScimResponse;
}

/**
 * POST a user and register it for cleanup. Returns undefined (with the response) when the server
 * did not create it, so the caller decides whether that is its failure or a missing prerequisite.
 */
export async function postUser(ctx: ProbeContext, userName: string, request: ScimRequest): Promise<CreatedUser | { id: undefined; response: ScimResponse }> {
  const response = await ctx.send(request);
  const resource = response.json;
  if (isSuccess(response.status) && isJsonObject(resource) && typeof resource.id === "string" && resource.id !== "") {
    ctx.created({ type: "User", id: resource.id, name: userName });
    return { id: resource.id, userName, resource, response };
  }
  return { id: undefined, response };
}

/** Create a user with Okta's own create body (externalId, password, groups: []). */
export function postOktaUser(ctx: ProbeContext, user: OktaAppUser): ReturnType<typeof postUser> {
  return postUser(ctx, user.userName, createUser(user));
}

/** GET /Users/{id}, which must answer 200 with the user; `what` names it in a failure ("the user"). */
export async function readUser(ctx: ProbeContext, id: string, what = "the user"): Promise<{ response: ScimResponse; resource: JsonObject & { id: string } }> {
  const response = await ctx.send(getUser(id));
  expectStatus(response, 200, `200 with ${what}`);
  return { response, resource: expectResource(response, what) };
}
