import { isSuccess, type ScimRequest, type ScimResponse } from "../client.js";
import { isJsonObject, type JsonObject } from "../json.js";
import { ProbeFailure } from "../probes/types.js";

/*
 * The ledger of what this run created: the one owner of "ours" (DESIGN §5 safety, STYLE 8). A
 * resource counts as ours only once proven: the answer to our POST carries the unique name the
 * probe sent (userName of a user, displayName of a group, else externalId), and what is stored at
 * the id it names carries that name too — an id handed back beside our name may be a customer's.
 * Until a read shows that (the probe's own GET of it, or one sent for the purpose before the first
 * write: by id, else by the name), the resource is ours but unproven. The write guard
 * lets PUT, PATCH and DELETE reach only what the ledger owns, cleanup included; no id is trusted
 * for how it looks.
 */

export type ResourceType = "User" | "Group";

/** A resource the run created: removed (or deactivated) at the end, also after failures and Ctrl-C. */
export interface CreatedResource {
  type: ResourceType;
  id: string;
  /** The unique name it was created with, for leftover lists. */
  name: string;
}

/** A POST to /Users or /Groups, and the unique name it sent. */
export interface Creation {
  type: ResourceType;
  /** The attribute that carries the name: userName, displayName or externalId. */
  field: string;
  name: string;
  /** "POST /Users": for messages. */
  label: string;
}

/** A creation whose outcome is unknown (no id, the answer cut off): cleanup looks for its name. */
export interface Lookup {
  creation: Creation;
  /** Why it must be looked up: "POST /Users answered 201 without an id". */
  why: string;
}

/** What the answer to a POST means for the ledger. */
export type Claim =
  | { kind: "not-created" }
  | { kind: "ours"; resource: CreatedResource }
  /** The answer names an id but not our name: a read of the id decides, before the probe goes on. */
  | { kind: "confirm"; id: string }
  /** Somebody else's resource: the probe fails with this finding, and nothing is written to it. */
  | { kind: "foreign"; failure: OwnershipFailure };

/** The server answered a POST with a resource this run cannot prove it created. */
export class OwnershipFailure extends ProbeFailure {
  override name = "OwnershipFailure";
}

/** A write the guard refused: not a resource this run owns (or --read-only). */
class WriteRefused extends ProbeFailure {
  override name = "WriteRefused";
}

export class Ledger {
  private readonly owned: CreatedResource[] = [];
  private readonly ownedKeys = new Set<string>();
  private readonly gone = new Set<string>();
  private readonly pendingLookups: Lookup[] = [];
  /** Owned on the POSTs' word (each POST that named the id): no read of the id has shown our name yet. */
  private readonly unproven = new Map<string, Creation[]>();

  constructor(
    private readonly baseUrl: string,
    private readonly readOnly: boolean,
  ) {}

  /**
   * Before a request goes out: --read-only sends only GETs; PUT, PATCH and DELETE only reach a
   * /Users/{id} or /Groups/{id} of the base URL that this run owns. `who` names the sender.
   */
  guard(request: ScimRequest, who: string): void {
    if (request.method === "GET") return;
    if (this.readOnly) throw new WriteRefused(`refused to send ${request.method} ${request.path}: --read-only allows only GET (a bug in ${who})`);
    if (request.method === "POST") return;
    const target = resourceOf(request.path, this.baseUrl);
    if (!target) {
      throw new WriteRefused(
        `refused to send ${request.method} ${request.path}: not a /Users/{id} or /Groups/{id} of ${this.baseUrl}, so this run cannot tell it created it (a bug in ${who})`,
      );
    }
    if (!this.owns(target.type, target.id)) {
      throw new WriteRefused(
        `refused to send ${request.method} ${request.path}: this run did not create ${target.type} ${target.id} (or could not prove it did), and it never modifies what it did not create`,
      );
    }
  }

  /** A POST that creates a user or group, and the name to recognise it by; undefined for other requests. */
  creationOf(request: ScimRequest): Creation | undefined {
    if (request.method !== "POST") return undefined;
    const type = collectionOf(request.path, this.baseUrl);
    const body = jsonBody(request.body);
    if (!type || !body) return undefined;
    for (const field of type === "User" ? ["userName", "externalId"] : ["displayName", "externalId"]) {
      const name = body[field];
      if (typeof name === "string" && name !== "") {
        return { type, field, name, label: `POST /${type}s` };
      }
    }
    return undefined;
  }

  /** The answer to a creating POST: is what came back ours? */
  claim(creation: Creation, response: ScimResponse): Claim {
    if (!isSuccess(response.status)) return { kind: "not-created" };
    const body = isJsonObject(response.json) ? response.json : undefined;
    const id = typeof body?.id === "string" && body.id !== "" ? body.id : undefined;
    if (id === undefined) {
      this.lookUp(creation, `${creation.label} answered ${response.status} without an id`);
      return { kind: "not-created" };
    }
    const answered = body?.[creation.field];
    if (answered !== undefined && !sameName(answered, creation.name)) {
      this.lookUp(creation, `${creation.label} answered ${response.status} with another resource`);
      return { kind: "foreign", failure: this.refusal(creation, id, `answered ${response.status} with ${creation.type} ${id}, whose ${creation.field} is ${JSON.stringify(answered)}`, response) };
    }
    if (answered === undefined) return { kind: "confirm", id };
    const resourceKey = key(creation.type, id);
    const claimants = this.unproven.get(resourceKey);
    if (this.owns(creation.type, id) && !claimants) {
      // Proven already, as what another POST made: this one made something else, somewhere else.
      const proven = this.resource(creation.type, id);
      if (sameName(proven.name, creation.name)) return { kind: "ours", resource: proven };
      this.lookUp(creation, `${creation.label} answered with ${creation.type} ${id}, which another of this run's creations holds`);
      return { kind: "foreign", failure: this.refusal(creation, id, `answered ${response.status} with ${creation.type} ${id}, which holds another resource this run created`, response) };
    }
    // Our name in the answer is not proof yet: a server (or a proxy) can hand back an existing
    // resource's id beside it. A read of the id decides, before anything is written to it.
    const resource = this.own({ type: creation.type, id, name: creation.name });
    this.unproven.set(resourceKey, [...(claimants ?? []), creation]);
    return { kind: "ours", resource };
  }

  /** A write about to go to an id owned on a POST's word alone: what to prove first. */
  proofNeeded(request: ScimRequest): { creation: Creation; id: string } | undefined {
    if (request.method === "GET" || request.method === "POST") return undefined;
    const target = resourceOf(request.path, this.baseUrl);
    const creation = target ? this.unproven.get(key(target.type, target.id))?.[0] : undefined;
    return target && creation ? { creation, id: target.id } : undefined;
  }

  /** Owned resources no read has proven yet (cleanup proves them before it deletes anything). */
  unprovenResources(): { creation: Creation; id: string }[] {
    return [...this.unproven].flatMap(([resourceKey, [creation]]) => (creation ? [{ creation, id: resourceKey.slice(resourceKey.indexOf("/") + 1) }] : []));
  }

  /**
   * A GET of an unproven id, the probe's own or one sent to prove it: our name proves it; another
   * resource there disowns it (returned, for the probe to fail with). Other answers decide nothing.
   */
  noteRead(request: ScimRequest, response: ScimResponse): OwnershipFailure | undefined {
    if (request.method !== "GET" || response.status !== 200 || !isJsonObject(response.json)) return undefined;
    const target = resourceOf(request.path, this.baseUrl);
    const creation = target ? this.unproven.get(key(target.type, target.id))?.[0] : undefined;
    if (!target || !creation) return undefined;
    const claim = this.confirm(creation, target.id, response);
    return claim.kind === "foreign" ? claim.failure : undefined;
  }

  /** The GET that decides a "confirm" claim: ours only if the resource at that id carries our name. */
  confirm(creation: Creation, id: string, read: ScimResponse | undefined): Claim {
    const body = read && read.status === 200 && isJsonObject(read.json) ? read.json : undefined;
    // A list (a lookup by name) proves the id when it holds it with our name.
    const found = body && Array.isArray(body.Resources) ? body.Resources.filter(isJsonObject).find((resource) => resource.id === id) : body;
    const resourceKey = key(creation.type, id);
    const claimants = this.unproven.get(resourceKey) ?? [];
    const all = claimants.includes(creation) ? claimants : [...claimants, creation];
    this.unproven.delete(resourceKey);
    const maker = found ? all.find((claimant) => sameName(found[claimant.field], claimant.name)) : undefined;
    // Every other POST that named this id made something else: looked up by its name at cleanup.
    for (const claimant of all) {
      if (claimant !== maker) this.lookUp(claimant, `${claimant.label} answered with ${creation.type} ${id}, which this run could not prove its own`);
    }
    if (maker) {
      const owned = this.own({ type: creation.type, id, name: maker.name });
      owned.name = maker.name;
      return { kind: "ours", resource: owned };
    }
    this.disown(creation.type, id);
    const shown = found ? `${creation.field} ${JSON.stringify(found[creation.field])}` : body ? `no ${creation.type} ${id} with ${creation.field} "${creation.name}"` : read ? `status ${read.status}` : "no answer";
    return {
      kind: "foreign",
      failure: this.refusal(creation, id, `answered with ${creation.type} ${id}, and GET ${creation.type}s/${id} shows ${shown}`, read),
    };
  }

  /** A creation that may have happened though no id came back: cleanup looks for its name. */
  lookUp(creation: Creation, why: string): void {
    this.pendingLookups.push({ creation, why });
  }

  /** Lookups not yet done, in the order they were asked for. */
  lookups(): readonly Lookup[] {
    return [...this.pendingLookups];
  }

  /** A lookup is done: what it found is owned (found()), or it is reported as a leftover. */
  settle(lookup: Lookup): void {
    const index = this.pendingLookups.indexOf(lookup);
    if (index !== -1) this.pendingLookups.splice(index, 1);
  }

  /** A resource found by the name this run sent it with (a lookup): ours. */
  found(creation: Creation, id: string): CreatedResource {
    return this.own({ type: creation.type, id, name: creation.name });
  }

  owns(type: ResourceType, id: string): boolean {
    return this.ownedKeys.has(key(type, id));
  }

  /** Everything the run owns, in creation order. */
  created(): readonly CreatedResource[] {
    return this.owned;
  }

  markGone(resource: CreatedResource): void {
    this.gone.add(key(resource.type, resource.id));
  }

  /** What is still on the server as far as the run knows, and the names it has not looked up yet. */
  remaining(): { resources: CreatedResource[]; unknown: Creation[] } {
    return {
      resources: this.owned.filter((resource) => !this.gone.has(key(resource.type, resource.id))),
      unknown: this.pendingLookups.map((lookup) => lookup.creation),
    };
  }

  /** An id owned on a POST's word that a read showed is not ours: nothing more is written to it. */
  private disown(type: ResourceType, id: string): void {
    const resourceKey = key(type, id);
    if (!this.ownedKeys.delete(resourceKey)) return;
    const index = this.owned.findIndex((resource) => resource.type === type && resource.id === id);
    if (index !== -1) this.owned.splice(index, 1);
  }

  private own(resource: CreatedResource): CreatedResource {
    const resourceKey = key(resource.type, resource.id);
    if (!this.ownedKeys.has(resourceKey)) {
      this.ownedKeys.add(resourceKey);
      this.owned.push(resource);
    }
    return this.resource(resource.type, resource.id);
  }

  private resource(type: ResourceType, id: string): CreatedResource {
    return this.owned.find((resource) => resource.type === type && resource.id === id) ?? { type, id, name: "" };
  }

  private refusal(creation: Creation, id: string, what: string, response: ScimResponse | undefined): OwnershipFailure {
    return new OwnershipFailure(
      `${creation.label} with ${creation.field} "${creation.name}" ${what}: not what this probe created. The server handed back a resource this run cannot prove its own, so nothing is written to ${creation.type} ${id}`,
      {
        expected: `the new ${creation.type}, carrying ${creation.field} "${creation.name}"`,
        actual: what,
        ...(response ? { exchange: response.exchange } : {}),
      },
    );
  }
}

/**
 * Read what is stored at an id a POST handed back, to prove or disprove it ours: by id, and when
 * the server does not answer that with the resource, by the unique name (a list holding the id).
 * `read` sends a GET (through the caller's recording) and gives undefined when no answer came.
 */
export async function prove(ledger: Ledger, creation: Creation, id: string, read: (request: ScimRequest) => Promise<ScimResponse | undefined>): Promise<Claim> {
  const byId = await read({ method: "GET", path: pathOf({ type: creation.type, id }) });
  if (byId?.status === 200) return ledger.confirm(creation, id, byId);
  const filter = `${creation.field} eq "${creation.name}"`;
  const byName = await read({ method: "GET", path: `/${creation.type}s?filter=${encodeURIComponent(filter)}` });
  return ledger.confirm(creation, id, byName?.status === 200 ? byName : byId);
}

function key(type: ResourceType, id: string): string {
  return `${type}/${id}`;
}

/** userName is case-insensitive (RFC 7643 §4.1.1); our names are unique either way. */
function sameName(answered: unknown, sent: string): boolean {
  return typeof answered === "string" && answered.toLowerCase() === sent.toLowerCase();
}

function jsonBody(body: unknown): JsonObject | undefined {
  if (isJsonObject(body)) return body;
  if (typeof body !== "string") return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return isJsonObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** A request path below the base URL ("/Users/abc"), whatever form the request used. */
function relativePath(path: string, baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, "");
  let relative = path;
  if (/^https?:\/\//i.test(path)) relative = path.startsWith(base) ? path.slice(base.length) : new URL(path).pathname;
  return relative.split("?")[0]?.replace(/^\/?/, "/") ?? "/";
}

/** `/Users/abc` → the resource it addresses. */
function resourceOf(path: string, baseUrl: string): { type: ResourceType; id: string } | undefined {
  const match = /^\/(Users|Groups)\/([^/]+)\/?$/.exec(relativePath(path, baseUrl));
  if (!match?.[1] || !match[2]) return undefined;
  return { type: match[1] === "Users" ? "User" : "Group", id: decodeURIComponent(match[2]) };
}

function collectionOf(path: string, baseUrl: string): ResourceType | undefined {
  const match = /^\/(Users|Groups)\/?$/.exec(relativePath(path, baseUrl));
  if (!match?.[1]) return undefined;
  return match[1] === "Users" ? "User" : "Group";
}

/** The path of a resource the run owns. */
export function pathOf(resource: Pick<CreatedResource, "type" | "id">): string {
  return `/${resource.type}s/${encodeURIComponent(resource.id)}`;
}
