import type { OktaClient } from "../okta/client.js";
import type { OktaApp } from "../okta/model.js";
import type { DesiredSetup } from "./desired.js";
import { locateApp, observeDirectory, observeOrg, type AppLocation, type ObservedOrg } from "./observe.js";
import { planSetup, type Plan } from "./plan.js";

/**
 * Read the org and plan (read-only: verify stops here, setup confirms and applies). An ambiguous
 * label is the caller's to resolve (a prompt, or exit 2 listing the apps): `choose` picks one.
 */
export interface Prepared {
  location: AppLocation & { kind: "found" | "missing" };
  observed: ObservedOrg;
  plan: Plan;
}

export async function prepareSetup(client: OktaClient, desired: DesiredSetup, choose: (candidates: OktaApp[]) => Promise<OktaApp>): Promise<Prepared> {
  // Groups and the canary user do not depend on the app: read them while the app is being located.
  const directory = observeDirectory(client, desired);
  directory.catch(() => {});
  let location = await locateApp(client, desired);
  if (location.kind === "ambiguous") location = { kind: "found", app: await choose(location.candidates), by: "label" };
  const observed = await observeOrg(client, desired, location.kind === "found" ? location.app : undefined, directory);
  return { location, observed, plan: planSetup(desired, location, observed) };
}
