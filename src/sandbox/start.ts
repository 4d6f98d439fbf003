import { randomBytes } from "node:crypto";
import { startAdminConsole, type AdminConsole } from "./admin/index.js";
import { startOktaEmulator, type ConnectionsApiMode, type FeaturesApiMode, type OktaEmulator } from "./okta/index.js";
import { ProvisioningEngine } from "./okta/provisioning/index.js";
import { startReferenceScimServer, type ReferenceScimServer } from "./scim/index.js";

export interface SandboxOptions {
  /**
   * The Okta org's port; the reference SCIM server listens on the next one and the Admin Console
   * stand-in on the one after. 0 (default): three ephemeral ports.
   */
  port?: number;
  connectionsApi?: ConnectionsApiMode;
  featuresApi?: FeaturesApiMode;
  /** Requests per minute per rate-limit bucket; default Okta's own limits. */
  rateLimit?: number;
  /** The clock (tests fix it). */
  now?: () => Date;
}

/** How to reach the sandbox: what `scim-okta sandbox --json` prints (its generated local credentials included). */
export interface SandboxCredentials {
  oktaOrgUrl: string;
  oktaApiToken: string;
  scimBaseUrl: string;
  scimToken: string;
  scimUsername: string;
  scimPassword: string;
  adminUrl: string;
}

export interface Sandbox extends SandboxCredentials {
  okta: OktaEmulator;
  scim: ReferenceScimServer;
  admin: AdminConsole;
  provisioning: ProvisioningEngine;
  /** The credentials alone, in the `--json` order. */
  credentials(): SandboxCredentials;
  /** Stop provisioning (letting queued work finish) and all three servers. */
  close(): Promise<void>;
}

const SCIM_USERNAME = "okta";

/** A secret that is recognisable in a leak and never the same twice. */
const generated = (prefix: string) => `${prefix}-${randomBytes(18).toString("base64url")}`;

const portAfter = (port: number, offset: number) => (port === 0 ? 0 : port + offset);

/**
 * Start the sandbox on 127.0.0.1 (DESIGN §6): the Okta org emulator, the reference SCIM server
 * (accepting `Bearer <scimToken>`, the raw token, and Basic `scimUsername:scimPassword`), the
 * provisioning engine between them, and the Admin Console stand-in. Used by `scim-okta sandbox`,
 * `demo` and tests. If one server cannot start, the others are stopped before the error is thrown.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const port = options.port ?? 0;
  const scimToken = generated("scim-sandbox-token");
  const scimPassword = generated("scim-sandbox-password");
  const parts: Parts = {};
  try {
    const [okta, scim] = await Promise.allSettled([
      startOktaEmulator({
        port,
        ...(options.connectionsApi ? { connectionsApi: options.connectionsApi } : {}),
        ...(options.featuresApi ? { featuresApi: options.featuresApi } : {}),
        ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit } : {}),
        ...(options.now ? { now: options.now } : {}),
      }),
      startReferenceScimServer({ port: portAfter(port, 1), auth: { mode: "header", token: scimToken, basic: { username: SCIM_USERNAME, password: scimPassword } } }),
    ]);
    if (okta.status === "fulfilled") parts.okta = okta.value;
    if (scim.status === "fulfilled") parts.scim = scim.value;
    if (okta.status === "rejected") throw okta.reason;
    if (scim.status === "rejected") throw scim.reason;
    const provisioning = (parts.provisioning = new ProvisioningEngine(okta.value.store).start());
    const admin = (parts.admin = await startAdminConsole({ store: okta.value.store, port: portAfter(port, 2), ...(options.now ? { now: options.now } : {}) }));
    // The org's Admin Console links (apps' _links.help, setup's deep links) open the stand-in.
    okta.value.setAdminOrigin(admin.url);
    const credentials: SandboxCredentials = {
      oktaOrgUrl: okta.value.orgUrl,
      oktaApiToken: okta.value.apiToken,
      scimBaseUrl: scim.value.baseUrl,
      scimToken,
      scimUsername: SCIM_USERNAME,
      scimPassword,
      adminUrl: admin.url,
    };
    return {
      ...credentials,
      okta: okta.value,
      scim: scim.value,
      admin,
      provisioning,
      credentials: () => ({ ...credentials }),
      close: () => closeParts(parts),
    };
  } catch (error) {
    await closeParts(parts);
    throw error;
  }
}

interface Parts {
  okta?: OktaEmulator;
  scim?: ReferenceScimServer;
  provisioning?: ProvisioningEngine;
  admin?: AdminConsole;
}

/** Provisioning first (its queued requests still reach the SCIM server), then the servers. */
async function closeParts(parts: Parts): Promise<void> {
  await parts.provisioning?.stop();
  await Promise.allSettled([parts.admin?.close(), parts.okta?.close(), parts.scim?.close()]);
}
