import type { FaultId } from "./faults.js";
import type { FilterRules } from "./filter.js";
import type { ScimGroup, ScimMeta, ScimUser } from "./model.js";
import type { ResourceSchema } from "./schemas.js";
import type { ScimStore } from "./store.js";

export interface EndpointContext {
  store: ScimStore;
  faults: ReadonlySet<FaultId>;
  /** Absolute base URL, for meta.location and member $ref. */
  baseUrl: string;
}

/** How a body becomes a resource: created, fully replaced (PUT), or the result of a PATCH. */
export type BuildMode = "create" | "replace" | "patch";

/** What differs between /Users and /Groups; the CRUD handlers are shared. */
export interface ResourceEndpoint<T extends ScimUser | ScimGroup> {
  readonly resourceType: ScimMeta["resourceType"];
  readonly endpoint: "Users" | "Groups";
  readonly schema: ResourceSchema;
  collection(store: ScimStore): Map<string, T>;
  /** Validates a body into a stored resource; `existing` is the stored one for replace and patch. */
  build(body: unknown, id: string, meta: ScimMeta, existing: T | undefined, mode: BuildMode, ctx: EndpointContext): T;
  /** A 409 detail when `candidate` clashes with another resource, else undefined. */
  conflict(candidate: T, ctx: EndpointContext): string | undefined;
  represent(resource: T, ctx: EndpointContext): Record<string, unknown>;
  filterRules(ctx: EndpointContext): FilterRules;
  /** Whether lists and filters show it. */
  listed(resource: T, ctx: EndpointContext): boolean;
  /** Whether GET by id finds it. */
  retrievable(resource: T, ctx: EndpointContext): boolean;
}
