/**
 * The schemas the reference server implements (RFC 7643 §4, §8.7.1), as data. One definition
 * drives /Schemas, filter case-exactness, attribute-name canonicalisation and `returned` rules, so
 * what the server advertises is what it does.
 */
export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
export const PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const SERVICE_PROVIDER_CONFIG_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
export const RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
export const SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

export interface AttributeDefinition {
  name: string;
  type: "string" | "boolean" | "complex" | "reference" | "dateTime" | "integer" | "decimal" | "binary";
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: "readOnly" | "readWrite" | "immutable" | "writeOnly";
  returned: "always" | "never" | "default" | "request";
  uniqueness: "none" | "server" | "global";
  subAttributes?: AttributeDefinition[];
  referenceTypes?: string[];
  canonicalValues?: string[];
}

export interface SchemaDefinition {
  id: string;
  name: string;
  description: string;
  attributes: AttributeDefinition[];
}

/** RFC 7643 §2.2 defaults, so each definition below states only what differs. */
function attribute(name: string, description: string, overrides: Partial<AttributeDefinition> = {}): AttributeDefinition {
  return {
    name,
    type: "string",
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: "readWrite",
    returned: "default",
    uniqueness: "none",
    ...overrides,
  };
}

function multiValuedStrings(name: string, description: string, types: string[]): AttributeDefinition {
  return attribute(name, description, {
    type: "complex",
    multiValued: true,
    subAttributes: [
      attribute("value", `The ${name} value.`),
      attribute("display", "A human-readable name, primarily used for display purposes.", { mutability: "readOnly" }),
      attribute("type", "A label indicating the attribute's function.", { canonicalValues: types }),
      attribute("primary", "Whether this is the primary value.", { type: "boolean" }),
    ],
  });
}

const memberLike = (name: string, description: string, mutability: AttributeDefinition["mutability"]): AttributeDefinition =>
  attribute(name, description, {
    type: "complex",
    multiValued: true,
    mutability,
    subAttributes: [
      // Ids are case-exact (Okta: "stable, case-sensitive id"), so member values are too.
      attribute("value", "The identifier of the member.", { caseExact: true, mutability: mutability === "readOnly" ? "readOnly" : "immutable" }),
      attribute("$ref", "The URI of the member resource.", { type: "reference", caseExact: true, referenceTypes: ["User", "Group"], mutability: mutability === "readOnly" ? "readOnly" : "immutable" }),
      attribute("display", "A human-readable name of the member.", { mutability: "readOnly" }),
      attribute("type", "The type of the member.", { canonicalValues: ["User", "Group"], mutability: mutability === "readOnly" ? "readOnly" : "immutable" }),
    ],
  });

const USER_SCHEMA_DEFINITION: SchemaDefinition = {
  id: USER_SCHEMA,
  name: "User",
  description: "User Account",
  attributes: [
    attribute("userName", "Unique identifier for the User, used to authenticate; case-insensitive.", { required: true, uniqueness: "server" }),
    attribute("name", "The components of the user's real name.", {
      type: "complex",
      subAttributes: [
        attribute("formatted", "The full name."),
        attribute("familyName", "The family name."),
        attribute("givenName", "The given name."),
        attribute("middleName", "The middle name(s)."),
        attribute("honorificPrefix", "The honorific prefix(es)."),
        attribute("honorificSuffix", "The honorific suffix(es)."),
      ],
    }),
    attribute("displayName", "The name of the User, suitable for display."),
    attribute("nickName", "The casual way to address the user."),
    attribute("profileUrl", "A URI pointing to the user's online profile.", { type: "reference", referenceTypes: ["external"] }),
    attribute("title", "The user's title."),
    attribute("userType", "The relationship between the organization and the user."),
    attribute("preferredLanguage", "The user's preferred written or spoken language."),
    attribute("locale", "The user's default location."),
    attribute("timezone", "The user's time zone."),
    attribute("active", "The user's administrative status.", { type: "boolean" }),
    attribute("password", "The user's cleartext password; never returned.", { mutability: "writeOnly", returned: "never" }),
    multiValuedStrings("emails", "Email addresses for the user.", ["work", "home", "other"]),
    multiValuedStrings("phoneNumbers", "Phone numbers for the user.", ["work", "home", "mobile", "fax", "pager", "other"]),
    attribute("addresses", "A physical mailing address for this user.", {
      type: "complex",
      multiValued: true,
      subAttributes: [
        attribute("formatted", "The full mailing address."),
        attribute("streetAddress", "The street address."),
        attribute("locality", "The city or locality."),
        attribute("region", "The state or region."),
        attribute("postalCode", "The zip code or postal code."),
        attribute("country", "The country name."),
        attribute("type", "A label indicating the address's function.", { canonicalValues: ["work", "home", "other"] }),
        attribute("primary", "Whether this is the primary address.", { type: "boolean" }),
      ],
    }),
    memberLike("groups", "Groups the user belongs to; derived from group membership.", "readOnly"),
    multiValuedStrings("roles", "Roles for the user.", []),
  ],
};

const GROUP_SCHEMA_DEFINITION: SchemaDefinition = {
  id: GROUP_SCHEMA,
  name: "Group",
  description: "Group",
  attributes: [
    attribute("displayName", "A human-readable name for the Group.", { required: true, uniqueness: "server" }),
    memberLike("members", "A list of members of the Group.", "readWrite"),
  ],
};

const ENTERPRISE_USER_SCHEMA_DEFINITION: SchemaDefinition = {
  id: ENTERPRISE_USER_SCHEMA,
  name: "EnterpriseUser",
  description: "Enterprise User",
  attributes: [
    attribute("employeeNumber", "Numeric or alphanumeric identifier assigned to a person."),
    attribute("costCenter", "Identifies the name of a cost center."),
    attribute("organization", "Identifies the name of an organization."),
    attribute("division", "Identifies the name of a division."),
    attribute("department", "Identifies the name of a department."),
    attribute("manager", "The User's manager.", {
      type: "complex",
      subAttributes: [
        attribute("value", "The id of the manager.", { caseExact: true }),
        attribute("$ref", "The URI of the manager.", { type: "reference", caseExact: true, referenceTypes: ["User"] }),
        attribute("displayName", "The displayName of the manager.", { mutability: "readOnly" }),
      ],
    }),
  ],
};

/** RFC 7643 §3.1 common attributes: part of every resource, not of any schema's attribute list. */
const COMMON_ATTRIBUTES: AttributeDefinition[] = [
  attribute("id", "Unique identifier assigned by the service provider.", { caseExact: true, mutability: "readOnly", returned: "always", uniqueness: "server" }),
  attribute("externalId", "Identifier assigned by the provisioning client.", { caseExact: true }),
  attribute("schemas", "The schemas of the resource.", { caseExact: true, multiValued: true, returned: "always", type: "reference" }),
  attribute("meta", "Resource metadata.", {
    type: "complex",
    mutability: "readOnly",
    subAttributes: [
      attribute("resourceType", "The resource type.", { caseExact: true, mutability: "readOnly" }),
      attribute("created", "When the resource was added.", { type: "dateTime", mutability: "readOnly" }),
      attribute("lastModified", "When the resource was last modified.", { type: "dateTime", mutability: "readOnly" }),
      attribute("location", "The URI of the resource.", { type: "reference", caseExact: true, mutability: "readOnly" }),
      attribute("version", "The version (weak ETag) of the resource.", { caseExact: true, mutability: "readOnly" }),
    ],
  }),
];

/** A resource type's attributes as one tree: common, core schema, then each extension under its URN. */
export interface ResourceSchema {
  core: SchemaDefinition;
  extensions: SchemaDefinition[];
}

export const USER_RESOURCE_SCHEMA: ResourceSchema = { core: USER_SCHEMA_DEFINITION, extensions: [ENTERPRISE_USER_SCHEMA_DEFINITION] };
export const GROUP_RESOURCE_SCHEMA: ResourceSchema = { core: GROUP_SCHEMA_DEFINITION, extensions: [] };

export const ALL_SCHEMA_DEFINITIONS = [USER_SCHEMA_DEFINITION, GROUP_SCHEMA_DEFINITION, ENTERPRISE_USER_SCHEMA_DEFINITION];

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * Splits an attribute path ("name.givenName", "urn:…:User:userName", "urn:…:enterprise:2.0:User:manager.value")
 * into resource keys: a core-schema URN prefix is dropped, an extension URN stays the first key.
 */
export function attributePathKeys(schema: ResourceSchema, path: string): string[] {
  if (path.toLowerCase().startsWith("urn:")) {
    const extension = schema.extensions.find((ext) => path.toLowerCase().startsWith(ext.id.toLowerCase()));
    if (extension) {
      const rest = path.slice(extension.id.length).replace(/^:/, "");
      return rest ? [extension.id, ...rest.split(".")] : [extension.id];
    }
    if (path.toLowerCase().startsWith(`${schema.core.id.toLowerCase()}:`)) return path.slice(schema.core.id.length + 1).split(".");
  }
  return path.split(".");
}

/** The definition an attribute path points at, or undefined for attributes the schema does not know. */
export function findAttribute(schema: ResourceSchema, keys: readonly string[]): AttributeDefinition | undefined {
  let [first, ...rest] = keys;
  let candidates: AttributeDefinition[] = [...COMMON_ATTRIBUTES, ...schema.core.attributes];
  const extension = schema.extensions.find((ext) => first !== undefined && sameName(ext.id, first));
  if (extension) {
    candidates = extension.attributes;
    [first, ...rest] = rest;
  }
  let found = candidates.find((attr) => first !== undefined && sameName(attr.name, first));
  for (const key of rest) {
    found = found?.subAttributes?.find((attr) => sameName(attr.name, key));
  }
  return found;
}

/** RFC 7644 §3.4.2.2: string comparisons follow the attribute's caseExact; unknown attributes default to false. */
export function isCaseExact(schema: ResourceSchema, path: string): boolean {
  return findAttribute(schema, attributePathKeys(schema, path))?.caseExact ?? false;
}

/**
 * RFC 7643 §2.1: attribute names are case-insensitive. Bodies are stored under the canonical
 * names so "UserName" and "userName" are one attribute, and unknown names are kept as sent.
 */
export function canonicaliseAttributeNames(schema: ResourceSchema, body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const extension = schema.extensions.find((ext) => sameName(ext.id, key));
    if (extension && isPlainObject(value)) {
      out[extension.id] = canonicaliseWith(extension.attributes, value);
      continue;
    }
    const definition = [...COMMON_ATTRIBUTES, ...schema.core.attributes].find((attr) => sameName(attr.name, key));
    out[definition?.name ?? key] = definition?.subAttributes ? canonicaliseValue(definition.subAttributes, value) : value;
  }
  return out;
}

function canonicaliseWith(attributes: AttributeDefinition[], body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const definition = attributes.find((attr) => sameName(attr.name, key));
    out[definition?.name ?? key] = definition?.subAttributes ? canonicaliseValue(definition.subAttributes, value) : value;
  }
  return out;
}

function canonicaliseValue(subAttributes: AttributeDefinition[], value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (isPlainObject(item) ? canonicaliseWith(subAttributes, item) : item));
  return isPlainObject(value) ? canonicaliseWith(subAttributes, value) : value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
