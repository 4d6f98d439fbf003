import { z } from "zod";

/**
 * The vendor template schema (DESIGN §4). One YAML file per vendor in templates/; every fact copied
 * from a vendor guide carries `source: {seed, quote}` so tests can hold templates to the guides.
 * Exported as JSON Schema (schema/template.schema.json) for editors.
 */

export const sourceSchema = z
  .object({
    seed: z.string().min(1).describe("file name of the vendor guide in shared/seeds/"),
    quote: z.string().min(1).describe("verbatim text from the guide (whitespace may differ)"),
  })
  .strict()
  .describe("where a fact comes from");

/** A fact with an optional source: generic templates have none, seed templates must. */
function sourced<T extends z.ZodType>(value: T) {
  return z.object({ value, source: sourceSchema.optional() }).strict();
}

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and dashes");

export const parameterSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/),
    description: z.string().min(1),
    required: z.boolean().default(true),
    example: z.string().optional(),
    default: z.string().optional(),
    pattern: z.string().optional().describe("regular expression the value must match"),
    source: sourceSchema.optional(),
  })
  .strict();

export const prerequisiteSchema = z
  .object({
    kind: z.enum(["plan", "role", "platform-version", "vendor-support", "okta-app", "other"]),
    text: z.string().min(1),
    source: sourceSchema.optional(),
  })
  .strict();

export const appKindSchema = z.enum(["oin-test-app", "oin-app", "aiw"]).describe(
  "oin-test-app: an OIN SCIM 2.0 Test App setup can create; oin-app: a vendor's OIN catalog app, located; aiw: the admin's own SAML app with SCIM enabled (App Integration Wizard), located, never created",
);

export const appSchema = z
  .object({
    kind: appKindSchema,
    oinName: z
      .string()
      .optional()
      .describe("Okta's internal app name for create (scim2headerauth, scim2testapp, …)"),
    displayName: z.string().optional().describe("the app's name in Okta's catalog, e.g. SCIM 2.0 Test App (Header Auth)"),
    label: z.string().min(1).describe("label of the app to create, or to look for"),
    create: z.boolean().describe("setup may create the app; false: it must already exist (located by --app-id or --app-label)"),
    note: z.string().optional().describe("how sure we are of the app's names, e.g. an unconfirmed oinName"),
    source: sourceSchema.optional(),
  })
  .strict();

export const authModeSchema = z.enum(["header", "basic", "oauth-bearer"]);

export const authSchema = z
  .object({
    mode: authModeSchema,
    pasteIntoOkta: z
      .string()
      .optional()
      .describe("what the admin types into Okta's token field, e.g. \"Bearer {token}\" or \"{token}\""),
    headerSent: z
      .string()
      .optional()
      .describe("the Authorization header Okta then sends, e.g. \"Bearer {token}\""),
    credentialFrom: z.string().optional().describe("where the admin gets the token or password"),
    notes: z.array(sourced(z.string())).default([]),
    source: sourceSchema.optional(),
  })
  .strict();

export const dialectSchema = z
  .enum(["oin", "aiw"])
  .describe("oin: PATCH for activate/deactivate/password/groups, PUT for profile; aiw: GET + full PUT for everything");

export const usernameFormatSchema = z
  .object({
    format: z.enum(["email", "okta-username", "email-prefix", "custom"]),
    template: z.string().optional().describe("Okta expression for custom formats, e.g. ${source.login}"),
  })
  .strict();

export const aiwActionSchema = z.enum(["importNewUsersAndProfileUpdates", "pushNewUsers", "pushProfileUpdates", "pushGroups"]);

export const toAppSchema = z
  .object({
    createUsers: z.boolean(),
    updateUserAttributes: z.boolean(),
    deactivateUsers: z.boolean(),
    syncPassword: z.boolean(),
  })
  .strict();

export const toOktaSchema = z
  .object({
    importNewUsers: z.boolean().optional(),
    importProfileUpdates: z.boolean().optional(),
    importGroups: z.boolean().optional(),
    optional: z.boolean().default(false).describe("the guide leaves this to the admin"),
  })
  .strict();

export const customAttributeSchema = z
  .object({
    name: z.string().min(1).describe("Okta app user attribute variable name"),
    title: z.string().optional(),
    type: z.enum(["string", "boolean", "integer", "number"]).default("string"),
    externalName: z.string().min(1).describe("SCIM attribute name"),
    externalNamespace: z.string().default("urn:ietf:params:scim:schemas:core:2.0:User"),
    required: z.boolean().default(false),
    source: sourceSchema.optional(),
  })
  .strict();

export const mappingSchema = z
  .object({
    attribute: z.string().min(1).describe("app user attribute (the SCIM side)"),
    expression: z.string().optional().describe("Okta expression (user.firstName, …); {param} fills a template parameter; absent: keep Okta's default expression"),
    apply: z.enum(["create", "createAndUpdate"]).default("createAndUpdate"),
    required: z.boolean().default(false),
    note: z.string().optional(),
    source: sourceSchema.optional(),
  })
  .strict();

export const mappingsSchema = z
  .object({
    map: z.array(mappingSchema).default([]),
    optional: z.array(mappingSchema).default([]).describe("used by the vendor when present"),
    keepOnly: z
      .array(z.string())
      .optional()
      .describe("remove every other mapped attribute"),
    removable: z
      .enum(["none", "others-ignored", "others-must-go"])
      .default("none")
      .describe("others-ignored: others may be deleted safely; others-must-go: the guide says to remove them"),
    source: sourceSchema.optional(),
  })
  .strict();

export const groupPushSchema = z
  .object({
    enabled: z.boolean(),
    instructions: z.array(sourced(z.string())).default([]),
    source: sourceSchema.optional(),
  })
  .strict();

export const stepSchema = z
  .object({
    text: z.string().min(1),
    warning: z.string().optional(),
    source: sourceSchema.optional(),
  })
  .strict();

export const templateSchema = z
  .object({
    $schema: z.string().optional(),
    schemaVersion: z.literal(1),
    id: idSchema,
    name: z.string().min(1),
    description: z.string().min(1),
    guide: z
      .object({
        seed: z.string().optional().describe("file name of the vendor guide in shared/seeds/"),
        title: z.string().optional(),
        vendorSupport: z.string().optional().describe("who to contact at the vendor"),
      })
      .strict()
      .optional(),
    prerequisites: z.array(prerequisiteSchema).default([]),
    parameters: z.array(parameterSchema).default([]),
    features: z
      .object({
        supported: z.array(sourced(z.string())).default([]),
        unsupported: z.array(sourced(z.string())).default([]),
      })
      .strict()
      .default({ supported: [], unsupported: [] }),
    okta: z
      .object({
        app: appSchema,
        usernameFormat: sourced(usernameFormatSchema).optional(),
        uniqueIdentifier: sourced(z.string()).optional().describe("AIW: unique identifier field for users"),
        supportedActions: sourced(z.array(aiwActionSchema)).optional().describe("AIW: supported provisioning actions"),
        toApp: sourced(toAppSchema),
        toOkta: sourced(toOktaSchema).optional(),
        customAttributes: z.array(customAttributeSchema).default([]),
        mappings: mappingsSchema.default({ map: [], optional: [], removable: "none" }),
        groupPush: groupPushSchema.optional(),
        assignment: z.array(sourced(z.string())).default([]).describe("how assignments behave for this vendor"),
      })
      .strict(),
    scim: z
      .object({
        baseUrl: sourced(z.string().min(1)).describe("fixed URL, or a pattern with {parameter} placeholders"),
        auth: authSchema,
        dialect: dialectSchema,
      })
      .strict(),
    vendorSteps: z
      .array(stepSchema)
      .default([])
      .describe("what to do in the vendor's own dashboard, in order"),
    notes: z.array(sourced(z.string())).default([]),
  })
  .strict();

export type Template = z.infer<typeof templateSchema>;
export type TemplateSource = z.infer<typeof sourceSchema>;
export type AuthMode = z.infer<typeof authModeSchema>;
export type Dialect = z.infer<typeof dialectSchema>;
