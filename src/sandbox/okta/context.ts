import type { OrgStore } from "./store.js";

/** DESIGN §6's switches for what we do not know about real Okta. */
export type ConnectionsApiMode = "unknown" | "error" | "works";
export type FeaturesApiMode = "error" | "works";

export const CONNECTIONS_API_MODES: readonly ConnectionsApiMode[] = ["unknown", "error", "works"];
export const FEATURES_API_MODES: readonly FeaturesApiMode[] = ["error", "works"];

export interface EmulatorModes {
  connectionsApi: ConnectionsApiMode;
  featuresApi: FeaturesApiMode;
  /**
   * What a full app PUT does to a custom SAML app's SCIM provisioning (research/okta-api.md §13: a
   * PUT has switched it off, medium confidence): "keeps-with-features" (default) keeps it when the
   * body's `features` still lists SCIM_PROVISIONING, as setup sends it; "drops" switches it off
   * whatever the body says. Tests use it to show setup notices and reports the loss.
   */
  appPutScim: "keeps-with-features" | "drops";
}

/** What every route handler gets besides the request. */
export interface EmulatorContext {
  store: OrgStore;
  /** e.g. http://127.0.0.1:54321 (no trailing slash). */
  orgUrl: string;
  modes: EmulatorModes;
  /** Where the Admin Console lives (real Okta: the -admin host); the apps' `_links.help` point there. */
  adminOrigin: string;
}
