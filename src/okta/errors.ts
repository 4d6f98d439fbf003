import { CannotProceedError } from "../core/errors.js";
import type { NetworkFailure } from "../http/network-error.js";
import { accessNeed } from "./access.js";
import type { OktaConnection } from "./connection.js";

/** Okta's error body (research/okta-api.md §8, §14): only errorCode is meant for flow control. */
export interface OktaErrorBody {
  errorCode?: string;
  errorSummary?: string;
  errorCauses?: { errorSummary?: string }[];
  errorId?: string;
}

/**
 * Okta answered with an error the caller did not handle. Callers branch on `status` and
 * `errorCode` (a 404 on read means "gone"); left alone it stops the run with exit 3, saying what
 * Okta said.
 */
export class OktaRequestError extends CannotProceedError {
  constructor(
    readonly status: number,
    readonly method: string,
    /** Path and query below the org URL. */
    readonly path: string,
    readonly body: OktaErrorBody,
    message?: string,
    hint?: string,
  ) {
    super(message ?? `Okta answered ${method} ${path} with ${describeOktaError(status, body)}`, hint);
  }

  get errorCode(): string | undefined {
    return this.body.errorCode;
  }

  /** errorSummary and every errorCauses[].errorSummary, for matching Okta's words. */
  get summaries(): string[] {
    return [this.body.errorSummary, ...(this.body.errorCauses ?? []).map((cause) => cause.errorSummary)].filter((text): text is string => Boolean(text));
  }
}

/** 401/403: Okta refused our credentials or they lack a scope or admin role (exit 3, naming which). */
export class OktaAccessError extends OktaRequestError {}

/** No HTTP answer from the org (DNS, refused, timeout, TLS): exit 3 with what to check. */
export class OktaUnreachableError extends CannotProceedError {
  constructor(
    readonly failure: NetworkFailure,
    connection: Pick<OktaConnection, "orgUrl" | "orgUrlSource">,
  ) {
    super(`cannot reach Okta at ${connection.orgUrl}: ${describeFailure(failure)}`, unreachableHint(failure, connection.orgUrlSource));
  }
}

/** The OAuth token request failed: the service app, its key or its granted scopes are wrong. */
export class OktaTokenError extends CannotProceedError {}

/** "400 E0000001 Api validation failed: name (Invalid app name)". */
export function describeOktaError(status: number, body: OktaErrorBody): string {
  const causes = (body.errorCauses ?? []).map((cause) => cause.errorSummary).filter(Boolean);
  const head = [String(status), body.errorCode, body.errorSummary].filter(Boolean).join(" ");
  return causes.length > 0 ? `${head} (${causes.join("; ")})` : head;
}

interface AccessErrorInput {
  status: number;
  method: string;
  path: string;
  body: OktaErrorBody;
  /** The WWW-Authenticate header of the answer, which may name the missing scope. */
  wwwAuthenticate?: string | undefined;
  connection: OktaConnection;
}

/** Build the one-line message for a 401/403, naming the credential's source, the scope and the role. */
export function accessError(input: AccessErrorInput): OktaAccessError {
  const { status, method, path, body, connection } = input;
  const credentials = connection.credentials;
  const said = describeOktaError(status, body);
  if (status === 401) {
    const message =
      credentials.kind === "ssws"
        ? `Okta refused the API token from ${credentials.source} (${said})`
        : `Okta refused the access token of the service app from ${credentials.source} (${said})`;
    const hint =
      credentials.kind === "ssws"
        ? `check that the token belongs to ${connection.orgUrl} and has not expired or been revoked (Security → API → Tokens)`
        : `check the service app's client ID, key and key ID (OKTA_KEY_ID) in ${connection.orgUrl}`;
    return new OktaAccessError(status, method, path, body, message, hint);
  }
  const need = accessNeed(method, path);
  const namedScope = /scope="([^"]+)"/.exec(input.wwwAuthenticate ?? "")?.[1];
  const insufficientScope = /insufficient_scope/.test(input.wwwAuthenticate ?? "");
  const scopes = namedScope ? namedScope.split(/\s+/) : (need?.scopes ?? []);
  const roles = need?.roles.join(" or ") ?? "an admin role that allows it";
  const area = need?.area ?? "this endpoint";
  let message: string;
  let hint: string;
  if (credentials.kind === "private-key" && insufficientScope) {
    message = `Okta refused ${method} ${path}: the access token lacks the scope ${scopes.join(" and ")} (${said})`;
    hint = `grant ${scopes.join(" and ")} to the service app (Applications → the app → Okta API Scopes) and request it with OKTA_SCOPES`;
  } else if (credentials.kind === "private-key") {
    message = `Okta refused ${method} ${path} on ${area} (${said}): the service app needs the scope ${scopes.join(" and ")} and an admin role that covers ${area}`;
    hint = `grant ${scopes.join(" and ")} (Okta API Scopes tab) and assign the service app the role ${roles} (Admin roles tab)`;
  } else {
    message = `Okta refused ${method} ${path} on ${area} (${said}): the admin who created the API token in ${credentials.source} lacks a role that covers ${area}`;
    hint = `use a token created by an admin with the role ${roles} (an API token has its creator's permissions)`;
  }
  return new OktaAccessError(status, method, path, body, message, hint);
}

function describeFailure(failure: NetworkFailure): string {
  switch (failure.kind) {
    case "dns":
      return `the host name does not resolve (${failure.code})`;
    case "refused":
      return `the connection was refused (${failure.code})`;
    case "timeout":
      return `no answer in time (${failure.code})`;
    case "tls":
      return `the TLS handshake failed (${failure.code}: ${failure.message})`;
    case "reset":
      return `the connection was closed before an answer (${failure.code})`;
    default:
      return `${failure.code}: ${failure.message}`;
  }
}

function unreachableHint(failure: NetworkFailure, source: string): string {
  switch (failure.kind) {
    case "dns":
      return `check the org URL in ${source} (e.g. https://acme.okta.com) and your DNS; behind a proxy set HTTPS_PROXY`;
    case "refused":
      return `check the org URL and port in ${source}; behind a proxy set HTTPS_PROXY (and NO_PROXY for hosts that bypass it)`;
    case "timeout":
      return "check your network; behind a proxy set HTTPS_PROXY, and NO_PROXY for hosts that bypass it";
    case "tls":
      return "a proxy that re-signs TLS needs its CA certificate in NODE_EXTRA_CA_CERTS (a PEM file)";
    default:
      return `check the org URL in ${source}, your network and HTTPS_PROXY / NO_PROXY`;
  }
}

/** Okta answered 2xx with a body we cannot read (not JSON, or not the shape we need). */
export class OktaResponseError extends CannotProceedError {}
