import type { EndpointContext, ResourceEndpoint } from "./endpoint.js";
import { badRequest } from "./errors.js";
import { defaultFilterRules, type FilterRules } from "./filter.js";
import type { ScimMeta, ScimUser } from "./model.js";
import { declaredSchemas, readBoolean, readResourceBody, requireNonEmptyString } from "./resource-body.js";
import { ENTERPRISE_USER_SCHEMA, isPlainObject, USER_RESOURCE_SCHEMA } from "./schemas.js";

const sameUserName = (a: string, b: string, ctx: EndpointContext): boolean =>
  ctx.faults.has("case-sensitive-username") ? a === b : a.toLowerCase() === b.toLowerCase();

/** The password-policy-symbol fault's policy: 12 characters or more, at least one symbol. */
const meetsSymbolPolicy = (password: string): boolean => password.length >= 12 && /[^A-Za-z0-9]/.test(password);

const namesEnterpriseSchema = (body: Record<string, unknown>): boolean =>
  Array.isArray(body.schemas) && body.schemas.some((urn) => typeof urn === "string" && urn.toLowerCase() === ENTERPRISE_USER_SCHEMA.toLowerCase());

export const usersEndpoint: ResourceEndpoint<ScimUser> = {
  resourceType: "User",
  endpoint: "Users",
  schema: USER_RESOURCE_SCHEMA,

  collection: (store) => store.users,

  build(body, id, meta: ScimMeta, existing, mode, ctx) {
    if (isPlainObject(body)) {
      if (mode === "create" && ctx.faults.has("password-rejected") && "password" in body) throw badRequest("invalidValue", "password is not supported");
      if (mode !== "patch" && ctx.faults.has("groups-attribute-rejected") && "groups" in body) throw badRequest("mutability", "groups is read-only");
      if (ctx.faults.has("enterprise-extension-rejected") && (namesEnterpriseSchema(body) || ENTERPRISE_USER_SCHEMA in body)) {
        throw badRequest("invalidValue", `Unsupported schema ${ENTERPRISE_USER_SCHEMA}`);
      }
    }
    const attributes = readResourceBody(USER_RESOURCE_SCHEMA, body);
    if (ctx.faults.has("enterprise-extension-dropped")) delete attributes[ENTERPRISE_USER_SCHEMA];
    if (mode === "replace" && existing?.emails && ctx.faults.has("put-merges-emails")) {
      attributes.emails = [...existing.emails, ...(Array.isArray(attributes.emails) ? attributes.emails : [])];
    }
    if (mode !== "create" && ctx.faults.has("externalid-immutable") && existing?.externalId !== undefined && attributes.externalId !== undefined && attributes.externalId !== existing.externalId) {
      throw badRequest("mutability", "externalId cannot be changed once set");
    }
    // groups is readOnly (RFC 7643 §4.1.2) and derived from group membership; Okta sends `groups: []`.
    delete attributes.groups;
    const userName = requireNonEmptyString(attributes, "userName");

    let active = readBoolean(attributes.active, "active") ?? existing?.active ?? true;
    if (mode === "replace" && existing && ctx.faults.has("put-ignores-active")) active = existing.active;
    if (existing && !existing.active && ctx.faults.has("reactivation-ignored")) active = false;

    // Okta's GET + full PUT never carries the write-only password back, so a PUT without one keeps it.
    const password = attributes.password ?? (mode === "create" ? undefined : existing?.password);
    if (password !== undefined && typeof password !== "string") throw badRequest("invalidValue", '"password" must be a string');
    if (typeof attributes.password === "string" && ctx.faults.has("password-policy-symbol") && !meetsSymbolPolicy(attributes.password)) {
      throw badRequest("invalidValue", "Password must contain symbol and be at least 12 characters long");
    }
    delete attributes.password;
    if (ctx.faults.has("externalid-dropped")) delete attributes.externalId;

    const user: ScimUser = { schemas: declaredSchemas(USER_RESOURCE_SCHEMA, attributes), id, ...attributes, userName, active, meta };
    if (password !== undefined) user.password = password;
    return user;
  },

  conflict(candidate, ctx) {
    if (ctx.faults.has("no-409-duplicate-user")) return undefined;
    for (const user of ctx.store.users.values()) {
      if (user.id !== candidate.id && sameUserName(user.userName, candidate.userName, ctx)) {
        return `A user with userName ${JSON.stringify(candidate.userName)} already exists`;
      }
    }
    return undefined;
  },

  represent(user, ctx) {
    const { password: _password, meta, ...attributes } = user;
    const out: Record<string, unknown> = { ...attributes };
    const groups = [...ctx.store.groups.values()]
      .filter((group) => group.members.some((member) => member.value === user.id))
      .map((group) => ({ value: group.id, $ref: group.meta.location, display: group.displayName, type: "direct" }));
    if (groups.length > 0) out.groups = groups;
    if (ctx.faults.has("user-missing-name")) delete out.name;
    if (ctx.faults.has("user-missing-emails")) delete out.emails;
    if (ctx.faults.has("active-as-string")) out.active = String(user.active);
    out.meta = meta;
    return out;
  },

  filterRules(ctx): FilterRules {
    const rules = defaultFilterRules(USER_RESOURCE_SCHEMA);
    const caseSensitiveUserName = ctx.faults.has("case-sensitive-username");
    return {
      ...rules,
      caseExact: (path) => (caseSensitiveUserName && /^(urn:.*:)?username$/i.test(path)) || rules.caseExact(path),
      attributeNamesCaseExact: ctx.faults.has("filter-attr-case-sensitive"),
    };
  },

  listed: (user, ctx) => user.active || !ctx.faults.has("deactivated-hidden-from-filter"),

  retrievable: (user, ctx) => user.active || !ctx.faults.has("deactivated-user-404"),
};
