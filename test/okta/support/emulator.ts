import { generateKeyPairSync, randomUUID } from "node:crypto";
import { Redactor } from "../../../src/core/redact.js";
import { OktaClient } from "../../../src/okta/client.js";
import { SETUP_SCOPES, type OktaConnection } from "../../../src/okta/connection.js";
import { startOktaEmulator, type ConnectionsApiMode, type FeaturesApiMode, type OktaEmulator, type RecordedExchange } from "../../../src/sandbox/okta/index.js";

export type CredentialKind = "ssws" | "private-key";

export const CREDENTIAL_KINDS: readonly CredentialKind[] = ["ssws", "private-key"];

export interface OktaFixture {
  emulator: OktaEmulator;
  client: OktaClient;
  redactor: Redactor;
  /** Every exchange the emulator answered, in order. */
  exchanges: RecordedExchange[];
  /** Write calls (not GET) the emulator answered with 2xx, token requests left out. */
  writesAtEmulator(): number;
  /** The secrets the client holds (the SSWS token, or the private key), for canary checks. */
  secrets: string[];
  close(): Promise<void>;
}

export interface FixtureOptions {
  credentials: CredentialKind;
  connectionsApi?: ConnectionsApiMode;
  featuresApi?: FeaturesApiMode;
  /** Scopes granted to the service app (default: everything setup asks for). */
  grantedScopes?: readonly string[];
  /** Scopes the client requests (default: setup's). */
  requestedScopes?: readonly string[];
}

/** The Okta org emulator over real HTTP and an OktaClient logged in to it with SSWS or a service app's private key. */
export async function oktaFixture(options: FixtureOptions): Promise<OktaFixture> {
  const exchanges: RecordedExchange[] = [];
  const emulator = await startOktaEmulator({
    connectionsApi: options.connectionsApi ?? "unknown",
    featuresApi: options.featuresApi ?? "error",
    rateLimit: 100_000,
    record: (exchange) => exchanges.push(exchange),
  });
  let connection: OktaConnection;
  let secrets: string[];
  if (options.credentials === "ssws") {
    connection = { orgUrl: emulator.orgUrl, orgUrlSource: "--org-url", credentials: { kind: "ssws", token: emulator.apiToken, source: "OKTA_API_TOKEN" } };
    secrets = [emulator.apiToken];
  } else {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const keyId = randomUUID();
    const { clientId } = emulator.registerOAuthClient({ publicKeys: [{ ...publicKey.export({ format: "jwk" }), kid: keyId, alg: "RS256", use: "sig" }], scopes: options.grantedScopes ?? SETUP_SCOPES });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    connection = {
      orgUrl: emulator.orgUrl,
      orgUrlSource: "--org-url",
      credentials: { kind: "private-key", clientId, privateKey: pem, keyId, scopes: [...(options.requestedScopes ?? SETUP_SCOPES)], source: "OKTA_CLIENT_ID with OKTA_PRIVATE_KEY" },
    };
    secrets = [pem];
  }
  const redactor = new Redactor();
  const client = new OktaClient({ connection, env: {}, redactor });
  return {
    emulator,
    client,
    redactor,
    exchanges,
    secrets,
    writesAtEmulator: () => exchanges.filter((exchange) => exchange.method !== "GET" && exchange.status < 300 && exchange.path !== "/oauth2/v1/token").length,
    close: async () => {
      await client.close();
      await emulator.close();
    },
  };
}
