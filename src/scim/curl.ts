import type { RecordedExchange } from "../http/trace.js";
import type { AuthMode } from "../templates/schema.js";

/** How the run authenticated: the curl line names the env var that holds the secret, never the secret. */
export interface CurlAuth {
  mode: AuthMode;
  /** For header auth, e.g. "Bearer {token}" or "SSWS {token}". */
  headerFormat: string;
}

/**
 * What the probe put in the Authorization header itself instead of the configured credential
 * (e.g. Okta's step 11 sends "non-token"): a value that is not a secret, or null for none.
 */
export type AuthorizationOverride = string | null | undefined;

/**
 * Headers curl sets itself, or that would make the line lie about what was sent. Accept-Encoding
 * becomes --compressed: curl then asks for compressed answers too and decodes them, instead of
 * printing gzip to the terminal.
 */
const OMITTED_HEADERS = new Set(["authorization", "host", "content-length", "connection", "transfer-encoding", "accept-encoding"]);

/**
 * A curl command line that reproduces an exchange, secret redacted: the Authorization header is
 * built from $SCIM_TOKEN (or -u "$SCIM_USERNAME:$SCIM_PASSWORD"), so a reader can paste it after
 * exporting those variables. The exchange is already redacted; nothing here can add a secret.
 */
export function curlCommand(exchange: RecordedExchange, auth: CurlAuth, override?: AuthorizationOverride): string {
  const parts = ["curl", "-sS", "-X", exchange.method, shellQuote(exchange.url)];
  for (const [name, value] of Object.entries(exchange.requestHeaders)) {
    if (OMITTED_HEADERS.has(name.toLowerCase())) continue;
    parts.push("-H", shellQuote(`${name}: ${value}`));
  }
  if (override === undefined) {
    if (Object.keys(exchange.requestHeaders).some((name) => name.toLowerCase() === "authorization")) parts.push(...authorizationArguments(auth));
  } else if (override !== null) {
    parts.push("-H", shellQuote(`Authorization: ${override}`));
  }
  if (Object.keys(exchange.requestHeaders).some((name) => name.toLowerCase() === "accept-encoding")) parts.push("--compressed");
  if (exchange.requestBody !== undefined) parts.push("--data-raw", shellQuote(exchange.requestBody));
  return parts.join(" ");
}

function authorizationArguments(auth: CurlAuth): string[] {
  switch (auth.mode) {
    case "basic":
      return ["-u", '"$SCIM_USERNAME:$SCIM_PASSWORD"'];
    case "oauth-bearer":
      return ["-H", '"Authorization: Bearer $SCIM_TOKEN"'];
    case "header": {
      const [before = "", ...after] = auth.headerFormat.split("{token}");
      const value = `${doubleQuoteEscape(before)}$SCIM_TOKEN${after.map(doubleQuoteEscape).join("$SCIM_TOKEN")}`;
      return ["-H", `"Authorization: ${value}"`];
    }
  }
}

/** POSIX single quotes: everything literal; a ' becomes '\''. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** Inside double quotes only \ " $ ` are special. */
function doubleQuoteEscape(text: string): string {
  return text.replace(/[\\"$`]/g, (character) => `\\${character}`);
}
