import type { OktaApp } from "../okta/model.js";
import { describeFeatureCheck, pendingStep, type FeatureCheck, type ManualStep } from "../templates/manual-steps.js";
import { fillPlaceholders } from "../templates/resolve.js";
import type { DesiredSetup } from "./desired.js";

/**
 * The manual steps still open, for one real app: DESIGN §2's `pending[] {step, instructions[],
 * link, verifiedBy}` with the exact Admin Console steps — a deep link, the clicks, the values to
 * paste — and secrets masked, never filled in.
 */

export interface PendingEntry {
  step: string;
  id: ManualStep["id"];
  why: string;
  instructions: string[];
  link: string;
  verifiedBy: FeatureCheck;
  /** verifiedBy in words. */
  doneWhen: string;
  /** Why the API could not do it, when setup tried. */
  note?: string;
}

/** How a secret placeholder is shown: where the value is, never the value. */
const MASKED: Record<string, string> = {
  token: "<your SCIM token, as given to setup in SCIM_TOKEN or --token-file>",
  password: "<your SCIM password, as given to setup in SCIM_PASSWORD or --password-file>",
};

/**
 * The Admin Console's origin: where the app's `_links.help` points (Okta puts it on the admin
 * host, research §14), else `https://acme-admin.okta.com` for `https://acme.okta.com`.
 */
export function adminOrigin(orgUrl: string, app?: Record<string, unknown>): string {
  const help = (app?._links as { help?: { href?: unknown } } | undefined)?.help?.href;
  if (typeof help === "string" && URL.canParse(help)) return new URL(help).origin;
  const url = new URL(orgUrl);
  const [sub, ...domain] = url.hostname.split(".");
  if (domain.length >= 2 && sub && !sub.endsWith("-admin")) url.hostname = [`${sub}-admin`, ...domain].join(".");
  return url.origin;
}

interface PendingInputs {
  desired: DesiredSetup;
  app: Pick<OktaApp, "id" | "name"> | undefined;
  /** The Admin Console's origin (adminOrigin(orgUrl), or the sandbox's admin page). */
  adminOrigin: string;
  /** Non-secret values the steps may show (the SCIM username for basic auth). */
  extraParams?: Record<string, string>;
}

export function pendingEntry(manual: ManualStep, inputs: PendingInputs, note?: string): PendingEntry {
  const params = { ...inputs.desired.params, baseUrl: inputs.desired.scim.baseUrl, ...inputs.extraParams };
  const filled = pendingStep(manual, { adminOrigin: inputs.adminOrigin, ...(inputs.app ? { appName: inputs.app.name, appId: inputs.app.id } : {}) }, params);
  // --base-url replaces a template's fixed URL too (strongDM's): the admin pastes the one setup uses.
  const templateUrl = fillPlaceholders(inputs.desired.template.scim.baseUrl.value, params);
  const instructions = filled.instructions.map((line) =>
    line.replaceAll(templateUrl, inputs.desired.scim.baseUrl).replace(/\{(token|password)\}/g, (_whole, name: string) => MASKED[name] ?? _whole),
  );
  return {
    step: filled.step,
    id: filled.id,
    why: manual.why,
    instructions,
    link: filled.link,
    verifiedBy: filled.verifiedBy,
    doneWhen: describeFeatureCheck(filled.verifiedBy),
    ...(note ? { note } : {}),
  };
}
