import { setTimeout as sleep } from "node:timers/promises";
import type { Redactor } from "../../core/redact.js";
import { describeFailedRequest, NetworkError } from "../../http/network-error.js";
import { isSuccess, type ScimRequest, type ScimResponse } from "../client.js";
import { isJsonObject } from "../json.js";
import { readListResponse } from "../list-response.js";
import type { RunReport } from "../report.js";
import { PATCH_OP_SCHEMA } from "../urns.js";
import { pathOf, prove, type CreatedResource, type Ledger, type Lookup } from "./ledger.js";

export type Leftover = RunReport["leftovers"][number];

export interface CleanupOptions {
  ledger: Ledger;
  /** The SCIM client (or a fake); requests go through the ledger's write guard first. */
  send(request: ScimRequest): Promise<ScimResponse>;
  /** Removals in flight at once. */
  concurrency: number;
  redactor: Redactor;
  /** How long to wait before looking again when a deleted resource still shows (eventual consistency). */
  settleMs: number;
}

export interface CleanupOutcome {
  /** Still on the server, or unknown, with why: in reverse creation order. */
  leftovers: Leftover[];
  /** Checked gone (deleted now, or already gone). */
  removed: CreatedResource[];
}

/**
 * Remove everything the run created. First what is owned on a POST's word alone is read (proven
 * ours, or disowned and looked up by name); then the creations whose outcome was unknown are looked up
 * by the name they were sent with; then removal starts in reverse creation order (groups made
 * from users go before those users), as many at once as the probes had. A removal counts only
 * once a GET answers 404: a DELETE that answers 2xx but deletes nothing is listed, and a resource
 * already gone is not. Users that cannot be deleted are deactivated, and listed as such.
 */
export async function cleanUp(options: CleanupOptions): Promise<CleanupOutcome> {
  // What the run owns on a POST's word alone is read first: an id that is not ours is not deleted,
  // and what the POST really made is looked up by its name below.
  for (const { creation, id } of options.ledger.unprovenResources()) {
    await prove(options.ledger, creation, id, async (request) => {
      const answer = await attempt(options, request);
      return typeof answer === "string" ? undefined : answer;
    });
  }
  const unknown: Leftover[] = [];
  for (const lookup of options.ledger.lookups()) {
    const failure = await lookUp(lookup, options);
    options.ledger.settle(lookup);
    if (failure !== undefined) unknown.push({ type: lookup.creation.type, id: "(unknown)", reason: options.redactor.redact(failure) });
  }

  const queue = [...options.ledger.created()].reverse();
  const reasons = new Array<string | undefined>(queue.length);
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const index = next;
      next += 1;
      const resource = queue[index];
      if (!resource) continue;
      reasons[index] = await remove(resource, options);
      if (reasons[index] === undefined) options.ledger.markGone(resource);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, queue.length) }, worker));

  const leftovers: Leftover[] = [...unknown];
  const removed: CreatedResource[] = [];
  queue.forEach((resource, index) => {
    const reason = reasons[index];
    if (reason === undefined) removed.push(resource);
    else leftovers.push({ type: resource.type, id: resource.id, reason: options.redactor.redact(reason) });
  });
  return { leftovers, removed };
}

/** Find what an unconfirmed creation made, by the name it was sent with; undefined when settled. */
async function lookUp(lookup: Lookup, options: CleanupOptions): Promise<string | undefined> {
  const { creation, why } = lookup;
  const filter = `${creation.field} eq "${creation.name}"`;
  const answer = await attempt(options, { method: "GET", path: `/${creation.type}s?filter=${encodeURIComponent(filter)}` });
  const look = `looked for ${creation.field} "${creation.name}"`;
  if (typeof answer === "string") return `${why}; ${look}: ${answer}`;
  const resources = isJsonObject(answer.json) ? readListResponse(answer.json).resources : undefined;
  if (answer.status !== 200 || !resources) return `${why}; ${look}: GET answered ${answer.status}, not a list; check the server for it`;
  for (const resource of resources) {
    const name = resource[creation.field];
    if (typeof resource.id === "string" && typeof name === "string" && name.toLowerCase() === creation.name.toLowerCase()) {
      options.ledger.found(creation, resource.id);
    }
  }
  return undefined;
}

/** Undefined when the resource is checked gone; else why it is still on the server. */
async function remove(resource: CreatedResource, options: CleanupOptions): Promise<string | undefined> {
  const path = pathOf(resource);
  const label = resource.name ? ` (${resource.name})` : "";
  const deleted = await attempt(options, { method: "DELETE", path });
  const deleteOutcome = typeof deleted === "string" ? `DELETE got ${deleted}` : `DELETE answered ${deleted.status}`;
  const claimedGone = typeof deleted !== "string" && (isSuccess(deleted.status) || deleted.status === 404);

  const still = await stillThere(path, options, claimedGone);
  if (still === false) return undefined;
  if (still === undefined) return claimedGone ? undefined : `${deleteOutcome}, and GET could not tell whether it is still there${label}`;
  const why = claimedGone
    ? `${deleteOutcome} but GET still finds it: the DELETE deleted nothing (RFC 7644 §3.6)`
    : deleteOutcome;
  if (resource.type === "Group") return `${why}${label}`;

  const deactivation = await attempt(options, {
    method: "PATCH",
    path,
    body: { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: "replace", value: { active: false } }] },
  });
  if (typeof deactivation !== "string" && isSuccess(deactivation.status)) return `deactivated, not deleted: ${why}${label}`;
  const current = await attempt(options, { method: "GET", path });
  const currentBody = typeof current !== "string" && current.status === 200 && isJsonObject(current.json) ? current.json : undefined;
  let putOutcome = "not tried (GET did not return the user)";
  if (currentBody) {
    const put = await attempt(options, { method: "PUT", path, body: { ...currentBody, active: false } });
    if (typeof put !== "string" && isSuccess(put.status)) return `deactivated with PUT, not deleted: ${why}${label}`;
    putOutcome = typeof put === "string" ? put : `answered ${put.status}`;
  }
  const patchOutcome = typeof deactivation === "string" ? deactivation : `answered ${deactivation.status}`;
  return `could not delete or deactivate: ${why}, PATCH active=false ${patchOutcome}, PUT ${putOutcome}${label}`;
}

/**
 * Whether GET still finds the resource: false on 404, true when it answers with it, undefined
 * when it cannot tell. After a DELETE that said yes, a resource still found is looked at once
 * more, a moment later (a server that deletes asynchronously).
 */
async function stillThere(path: string, options: CleanupOptions, claimedGone: boolean): Promise<boolean | undefined> {
  for (let look = 1; ; look += 1) {
    const read = await attempt(options, { method: "GET", path });
    if (typeof read === "string") return undefined;
    if (read.status === 404 || read.status === 410) return false;
    if (!isSuccess(read.status)) return undefined;
    if (!claimedGone || look >= 2) return true;
    await sleep(options.settleMs);
  }
}

/** Send through the write guard; a request without an answer becomes its description. */
async function attempt(options: CleanupOptions, request: ScimRequest): Promise<ScimResponse | string> {
  options.ledger.guard(request, "cleanup");
  try {
    return await options.send(request);
  } catch (error) {
    if (error instanceof NetworkError) return describeFailedRequest(error.failure);
    throw error;
  }
}
