import type { EmulatorContext } from "../context.js";
import { malformedBody, resourceNotFound, validationFailed } from "../errors.js";
import { FEATURE_NAMES, featureObject, type FeatureName } from "../features.js";
import { isObject, jsonObjectBody, ok, type ApiRequest } from "../http.js";
import type { AppRecord } from "../model.js";
import type { Route } from "../router.js";
import type { ProvisioningUpdate } from "../store.js";
import { apiUrl, link, param } from "./shared.js";

/**
 * `/apps/{appId}/features[/{featureName}]` (research §3, §14): Okta checks the feature name first
 * (404 … (PublicAppFeatureSetName), even for an unknown app), then the app, then the body
 * (E0000003), then whether provisioning is on (400 E0000001 "Provisioning is not supported.").
 * With provisioning on, `--features-api error` keeps answering that error (the API is documented
 * only for a few catalog apps) and `works` reads and writes the To App / To Okta switches.
 */
function notSupported(): Error {
  return validationFailed("feature", ["Provisioning is not supported."]);
}

function checkedFeatureName(request: ApiRequest): FeatureName {
  const name = param(request, "featureName");
  if (!(FEATURE_NAMES as readonly string[]).includes(name)) throw resourceNotFound("INVALID_FEATURE_TYPE", "PublicAppFeatureSetName");
  return name as FeatureName;
}

function usableApp(app: AppRecord, context: EmulatorContext): AppRecord {
  if (!app.provisioning.scimEnabled || context.modes.featuresApi === "error") throw notSupported();
  return app;
}

function featureView(app: AppRecord, name: FeatureName, context: EmulatorContext): Record<string, unknown> {
  return { ...featureObject(app, name), _links: { self: link(apiUrl(context, `/apps/${app.id}/features/${name}`), ["GET", "PUT"]) } };
}

const status = (value: unknown): boolean | undefined => (isObject(value) && (value.status === "ENABLED" || value.status === "DISABLED") ? value.status === "ENABLED" : undefined);

/** The bare capabilities object of a USER_PROVISIONING PUT as a partial change of the To App switches. */
function userProvisioningUpdate(body: Record<string, unknown>): ProvisioningUpdate {
  const create = isObject(body.create) ? body.create : {};
  const update = isObject(body.update) ? body.update : {};
  const password = isObject(update.password) ? update.password : {};
  const causes: string[] = [];
  if (password.seed !== undefined && password.seed !== "OKTA" && password.seed !== "RANDOM") causes.push("update.password.seed: Must be OKTA or RANDOM");
  if (password.change !== undefined && password.change !== "CHANGE" && password.change !== "KEEP_EXISTING") causes.push("update.password.change: Must be CHANGE or KEEP_EXISTING");
  if (causes.length > 0) throw validationFailed("feature", causes);
  return {
    toApp: {
      create: status(create.lifecycleCreate),
      update: status(update.profile),
      deactivate: status(update.lifecycleDeactivate),
      password: status(update.password),
    },
    ...(password.seed !== undefined ? { passwordSeed: password.seed as "OKTA" | "RANDOM" } : {}),
    ...(password.change !== undefined ? { passwordChange: password.change as "CHANGE" | "KEEP_EXISTING" } : {}),
  };
}

export const featureRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/v1/apps/{appId}/features",
    operationId: "listFeaturesForApplication",
    scopes: ["okta.apps.read"],
    bucket: "apps",
    handle(request, context) {
      const app = usableApp(context.store.getApp(param(request, "appId")), context);
      return ok(FEATURE_NAMES.map((name) => featureView(app, name, context)));
    },
  },
  {
    method: "GET",
    path: "/api/v1/apps/{appId}/features/{featureName}",
    operationId: "getFeatureForApplication",
    scopes: ["okta.apps.read"],
    bucket: "apps",
    handle(request, context) {
      const name = checkedFeatureName(request);
      const app = usableApp(context.store.getApp(param(request, "appId")), context);
      return ok(featureView(app, name, context));
    },
  },
  {
    method: "PUT",
    path: "/api/v1/apps/{appId}/features/{featureName}",
    operationId: "updateFeatureForApplication",
    scopes: ["okta.apps.manage"],
    bucket: "apps",
    handle(request, context) {
      const name = checkedFeatureName(request);
      const app = context.store.getApp(param(request, "appId"));
      if (request.bodyText.trim() === "") throw malformedBody();
      const body = jsonObjectBody(request);
      usableApp(app, context);
      if (name === "USER_PROVISIONING") {
        context.store.setProvisioning(app.id, userProvisioningUpdate(body));
      } else {
        const stored = app.provisioning.inboundSettings ?? {};
        const inboundSettings = { ...stored, ...(isObject(body.importSettings) ? { importSettings: body.importSettings } : {}), ...(isObject(body.importRules) ? { importRules: body.importRules } : {}) };
        context.store.setProvisioning(app.id, { inboundSettings, toOkta: { import: true } });
      }
      return ok(featureView(app, name, context));
    },
  },
];
