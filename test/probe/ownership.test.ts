import { spawn } from "node:child_process";
import { afterEach, expect, test } from "vitest";
import { BIN, REPO_ROOT } from "../support/cli.js";
import { defectiveProxy, probe, probeMade, probeResult, referenceServer, TOKEN, type ProxyDefect, type ReferenceScimServer } from "./support/harness.js";

/*
 * Issue 8 items 1 and 6 against hostile servers: a probe run only ever writes to what it proved
 * it created, and leaves nothing behind without saying so.
 */

const closers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const closer of closers.splice(0).reverse()) await closer.close();
});

const SEED = {
  users: [{ userName: "ada.lovelace@customer.example", name: { givenName: "Ada", familyName: "Lovelace" }, emails: [{ value: "ada.lovelace@customer.example", primary: true }], active: true }],
  groups: [{ displayName: "Engineering" }],
};

async function behind(defect: (server: ReferenceScimServer) => ProxyDefect, options: Parameters<typeof referenceServer>[0] = {}) {
  const server = await referenceServer({ seed: SEED, ...options });
  closers.push(server);
  const proxy = await defectiveProxy(server, defect(server));
  closers.push(proxy);
  return { server, baseUrl: proxy.baseUrl };
}

/** Writes that reached the server for these ids. */
function writesTo(server: ReferenceScimServer, ids: readonly string[]): string[] {
  return server.requests
    .filter((request) => request.method !== "GET" && ids.some((id) => request.path.endsWith(`/${id}`)))
    .map((request) => `${request.method} ${request.path}`);
}

test("POST /Users and POST /Groups answered with an existing resource: the probes fail with that finding, and nothing is written to it", async () => {
  const { server, baseUrl } = await behind((reference) => {
    const [ada] = reference.snapshot().users;
    const [engineering] = reference.snapshot().groups;
    return {
      answer: (request) => {
        if (request.method === "POST" && request.path.endsWith("/Users")) return { status: 201, body: ada };
        if (request.method === "POST" && request.path.endsWith("/Groups")) return { status: 201, body: engineering };
        return undefined;
      },
    };
  });
  const before = server.snapshot();
  const seededIds = [...before.users, ...before.groups].map((resource) => resource.id);

  const run = await probe(baseUrl, ["--suite", "okta-runtime,rfc"]);

  expect(run.code).toBe(1);
  const createUser = probeResult(run.report, "okta-runtime/create-user");
  expect(createUser.status).toBe("failed");
  expect(createUser.message).toMatch(/^POST \/Users with userName "scim-okta-probe-[^"]+" answered 201 with User \S+, whose userName is "ada\.lovelace@customer\.example": not what this probe created/);
  expect(createUser.message).toContain("nothing is written to User");
  const pushGroup = probeResult(run.report, "okta-runtime/push-group");
  expect(pushGroup).toMatchObject({ status: "failed", message: expect.stringContaining('whose displayName is "Engineering": not what this probe created') });
  expect(probeResult(run.report, "rfc/delete-returns-204-then-404").status).toBe("failed");
  // Neither the probes nor cleanup touched them: not a PATCH, PUT or DELETE.
  expect(writesTo(server, seededIds)).toEqual([]);
  expect(server.snapshot()).toEqual(before);
  expect(run.report.leftovers).toEqual([]);
});

test("POST /Users answered with our userName beside an existing user's id: the id is read before any write, nothing is written to the customer's user, and what the POST made is found by its name and removed", async () => {
  const { server, baseUrl } = await behind((reference) => {
    const [ada] = reference.snapshot().users;
    return {
      // The server made our user; the answer names Ada's id beside our userName.
      rewrite: (request, body) => (request.method === "POST" && request.path.endsWith("/Users") && ada ? { ...(body as object), id: ada.id } : body),
    };
  });
  const before = server.snapshot();
  const ada = before.users[0]!;

  const run = await probe(baseUrl, ["--only", "okta-runtime/create-user,okta-runtime/deactivate-user"]);

  expect(run.code).toBe(1);
  const failed = run.report.probes.filter((entry) => entry.status === "failed");
  expect(failed.length).toBeGreaterThan(0);
  expect(failed.map((entry) => entry.message).join("\n")).toMatch(new RegExp(`answered with User ${ada.id}, and GET Users/${ada.id} shows userName "ada\\.lovelace@customer\\.example": not what this probe created`));
  // Ada is untouched: not a PATCH, PUT or DELETE reached her.
  expect(writesTo(server, [ada.id])).toEqual([]);
  expect(server.snapshot().users.find((user) => user.id === ada.id)).toEqual(ada);
  // The users the POSTs really made were looked up by their names and removed; nothing is left.
  expect(server.snapshot().users.map((user) => user.userName)).toEqual([ada.userName]);
  expect(run.report.leftovers).toEqual([]);
});

test("a DELETE answered 204 that deleted nothing is found by cleanup's GET: listed as a leftover, the user deactivated instead", async () => {
  const { server, baseUrl } = await behind(() => ({
    answer: (request) => (request.method === "DELETE" ? { status: 204 } : undefined),
  }));

  const run = await probe(baseUrl, ["--only", "okta-spec/06-create-user"]);

  const left = server.snapshot().users.filter((user) => user.userName !== "ada.lovelace@customer.example");
  expect(left.length).toBeGreaterThan(0);
  expect(left.every((user) => user.active === false)).toBe(true);
  expect(run.report.leftovers.map((leftover) => leftover.id).sort()).toEqual(left.map((user) => user.id).sort());
  for (const leftover of run.report.leftovers) {
    expect(leftover.reason).toMatch(/^deactivated, not deleted: DELETE answered 204 but GET still finds it: the DELETE deleted nothing/);
  }
  for (const user of left) expect(run.stderr).toContain(`left on the server: User ${user.id}: deactivated, not deleted: DELETE answered 204`);
});

test("a POST whose answer is cut off: the user it created is looked up by its userName and removed", async () => {
  const { server, baseUrl } = await behind(() => ({
    cutOff: (request) => request.method === "POST" && request.path.endsWith("/Users"),
  }));

  const run = await probe(baseUrl, ["--only", "okta-runtime/create-user"]);

  expect(probeResult(run.report, "okta-runtime/create-user").status).toBe("failed");
  const lookups = server.requests.filter((request) => request.method === "GET" && decodeURIComponent(request.path).includes('userName eq "scim-okta-probe-'));
  expect(lookups.length).toBeGreaterThan(0);
  expect(server.requests.filter((request) => request.method === "DELETE")).toHaveLength(1);
  expect(probeMade(server)).toEqual([]);
  expect(run.report.leftovers).toEqual([]);
});

test("a resource already gone is not a leftover, even when the server answers its second DELETE with 500", async () => {
  const server = await referenceServer({ faults: ["delete-twice-500"] });
  closers.push(server);

  const run = await probe(server.baseUrl, ["--only", "rfc/delete-returns-204-then-404"]);

  expect(probeResult(run.report, "rfc/delete-returns-204-then-404").status).toBe("failed");
  expect(server.requests.filter((request) => request.method === "DELETE").length).toBeGreaterThanOrEqual(3);
  expect(probeMade(server)).toEqual([]);
  expect(run.report.leftovers).toEqual([]);
  expect(run.stderr).not.toContain("left on the server");
});

test("SIGHUP stops the run like Ctrl-C; a second signal during cleanup exits 130 after listing what is left, by id", async () => {
  let deletes = 0;
  const { server, baseUrl } = await behind(() => ({
    answer: (request) => {
      if (request.method !== "DELETE") return undefined;
      deletes += 1;
      return "hang";
    },
  }));
  const child = spawn(process.execPath, [BIN, "probe", "--suite", "okta-spec", "--concurrency", "1", "--timeout", "30", "--reporter", "json"], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? "", SCIM_BASE_URL: baseUrl, SCIM_TOKEN: TOKEN },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  const until = async (condition: () => boolean) => {
    while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  await until(() => server.requests.some((request) => request.method === "POST"));
  child.kill("SIGHUP");
  await until(() => deletes > 0);
  child.kill("SIGINT");
  const code = await exited;

  expect(code).toBe(130);
  const created = server.snapshot().users.filter((user) => user.userName !== "ada.lovelace@customer.example");
  expect(created.length).toBeGreaterThan(0);
  expect(stderr).toContain("Exiting without cleanup; left on the SCIM server (remove by hand):");
  for (const user of created) expect(stderr).toContain(`User ${user.id} (${user.userName})`);
}, 60_000);
