import { isSuccess, type ScimRequest, type ScimResponse } from "../client.js";
import { isJsonObject, type JsonObject } from "../json.js";
import { ProbeFailure } from "../probes/types.js";

/*
 * The ledger of what this run created: the one owner of "ours" (DESIGN §5 safety, STYLE 8). A
 * resource counts as ours only once proven: the answer to our POST carries the unique name the
 * probe sent (userName of a user, displayName of a group, else externalId), and its id is not one
 * this run saw on the server as somebody else's, or a GET of it shows our name. The write guard
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
  /** The answer names an id this run saw before, or omits the name: a GET of the id decides. */
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
  /** Ids seen on the server that carry no name this run sent: somebody else's. */
  private readonly foreign = new Set<string>();
  /** Lower-cased names this run sent in a POST. */
  private readonly sentNames = new Set<string>();
  private readonly pendingLookups: Lookup[] = [];

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
        this.sentNames.add(name.toLowerCase());
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
    if (this.owns(creation.type, id)) return { kind: "ours", resource: this.resource(creation.type, id) };
    const answered = body?.[creation.field];
    if (answered !== undefined && !sameName(answered, creation.name)) {
      this.lookUp(creation, `${creation.label} answered ${response.status} with another resource`);
      return { kind: "foreign", failure: this.refusal(creation, id, `answered ${response.status} with ${creation.type} ${id}, whose ${creation.field} is ${JSON.stringify(answered)}`, response) };
    }
    if (answered === undefined || this.foreign.has(key(creation.type, id))) return { kind: "confirm", id };
    return { kind: "ours", resource: this.own({ type: creation.type, id, name: creation.name }) };
  }

  /** The GET that decides a "confirm" claim: ours only if the resource at that id carries our name. */
  confirm(creation: Creation, id: string, read: ScimResponse | undefined): Claim {
    const body = read && read.status === 200 && isJsonObject(read.json) ? read.json : undefined;
    if (body && sameName(body[creation.field], creation.name)) return { kind: "ours", resource: this.own({ type: creation.type, id, name: creation.name }) };
    this.lookUp(creation, `${creation.label} answered with ${creation.type} ${id}, which this run could not prove its own`);
    const shown = body ? `${creation.field} ${JSON.stringify(body[creation.field])}` : read ? `status ${read.status}` : "no answer";
    return {
      kind: "foreign",
      failure: this.refusal(creation, id, `answered with ${creation.type} ${id}, and GET ${creation.type}s/${id} shows ${shown}`, read),
    };
  }

  /** Remember the ids of resources in an answer that are not ours: an answer naming one of them later proves nothing. */
  observe(request: ScimRequest, response: ScimResponse): void {
    if (!isSuccess(response.status) || !isJsonObject(response.json)) return;
    const collection = /^\/(Users|Groups)(\/|$)/.exec(relativePath(request.path, this.baseUrl))?.[1];
    if (!collection) return;
    const type: ResourceType = collection === "Users" ? "User" : "Group";
    const body = response.json;
    const resources = Array.isArray(body.Resources) ? body.Resources.filter(isJsonObject) : [body];
    for (const resource of resources) {
      if (typeof resource.id !== "string" || this.owns(type, resource.id)) continue;
      const names = ["userName", "displayName", "externalId"].map((field) => resource[field]).filter((name): name is string => typeof name === "string");
      if (!names.some((name) => this.sentNames.has(name.toLowerCase()))) this.foreign.add(key(type, resource.id));
    }
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

  private own(resource: CreatedResource): CreatedResource {
    const resourceKey = key(resource.type, resource.id);
    if (!this.ownedKeys.has(resourceKey)) {
      this.ownedKeys.add(resourceKey);
      this.owned.push(resource);
      this.foreign.delete(resourceKey);
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
