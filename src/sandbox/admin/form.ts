import { authModeSchema } from "../../templates/schema.js";
import { SUPPORTED_ACTIONS, type AppRecord, type ProvisioningAuth, type SupportedAction } from "../okta/model.js";
import type { FormState } from "./page.js";
import { parseSettings, SettingsError, type ProvisioningSettings } from "./settings.js";

interface SubmittedForm {
  action: "save" | "test";
  /** What to show again if the page is re-rendered (secrets never). */
  state: FormState;
  /** The settings to save, validated like the JSON API's; undefined when `problem` says why not. */
  settings: ProvisioningSettings | undefined;
  problem: string | undefined;
  /** The base URL and credentials as submitted (secrets left empty keep the saved ones). */
  connection: { baseUrl: string | null; auth: ProvisioningAuth | null };
}

const AUTH_TYPES = authModeSchema.options;

/**
 * The Admin Console form as submitted (application/x-www-form-urlencoded). Unchecked boxes are
 * absent, so a submitted section sets every switch in it; a secret left empty keeps the one saved
 * for that auth type, as the Admin Console does.
 */
export function readForm(app: AppRecord, form: URLSearchParams): SubmittedForm {
  const current = app.provisioning;
  const text = (name: string) => (form.get(name) ?? "").trim();
  const on = (name: string) => form.has(name);
  const action = text("action") === "test" ? "test" : "save";
  const authType = (AUTH_TYPES as readonly string[]).includes(text("authType")) ? (text("authType") as FormState["authType"]) : (current.auth?.type ?? app.defaultAuthType);
  const baseUrl = text("baseUrl");

  const saved = current.auth;
  let auth: ProvisioningAuth | null = null;
  let missing: string | undefined;
  if (authType === "header") {
    const value = text("headerValue") || (saved?.type === "header" ? saved.value : "");
    if (value) auth = { type: "header", value };
    else missing = "the header value";
  } else if (authType === "basic") {
    const username = text("basicUsername");
    const password = text("basicPassword") || (saved?.type === "basic" ? saved.password : "");
    if (username && password) auth = { type: "basic", username, password };
    else missing = username ? "the password" : "the username";
  } else {
    const token = text("bearerToken") || (saved?.type === "oauth-bearer" ? saved.token : "");
    if (token) auth = { type: "oauth-bearer", token };
    else missing = "the bearer token";
  }

  const supportedActions = form.getAll("supportedActions").filter((action): action is SupportedAction => (SUPPORTED_ACTIONS as readonly string[]).includes(action));
  const scimEnabled = on("scimEnabled");
  const toApp = { create: on("toApp.create"), update: on("toApp.update"), deactivate: on("toApp.deactivate"), password: on("toApp.password") };
  const toOkta = { import: on("toOkta.import") };
  const state: FormState = {
    scimEnabled,
    baseUrl,
    authType,
    basicUsername: text("basicUsername"),
    secretsSet: { header: saved?.type === "header", basic: saved?.type === "basic", bearer: saved?.type === "oauth-bearer" },
    uniqueIdentifier: text("uniqueIdentifier") || (current.uniqueIdentifier ?? "userName"),
    supportedActions,
    toApp: form.has("toAppShown") ? toApp : { ...current.toApp },
    toOkta: form.has("toOktaShown") ? toOkta : { ...current.toOkta },
  };

  const connection = { baseUrl: baseUrl || null, auth };
  const raw: Record<string, unknown> = { scimEnabled };
  if (baseUrl) raw.baseUrl = baseUrl;
  if (auth) raw.auth = auth;
  if (app.dialect === "aiw") {
    raw.uniqueIdentifier = state.uniqueIdentifier;
    raw.supportedActions = supportedActions;
  }
  if (scimEnabled && form.has("toAppShown")) raw.toApp = toApp;
  if (scimEnabled && form.has("toOktaShown")) raw.toOkta = toOkta;
  // Credentials are required once the integration is on and has a base URL, as in the Admin Console.
  if (!auth && scimEnabled && baseUrl) return { action, state, settings: undefined, problem: `Authentication: enter ${missing ?? "the credentials"}`, connection };
  try {
    return { action, state, settings: parseSettings(raw), problem: undefined, connection };
  } catch (error) {
    if (error instanceof SettingsError) return { action, state, settings: undefined, problem: error.message, connection };
    throw error;
  }
}
