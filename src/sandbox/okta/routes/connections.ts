import type { EmulatorContext } from "../context.js";
import { validationFailed } from "../errors.js";
import { booleanQuery, isObject, jsonObjectBody, noContent, ok } from "../http.js";
import type { AppRecord, ProvisioningAuth } from "../model.js";
import type { Route } from "../router.js";
import { apiUrl, link, param } from "./shared.js";

/**
 * `/apps/{appId}/connections/default` in DESIGN §6's three modes, since nothing public says what
 * Okta does for a SCIM test app or an AIW app:
 * - `unknown` (default): what Okta answers for an app without provisioning support (research §14):
 *   200 `{"status":"UNKNOWN","profile":{"authScheme":"UNKNOWN"}}`, a POST echoed as UNKNOWN, the
 *   lifecycle calls 204 — and nothing stored;
 * - `error`: the POST answers Okta's validation error for an app whose provisioning it does not
 *   support; reads and the lifecycle calls answer as in `unknown` (the spec declares no 400 for
 *   them, and nothing recorded says otherwise);
 * - `works`: a TOKEN connection is stored as the app's provisioning credential (never basic: the
 *   API has no such scheme), `?activate=true` or lifecycle/activate turns provisioning on.
 */
const UNSUPPORTED = (): Error => validationFailed("provisioningConnection", ["Provisioning is not supported."]);

const UNKNOWN_CONNECTION = { status: "UNKNOWN", profile: { authScheme: "UNKNOWN" } } as const;

function connectionView(app: AppRecord, context: EmulatorContext): Record<string, unknown> {
  const self = apiUrl(context, `/apps/${app.id}/connections/default`);
  const connection = app.connection;
  const status = connection?.status ?? "DISABLED";
  const links = {
    ...(status === "ENABLED" ? { deactivate: link(`${self}/lifecycle/deactivate`, ["POST"]) } : { activate: link(`${self}/lifecycle/activate`, ["POST"]) }),
    self: link(self, ["POST", "GET"]),
  };
  // A provisioning-capable app never configured answers without `profile` (research §14).
  if (!connection) return { authScheme: "TOKEN", status, _links: links };
  return {
    authScheme: connection.authScheme,
    status,
    ...(connection.baseUrl !== null ? { baseUrl: connection.baseUrl } : {}),
    profile: { authScheme: connection.authScheme },
    _links: links,
  };
}

/** The credential a connection token becomes, by what the app's provisioning form takes. */
function tokenAuth(app: AppRecord, token: string): ProvisioningAuth {
  return app.defaultAuthType === "oauth-bearer" ? { type: "oauth-bearer", token } : { type: "header", value: token };
}

function setEnabled(app: AppRecord, context: EmulatorContext, enabled: boolean): void {
  if (!app.connection) return;
  context.store.setConnection(app.id, { ...app.connection, status: enabled ? "ENABLED" : "DISABLED" });
  context.store.setProvisioning(app.id, { scimEnabled: enabled });
}

export const connectionRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/v1/apps/{appId}/connections/default",
    operationId: "getDefaultProvisioningConnectionForApplication",
    scopes: ["okta.apps.read"],
    bucket: "apps",
    handle(request, context) {
      const app = context.store.getApp(param(request, "appId"));
      if (context.modes.connectionsApi !== "works") return ok(UNKNOWN_CONNECTION);
      return ok(connectionView(app, context));
    },
  },
  {
    method: "POST",
    path: "/api/v1/apps/{appId}/connections/default",
    operationId: "updateDefaultProvisioningConnectionForApplication",
    scopes: ["okta.apps.manage"],
    bucket: "apps",
    handle(request, context) {
      const app = context.store.getApp(param(request, "appId"));
      const body = jsonObjectBody(request);
      const profile = isObject(body.profile) ? body.profile : undefined;
      if (!profile || typeof profile.authScheme !== "string") throw validationFailed("provisioningConnection", ["profile.authScheme: The field cannot be left blank"]);
      if (context.modes.connectionsApi === "error") throw UNSUPPORTED();
      if (context.modes.connectionsApi === "unknown") return ok(UNKNOWN_CONNECTION);
      if (profile.authScheme !== "TOKEN") throw validationFailed("provisioningConnection", [`authScheme ${String(profile.authScheme)} is not supported for this app; use TOKEN`]);
      if (app.defaultAuthType === "basic") throw validationFailed("provisioningConnection", ["This app authenticates with a username and password, which a provisioning connection cannot hold"]);
      if (typeof profile.token !== "string" || profile.token === "") throw validationFailed("provisioningConnection", ["profile.token: The field cannot be left blank"]);
      if (body.baseUrl !== undefined && typeof body.baseUrl !== "string") throw validationFailed("provisioningConnection", ["baseUrl: Must be a string"]);
      const baseUrl = typeof body.baseUrl === "string" ? body.baseUrl : (app.connection?.baseUrl ?? null);
      context.store.setConnection(app.id, { authScheme: "TOKEN", status: app.connection?.status ?? "DISABLED", baseUrl });
      context.store.setProvisioning(app.id, { auth: tokenAuth(app, profile.token), ...(baseUrl !== null ? { baseUrl } : {}) });
      if (booleanQuery(request.url, "activate", false)) setEnabled(app, context, true);
      return ok(connectionView(app, context));
    },
  },
  {
    method: "POST",
    path: "/api/v1/apps/{appId}/connections/default/lifecycle/activate",
    operationId: "activateDefaultProvisioningConnectionForApplication",
    scopes: ["okta.apps.manage"],
    bucket: "apps",
    handle(request, context) {
      const app = context.store.getApp(param(request, "appId"));
      if (context.modes.connectionsApi === "works") setEnabled(app, context, true);
      return noContent();
    },
  },
  {
    method: "POST",
    path: "/api/v1/apps/{appId}/connections/default/lifecycle/deactivate",
    operationId: "deactivateDefaultProvisioningConnectionForApplication",
    scopes: ["okta.apps.manage"],
    bucket: "apps",
    handle(request, context) {
      const app = context.store.getApp(param(request, "appId"));
      if (context.modes.connectionsApi === "works") setEnabled(app, context, false);
      return noContent();
    },
  },
];
