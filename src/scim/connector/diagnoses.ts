import type { AuthMode } from "../../templates/schema.js";

/**
 * Why Okta's "Test Connector Configuration" would fail, each with a stable id, a title, the facts
 * and what to do. Builders are pure: they take facts and return text. Everything they return is
 * redacted again on output, but none of them is ever given a secret: credentials appear only as
 * placeholders ("Bearer <token>").
 *
 * | id                                   | check                  | when                                                               |
 * |--------------------------------------|------------------------|--------------------------------------------------------------------|
 * | connector/http-not-https             | connector/https        | http:// on a host that is not loopback (Okta requires https)       |
 * | connector/http-on-loopback           | connector/https        | warning: http:// on a loopback development server                  |
 * | connector/underscore-in-host         | connector/hostname     | `_` in the host name (Okta rejects the base URL)                   |
 * | connector/loopback-address           | connector/public-address | the host is this machine; Okta's cloud cannot reach it (optional)|
 * | connector/private-address            | connector/public-address | the host resolves only to private/link-local/reserved addresses  |
 * | connector/tls-self-signed            | connector/certificate  | self-signed certificate                                            |
 * | connector/tls-expired                | connector/certificate  | certificate expired                                                |
 * | connector/tls-not-yet-valid          | connector/certificate  | certificate not valid yet                                          |
 * | connector/tls-wrong-host             | connector/certificate  | certificate does not name the host                                 |
 * | connector/tls-untrusted              | connector/certificate  | unknown issuer or incomplete chain                                 |
 * | connector/tls-private-ca             | connector/certificate  | warning: trusted here only through NODE_EXTRA_CA_CERTS             |
 * | connector/tls-handshake              | certificate, list-users | the TLS handshake failed (also: the request's own TLS failure)    |
 * | connector/dns-failure                | connector/list-users   | the host name does not resolve                                     |
 * | connector/connection-refused         | connector/list-users   | nothing listens on the host and port                               |
 * | connector/timeout                    | connector/list-users   | no answer within --timeout (Okta waits 60 s)                       |
 * | connector/connection-reset           | connector/list-users   | the connection failed or was closed without an answer              |
 * | connector/proxy-refused              | list-users, list-groups | the forward proxy (HTTPS_PROXY) refused, e.g. 407: wants credentials |
 * | connector/answer-cut-off             | list-users, list-groups | status and headers arrived, then the body was cut off             |
 * | connector/response-too-large         | list-users, list-groups | the body is larger than --max-body (after decompression)          |
 * | connector/json-too-deep              | list-users, list-groups | the JSON nests deeper than any SCIM resource                      |
 * | connector/undecodable-body           | list-users, list-groups | a Content-Encoding Okta did not ask for, or data that does not inflate |
 * | connector/unauthorized               | list-users             | 401: the credential is refused in every form tried                 |
 * | connector/unauthorized-needs-bearer  | list-users             | 401 as configured, accepted with a `Bearer ` prefix                |
 * | connector/unauthorized-needs-raw-token | list-users           | 401 as configured, accepted without the `Bearer ` prefix           |
 * | connector/forbidden                  | list-users, list-groups | 403 (IP allow-list, missing scope or role)                        |
 * | connector/wrong-base-path            | list-users             | 404, and a likely base path answers a ListResponse                 |
 * | connector/not-found                  | list-users, list-groups | 404, and no likely base path answers                              |
 * | connector/redirect                   | list-users, list-groups | 3xx: Okta does not follow redirects                               |
 * | connector/html-page                  | list-users, list-groups | an HTML page (login page or wrong URL) instead of SCIM JSON       |
 * | connector/invalid-json               | list-users, list-groups | the body is not JSON (or empty)                                   |
 * | connector/not-list-response          | list-users, list-groups | JSON, but not a SCIM ListResponse                                 |
 * | connector/missing-resources          | list-users, list-groups | no `Resources` array: Okta's "No results for users returned"      |
 * | connector/counts-not-integers        | list-users, list-groups | totalResults/startIndex/itemsPerPage missing or not integers      |
 * | connector/server-error               | list-users, list-groups | 5xx                                                               |
 * | connector/unexpected-status          | list-users, list-groups | any other status than 200                                         |
 *
 * On connector/list-groups every diagnosis is a warning: Okta sends that request only when To App
 * settings are saved, and a server without groups may refuse it.
 */
export interface Diagnosis {
  id: DiagnosisId;
  title: string;
  /** What happened, with the facts (status, host, code). */
  message: string;
  /** One line: what to do next. */
  whatToDo: string;
}

export const DIAGNOSIS_IDS = [
  "connector/http-not-https",
  "connector/http-on-loopback",
  "connector/underscore-in-host",
  "connector/loopback-address",
  "connector/private-address",
  "connector/tls-self-signed",
  "connector/tls-expired",
  "connector/tls-not-yet-valid",
  "connector/tls-wrong-host",
  "connector/tls-untrusted",
  "connector/tls-private-ca",
  "connector/tls-handshake",
  "connector/dns-failure",
  "connector/connection-refused",
  "connector/timeout",
  "connector/connection-reset",
  "connector/proxy-refused",
  "connector/answer-cut-off",
  "connector/response-too-large",
  "connector/json-too-deep",
  "connector/undecodable-body",
  "connector/unauthorized",
  "connector/unauthorized-needs-bearer",
  "connector/unauthorized-needs-raw-token",
  "connector/forbidden",
  "connector/wrong-base-path",
  "connector/not-found",
  "connector/redirect",
  "connector/html-page",
  "connector/invalid-json",
  "connector/not-list-response",
  "connector/missing-resources",
  "connector/counts-not-integers",
  "connector/server-error",
  "connector/unexpected-status",
] as const;

export type DiagnosisId = (typeof DIAGNOSIS_IDS)[number];

const OKTA_TIMEOUT_SECONDS = 60;

/** "https://a.example/scim/v2" without a trailing slash, for messages. */
type Url = string;

// ── Static checks ────────────────────────────────────────────────────────────────────────────────

export function httpNotHttps(host: string): Diagnosis {
  return {
    id: "connector/http-not-https",
    title: "Okta requires https",
    message: `The base URL uses http:// on ${host}. Okta only connects to SCIM servers over https.`,
    whatToDo: "Serve the SCIM endpoint over https with a certificate from a public CA, and put the https:// URL into Okta.",
  };
}

export function httpOnLoopback(host: string): Diagnosis {
  return {
    id: "connector/http-on-loopback",
    title: "http:// is fine here, not in Okta",
    message: `The base URL uses http:// on the loopback host ${host}: fine for a local development server, but Okta only connects over https.`,
    whatToDo: "Use an https URL with a CA-signed certificate when you configure the app in Okta.",
  };
}

export function underscoreInHost(host: string): Diagnosis {
  return {
    id: "connector/underscore-in-host",
    title: "Underscore in the host name",
    message: `The host name ${host} contains "_". Okta rejects base URLs whose host has an underscore.`,
    whatToDo: "Use a host name without underscores (a CNAME or another DNS name for the same server).",
  };
}

export interface AddressFacts {
  host: string;
  /** Each resolved address with the name of its range, e.g. "10.1.2.3 (private)". */
  addresses: { address: string; range: string }[];
}

export function loopbackAddress(facts: AddressFacts): Diagnosis {
  return {
    id: "connector/loopback-address",
    title: "Reachable only from this machine",
    message: `${facts.host} is this machine (${describeAddresses(facts)}): the checks below show how the server behaves, but Okta's cloud cannot reach it.`,
    whatToDo:
      "Fine while developing. For Okta, deploy the server on a public https URL, or expose it through a tunnel (ngrok, cloudflared) that has a CA-signed certificate.",
  };
}

export function privateAddress(facts: AddressFacts): Diagnosis {
  return {
    id: "connector/private-address",
    title: "Not reachable from Okta's cloud",
    message: `${facts.host} resolves only to addresses that are not public (${describeAddresses(facts)}): reachable from here, not from Okta's cloud.`,
    whatToDo:
      "Publish the SCIM endpoint on a public address (reverse proxy or load balancer with public DNS), or provision through Okta's On-Premises Provisioning agent.",
  };
}

function describeAddresses(facts: AddressFacts): string {
  return facts.addresses.map(({ address, range }) => `${address}: ${range}`).join(", ");
}

// ── TLS ──────────────────────────────────────────────────────────────────────────────────────────

export interface CertificateFacts {
  host: string;
  /** Node's verification code, e.g. DEPTH_ZERO_SELF_SIGNED_CERT. */
  code: string;
  subject: string | undefined;
  issuer: string | undefined;
  altNames: string | undefined;
  validFrom: string | undefined;
  validTo: string | undefined;
  insecure: boolean;
}

const OKTA_REJECTS = "Okta rejects such a certificate";

function insecureNote(facts: CertificateFacts): string {
  return facts.insecure ? " (--insecure let this run go on; Okta has no such switch)" : "";
}

export function tlsSelfSigned(facts: CertificateFacts): Diagnosis {
  return {
    id: "connector/tls-self-signed",
    title: "Self-signed certificate",
    message: `${facts.host} presents a self-signed certificate${facts.subject ? ` (${facts.subject})` : ""} [${facts.code}]. ${OKTA_REJECTS}${insecureNote(facts)}.`,
    whatToDo: "Install a certificate from a public CA (e.g. Let's Encrypt) with its full chain on the server or its load balancer.",
  };
}

export function tlsExpired(facts: CertificateFacts): Diagnosis {
  return {
    id: "connector/tls-expired",
    title: "Expired certificate",
    message: `${facts.host}'s certificate expired${facts.validTo ? ` on ${facts.validTo}` : ""} [${facts.code}]. ${OKTA_REJECTS}${insecureNote(facts)}.`,
    whatToDo: "Renew the certificate (and automate renewal), then deploy it with its full chain.",
  };
}

export function tlsNotYetValid(facts: CertificateFacts): Diagnosis {
  return {
    id: "connector/tls-not-yet-valid",
    title: "Certificate not valid yet",
    message: `${facts.host}'s certificate is valid only from ${facts.validFrom ?? "a future date"} [${facts.code}]. ${OKTA_REJECTS}${insecureNote(facts)}.`,
    whatToDo: "Check the server's clock and the certificate's validity dates; deploy a certificate that is valid now.",
  };
}

export function tlsWrongHost(facts: CertificateFacts): Diagnosis {
  const names = facts.altNames ?? facts.subject;
  return {
    id: "connector/tls-wrong-host",
    title: "Certificate for another host",
    message: `${facts.host}'s certificate does not name ${facts.host}${names ? ` (it is for ${names})` : ""} [${facts.code}]. ${OKTA_REJECTS}${insecureNote(facts)}.`,
    whatToDo: `Use the host name the certificate was issued for in the base URL, or issue a certificate that lists ${facts.host}.`,
  };
}

export function tlsUntrusted(facts: CertificateFacts): Diagnosis {
  return {
    id: "connector/tls-untrusted",
    title: "Certificate not signed by a trusted CA",
    message: `${facts.host}'s certificate${facts.issuer ? ` (issued by ${facts.issuer})` : ""} cannot be verified: unknown issuer or incomplete chain [${facts.code}]. ${OKTA_REJECTS}${insecureNote(facts)}.`,
    whatToDo: "Serve the full chain (leaf + intermediates) and use a certificate from a public CA, not a private or corporate one.",
  };
}

export function tlsPrivateCa(facts: Pick<CertificateFacts, "host" | "issuer">): Diagnosis {
  return {
    id: "connector/tls-private-ca",
    title: "Trusted here only through NODE_EXTRA_CA_CERTS",
    message: `${facts.host}'s certificate${facts.issuer ? ` (issued by ${facts.issuer})` : ""} verifies only with the CA in NODE_EXTRA_CA_CERTS. Okta trusts public CAs only.`,
    whatToDo: "Make sure the certificate Okta will see comes from a public CA; a private or corporate CA works here but not in Okta.",
  };
}

export function tlsHandshake(host: string, code: string, message: string, certificateCheckRan: boolean): Diagnosis {
  return {
    id: "connector/tls-handshake",
    title: "TLS handshake failed",
    message: `The TLS handshake with ${host} failed [${code}]: ${message}.`,
    whatToDo: certificateCheckRan
      ? "Fix the certificate problem shown under connector/certificate, then run again."
      : "Check that the port speaks https (not plain http), and that the server offers TLS 1.2 or 1.3 with a certificate from a public CA.",
  };
}

// ── No answer ────────────────────────────────────────────────────────────────────────────────────

export function dnsFailure(host: string, code: string): Diagnosis {
  return {
    id: "connector/dns-failure",
    title: "Host name does not resolve",
    message: `${host} does not resolve [${code}]: Okta cannot find the server either.`,
    whatToDo:
      "Check the host in the base URL for typos (and the tenant in a --param); the name must be in public DNS, where Okta resolves it, not only in internal DNS.",
  };
}

export function connectionRefused(origin: string, code: string): Diagnosis {
  return {
    id: "connector/connection-refused",
    title: "Connection refused",
    message: `Nothing accepts connections at ${origin} [${code}].`,
    whatToDo: "Check the port in the base URL, that the SCIM server is running, and that the firewall or load balancer forwards that port to it.",
  };
}

export function timeout(url: Url, timeoutMs: number, code: string): Diagnosis {
  const seconds = timeoutMs / 1000;
  const limit =
    seconds < OKTA_TIMEOUT_SECONDS
      ? ` (--timeout ${seconds}; Okta itself waits ${OKTA_TIMEOUT_SECONDS} s)`
      : ` (--timeout ${seconds}; Okta gives up after ${OKTA_TIMEOUT_SECONDS} s too)`;
  return {
    id: "connector/timeout",
    title: "No answer in time",
    message: `${url} did not answer within ${seconds} s${limit} [${code}].`,
    whatToDo:
      "Make GET /Users?startIndex=1&count=2 answer quickly (page in the database, do not load every user); check for a firewall that drops packets instead of refusing them.",
  };
}

export function connectionReset(origin: string, code: string, message: string): Diagnosis {
  return {
    id: "connector/connection-reset",
    title: "Connection failed without an answer",
    message: `The connection to ${origin} failed or was closed without an HTTP answer [${code}]: ${message}.`,
    whatToDo:
      "Check the route to the server (EHOSTUNREACH/ENETUNREACH: no route), then the server's and proxy's logs: a crash, a proxy that drops unknown clients, or a port that speaks another protocol.",
  };
}

export function proxyRefused(origin: string, code: string, message: string): Diagnosis {
  return {
    id: "connector/proxy-refused",
    title: code === "PROXY_AUTH_REQUIRED" ? "The proxy asks for credentials (407)" : "The proxy refused the request",
    message: `The forward proxy this machine uses for ${origin} (HTTPS_PROXY / HTTP_PROXY) refused the request [${code}]: ${message}. The SCIM server was never asked.`,
    whatToDo:
      "Put the proxy's credentials in the proxy URL (HTTPS_PROXY=http://user:password@proxy:port), or list the host in NO_PROXY if it is reachable directly. Okta's own requests come from its cloud, not through your proxy.",
  };
}

// ── Answers that arrived but cannot be used ─────────────────────────────────────────────────────

export function answerCutOff(url: Url, status: number, code: string, message: string): Diagnosis {
  return {
    id: "connector/answer-cut-off",
    title: "The answer was cut off",
    message: `${url} answered ${status}, then the body was cut off [${code}]: ${message}. Okta gets the same broken answer and fails the test.`,
    whatToDo: "Look at the server's and any load balancer's logs for this request: a crash while writing the list, a proxy idle timeout, or a wrong Content-Length.",
  };
}

export function responseTooLarge(url: Url, status: number, message: string): Diagnosis {
  return {
    id: "connector/response-too-large",
    title: "The answer is too large",
    message: `${url} answered ${status} with a body scim-okta stopped reading: ${message}. Okta asks for 2 users; their ListResponse is a few KB.`,
    whatToDo: "Check that the server honours count (it should return at most 2 users here) and does not stream without end; raise --max-body only if the answer really is that large.",
  };
}

export function jsonTooDeep(url: Url, status: number, message: string): Diagnosis {
  return {
    id: "connector/json-too-deep",
    title: "The answer nests JSON too deep",
    message: `${url} answered ${status}, but ${message}.`,
    whatToDo: "Answer a flat SCIM ListResponse (RFC 7644 §3.4.2): Resources holds the users, each a few levels deep at most.",
  };
}

export function undecodableBody(url: Url, status: number, message: string): Diagnosis {
  return {
    id: "connector/undecodable-body",
    title: "The answer cannot be decoded",
    message: `${url} answered ${status}, but ${message}.`,
    whatToDo: "Answer uncompressed, or with Content-Encoding gzip or deflate (Okta sends Accept-Encoding: gzip,deflate), and make sure the compressed data is complete.",
  };
}

// ── HTTP answers ─────────────────────────────────────────────────────────────────────────────────

export type AuthForm = "with-bearer" | "without-bearer";

export interface UnauthorizedFacts {
  authMode: AuthMode;
  /** The configured header with the secret as a placeholder, e.g. "Bearer <token>". */
  configured: string;
  /** The other form tried, if any, and whether the server accepted it. */
  alternate: { form: AuthForm; shown: string; accepted: boolean } | undefined;
  /** The server's own words (SCIM `detail`), already cut short. */
  detail: string | undefined;
  /** The Okta app kind from --vendor/--template: what to paste differs. Unknown: both are said. */
  appKind?: "oin-test-app" | "oin-app" | "aiw" | undefined;
  /** Where the credential came from here ("--token-file t.txt"); default the env vars. */
  credentialSource?: string | undefined;
}

export function unauthorized(facts: UnauthorizedFacts): Diagnosis {
  const detail = facts.detail ? ` The server says: "${facts.detail}".` : "";
  const verbatim = 'A SCIM 2.0 Test App (Header Auth) sends what you paste into API Token verbatim';
  const aiwAddsBearer = 'an App Integration Wizard app (HTTP Header) adds "Bearer " itself';
  if (facts.alternate?.accepted && facts.alternate.form === "with-bearer") {
    const paste =
      facts.appKind === "aiw"
        ? `In Okta, ${aiwAddsBearer}: paste the token alone.`
        : facts.appKind === undefined
          ? `${verbatim}: paste "Bearer <token>" (the word Bearer, a space, the token). (In an App Integration Wizard app with HTTP Header auth, Okta adds "Bearer " itself: paste the token alone.)`
          : `${verbatim}: paste "Bearer <token>" (the word Bearer, a space, the token).`;
    return {
      id: "connector/unauthorized-needs-bearer",
      title: "The server wants the Bearer prefix",
      message: `401 for "Authorization: ${facts.configured}" as configured, but the server accepts "Authorization: ${facts.alternate.shown}".${detail}`,
      whatToDo: `${paste} Then run with --header-format "Bearer {token}".`,
    };
  }
  if (facts.alternate?.accepted && facts.alternate.form === "without-bearer") {
    const paste =
      facts.appKind === "aiw"
        ? `In Okta, ${aiwAddsBearer}, so this server cannot work with it: ask the vendor to accept "Authorization: Bearer <token>".`
        : `${verbatim}: paste the token alone, without "Bearer ".${facts.appKind === undefined ? ` (Beware: ${aiwAddsBearer}; such an app needs the server to accept "Bearer <token>".)` : ""}`;
    return {
      id: "connector/unauthorized-needs-raw-token",
      title: "The server wants the token without Bearer",
      message: `401 for "Authorization: ${facts.configured}" as configured, but the server accepts the token alone ("Authorization: ${facts.alternate.shown}").${detail}`,
      whatToDo: `${paste} Then run with --header-format "{token}".`,
    };
  }
  const tried = facts.alternate ? ` and "Authorization: ${facts.alternate.shown}"` : "";
  const whatToDo =
    facts.authMode === "basic"
      ? `Check the username and password (${facts.credentialSource ?? "SCIM_USERNAME and SCIM_PASSWORD"}) with the vendor: they are the SCIM credentials from the vendor's admin console, not your login. Paste the same pair into Okta.`
      : `Get a current SCIM/provisioning token from the vendor's admin console (not rotated or revoked, copied whole, no trailing space or newline), put it in ${facts.credentialSource ?? "SCIM_TOKEN"}, and paste the same token into Okta.`;
  return {
    id: "connector/unauthorized",
    title: facts.authMode === "basic" ? "Username or password refused" : "Token refused",
    message: `401 for "Authorization: ${facts.configured}"${tried}.${detail}`,
    whatToDo,
  };
}

export function forbidden(detail: string | undefined): Diagnosis {
  return {
    id: "connector/forbidden",
    title: "Forbidden",
    message: `403: the server knows the credential but refuses the request.${detail ? ` The server says: "${detail}".` : ""}`,
    whatToDo:
      "If the server has an IP allow-list, add Okta's IP ranges for your org's cell (Okta publishes them per cell); otherwise give the token the scope or role to read users (SCIM/provisioning admin).",
  };
}

/** `source`: where the base URL came from here ("--base-url", "SCIM_BASE_URL"), to fix it there too. */
export function wrongBasePath(base: Url, working: Url, source?: string): Diagnosis {
  return {
    id: "connector/wrong-base-path",
    title: "Wrong base path",
    message: `404 for ${base}/Users, but ${working}/Users answers a ListResponse.`,
    whatToDo: `Use ${working} as the base URL in Okta${source ? ` (and in ${source})` : ""}.`,
  };
}

/**
 * The base URL names a resource (`…/scim/v2/Users`): Okta appends /Users and /Groups itself, so it
 * would ask for `…/Users/Users`, whatever this server makes of that. `fixed` is the URL without it.
 */
export function resourceInBaseUrl(base: Url, resource: string, fixed: Url, source?: string): Diagnosis {
  return {
    id: "connector/wrong-base-path",
    title: "Wrong base path",
    message: `The base URL ends in /${resource}: Okta adds /Users and /Groups to it itself, so it would send GET ${base}/Users.`,
    whatToDo: `Use ${fixed} as the base URL in Okta${source ? ` (and in ${source})` : ""}.`,
  };
}

export function notFound(url: Url, tried: readonly Url[], detail: string | undefined, resource: "Users" | "Groups" = "Users"): Diagnosis {
  const triedText = tried.length > 0 ? ` None of these base paths answered a ListResponse either: ${tried.join(", ")}.` : "";
  return {
    id: "connector/not-found",
    title: "Not found",
    message: `404 for ${url}.${detail ? ` The server says: "${detail}".` : ""}${triedText}`,
    whatToDo:
      resource === "Groups"
        ? "Answer GET /Groups with a ListResponse (an empty one if you do not support groups): Okta sends it when To App settings are saved, and group push needs it."
        : "Take the SCIM base URL from the vendor's documentation: it is the path under which /Users and /Groups live (often ending in /scim/v2).",
  };
}

/**
 * `sameBase`: the redirect leads back under the very base URL that was given (a trailing slash
 * added, the query dropped), so no other base URL can help: the server must answer without it.
 */
export function redirect(url: Url, status: number, location: string | undefined, suggestedBase: Url | undefined, sameBase = false): Diagnosis {
  return {
    id: "connector/redirect",
    title: "Redirect",
    message: `${url} answered ${status}${location ? ` to ${location}` : " without a Location"}. Okta does not follow redirects: it fails the test.`,
    whatToDo: sameBase
      ? "The base URL is right, but the server redirects Okta's request under it (a trailing-slash or canonical-URL rule): make /Users and /Groups answer directly, exactly as requested, without a redirect."
      : suggestedBase
        ? `Use ${suggestedBase} as the base URL.`
        : "Use the URL the server redirects to as the base URL; if it redirects to a login page, exempt the SCIM path from SSO/login.",
  };
}

export function htmlPage(url: Url, status: number, loginPage: boolean, pageTitle: string | undefined): Diagnosis {
  const what = loginPage ? "a login page" : "an HTML page";
  return {
    id: "connector/html-page",
    title: loginPage ? "Login page instead of SCIM" : "HTML page instead of SCIM",
    message: `${url} answered ${status} with ${what}${pageTitle ? ` ("${pageTitle}")` : ""}, not SCIM JSON.`,
    whatToDo: loginPage
      ? "The base URL points at the web app or the SCIM path sits behind SSO: use the vendor's SCIM base URL, and exempt it from login."
      : "The base URL points at a web page, not the SCIM API: take the SCIM base URL from the vendor's documentation (often ending in /scim/v2).",
  };
}

export function invalidJson(url: Url, status: number, contentType: string | undefined, snippet: string): Diagnosis {
  return {
    id: "connector/invalid-json",
    title: "Not JSON",
    message: `${url} answered ${status}${contentType ? ` (${contentType})` : ""} with a body that is not JSON: ${snippet === "" ? "(empty)" : `"${snippet}"`}.`,
    whatToDo: "Answer with a SCIM ListResponse as application/scim+json (or application/json).",
  };
}

export function notListResponse(url: Url, why: string): Diagnosis {
  return {
    id: "connector/not-list-response",
    title: "Not a ListResponse",
    message: `${url} answered JSON that is not a SCIM ListResponse: ${why}.`,
    whatToDo:
      'Answer {"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":N,"startIndex":1,"itemsPerPage":N,"Resources":[…]} (RFC 7644 §3.4.2).',
  };
}

export function missingResources(url: Url, resource: "Users" | "Groups", found: string, alsoWrong: readonly string[]): Diagnosis {
  const also = alsoWrong.length > 0 ? ` Also: ${alsoWrong.join("; ")}.` : "";
  return {
    id: "connector/missing-resources",
    title: `No results for ${resource.toLowerCase()} returned`,
    message: `${url} answered a ListResponse whose Resources is ${found}. Okta fails the test with "No results for ${resource.toLowerCase()} returned".${also}`,
    whatToDo: 'Always include "Resources" as an array, "Resources": [] when there are none, with totalResults 0 and itemsPerPage 0.',
  };
}

export function countsNotIntegers(url: Url, problems: readonly string[]): Diagnosis {
  return {
    id: "connector/counts-not-integers",
    title: "Counts are not integers",
    message: `${url} answered a ListResponse whose counts Okta cannot read: ${problems.join("; ")}.`,
    whatToDo: 'Send totalResults, startIndex and itemsPerPage as JSON integers ("totalResults": 0), not strings, and never leave them out.',
  };
}

export function serverError(url: Url, status: number, detail: string | undefined): Diagnosis {
  return {
    id: "connector/server-error",
    title: "Server error",
    message: `${url} answered ${status}.${detail ? ` The server says: "${detail}".` : ""}`,
    whatToDo: "Look at the SCIM server's logs for this request; it must answer 200 with a ListResponse even when there are no users.",
  };
}

export function unexpectedStatus(url: Url, status: number, detail: string | undefined): Diagnosis {
  const hint =
    status === 400
      ? "Accept the startIndex and count query parameters (1-based), which Okta always sends."
      : status === 429
        ? "Raise the rate limit for Okta's client: Okta does not retry a connector test."
        : "Answer GET with 200 and a ListResponse.";
  return {
    id: "connector/unexpected-status",
    title: `Unexpected status ${status}`,
    message: `${url} answered ${status}; Okta expects 200.${detail ? ` The server says: "${detail}".` : ""}`,
    whatToDo: hint,
  };
}
