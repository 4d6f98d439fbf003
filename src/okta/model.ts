import { z } from "zod";

/**
 * The Okta bodies we send and the fields we read, one zod schema each. Reads are tolerant: every
 * object keeps fields we do not name (an app PUT sends back everything it read), and the shapes
 * real Okta answers with where its spec says otherwise are accepted (research/okta-api.md §14:
 * `signOnMode: null`, lists without `properties`, group push mappings without `errorSummary` or
 * `lastPush`, connections without `profile`, second-precision timestamps).
 */

const looseRecord = z.record(z.string(), z.unknown());

// ---- applications --------------------------------------------------------------------------

const userNameTemplateSchema = z.looseObject({
  template: z.string().nullish(),
  type: z.string().nullish(),
  userSuffix: z.string().nullish(),
  pushStatus: z.string().nullish(),
});
export type UserNameTemplate = z.infer<typeof userNameTemplateSchema>;

export const appSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  label: z.string(),
  status: z.string().nullish(),
  signOnMode: z.string().nullish(),
  /** Read-only: what Okta reports as switched on for the app (SCIM_PROVISIONING, PUSH_NEW_USERS, …). */
  features: z.array(z.string()).nullish(),
  credentials: z.looseObject({ userNameTemplate: userNameTemplateSchema.nullish() }).nullish(),
  settings: looseRecord.nullish(),
});
export type OktaApp = z.infer<typeof appSchema>;

/** What POST /api/v1/apps gets for an OIN app: sent raw, since the SDK strips `settings.app` (§11). */
export const createAppBodySchema = z.object({
  name: z.string().min(1),
  label: z.string().min(1),
  signOnMode: z.string().min(1),
  credentials: z.object({ userNameTemplate: z.object({ template: z.string(), type: z.string() }) }).optional(),
  settings: z.object({ app: looseRecord }).optional(),
});
export type CreateAppBody = z.infer<typeof createAppBodySchema>;

// ---- provisioning connection and features -------------------------------------------------

export const connectionSchema = z.looseObject({
  authScheme: z.string().nullish(),
  status: z.string(),
  baseUrl: z.string().nullish(),
  profile: z.looseObject({ authScheme: z.string().nullish() }).nullish(),
});
export type ProvisioningConnection = z.infer<typeof connectionSchema>;

/** Only TOKEN exists for what we would set (there is no BASIC scheme; OAUTH2 needs a client). */
export const connectionTokenRequestSchema = z.object({
  baseUrl: z.string().optional(),
  profile: z.object({ authScheme: z.literal("TOKEN"), token: z.string().min(1) }),
});
export type ConnectionTokenRequest = z.infer<typeof connectionTokenRequestSchema>;

const statusSchema = z.enum(["ENABLED", "DISABLED"]);
export const featureSchema = z.looseObject({
  name: z.string(),
  status: z.string().nullish(),
  description: z.string().nullish(),
  capabilities: looseRecord.nullish(),
});
export type OktaFeature = z.infer<typeof featureSchema>;

/** PUT /features/USER_PROVISIONING: the bare capabilities object (§3). */
export const userProvisioningRequestSchema = z.object({
  create: z.object({ lifecycleCreate: z.object({ status: statusSchema }) }).optional(),
  update: z
    .object({
      profile: z.object({ status: statusSchema }).optional(),
      lifecycleDeactivate: z.object({ status: statusSchema }).optional(),
      password: z.object({ status: statusSchema, seed: z.enum(["OKTA", "RANDOM"]).optional(), change: z.enum(["CHANGE", "KEEP_EXISTING"]).optional() }).optional(),
    })
    .optional(),
});
export type UserProvisioningRequest = z.infer<typeof userProvisioningRequestSchema>;

/** PUT /features/INBOUND_PROVISIONING, the part we set. */
export const inboundProvisioningRequestSchema = z.object({
  importSettings: z.looseObject({}).optional(),
  importRules: z.looseObject({}).optional(),
});
export type InboundProvisioningRequest = z.infer<typeof inboundProvisioningRequestSchema>;

// ---- app user schema (Profile Editor) ------------------------------------------------------

const schemaAttributeSchema = z.looseObject({
  title: z.string().nullish(),
  description: z.string().nullish(),
  type: z.string().nullish(),
  required: z.boolean().nullish(),
  scope: z.string().nullish(),
  externalName: z.string().nullish(),
  externalNamespace: z.string().nullish(),
  enum: z.array(z.unknown()).nullish(),
  default: z.unknown().optional(),
  master: z.looseObject({ type: z.string().nullish() }).nullish(),
});
export type SchemaAttribute = z.infer<typeof schemaAttributeSchema>;

const schemaPart = z.looseObject({
  properties: z.record(z.string(), schemaAttributeSchema).nullish(),
  required: z.array(z.string()).nullish(),
});

export const appUserSchemaSchema = z.looseObject({
  id: z.string().nullish(),
  name: z.string().nullish(),
  title: z.string().nullish(),
  definitions: z.looseObject({ base: schemaPart.nullish(), custom: schemaPart.nullish() }).nullish(),
});
export type AppUserSchema = z.infer<typeof appUserSchemaSchema>;

/** A custom attribute we add (sent raw: the SDK drops `enum` and `default`, §11); null removes one. */
export const customAttributeRequestSchema = z.object({
  title: z.string().min(1),
  type: z.enum(["string", "boolean", "number", "integer", "array"]),
  description: z.string().optional(),
  scope: z.enum(["NONE", "SELF"]).default("NONE"),
  externalName: z.string().min(1),
  externalNamespace: z.string().min(1),
  required: z.boolean().optional(),
  enum: z.array(z.unknown()).optional(),
  default: z.unknown().optional(),
  master: z.object({ type: z.string() }).optional(),
});
export type CustomAttributeRequest = z.input<typeof customAttributeRequestSchema>;

// ---- user types and profile mappings ---------------------------------------------------------

export const userTypeSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  displayName: z.string().nullish(),
  default: z.boolean().nullish(),
});
export type UserType = z.infer<typeof userTypeSchema>;

const mappingEnd = z.looseObject({ id: z.string(), name: z.string().nullish(), type: z.string().nullish() });

const mappingPropertySchema = z.looseObject({
  expression: z.string().nullish(),
  pushStatus: z.string().nullish(),
});
export type MappingProperty = z.infer<typeof mappingPropertySchema>;

/** List entries have no `properties`; GET by id has them (§14). */
export const mappingSchema = z.looseObject({
  id: z.string(),
  source: mappingEnd,
  target: mappingEnd,
  properties: z.record(z.string(), mappingPropertySchema).nullish(),
});
export type ProfileMapping = z.infer<typeof mappingSchema>;

/** POST /mappings/{id}: a partial update; `null` removes a property. */
export const mappingUpdateRequestSchema = z.object({
  properties: z.record(
    z.string(),
    z.object({ expression: z.string().min(1), pushStatus: z.enum(["PUSH", "DONT_PUSH"]).optional() }).nullable(),
  ),
});
export type MappingUpdateRequest = z.infer<typeof mappingUpdateRequestSchema>;

// ---- groups, group push, users, assignments ---------------------------------------------

export const groupSchema = z.looseObject({
  id: z.string(),
  type: z.string().nullish(),
  profile: z.looseObject({ name: z.string(), description: z.string().nullish() }),
});
export type OktaGroup = z.infer<typeof groupSchema>;

export const groupPushMappingSchema = z.looseObject({
  id: z.string(),
  sourceGroupId: z.string(),
  targetGroupId: z.string().nullish(),
  status: z.string(),
  errorSummary: z.string().nullish(),
  lastPush: z.string().nullish(),
  created: z.string().nullish(),
  lastUpdated: z.string().nullish(),
});
export type GroupPushMapping = z.infer<typeof groupPushMappingSchema>;

export const groupPushCreateRequestSchema = z.union([
  z.object({ sourceGroupId: z.string().min(1), status: z.enum(["ACTIVE", "INACTIVE"]), targetGroupName: z.string().min(1) }),
  z.object({ sourceGroupId: z.string().min(1), status: z.enum(["ACTIVE", "INACTIVE"]), targetGroupId: z.string().min(1) }),
]);
export type GroupPushCreateRequest = z.infer<typeof groupPushCreateRequestSchema>;

export const userSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  profile: z.looseObject({
    login: z.string(),
    email: z.string().nullish(),
    firstName: z.string().nullish(),
    lastName: z.string().nullish(),
  }),
});
export type OktaUser = z.infer<typeof userSchema>;

export const appUserSchema = z.looseObject({
  id: z.string(),
  status: z.string().nullish(),
  syncState: z.string().nullish(),
  externalId: z.string().nullish(),
  scope: z.string().nullish(),
  lastSync: z.string().nullish(),
  credentials: z.looseObject({ userName: z.string().nullish() }).nullish(),
  profile: looseRecord.nullish(),
});
export type AppUser = z.infer<typeof appUserSchema>;

export const assignUserRequestSchema = z.object({
  id: z.string().min(1),
  scope: z.literal("USER"),
  credentials: z.object({ userName: z.string().min(1) }).optional(),
  profile: looseRecord.optional(),
});
export type AssignUserRequest = z.infer<typeof assignUserRequestSchema>;

export const appGroupSchema = z.looseObject({
  id: z.string(),
  priority: z.number().nullish(),
  profile: looseRecord.nullish(),
});
export type AppGroup = z.infer<typeof appGroupSchema>;
