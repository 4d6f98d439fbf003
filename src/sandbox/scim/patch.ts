import { patchBodyValidation, scimPatch, ScimError, type ScimPatch, type ScimPatchOperation, type ScimResource } from "scim-patch";
import { badRequest, ScimHttpError, type ScimType } from "./errors.js";
import { canonicaliseAttributeNames, isPlainObject, PATCH_OP_SCHEMA, type ResourceSchema } from "./schemas.js";

export interface PatchFaults {
  /** Only lower-case op names are accepted (the defect Entra's "Replace" runs into). */
  opCaseSensitive: boolean;
  /** Any valuePath ("members[value eq …]") answers 400 invalidPath. */
  valuePathUnsupported: boolean;
  /** Operations without a path are answered but dropped (Okta's deactivation then does nothing). */
  noPathIgnored: boolean;
  /** A no-path replace replaces the whole resource with its value (like a PUT). */
  noPathReplacesResource: boolean;
  /** `replace` with path `members` adds the members instead. */
  replaceMembersAdds: boolean;
  /** An operation whose value is `[]` answers 400. */
  emptyValueRejected: boolean;
  /** A no-path replace drops the `members` it carries. */
  noPathMembersIgnored: boolean;
}

/** What a full replace keeps: the attributes the server owns (RFC 7643 §3.1). */
const SERVER_OWNED = ["schemas", "id", "meta"] as const;

const KNOWN_SCIM_TYPES = new Set<string>(["invalidFilter", "tooMany", "uniqueness", "mutability", "invalidSyntax", "invalidPath", "noTarget", "invalidValue", "invalidVers", "sensitive"]);

/**
 * Applies a PatchOp body with scim-patch, atomically (RFC 7644 §3.5.2: the resource is changed only
 * if every operation succeeds). Returns a patched copy; the caller restores read-only attributes.
 *
 * scim-patch accepts "add"/"Add" but not "ADD", and checks remove-without-path only for lower-case
 * "remove", so op names are lower-cased before it sees them (RFC 7644 does not make op
 * case-sensitive). No-path values are canonicalised ("Active" → "active") because scim-patch
 * writes their keys as given.
 */
export function applyPatch<T extends Record<string, unknown>>(resource: T, body: unknown, schema: ResourceSchema, faults: PatchFaults): T {
  if (!isPlainObject(body)) throw badRequest("invalidSyntax", "A PATCH body must be a JSON object with schemas and Operations");
  const rawOperations = body.Operations;
  if (!Array.isArray(rawOperations)) throw badRequest("invalidSyntax", `A PATCH body needs an "Operations" array and the schema ${PATCH_OP_SCHEMA}`);

  const operations: ScimPatchOperation[] = [];
  for (const raw of rawOperations) {
    if (!isPlainObject(raw) || typeof raw.op !== "string") throw badRequest("invalidSyntax", 'Each PATCH operation needs an "op" string');
    if (faults.opCaseSensitive && !["add", "remove", "replace"].includes(raw.op)) {
      throw badRequest("invalidSyntax", `Unsupported PATCH op ${JSON.stringify(raw.op)}`);
    }
    const path = typeof raw.path === "string" && raw.path.trim() !== "" ? raw.path : undefined;
    if (faults.valuePathUnsupported && path?.includes("[")) throw badRequest("invalidPath", `Unsupported PATCH path ${JSON.stringify(path)}`);
    if (faults.noPathIgnored && path === undefined) continue;
    if (faults.emptyValueRejected && Array.isArray(raw.value) && raw.value.length === 0) throw badRequest("invalidValue", "A PATCH operation needs a non-empty value");
    const op = raw.op.toLowerCase();
    const operation: Record<string, unknown> = { ...raw, op: faults.replaceMembersAdds && op === "replace" && path?.toLowerCase() === "members" ? "add" : op };
    if (path === undefined) delete operation.path;
    else operation.path = path;
    if (path === undefined && isPlainObject(raw.value)) {
      const value = canonicaliseAttributeNames(schema, raw.value);
      if (faults.noPathMembersIgnored) delete value.members;
      operation.value = value;
    }
    operations.push(operation as unknown as ScimPatchOperation);
  }

  try {
    patchBodyValidation({ ...body, Operations: operations.length > 0 ? operations : rawOperations } as unknown as ScimPatch);
    if (faults.noPathReplacesResource) return applyReplacingWholeResource(resource, operations);
    return scimPatch(resource as unknown as ScimResource, operations, { mutateDocument: false, treatMissingAsAdd: true }) as unknown as T;
  } catch (error) {
    if (error instanceof ScimHttpError) throw error;
    if (error instanceof ScimError) {
      const scimType = error.scimCode && KNOWN_SCIM_TYPES.has(error.scimCode) ? (error.scimCode as ScimType) : "invalidSyntax";
      throw badRequest(scimType, error.message);
    }
    throw badRequest("invalidSyntax", `The PATCH request could not be applied: ${(error as Error).message}`);
  }
}

/** The patch-no-path-replaces-resource fault: before each no-path replace, everything but the server-owned attributes goes. */
function applyReplacingWholeResource<T extends Record<string, unknown>>(resource: T, operations: readonly ScimPatchOperation[]): T {
  let working = resource as unknown as ScimResource;
  for (const operation of operations) {
    if (operation.op === "replace" && !("path" in operation && operation.path)) {
      working = Object.fromEntries(SERVER_OWNED.filter((key) => key in working).map((key) => [key, working[key]])) as unknown as ScimResource;
    }
    working = scimPatch(working, [operation], { mutateDocument: false, treatMissingAsAdd: true });
  }
  return working as unknown as T;
}
