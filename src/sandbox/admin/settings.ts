import { z } from "zod";
import { SUPPORTED_ACTIONS, type AppRecord, type ProvisioningAuth } from "../okta/model.js";
import type { ProvisioningUpdate } from "../okta/store.js";

const nonEmpty = (what: string) => z.string({ error: `${what} must be a string` }).trim().min(1, `${what} cannot be empty`);

const baseUrl = nonEmpty("baseUrl").refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}, "baseUrl must be an http(s) URL, e.g. https://example.com/scim/v2");

const provisioningAuthSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("header"), value: nonEmpty("auth.value") }),
    z.strictObject({ type: z.literal("basic"), username: nonEmpty("auth.username"), password: nonEmpty("auth.password") }),
    z.strictObject({ type: z.literal("oauth-bearer"), token: nonEmpty("auth.token") }),
  ],
  { error: 'auth.type must be "header", "basic" or "oauth-bearer"' },
);

/** `PUT {adminUrl}/apps/{appId}/provisioning`: any subset of the settings. */
const provisioningSettingsSchema = z
  .strictObject({
    scimEnabled: z.boolean(),
    baseUrl,
    auth: provisioningAuthSchema,
    uniqueIdentifier: nonEmpty("uniqueIdentifier"),
    supportedActions: z.array(z.enum(SUPPORTED_ACTIONS)),
    toApp: z.strictObject({ create: z.boolean(), update: z.boolean(), deactivate: z.boolean(), password: z.boolean() }).partial(),
    toOkta: z.strictObject({ import: z.boolean() }).partial(),
  })
  .partial();

export type ProvisioningSettings = z.infer<typeof provisioningSettingsSchema>;

/** A settings change the Admin Console would not offer for this app: the message names the field. */
export class SettingsError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "SettingsError";
  }
}

/** Parse a JSON body; the first problem, naming its field, as a SettingsError. */
export function parseSettings(body: unknown): ProvisioningSettings {
  const parsed = provisioningSettingsSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join(".") || "(body)";
  const message = issue?.code === "unrecognized_keys" ? `unknown setting ${issue.keys.map((key) => JSON.stringify(key)).join(", ")}` : (issue?.message ?? "invalid");
  throw new SettingsError(field, `${field}: ${message}`);
}

/**
 * The Admin Console's rules for one app: AIW-only fields (unique identifier, supported actions)
 * exist only on AIW apps; To App / To Okta exist once provisioning is enabled. Wrong values that
 * the form cannot know are wrong (a token, a URL nothing answers on) are accepted: they show up
 * where Okta shows them, on app users and group pushes.
 */
export function toProvisioningUpdate(app: AppRecord, settings: ProvisioningSettings): ProvisioningUpdate {
  if (app.dialect !== "aiw") {
    if (settings.uniqueIdentifier !== undefined) throw new SettingsError("uniqueIdentifier", `uniqueIdentifier: only App Integration Wizard apps have one; ${app.name} is a catalog app`);
    if (settings.supportedActions !== undefined) throw new SettingsError("supportedActions", `supportedActions: only App Integration Wizard apps have them; ${app.name} is a catalog app`);
  }
  const enabledAfter = settings.scimEnabled ?? app.provisioning.scimEnabled;
  if (!enabledAfter && (settings.toApp !== undefined || settings.toOkta !== undefined)) {
    const field = settings.toApp !== undefined ? "toApp" : "toOkta";
    throw new SettingsError(field, `${field}: enable provisioning first (scimEnabled: true); the To App and To Okta settings appear once it is on`);
  }
  const update: ProvisioningUpdate = {};
  if (settings.scimEnabled !== undefined) update.scimEnabled = settings.scimEnabled;
  if (settings.baseUrl !== undefined) update.baseUrl = settings.baseUrl;
  if (settings.auth !== undefined) update.auth = settings.auth as ProvisioningAuth;
  if (settings.uniqueIdentifier !== undefined) update.uniqueIdentifier = settings.uniqueIdentifier;
  if (settings.supportedActions !== undefined) update.supportedActions = [...new Set(settings.supportedActions)];
  if (settings.toApp !== undefined) update.toApp = settings.toApp;
  if (settings.toOkta !== undefined) update.toOkta = settings.toOkta;
  return update;
}
