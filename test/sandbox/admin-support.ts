import { request } from "undici";
import { startSandbox, type Sandbox } from "../../src/sandbox/start.js";

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- bodies are read field by field

/** A sandbox whose Okta org has no rate limit worth hitting (tests poll over HTTP). */
export function sandbox(): Promise<Sandbox> {
  return startSandbox({ rateLimit: 100_000 });
}

/** Call the Okta org's API with the sandbox's SSWS token. */
export async function okta(box: Sandbox, method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<{ status: number; json: Json }> {
  const response = await request(`${box.oktaOrgUrl}${path}`, {
    method,
    headers: { authorization: `SSWS ${box.oktaApiToken}`, accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.body.text();
  return { status: response.statusCode, json: text ? (JSON.parse(text) as Json) : {} };
}

/** Call the Admin Console stand-in's JSON API; `text` is the raw answer, for secret checks. */
export async function admin(box: Sandbox, method: "GET" | "PUT" | "POST", path: string, body?: unknown): Promise<{ status: number; json: Json; text: string }> {
  const response = await request(`${box.adminUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await response.body.text();
  let json: Json = {};
  try {
    json = JSON.parse(text) as Json;
  } catch {
    // HTML or empty: callers look at text
  }
  return { status: response.statusCode, json, text };
}

/** Add an app the way setup does: OIN test apps by name, the admin's custom SAML app without one. */
export async function addApp(box: Sandbox, kind: "scim2headerauth" | "scim2testapp_basic" | "custom-saml", label = "My SCIM app"): Promise<Json> {
  const body =
    kind === "custom-saml"
      ? { label, signOnMode: "SAML_2_0", settings: { signOn: { ssoAcsUrl: "https://example.com/sso", audience: "https://example.com", recipient: "https://example.com/sso", destination: "https://example.com/sso" } } }
      : { name: kind, label, signOnMode: "AUTO_LOGIN", settings: { app: {} } };
  const created = await okta(box, "POST", "/api/v1/apps", body);
  if (created.status !== 200) throw new Error(`creating the app answered ${created.status}: ${JSON.stringify(created.json)}`);
  return created.json;
}
