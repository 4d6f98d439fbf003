import { randomBytes } from "node:crypto";
import type * as Jose from "jose";
import type { JWK } from "jose";
import { newOktaId } from "./ids.js";

/**
 * OAuth 2.0 for the emulator (research §8): a service app registers a public key; it gets an
 * access token at POST /oauth2/v1/token with `grant_type=client_credentials` and a private-key-JWT
 * `client_assertion` (RFC 7523) whose signature, `iss`/`sub` (the client id), `aud` (the token
 * endpoint) and `exp` are checked with `jose`. Tokens carry the granted scopes; routes enforce them.
 */
export interface OAuthClientRegistration {
  /** Default: a generated `0oa…` id. */
  clientId?: string;
  /** The public key(s) the client signs its assertions with (JWKs, e.g. from jose's exportJWK). */
  publicKeys: JWK[];
  /** The Okta API scopes granted to the service app. */
  scopes: readonly string[];
}

interface RegisteredClient {
  clientId: string;
  publicKeys: JWK[];
  scopes: ReadonlySet<string>;
}

/** jose is loaded on the first token request: the sandbox starts without paying for it. */
let jose: Promise<typeof Jose> | undefined;

const ACCESS_TOKEN_SECONDS = 3600;
/** Okta refuses assertions that expire more than an hour ahead. */
const MAX_ASSERTION_SECONDS = 3600;
const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

export interface TokenReply {
  status: number;
  body: Record<string, unknown>;
}

export class AccessTokens {
  private readonly clients = new Map<string, RegisteredClient>();
  private readonly tokens = new Map<string, { scopes: ReadonlySet<string>; expiresAt: number }>();

  constructor(private readonly now: () => Date) {}

  register(registration: OAuthClientRegistration): { clientId: string } {
    const clientId = registration.clientId ?? newOktaId("0oa");
    this.clients.set(clientId, { clientId, publicKeys: [...registration.publicKeys], scopes: new Set(registration.scopes) });
    return { clientId };
  }

  /** The scopes of a live access token, or undefined for an unknown or expired one. */
  scopesOf(token: string): ReadonlySet<string> | undefined {
    const entry = this.tokens.get(token);
    if (!entry || entry.expiresAt <= this.now().getTime()) return undefined;
    return entry.scopes;
  }

  /** Mint a token directly (tests that are not about the token exchange). */
  issue(scopes: readonly string[]): string {
    const token = `eyJ${randomBytes(32).toString("base64url")}`;
    this.tokens.set(token, { scopes: new Set(scopes), expiresAt: this.now().getTime() + ACCESS_TOKEN_SECONDS * 1000 });
    return token;
  }

  /** POST /oauth2/v1/token with a form body. */
  async exchange(form: URLSearchParams, tokenEndpoint: string): Promise<TokenReply> {
    const fail = (status: number, error: string, description: string): TokenReply => ({ status, body: { error, error_description: description } });
    if (form.get("grant_type") !== "client_credentials") return fail(400, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server.");
    const assertion = form.get("client_assertion");
    if (form.get("client_assertion_type") !== JWT_BEARER || !assertion) {
      return fail(401, "invalid_client", "Client authentication failed: a private key JWT client_assertion is required.");
    }
    const { createLocalJWKSet, decodeJwt, errors: joseErrors, jwtVerify } = await (jose ??= import("jose"));
    let clientId: string | undefined;
    try {
      const claims = decodeJwt(assertion);
      clientId = typeof claims.iss === "string" ? claims.iss : undefined;
    } catch {
      return fail(401, "invalid_client", "The client_assertion is not a valid JWT.");
    }
    const client = clientId ? this.clients.get(clientId) : undefined;
    if (!client) return fail(401, "invalid_client", "The client_id is not valid.");
    try {
      const { payload } = await jwtVerify(assertion, createLocalJWKSet({ keys: client.publicKeys }), {
        issuer: client.clientId,
        subject: client.clientId,
        audience: tokenEndpoint,
        requiredClaims: ["exp"],
        currentDate: this.now(),
      });
      if ((payload.exp ?? 0) - Math.floor(this.now().getTime() / 1000) > MAX_ASSERTION_SECONDS) {
        return fail(400, "invalid_client", "The client_assertion token has an expiration too far into the future.");
      }
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) return fail(401, "invalid_client", "The client_assertion token is expired.");
      if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === "aud") {
        return fail(401, "invalid_client", "The audience claim for client_assertion must be the endpoint invoking the client_assertion.");
      }
      if (error instanceof joseErrors.JWTClaimValidationFailed) return fail(401, "invalid_client", `The client_assertion claim '${error.claim}' is not valid.`);
      return fail(401, "invalid_client", "The client_assertion signature is invalid.");
    }
    const requested = (form.get("scope") ?? "").split(" ").filter((scope) => scope !== "");
    const granted = requested.filter((scope) => client.scopes.has(scope));
    if (requested.length === 0) return fail(400, "invalid_scope", "The authorization server resource does not have any configured default scopes, 'scope' must be provided.");
    if (granted.length === 0) return fail(400, "consent_required", "You are not allowed any of the requested scopes.");
    const accessToken = this.issue(granted);
    return { status: 200, body: { token_type: "Bearer", expires_in: ACCESS_TOKEN_SECONDS, access_token: accessToken, scope: granted.join(" ") } };
  }
}
