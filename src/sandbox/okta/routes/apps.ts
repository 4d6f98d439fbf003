import type { EmulatorContext } from "../context.js";
import { validationFailed } from "../errors.js";
import { appFeatures } from "../features.js";
import { booleanQuery, isObject, jsonObjectBody, noContent, ok, type ApiRequest } from "../http.js";
import type { AppRecord } from "../model.js";
import { paginate } from "../paging.js";
import type { Route } from "../router.js";
import type { NewApp } from "../store.js";
import { apiUrl, link, oktaFilterPredicate, param } from "./shared.js";

const APPS_READ = ["okta.apps.read"];
const APPS_MANAGE = ["okta.apps.manage"];

/** The appLinks key: `<name>_link` for a custom SAML app, `login` for an OIN SAML app, `<name>_login` otherwise (research §13, §14). */
function appLinkName(app: AppRecord): string {
  if (app.kind === "custom-saml") return `${app.name}_link`;
  return app.signOnMode === "SAML_2_0" ? "login" : `${app.name}_login`;
}

/** What Okta adds to a custom SAML app's settings.signOn (research §14), under what the client sent. */
function customSamlSignOn(sent: unknown): Record<string, unknown> {
  return {
    defaultRelayState: "",
    ssoAcsUrl: "",
    idpIssuer: "http://www.okta.com/${org.externalKey}",
    audience: "",
    recipient: "",
    destination: "",
    subjectNameIdTemplate: "${user.userName}",
    subjectNameIdFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
    responseSigned: true,
    assertionSigned: true,
    signatureAlgorithm: "RSA_SHA256",
    digestAlgorithm: "SHA256",
    honorForceAuthn: true,
    authnContextClassRef: "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
    spIssuer: null,
    requestCompressed: false,
    attributeStatements: [],
    inlineHooks: [],
    allowMultipleAcsEndpoints: false,
    acsEndpoints: [],
    assertionEncryption: { enabled: false },
    ...(isObject(sent) ? sent : {}),
  };
}

/** OIN SAML apps answer a reduced settings.signOn: only the *Override fields, defaultRelayState and attributeStatements (research §14). */
function oinSamlSignOn(sent: unknown): Record<string, unknown> {
  const given = isObject(sent) ? sent : {};
  const kept = ["defaultRelayState", "ssoAcsUrlOverride", "audienceOverride", "recipientOverride", "destinationOverride"].filter((key) => typeof given[key] === "string");
  return { ...Object.fromEntries(kept.map((key) => [key, given[key]])), attributeStatements: Array.isArray(given.attributeStatements) ? given.attributeStatements : [] };
}

function appView(app: AppRecord, context: EmulatorContext): Record<string, unknown> {
  const self = apiUrl(context, `/apps/${app.id}`);
  const linkName = appLinkName(app);
  const settings: Record<string, unknown> = { app: {}, manualProvisioning: false, implicitAssignment: false, emOptInStatus: "NONE", ...app.settings };
  if (app.kind === "custom-saml") settings.signOn = customSamlSignOn(app.settings.signOn);
  else if (app.signOnMode === "SAML_2_0") settings.signOn = oinSamlSignOn(app.settings.signOn);
  const visibilityLinks = isObject(app.visibility.appLinks) ? app.visibility.appLinks : {};
  return {
    id: app.id,
    orn: `orn:okta:idp:${context.store.orgName}:apps:${app.name}:${app.id}`,
    name: app.name,
    label: app.label,
    status: app.status,
    lastUpdated: app.lastUpdated,
    created: app.created,
    accessibility: { selfService: false, ...app.accessibility },
    visibility: { autoSubmitToolbar: false, hide: { iOS: false, web: false }, ...app.visibility, appLinks: { [linkName]: true, ...visibilityLinks } },
    features: appFeatures(app),
    signOnMode: app.signOnMode,
    credentials: app.credentials,
    universalLogout: { status: "UNSUPPORTED" },
    settings,
    ...(app.profile !== undefined ? { profile: app.profile } : {}),
    _links: {
      uploadLogo: link(`${self}/logo`, ["POST"]),
      appLinks: [{ name: linkName, href: `${context.orgUrl}/home/${app.name}/${app.id}/${linkName}`, type: "text/html" }],
      policies: link(`${self}/policies`, ["PUT"]),
      // On the admin host, as real Okta puts it (research §14): setup derives its Admin Console deep links from this origin.
      help: { href: `${context.adminOrigin}/app/${app.name}/${app.id}/setup/help/${app.signOnMode ?? "AUTO_LOGIN"}/instructions`, type: "text/html" },
      groups: link(`${self}/groups`),
      logo: [],
      users: link(`${self}/users`),
      ...(app.status === "ACTIVE" ? { deactivate: link(`${self}/lifecycle/deactivate`) } : { activate: link(`${self}/lifecycle/activate`) }),
      self: link(self),
    },
  };
}

/** The fields of an app body the emulator keeps, checked as Okta checks them (label and signOnMode required). */
function newAppFrom(body: Record<string, unknown>, context: string, current?: AppRecord): NewApp & { features?: unknown } {
  const causes: string[] = [];
  if (typeof body.label !== "string" || body.label.trim() === "") causes.push("label: The field cannot be left blank");
  // A catalog app Okta answers with `signOnMode: null` gets that null back in a GET-modify-PUT.
  const keepsNullMode = current?.signOnMode === null && (body.signOnMode === null || body.signOnMode === undefined);
  if (!keepsNullMode && (typeof body.signOnMode !== "string" || body.signOnMode === "")) causes.push("signOnMode: The field cannot be left blank");
  if (body.name !== undefined && typeof body.name !== "string") causes.push("name: Must be a string");
  for (const field of ["credentials", "settings", "visibility", "accessibility", "profile"]) {
    if (body[field] !== undefined && body[field] !== null && !isObject(body[field])) causes.push(`${field}: Must be an object`);
  }
  if (causes.length > 0) throw validationFailed(context, causes);
  const objectOrUndefined = (value: unknown): Record<string, unknown> | undefined => (isObject(value) ? value : undefined);
  return {
    ...(typeof body.name === "string" ? { name: body.name } : {}),
    label: body.label as string,
    signOnMode: keepsNullMode ? "AUTO_LOGIN" : (body.signOnMode as string),
    credentials: objectOrUndefined(body.credentials),
    settings: objectOrUndefined(body.settings),
    visibility: objectOrUndefined(body.visibility),
    accessibility: objectOrUndefined(body.accessibility),
    profile: objectOrUndefined(body.profile),
    features: body.features,
  };
}

/** `expand` values Okta accepts on the apps list; anything else is 400 E0000001 (research §14). */
function checkExpand(expand: string | null): void {
  if (expand !== null && !/^user\/\w+$/.test(expand)) throw validationFailed("expand", [`Invalid expand value: ${expand}`]);
}

export const appRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/v1/apps",
    operationId: "listApplications",
    scopes: APPS_READ,
    bucket: "apps",
    handle(request, context) {
      const { url } = request;
      checkExpand(url.searchParams.get("expand"));
      const matches = oktaFilterPredicate(url.searchParams.get("filter"), "filter");
      const q = url.searchParams.get("q")?.toLowerCase();
      const apps = [...context.store.apps.values()]
        .filter((app) => !q || app.name.toLowerCase().startsWith(q) || app.label.toLowerCase().startsWith(q))
        .filter((app) => matches({ id: app.id, name: app.name, status: app.status, label: app.label }));
      const page = paginate(apps, url, context.orgUrl, { defaultLimit: 20, maxLimit: 200, keptParams: ["q", "filter", "expand"], cursorOf: (id) => id });
      return ok(
        page.items.map((app) => appView(app, context)),
        { Link: page.link },
      );
    },
  },
  {
    method: "POST",
    path: "/api/v1/apps",
    operationId: "createApplication",
    scopes: APPS_MANAGE,
    bucket: "apps",
    handle(request: ApiRequest, context) {
      const input = newAppFrom(jsonObjectBody(request), "app");
      // `features` in the body is ignored, as Okta ignores it (okta-developer-docs #5130).
      const app = context.store.createApp(input, booleanQuery(request.url, "activate", true));
      return ok(appView(app, context));
    },
  },
  {
    method: "GET",
    path: "/api/v1/apps/{appId}",
    operationId: "getApplication",
    scopes: APPS_READ,
    bucket: "app",
    handle: (request, context) => ok(appView(context.store.getApp(param(request, "appId")), context)),
  },
  {
    method: "PUT",
    path: "/api/v1/apps/{appId}",
    operationId: "replaceApplication",
    scopes: APPS_MANAGE,
    bucket: "app",
    handle(request, context) {
      const appId = param(request, "appId");
      const current = context.store.getApp(appId);
      const app = context.store.replaceApp(appId, newAppFrom(jsonObjectBody(request), "app", current), { dropsScim: context.modes.appPutScim === "drops" });
      return ok(appView(app, context));
    },
  },
  {
    method: "DELETE",
    path: "/api/v1/apps/{appId}",
    operationId: "deleteApplication",
    scopes: APPS_MANAGE,
    bucket: "app",
    handle(request, context) {
      context.store.deleteApp(param(request, "appId"));
      return noContent();
    },
  },
  {
    method: "POST",
    path: "/api/v1/apps/{appId}/lifecycle/activate",
    operationId: "activateApplication",
    scopes: APPS_MANAGE,
    bucket: "apps",
    handle(request, context) {
      context.store.setAppStatus(param(request, "appId"), "ACTIVE");
      // The spec declares no body here; only deactivate was recorded answering `{}` (research §14).
      return { status: 200 };
    },
  },
  {
    method: "POST",
    path: "/api/v1/apps/{appId}/lifecycle/deactivate",
    operationId: "deactivateApplication",
    scopes: APPS_MANAGE,
    bucket: "apps",
    handle(request, context) {
      context.store.setAppStatus(param(request, "appId"), "INACTIVE");
      return ok({});
    },
  },
];
