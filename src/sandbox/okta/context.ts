import type { OrgStore } from "./store.js";

/** DESIGN §6's switches for what we do not know about real Okta. */
export type ConnectionsApiMode = "unknown" | "error" | "works";
export type FeaturesApiMode = "error" | "works";

export const CONNECTIONS_API_MODES: readonly ConnectionsApiMode[] = ["unknown", "error", "works"];
export const FEATURES_API_MODES: readonly FeaturesApiMode[] = ["error", "works"];

export interface EmulatorModes {
  connectionsApi: ConnectionsApiMode;
  featuresApi: FeaturesApiMode;
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
