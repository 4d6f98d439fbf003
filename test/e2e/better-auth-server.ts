import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { scim } from "@better-auth/scim";
import { betterAuth, type BetterAuthOptions } from "better-auth";
import { memoryAdapter } from "better-auth/adapters/memory";
import { getAuthTables } from "better-auth/db";
import { toNodeHandler } from "better-auth/node";

/** A running Better Auth server with its SCIM plugin, the real third-party server the e2e test probes. */
export interface BetterAuthScimServer {
  /** `http://127.0.0.1:<port>/api/auth/scim/v2` */
  baseUrl: string;
  /** The raw bearer token the SCIM connection accepts. */
  token: string;
  close(): Promise<void>;
}

/**
 * Start Better Auth + @better-auth/scim in this process on 127.0.0.1, on an ephemeral port, with an
 * in-memory database (research/servers-for-tests.md §1 A). The token is random and recognisable, so
 * a leak into any output is easy to spot.
 */
export async function startBetterAuthScimServer(): Promise<BetterAuthScimServer> {
  const token = `ba-e2e-token-${randomBytes(16).toString("hex")}`;
  const options = {
    // Only signs sessions, which SCIM never uses; long enough to pass Better Auth's length check.
    secret: randomBytes(32).toString("hex"),
    logger: { disabled: true },
    telemetry: { enabled: false },
    plugins: [scim({ connections: [{ id: "scim-okta-e2e", credentials: [{ type: "bearer", id: "e2e", token }] }] })],
  } satisfies BetterAuthOptions;
  // The memory adapter throws "Model X not found" for any table that does not exist yet.
  const tables = Object.fromEntries(Object.values(getAuthTables(options)).map((table) => [table.modelName, []]));
  // No baseURL: Better Auth derives it (and SCIM meta.location) from the request's Host header.
  const auth = betterAuth({ ...options, database: memoryAdapter(tables) });

  const server = http.createServer(toNodeHandler(auth));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/api/auth/scim/v2`,
    token,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Keep-alive sockets from the probe client would otherwise hold close() open.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
