import type { Dispatcher } from "undici";
import { Redactor } from "../../../core/redact.js";
import type { RecordedExchange } from "../../../http/trace.js";
import { importPage, type PushedGroup } from "../../../scim/okta-dialect.js";
import { appFeatures, pushes } from "../features.js";
import type { AppUserRecord, GroupPushMappingRecord } from "../model.js";
import type { OrgStore } from "../store.js";
import { describeError } from "./failure.js";
import type { Operation } from "./operation.js";
import type { ScimUserRef } from "./users.js";
import type * as ActionsModule from "./actions.js";

type Actions = typeof ActionsModule;
type Work = (op: Operation, actions: Actions) => Promise<void>;

export interface ProvisioningEngineOptions {
  /** Default: a keep-alive Agent of the engine's own, closed by stop(). */
  dispatcher?: Dispatcher;
  /** Secrets of every connection are added to it; default a fresh one. */
  redactor?: Redactor;
  /** Every SCIM exchange the engine makes (redacted), for traces and tests. */
  onExchange?: (appId: string, exchange: RecordedExchange) => void;
}

/**
 * Provisioning like Okta (DESIGN §6, issue 12 item 5): listens to the org's events and, for apps
 * whose provisioning is on, sends the SCIM requests Okta sends — built by src/scim/okta-dialect.ts,
 * in the app's dialect, to the configured base URL with the configured credentials. Work runs in
 * the background, one queue per app so an app's requests keep Okta's order; the outcome lands
 * where Okta shows it (app user status/syncState/externalId, group push mapping
 * status/lastPush/errorSummary).
 */
export class ProvisioningEngine {
  /** Created on the first request, unless one was given. */
  private dispatcher: Dispatcher | undefined;
  private ownDispatcher: Dispatcher | undefined;
  private actions: Promise<Actions> | undefined;
  private readonly redactor: Redactor;
  private readonly queues = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly unsubscribers: Array<() => void> = [];
  /** Aborted by stop(): requests in flight end at once, queued work is dropped. */
  private readonly stopping = new AbortController();
  /** Per group push mapping: the app-side group as Okta last pushed it (its SCIM id, name and members). */
  private readonly pushed = new Map<string, PushedGroup>();

  constructor(
    private readonly store: OrgStore,
    private readonly options: ProvisioningEngineOptions = {},
  ) {
    this.dispatcher = options.dispatcher;
    this.redactor = options.redactor ?? new Redactor();
  }

  /** Subscribe to the org's events; returns this. */
  start(): this {
    const { events } = this.store;
    this.unsubscribers.push(
      events.on("appUser.assigned", ({ appId, userId }) => this.forApp(appId, "PUSH_NEW_USERS", (op, actions) => this.provision(op, actions, userId))),
      events.on("appUser.profileChanged", ({ appId, userId }) => this.forApp(appId, "PUSH_PROFILE_UPDATES", (op, actions) => actions.pushProfile(op, userId))),
      events.on("appUser.unassigned", ({ appId, appUser }) => this.onUnassigned(appId, appUser)),
      events.on("user.lifecycle", ({ userId, from, to }) => this.onUserLifecycle(userId, from, to)),
      events.on("group.membersChanged", ({ groupId }) => this.forPushesOf(groupId, (op, actions, mapping) => this.members(op, actions, mapping.id))),
      events.on("group.renamed", ({ groupId, to }) => this.forPushesOf(groupId, (op, actions, mapping) => this.rename(op, actions, mapping.id, to))),
      events.on("group.deleted", ({ groupId }) => this.forPushesOf(groupId, (op, actions, mapping) => this.deleteTarget(op, actions, mapping.id))),
      events.on("groupPush.created", ({ appId, mappingId }) => this.forMapping(appId, mappingId, (op, actions) => this.push(op, actions, mappingId))),
      events.on("groupPush.statusChanged", ({ appId, mappingId, to }) => {
        if (to === "ACTIVE") this.forMapping(appId, mappingId, (op, actions) => this.push(op, actions, mappingId));
      }),
      events.on("groupPush.deleted", ({ appId, mapping, deleteTargetGroup: alsoTarget }) => {
        if (alsoTarget) this.forApp(appId, "GROUP_PUSH", (op, actions) => this.deleteTarget(op, actions, mapping.id));
        else this.pushed.delete(mapping.id);
      }),
      events.on("app.provisioningChanged", ({ appId, before, after }) => {
        // Saving To App makes Okta read the app's groups (research/okta-api.md §9).
        if (after.scimEnabled && JSON.stringify(before.toApp) !== JSON.stringify(after.toApp)) this.enqueue(appId, async (op, actions) => {
          await actions.send(op, importPage("Groups", 1), "Error while reading groups");
        });
      }),
    );
    return this;
  }

  /** Resolves when every queued provisioning operation has finished. */
  async whenIdle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Stop listening, end the work in flight (a SCIM server that never answers must not hold the sandbox open), close the engine's own connections. */
  async stop(): Promise<void> {
    if (this.stopping.signal.aborted) return this.whenIdle();
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    this.stopping.abort();
    await this.whenIdle();
    await this.ownDispatcher?.close();
  }

  // ------------------------------------------------------------------ scheduling

  private enqueue(appId: string, work: Work): void {
    const previous = this.queues.get(appId) ?? Promise.resolve();
    const next = previous.then(() => this.run(appId, work));
    const tracked = next.finally(() => {
      this.inFlight.delete(tracked);
      if (this.queues.get(appId) === next) this.queues.delete(appId);
    });
    this.queues.set(appId, next);
    this.inFlight.add(tracked);
  }

  private async run(appId: string, work: Work): Promise<void> {
    const app = this.store.apps.get(appId);
    // Okta provisions nothing for an inactive app (nor for one being deleted, which must be inactive first).
    if (!app?.provisioning.scimEnabled || app.status !== "ACTIVE" || this.stopping.signal.aborted) return;
    const actions = await (this.actions ??= import("./actions.js"));
    const dispatcher = await this.connections();
    const client = actions.connectionClient(app, dispatcher, this.redactor, this.stopping.signal, (exchange) => this.options.onExchange?.(appId, exchange));
    const baseUrl = app.provisioning.baseUrl ?? "";
    const op: Operation = {
      store: this.store,
      app,
      client,
      baseUrl,
      redactor: this.redactor,
      fail: (error) => describeError(error, baseUrl, this.redactor),
    };
    try {
      await work(op, actions);
    } catch {
      // Every operation records its own outcome; nothing may break the queue for the next one.
    }
  }

  private async connections(): Promise<Dispatcher> {
    if (!this.dispatcher) {
      const { Agent } = await import("undici");
      this.dispatcher = this.ownDispatcher = new Agent({ keepAliveTimeout: 10_000, connections: 4 });
    }
    return this.dispatcher;
  }

  /** Queue work for an app when, at the time of the event, it pushes this kind of change. */
  private forApp(appId: string, feature: Parameters<typeof pushes>[1], work: Work): void {
    const app = this.store.apps.get(appId);
    if (app && pushes(app, feature)) this.enqueue(appId, work);
  }

  private forMapping(appId: string, mappingId: string, work: (op: Operation, actions: Actions, mapping: GroupPushMappingRecord) => Promise<void>): void {
    const mapping = this.store.groupPushMappings.get(mappingId);
    if (mapping?.status === "ACTIVE") this.forApp(appId, "GROUP_PUSH", (op, actions) => work(op, actions, mapping));
  }

  private forPushesOf(groupId: string, work: (op: Operation, actions: Actions, mapping: GroupPushMappingRecord) => Promise<void>): void {
    for (const mapping of this.store.groupPushMappings.values()) {
      if (mapping.sourceGroupId === groupId) this.forMapping(mapping.appId, mapping.id, work);
    }
  }

  private onUnassigned(appId: string, appUser: AppUserRecord): void {
    if (appUser.externalId) {
      const ref: ScimUserRef = { userId: appUser.userId, userName: appUser.userName, externalId: appUser.externalId };
      this.forApp(appId, "PUSH_USER_DEACTIVATION", (op, actions) => actions.deactivateUser(op, ref, false));
    }
    this.forGroupsOfUser(appId, appUser.userId);
  }

  private onUserLifecycle(userId: string, from: string, to: string): void {
    for (const appUser of this.store.appUsersOfUser(userId)) {
      const app = this.store.apps.get(appUser.appId);
      if (!app || !appUser.externalId) continue;
      const ref: ScimUserRef = { userId, userName: appUser.userName, externalId: appUser.externalId };
      if (to === "DEPROVISIONED") this.forApp(app.id, "PUSH_USER_DEACTIVATION", (op, actions) => actions.deactivateUser(op, ref, true));
      else if (from === "DEPROVISIONED" && appFeatures(app).includes("REACTIVATE_USERS")) this.enqueue(app.id, (op, actions) => this.reactivate(op, actions, userId));
    }
  }

  /** A user's provisioning state changed: the pushed groups holding them follow. */
  private forGroupsOfUser(appId: string, userId: string): void {
    for (const mapping of this.store.groupPushMappings.values()) {
      if (mapping.appId !== appId || mapping.status !== "ACTIVE") continue;
      if (this.store.memberships.get(mapping.sourceGroupId)?.has(userId)) this.forMapping(appId, mapping.id, (op, actions) => this.members(op, actions, mapping.id));
    }
  }

  // ------------------------------------------------------------------ operations

  private async provision(op: Operation, actions: Actions, userId: string): Promise<void> {
    if (await actions.provisionUser(op, userId)) this.forGroupsOfUser(op.app.id, userId);
  }

  private async reactivate(op: Operation, actions: Actions, userId: string): Promise<void> {
    if (await actions.reactivateUser(op, userId)) this.forGroupsOfUser(op.app.id, userId);
  }

  private async push(op: Operation, actions: Actions, mappingId: string): Promise<void> {
    const pushed = await actions.pushGroup(op, mappingId, this.pushed.get(mappingId));
    if (pushed) this.pushed.set(mappingId, pushed);
  }

  private async members(op: Operation, actions: Actions, mappingId: string): Promise<void> {
    const previous = this.pushed.get(mappingId);
    const pushed = previous ? await actions.syncGroupMembers(op, mappingId, previous) : await actions.pushGroup(op, mappingId, undefined);
    if (pushed) this.pushed.set(mappingId, pushed);
  }

  private async rename(op: Operation, actions: Actions, mappingId: string, displayName: string): Promise<void> {
    const previous = this.pushed.get(mappingId);
    if (!previous) return this.push(op, actions, mappingId);
    const pushed = await actions.renameTargetGroup(op, mappingId, previous, displayName);
    if (pushed) this.pushed.set(mappingId, pushed);
  }

  private async deleteTarget(op: Operation, actions: Actions, mappingId: string): Promise<void> {
    const previous = this.pushed.get(mappingId);
    this.pushed.delete(mappingId);
    if (previous) await actions.deleteTargetGroup(op, mappingId, previous);
  }
}
