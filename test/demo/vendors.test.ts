import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { runDemoCommand } from "../../src/commands/demo.js";
import { DEMO_GROUP, DEMO_PEOPLE, LEAVER } from "../../src/demo/people.js";
import type { DemoResult } from "../../src/demo/run.js";
import type { Sandbox } from "../../src/sandbox/start.js";
import type { ScimUser } from "../../src/sandbox/scim/model.js";

/*
 * `demo` for every seed vendor and every generic template, then the servers' own state — read from
 * the reference SCIM server's store and the Okta emulator's store just before the demo stops them,
 * not from what the demo says: the people Okta provisioned (userName, active, the vendor's mapped
 * attributes), the pushed group and its members, the app users' status and syncState, the leaver
 * deactivated in the app's dialect, nothing left behind by the probes.
 */

class Collector extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

interface ServerState {
  credentials: ReturnType<Sandbox["credentials"]>;
  scimUsers: ScimUser[];
  scimGroups: ReturnType<Sandbox["scim"]["snapshot"]>["groups"];
  /** Requests the SCIM server received, method and path. */
  requests: Array<{ method: string; path: string; body: string | undefined }>;
  apps: Array<{ id: string; label: string; dialect: string }>;
  appUsers: Map<string, { status: string; syncState: string; externalId: string | null }>;
  oktaStatus: Map<string, string>;
}

async function demo(vendor: string): Promise<{ code: number; json: DemoResult; stdout: string; stderr: string; state: ServerState }> {
  const stdout = new Collector();
  const stderr = new Collector();
  let state: ServerState | undefined;
  const code = await main(["--json", "demo", "--vendor", vendor], {
    stdout,
    stderr,
    env: {},
    stdinIsTTY: false,
    handleSignals: false,
    runCommand: (_path, options, ctx) =>
      runDemoCommand(options as { vendor: string }, ctx, {
        beforeStop: async (sandbox) => {
          const { store } = sandbox.okta;
          const snapshot = sandbox.scim.snapshot();
          const loginOf = (userId: string) => String(store.users.get(userId)?.profile.login);
          state = {
            credentials: sandbox.credentials(),
            scimUsers: snapshot.users,
            scimGroups: snapshot.groups,
            requests: sandbox.scim.requests.map(({ method, path, body }) => ({ method, path, body })),
            apps: [...store.apps.values()].map((app) => ({ id: app.id, label: app.label, dialect: app.dialect })),
            appUsers: new Map([...store.appUsers.values()].map((appUser) => [loginOf(appUser.userId), { status: appUser.status, syncState: appUser.syncState, externalId: appUser.externalId }])),
            oktaStatus: new Map([...store.users.values()].map((user) => [String(user.profile.login), user.status])),
          };
        },
      }),
  });
  expect(state, stderr.text).toBeDefined();
  expect(stdout.text.trim().split("\n"), "--json: exactly one line").toHaveLength(1);
  return { code, json: JSON.parse(stdout.text) as DemoResult, stdout: stdout.text, stderr: stderr.text, state: state as ServerState };
}

/** Enough of shell word splitting for these lines: spaces and double quotes. */
function shellWords(line: string): string[] {
  return [...line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((match) => (match[1] ?? match[2] ?? "").replace(/\\(.)/g, "$1"));
}

async function parses(argv: string[]): Promise<number> {
  return main(argv, { stdout: new Collector(), stderr: new Collector(), env: {}, stdinIsTTY: false, handleSignals: false, runCommand: async () => 0 });
}

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

interface VendorCase {
  id: string;
  dialect: "oin" | "aiw";
  /** The group is pushed (the template pushes groups, or is silent and the app can). */
  pushes: boolean;
  check?: (user: (login: string) => ScimUser) => void;
}

const CASES: VendorCase[] = [
  {
    id: "kloudhybrid",
    dialect: "oin",
    pushes: true,
    // KloudHybrid's managerValue is the manager's userName, in the enterprise extension's manager.value.
    check: (user) => {
      const manager = (login: string) => (user(login)[ENTERPRISE] as { manager?: { value?: string } } | undefined)?.manager?.value;
      expect(manager("grace.hopper@example.com")).toBe(user("ada.lovelace@example.com").userName);
      expect(manager(LEAVER)).toBe("ada.lovelace@example.com");
      expect(manager("ada.lovelace@example.com")).toBeUndefined();
    },
  },
  { id: "strongdm", dialect: "oin", pushes: true },
  { id: "clumio", dialect: "oin", pushes: true },
  { id: "cloudapp", dialect: "aiw", pushes: false },
  {
    id: "infrascale",
    dialect: "aiw",
    pushes: false,
    // Infrascale keeps only userName, givenName, familyName, email (+ type) and displayName: the Okta profile's title, language, … do not arrive.
    check: (user) => {
      const grace = user("grace.hopper@example.com");
      expect(grace.name?.givenName).toBe("Grace");
      expect(grace.displayName).toBe("Grace Hopper");
      for (const dropped of ["title", "preferredLanguage", "nickName", ENTERPRISE]) expect(grace[dropped], dropped).toBeUndefined();
    },
  },
  { id: "scim2-header", dialect: "oin", pushes: true },
  { id: "scim2-basic", dialect: "oin", pushes: true },
  { id: "scim2-oauth-bearer", dialect: "oin", pushes: true },
  { id: "aiw-scim", dialect: "aiw", pushes: false },
];

describe("demo for every vendor template: what the servers hold", () => {
  it.each(CASES)("$id", async (vendor) => {
    const { code, json, stdout, stderr, state } = await demo(vendor.id);
    expect(code, `${stderr}\n${JSON.stringify(json.findings)}`).toBe(0);
    expect(json.schemaVersion).toBe(1);
    expect(json.findings).toEqual([]);

    // Okta: one app (setup never made a second), its users provisioned; the leaver deactivated and unassigned.
    expect(state.apps).toHaveLength(1);
    expect(state.apps[0]!.dialect).toBe(vendor.dialect);
    const stayers = DEMO_PEOPLE.filter((person) => person.login !== LEAVER);
    for (const person of stayers) expect(state.appUsers.get(person.login), person.login).toMatchObject({ status: "PROVISIONED", syncState: "SYNCHRONIZED" });
    expect(state.oktaStatus.get(LEAVER)).toBe("DEPROVISIONED");
    expect(state.appUsers.has(LEAVER)).toBe(false);

    // The SCIM server: exactly the three people (the probes removed what they created), the leaver inactive.
    const user = (login: string) => {
      const found = state.scimUsers.find((entry) => entry.userName === login);
      if (!found) throw new Error(`${login} is not at the SCIM server: ${state.scimUsers.map((entry) => entry.userName).join(", ")}`);
      return found;
    };
    expect(state.scimUsers.map((entry) => entry.userName).sort()).toEqual(DEMO_PEOPLE.map((person) => person.login).sort());
    for (const person of stayers) {
      expect(user(person.login).active, person.login).toBe(true);
      expect(user(person.login).id).toBe(state.appUsers.get(person.login)?.externalId);
      expect(user(person.login).name?.familyName).toBe(person.lastName);
    }
    expect(user(LEAVER).active).toBe(false);
    vendor.check?.(user);

    // The leaver's deactivation in the app's dialect: oin a PATCH, aiw a full PUT (research/okta-traffic.md).
    const leaverPath = `/Users/${user(LEAVER).id}`;
    const deactivation = state.requests.filter((request) => request.path.endsWith(leaverPath) && request.method !== "GET");
    expect(deactivation.map((request) => request.method)).toContain(vendor.dialect === "oin" ? "PATCH" : "PUT");
    expect(deactivation.map((request) => request.method)).not.toContain(vendor.dialect === "oin" ? "PUT" : "PATCH");

    // The group, pushed with its members where the vendor pushes groups; not there where it does not.
    const group = state.scimGroups.find((entry) => entry.displayName === DEMO_GROUP);
    if (vendor.pushes) {
      // Pushed with all three; the leaver's deactivation took them out of it (Okta pushes the membership change).
      expect(json.provisioned.group.scim?.members).toEqual(DEMO_PEOPLE.map((person) => person.login).sort());
      expect(group?.members.map((member) => member.value).sort()).toEqual(stayers.map((person) => user(person.login).id).sort());
      expect(json.deactivated.group?.members).toEqual(stayers.map((person) => person.login).sort());
      expect(json.provisioned.group.push?.status).toBe("ACTIVE");
    } else {
      expect(group).toBeUndefined();
      expect(json.provisioned.group.notPushed).toBeTruthy();
    }

    // What the demo reports agrees, and the checks ran against the server.
    expect(json.provisioned.users.map((entry) => entry.okta?.syncState)).toEqual(["SYNCHRONIZED", "SYNCHRONIZED", "SYNCHRONIZED"]);
    expect(json.deactivated.scim).toEqual({ active: false });
    expect(json.setup.at(-1)?.applied).toBe(0);
    expect(json.setup[0]?.pending.length).toBeGreaterThan(0);
    expect(json.checks.testConnector.failed).toBe(0);
    expect(json.checks.probes.requiredFailed).toBe(0);
    expect(json.checks.probes.passed).toBeGreaterThan(20);
    expect(json.checks.probes.dialect).toBe(vendor.dialect);
    expect(json.realOrg.join("\n")).toContain(`npx scim-okta setup --vendor ${vendor.id}`);
    // The commands for a real org are ones the CLI takes: each parses to options (nothing runs).
    for (const line of json.realOrg.filter((entry) => entry.startsWith("npx scim-okta "))) expect(await parses(shellWords(line).slice(2)), line).toBe(0);

    // The sandbox's generated secrets reach the stand-in, never the output.
    for (const secret of [state.credentials.scimToken, state.credentials.scimPassword, state.credentials.oktaApiToken]) expect(stdout + stderr).not.toContain(secret);
  }, 120_000);
});
