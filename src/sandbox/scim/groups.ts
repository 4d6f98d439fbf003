import type { EndpointContext, ResourceEndpoint } from "./endpoint.js";
import { badRequest } from "./errors.js";
import { defaultFilterRules } from "./filter.js";
import type { ScimGroup, ScimMember } from "./model.js";
import { declaredSchemas, readResourceBody, requireNonEmptyString } from "./resource-body.js";
import { GROUP_RESOURCE_SCHEMA, isPlainObject } from "./schemas.js";

/**
 * Members as the server keeps them: one entry per id, with `type`, `display` and `$ref` filled in
 * from the member resource. Unknown ids are kept as sent (the server does not police references).
 */
function readMembers(value: unknown, ctx: EndpointContext): ScimMember[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest("invalidValue", '"members" must be an array');
  const members = new Map<string, ScimMember>();
  for (const item of value) {
    if (!isPlainObject(item) || typeof item.value !== "string" || item.value === "") {
      throw badRequest("invalidValue", 'Each member needs a "value" string: the id of a User or Group');
    }
    const user = ctx.store.users.get(item.value);
    const group = ctx.store.groups.get(item.value);
    const member: ScimMember = { value: item.value };
    const display = typeof item.display === "string" ? item.display : (user?.displayName ?? user?.userName ?? group?.displayName);
    if (display !== undefined) member.display = display;
    const type = user ? "User" : group ? "Group" : item.type === "User" || item.type === "Group" ? item.type : undefined;
    if (type !== undefined) member.type = type;
    const location = user?.meta.location ?? group?.meta.location;
    if (location !== undefined) member.$ref = location;
    members.set(member.value, member);
  }
  return [...members.values()];
}

export const groupsEndpoint: ResourceEndpoint<ScimGroup> = {
  resourceType: "Group",
  endpoint: "Groups",
  schema: GROUP_RESOURCE_SCHEMA,

  collection: (store) => store.groups,

  build(body, id, meta, existing, mode, ctx) {
    const attributes = readResourceBody(GROUP_RESOURCE_SCHEMA, body);
    let displayName = requireNonEmptyString(attributes, "displayName");
    // Stored groups always have a members array (scim-patch cannot remove `members[value eq "…"]`
    // from a group without one), even after a PATCH removed the last member and with it the key.
    let members = mode === "create" && ctx.faults.has("group-create-ignores-members") ? [] : readMembers(attributes.members, ctx);
    if (existing && mode !== "create") {
      if (ctx.faults.has("group-rename-ignored")) displayName = existing.displayName;
      if (ctx.faults.has("group-members-ignored")) members = existing.members;
      if (ctx.faults.has("group-member-removal-ignored")) members = [...existing.members, ...members.filter((member) => !existing.members.some((kept) => kept.value === member.value))];
    }
    if (ctx.faults.has("externalid-dropped")) delete attributes.externalId;
    return { schemas: declaredSchemas(GROUP_RESOURCE_SCHEMA, attributes), id, ...attributes, displayName, members, meta };
  },

  conflict(candidate, ctx) {
    if (ctx.faults.has("no-409-duplicate-group")) return undefined;
    const name = candidate.displayName.toLowerCase();
    for (const group of ctx.store.groups.values()) {
      if (group.id !== candidate.id && group.displayName.toLowerCase() === name) {
        return `A group with displayName ${JSON.stringify(candidate.displayName)} already exists`;
      }
    }
    return undefined;
  },

  represent(group) {
    const { meta, ...attributes } = group;
    return { ...attributes, meta };
  },

  filterRules: () => defaultFilterRules(GROUP_RESOURCE_SCHEMA),

  listed: () => true,

  retrievable: () => true,
};
