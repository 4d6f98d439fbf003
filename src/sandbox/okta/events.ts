import type { AppProvisioning, AppUserRecord, GroupPushMappingRecord, GroupPushStatus, UserStatus } from "./model.js";

/**
 * What happened in the org, for the provisioning engine (src/sandbox/okta/provisioning) and tests.
 * The store emits an event after the change is committed, synchronously, before the API call that
 * caused it answers: a listener must not block — queue the SCIM work (Okta provisions in the
 * background) and return. A listener that throws does not break the API call; the error is kept in
 * `OrgEvents.listenerErrors` for tests to see.
 */
export interface OrgEventMap {
  "app.created": { appId: string };
  /** A full PUT of the app; `provisioning` tells whether it dropped the SCIM setting. */
  "app.replaced": { appId: string; before: AppProvisioning; after: AppProvisioning };
  "app.lifecycle": { appId: string; status: "ACTIVE" | "INACTIVE" };
  "app.deleted": { appId: string };
  /** Admin Console, connections API (works mode) or features API (works mode) changed provisioning. */
  "app.provisioningChanged": { appId: string; before: AppProvisioning; after: AppProvisioning };

  /** A new app user (directly, or because an assigned group gained a member or was assigned). */
  "appUser.assigned": { appId: string; userId: string };
  /** Mapped attributes of the app user changed (a user profile change through a PUSH mapping, or an app user update). */
  "appUser.profileChanged": { appId: string; userId: string; changed: string[]; before: Record<string, unknown> };
  /** The app user is gone (unassigned, its last group unassigned, or the app/user deleted); `appUser` is its last state. */
  "appUser.unassigned": { appId: string; userId: string; appUser: AppUserRecord };

  "user.created": { userId: string };
  "user.profileChanged": { userId: string; changed: string[] };
  "user.lifecycle": { userId: string; from: UserStatus; to: UserStatus };
  "user.deleted": { userId: string };

  "group.created": { groupId: string };
  "group.renamed": { groupId: string; from: string; to: string };
  "group.deleted": { groupId: string; name: string };
  "group.membersChanged": { groupId: string; added: string[]; removed: string[] };

  "appGroup.assigned": { appId: string; groupId: string };
  "appGroup.unassigned": { appId: string; groupId: string };

  "groupPush.created": { appId: string; mappingId: string };
  "groupPush.statusChanged": { appId: string; mappingId: string; from: GroupPushStatus; to: GroupPushStatus };
  "groupPush.deleted": { appId: string; mapping: GroupPushMappingRecord; deleteTargetGroup: boolean };
}

export type OrgEventType = keyof OrgEventMap;
export type OrgEventListener<K extends OrgEventType> = (event: OrgEventMap[K]) => void;

export class OrgEvents {
  private readonly listeners = new Map<OrgEventType, Set<(event: never) => void>>();
  /** Errors thrown by listeners, oldest first. */
  readonly listenerErrors: Array<{ type: OrgEventType; error: unknown }> = [];

  /** Subscribe; returns the function that unsubscribes. */
  on<K extends OrgEventType>(type: K, listener: OrgEventListener<K>): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(listener as (event: never) => void);
    return () => set.delete(listener as (event: never) => void);
  }

  /** Subscribe to every event (tests, traces). */
  onAny(listener: <K extends OrgEventType>(type: K, event: OrgEventMap[K]) => void): () => void {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }

  emit<K extends OrgEventType>(type: K, event: OrgEventMap[K]): void {
    for (const listener of this.listeners.get(type) ?? []) this.call(type, () => (listener as OrgEventListener<K>)(event));
    for (const listener of this.anyListeners) this.call(type, () => listener(type, event));
  }

  private readonly anyListeners = new Set<<K extends OrgEventType>(type: K, event: OrgEventMap[K]) => void>();

  private call(type: OrgEventType, run: () => void): void {
    try {
      run();
    } catch (error) {
      this.listenerErrors.push({ type, error });
    }
  }
}
