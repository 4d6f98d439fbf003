import { withQuery, type OktaClient } from "../client.js";
import { appSchema, createAppBodySchema, type CreateAppBody, type OktaApp } from "../model.js";

/**
 * Applications (research/okta-api.md §1, §7, §13). Raw JSON both ways: the SDK strips
 * `settings.app` from app bodies (§11), and a PUT replaces the whole app, so it sends back every
 * field it read — a partial body could switch provisioning off (terraform-provider-okta #655).
 */

export function getApp(client: OktaClient, appId: string): Promise<OktaApp | undefined> {
  return client.find(`/api/v1/apps/${encodeURIComponent(appId)}`, appSchema);
}

/** Apps whose label is exactly `label` (Okta's `q` matches name or label prefixes). */
export async function findAppsByLabel(client: OktaClient, label: string): Promise<OktaApp[]> {
  const wanted = label.trim();
  const candidates = await client.list(withQuery("/api/v1/apps", { q: wanted, limit: 200 }), appSchema);
  return candidates.filter((app) => app.label.trim() === wanted);
}

/** Apps created from the catalog entry `name` (e.g. every scim2headerauth instance). */
export async function findAppsByName(client: OktaClient, name: string): Promise<OktaApp[]> {
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) return [];
  const apps = await client.list(withQuery("/api/v1/apps", { filter: `name eq "${name}"`, limit: 200 }), appSchema);
  return apps.filter((app) => app.name === name);
}

/** Create (and activate) an app from an OIN catalog name. */
export function createApp(client: OktaClient, body: CreateAppBody): Promise<OktaApp> {
  return client.send("POST", withQuery("/api/v1/apps", { activate: true }), createAppBodySchema.parse(body), appSchema);
}

/**
 * Create a custom SAML 2.0 app as the Admin Console's App Integration Wizard does (Okta generates
 * its `name`). setup never does this — it only locates the admin's own app; `demo` plays the admin.
 */
export function createCustomSamlApp(client: OktaClient, label: string, signOn: Record<string, unknown>): Promise<OktaApp> {
  return client.send("POST", withQuery("/api/v1/apps", { activate: true }), { label, signOnMode: "SAML_2_0", settings: { signOn } }, appSchema);
}

/**
 * Replace an app with `app` as read and then changed: every field goes back. Okta reads a catalog
 * app created with AUTO_LOGIN back as `signOnMode: null` (§14) but will not take a blank one: the
 * mode it was created with goes back instead.
 */
export function replaceApp(client: OktaClient, app: OktaApp, createdSignOnMode = "AUTO_LOGIN"): Promise<OktaApp> {
  const body = app.signOnMode ? app : { ...app, signOnMode: createdSignOnMode };
  return client.send("PUT", `/api/v1/apps/${encodeURIComponent(app.id)}`, body, appSchema);
}

/** The app's read-only `features` (empty when Okta leaves it out or sends null). */
export function appFeatures(app: OktaApp): string[] {
  return app.features ?? [];
}

/**
 * The Admin Console page of an app, at a tab (`#tab-provisioning`, `#tab-general`, …): the admin
 * host `acme-admin.okta.com` for `acme.okta.com` (§13). A loopback org (the sandbox) keeps its host.
 */
export function adminConsoleAppUrl(orgUrl: string, app: Pick<OktaApp, "id" | "name">, tab: string): string {
  const url = new URL(orgUrl);
  const [sub, ...domain] = url.hostname.split(".");
  if (domain.length >= 2 && sub && !sub.endsWith("-admin")) url.hostname = [`${sub}-admin`, ...domain].join(".");
  return `${url.origin}/admin/app/${encodeURIComponent(app.name)}/instance/${encodeURIComponent(app.id)}/#${tab}`;
}
