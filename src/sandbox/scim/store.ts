import { randomUUID } from "node:crypto";
import type { ScimGroup, ScimMeta, ScimUser } from "./model.js";

/**
 * The in-memory data. Maps keep insertion order and `set` on an existing key keeps its place, so
 * list order is creation order and stays stable across updates (Okta's import pages rely on it).
 */
export class ScimStore {
  readonly users = new Map<string, ScimUser>();
  readonly groups = new Map<string, ScimGroup>();
  /** Ids deleted so far; only the delete-twice-500 fault needs to tell "deleted" from "never existed". */
  readonly deletedIds = new Set<string>();
  private revision = 0;

  constructor(
    private readonly clock: () => Date = () => new Date(),
    private readonly idSource: () => string = randomUUID,
  ) {}

  /** Server-generated ids are UUIDs, which never contain "bulkId" (Okta's requirement). */
  newId(): string {
    return this.idSource();
  }

  newMeta(resourceType: ScimMeta["resourceType"], location: string): ScimMeta {
    const now = this.clock().toISOString();
    return { resourceType, created: now, lastModified: now, location, version: this.nextVersion() };
  }

  touch(meta: ScimMeta): ScimMeta {
    return { ...meta, lastModified: this.clock().toISOString(), version: this.nextVersion() };
  }

  private nextVersion(): string {
    this.revision += 1;
    return `W/"${this.revision}"`;
  }

  /** Deleting a resource takes it out of every group it was a member of. */
  removeFromAllGroups(memberId: string): void {
    for (const [groupId, group] of this.groups) {
      if (group.members.some((member) => member.value === memberId)) {
        this.groups.set(groupId, { ...group, members: group.members.filter((member) => member.value !== memberId), meta: this.touch(group.meta) });
      }
    }
  }

  snapshot(): { users: ScimUser[]; groups: ScimGroup[] } {
    return structuredClone({ users: [...this.users.values()], groups: [...this.groups.values()] });
  }
}
