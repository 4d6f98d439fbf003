import { randomBytes } from "node:crypto";
import type { OktaClient } from "../okta/client.js";
import { addGroupMember, createGroup } from "../okta/api/groups.js";
import { createUser } from "../okta/api/users.js";
import type { OktaGroup, OktaUser } from "../okta/model.js";

/**
 * The demo's Okta group and its three people: one of them the manager of the other two (Okta's
 * `managerId` holds the manager's login, which KloudHybrid's `managerValue` must receive), and one
 * of those two is deactivated at the end. Created through Okta's API, as HR or an admin would.
 */

export const DEMO_GROUP = "scim-okta demo";

interface DemoPerson {
  login: string;
  firstName: string;
  lastName: string;
  title: string;
  /** The manager's login (Okta's `managerId`), when the person has one. */
  managerLogin?: string;
}

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { login: "ada.lovelace@example.com", firstName: "Ada", lastName: "Lovelace", title: "Engineering Director" },
  { login: "grace.hopper@example.com", firstName: "Grace", lastName: "Hopper", title: "Engineer", managerLogin: "ada.lovelace@example.com" },
  { login: "alan.turing@example.com", firstName: "Alan", lastName: "Turing", title: "Engineer", managerLogin: "ada.lovelace@example.com" },
];

/** The person the demo deactivates in Okta, to show the vendor deactivating them too. */
export const LEAVER = "alan.turing@example.com";

function oktaProfile(person: DemoPerson): Record<string, string> {
  const manager = person.managerLogin ? DEMO_PEOPLE.find((entry) => entry.login === person.managerLogin) : undefined;
  return {
    login: person.login,
    email: person.login,
    firstName: person.firstName,
    lastName: person.lastName,
    displayName: `${person.firstName} ${person.lastName}`,
    title: person.title,
    department: "Engineering",
    organization: "Example Corp",
    preferredLanguage: "en",
    locale: "en_US",
    ...(manager ? { managerId: manager.login, manager: `${manager.firstName} ${manager.lastName}` } : {}),
  };
}

export interface DemoDirectory {
  group: OktaGroup;
  users: Map<string, OktaUser>;
}

/** The group, the people (active, with a password nobody needs) and their memberships. */
export async function createDemoPeople(client: OktaClient): Promise<DemoDirectory> {
  const [group, users] = await Promise.all([
    createGroup(client, DEMO_GROUP, "people scim-okta demo provisions"),
    Promise.all(DEMO_PEOPLE.map((person) => createUser(client, oktaProfile(person), `Demo-${randomBytes(12).toString("base64url")}`))),
  ]);
  await Promise.all(users.map((user) => addGroupMember(client, group.id, user.id)));
  return { group, users: new Map(users.map((user) => [user.profile.login, user])) };
}
