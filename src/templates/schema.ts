import { z } from "zod";

/**
 * The vendor template schema (DESIGN §4). One YAML file per vendor in templates/; every fact of a
 * vendor template carries either `source: {seed, quote}` (the guide says so, in the quoted words) or
 * `inferred: <why>` (the guide does not say so; this is the tool's inference, and why), never both,
 * so tests can hold templates to the guides and `vendors show` can say which is which.
 * Exported as JSON Schema (schema/template.schema.json) for editors.
 */

export const sourceSchema = z
  .object({
    seed: z.string().min(1).describe("file name of the vendor guide in shared/seeds/"),
    quote: z.string().min(1).describe("verbatim text from the guide (whitespace may differ)"),
  })
  .strict()
  .describe("where a fact comes from");

const inferredSchema = z
  .string()
  .min(1)
  .describe("the guide does not state this fact: why the template holds it anyway (shown as \"not in the guide: …\")");

/** Where a fact comes from: the guide (`source`) or the tool's inference (`inferred`). Generic templates have neither. */
const provenance = { source: sourceSchema.optional(), inferred: inferredSchema.optional() };

/** The schema accepts at most one of `source` and `inferred`; the template tests require one on every vendor fact. */
function oneProvenance<T extends z.ZodObject>(object: T) {
  return object
    .refine((fact: { source?: unknown; inferred?: unknown }) => fact.source === undefined || fact.inferred === undefined, {
      message: "give either source (the guide says so) or inferred (why the tool assumes it), not both",
      path: ["inferred"],
    })
    .meta({ not: { required: ["source", "inferred"] } });
}

/** A fact: a value with its provenance. */
function fact<T extends z.ZodType>(value: T) {
  return oneProvenance(z.object({ value, ...provenance }).strict());
}

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and dashes");

const parameterSchema = oneProvenance(
  z
    .object({
      name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/),
      description: z.string().min(1),
      required: z.boolean().default(true),
      example: z.string().optional(),
      default: z.string().optional(),
      pattern: z.string().optional().describe("regular expression the value must match"),
      ...provenance,
    })
    .strict(),
);

const prerequisiteSchema = oneProvenance(
  z
    .object({
      kind: z.enum(["plan", "role", "platform-version", "vendor-support", "okta-app", "other"]),
      text: z.string().min(1),
      ...provenance,
    })
    .strict(),
);

const appKindSchema = z.enum(["oin-test-app", "oin-app", "aiw"]).describe(
  "oin-test-app: an OIN SCIM 2.0 Test App, added from Okta's catalog (Okta's API can create it); oin-app: a vendor's OIN catalog app, located; aiw: the admin's own SAML app with SCIM enabled (App Integration Wizard), located, never created",
);

/** What to do in a dashboard or console, in the guide's order; a warning is a fact of its own. */
const stepSchema = oneProvenance(
  z
    .object({
      text: z.string().min(1),
      warning: fact(z.string().min(1)).optional(),
      ...provenance,
    })
    .strict(),
);

export const appSchema = oneProvenance(
  z
    .object({
      kind: appKindSchema,
      oinName: z
        .string()
        .optional()
        .describe("Okta's internal app name for create (scim2headerauth, scim2testapp, …)"),
      displayName: z.string().optional().describe("the app's name in Okta's catalog, e.g. SCIM 2.0 Test App (Header Auth)"),
      label: z.string().min(1).describe("label of the app to create, or to look for"),
      create: z.boolean().describe("the app may be created through Okta's API; false: it must already exist and is located (by id or label)"),
      note: z.string().optional().describe("how sure we are of the app's names, e.g. an unconfirmed oinName"),
      steps: z.array(stepSchema).default([]).describe("the guide's own Admin Console steps to add or find the app, in order"),
      ...provenance,
    })
    .strict(),
);

export const authModeSchema = z.enum(["header", "basic", "oauth-bearer"]);

const authSchema = oneProvenance(
  z
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
      notes: z.array(fact(z.string())).default([]),
      ...provenance,
    })
    .strict(),
);

export const dialectSchema = z
  .enum(["oin", "aiw"])
  .describe("oin: PATCH for activate/deactivate/password/groups, PUT for profile; aiw: GET + full PUT for everything");

const usernameFormatSchema = z
  .object({
    format: z.enum(["email", "okta-username", "email-prefix", "custom"]),
    template: z.string().optional().describe("Okta expression for custom formats, e.g. ${source.login}"),
  })
  .strict();

export const aiwActionSchema = z.enum(["importNewUsersAndProfileUpdates", "pushNewUsers", "pushProfileUpdates", "pushGroups"]);

/** Provisioning to App: one fact per switch, since a guide often names the switches to turn on and says nothing of Sync Password. */
export const toAppSchema = z
  .object({
    createUsers: fact(z.boolean()),
    updateUserAttributes: fact(z.boolean()),
    deactivateUsers: fact(z.boolean()),
    syncPassword: fact(z.boolean()),
  })
  .strict();

const toOktaSchema = z
  .object({
    importNewUsers: z.boolean().optional(),
    importProfileUpdates: z.boolean().optional(),
    importGroups: z.boolean().optional(),
    optional: z.boolean().default(false).describe("the guide leaves this to the admin"),
  })
  .strict();

const customAttributeSchema = oneProvenance(
  z
    .object({
      name: z.string().min(1).describe("Okta app user attribute variable name"),
      title: z.string().optional(),
      type: z.enum(["string", "boolean", "integer", "number"]).default("string"),
      externalName: z.string().min(1).describe("SCIM attribute name"),
      externalNamespace: z.string().default("urn:ietf:params:scim:schemas:core:2.0:User"),
      required: z.boolean().default(false).describe("Okta refuses to provision a user without a value: only for what the vendor cannot do without"),
      ...provenance,
    })
    .strict(),
).describe("an app user attribute the template needs; added only when the app's schema lacks it (read the schema first)");

export const mappingSchema = oneProvenance(
  z
    .object({
      attribute: z.string().min(1).describe("app user attribute (the SCIM side)"),
      expression: z.string().optional().describe("Okta expression (user.firstName, …); {param} fills a template parameter; absent: keep Okta's default expression"),
      apply: z
        .enum(["create", "createAndUpdate"])
        .optional()
        .describe("Apply on: create, or create and update; absent: the guide does not say, and the template leaves Okta's setting as it is"),
      required: z.boolean().default(false).describe("the vendor needs a value for every user"),
      note: z.string().optional(),
      ...provenance,
    })
    .strict(),
);

const mappingsSchema = oneProvenance(
  z
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
      ...provenance,
    })
    .strict(),
);

const groupPushSchema = oneProvenance(
  z
    .object({
      enabled: z.boolean(),
      instructions: z.array(fact(z.string())).default([]),
      ...provenance,
    })
    .strict(),
);

const vendorStepSchema = oneProvenance(
  z
    .object({
      text: z.string().min(1),
      warning: fact(z.string().min(1)).optional(),
      phase: z
        .enum(["before-okta", "before-assignments", "after-okta"])
        .default("before-okta")
        .describe(
          "where the step falls in the admin's order: before-okta (gives Okta the base URL and credentials), before-assignments (after Okta's settings, before anyone is assigned), after-okta (after the assignments and group push)",
        ),
      ...provenance,
    })
    .strict(),
);

export const templateSchema = z
  .object({
    $schema: z.string().optional(),
    schemaVersion: z.literal(1),
    id: idSchema,
    name: z.string().min(1),
    description: z.string().min(1),
    guide: z
      .object({
        seed: z.string().optional().describe("file name of the vendor guide in shared/seeds/ (for the tests; never shown to users)"),
        title: z.string().optional().describe("the guide's title, as users know it"),
        vendorSupport: z.string().optional().describe("who to contact at the vendor"),
      })
      .strict()
      .optional(),
    prerequisites: z.array(prerequisiteSchema).default([]),
    parameters: z.array(parameterSchema).default([]),
    features: z
      .object({
        supported: z.array(fact(z.string())).default([]),
        unsupported: z.array(fact(z.string())).default([]),
      })
      .strict()
      .default({ supported: [], unsupported: [] }),
    okta: z
      .object({
        app: appSchema,
        usernameFormat: fact(usernameFormatSchema).optional(),
        uniqueIdentifier: fact(z.string()).optional().describe("AIW: unique identifier field for users"),
        supportedActions: fact(z.array(aiwActionSchema)).optional().describe("AIW: supported provisioning actions"),
        toApp: toAppSchema,
        toOkta: fact(toOktaSchema).optional(),
        customAttributes: z.array(customAttributeSchema).default([]),
        mappings: mappingsSchema.default({ map: [], optional: [], removable: "none" }),
        groupPush: groupPushSchema.optional(),
        assignment: z.array(fact(z.string())).default([]).describe("what to assign, how assignments behave, and what to check afterwards"),
      })
      .strict(),
    scim: z
      .object({
        baseUrl: fact(z.string().min(1)).describe("fixed URL, or a pattern with {parameter} placeholders"),
        auth: authSchema,
        dialect: dialectSchema,
      })
      .strict(),
    vendorSteps: z
      .array(vendorStepSchema)
      .default([])
      .describe("what to do in the vendor's own dashboard, in order"),
    notes: z.array(fact(z.string())).default([]),
  })
  .strict();

export type Template = z.infer<typeof templateSchema>;
export type TemplateSource = z.infer<typeof sourceSchema>;
export type AuthMode = z.infer<typeof authModeSchema>;
export type Dialect = z.infer<typeof dialectSchema>;
export type ToAppSwitch = keyof z.infer<typeof toAppSchema>;

/** A template fact's provenance, as the schema allows it on every fact. */
export interface Provenance {
  source?: TemplateSource | undefined;
  inferred?: string | undefined;
}

/** The four Provisioning to App switches as plain booleans, for the code that sets or checks them. */
export function toAppSwitches(template: Template): Record<ToAppSwitch, boolean> {
  const toApp = template.okta.toApp;
  return {
    createUsers: toApp.createUsers.value,
    updateUserAttributes: toApp.updateUserAttributes.value,
    deactivateUsers: toApp.deactivateUsers.value,
    syncPassword: toApp.syncPassword.value,
  };
}
