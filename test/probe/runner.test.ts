import { describe, expect, test } from "vitest";
import { Redactor } from "../../src/core/redact.js";
import { NetworkError } from "../../src/http/network-error.js";
import type { ScimRequest, ScimResponse } from "../../src/scim/client.js";
import { ProbeFailure, type ProbeDefinition } from "../../src/scim/probes/types.js";
import { runProbes, type RunProbesOptions, type ScimTransport } from "../../src/scim/run/run-probes.js";
import { selectProbes } from "../../src/scim/run/select.js";

const BASE = "https://scim.example.com/v2";

/** A transport answering from a function; every request it saw is kept. */
function fakeTransport(answer: (request: ScimRequest) => { status: number; json?: unknown } | Error): ScimTransport & { seen: ScimRequest[] } {
  const seen: ScimRequest[] = [];
  return {
    seen,
    async send(request) {
      seen.push(request);
      const exchange = { startedAt: "", method: request.method, url: `${BASE}${request.path}`, requestHeaders: { authorization: "Bearer [REDACTED]" }, durationMs: 1 };
      const reply = answer(request);
      if (reply instanceof Error) throw new NetworkError({ kind: "timeout", code: "UND_ERR_HEADERS_TIMEOUT", message: reply.message }, exchange.url, exchange);
      const text = reply.json === undefined ? "" : JSON.stringify(reply.json);
      return { status: reply.status, headers: {}, text, json: reply.json, exchange: { ...exchange, status: reply.status, responseBody: text } } satisfies ScimResponse;
    },
  };
}

const ok = () => ({ status: 200, json: {} });

function probe(id: string, run: ProbeDefinition["run"], extra: Partial<ProbeDefinition> = {}): ProbeDefinition {
  return { id: `rfc/${id}`, suite: "rfc", title: id, required: true, reference: "test", readOnly: false, run, ...extra };
}

function options(probes: ProbeDefinition[], client: ScimTransport, extra: Partial<RunProbesOptions> = {}): RunProbesOptions {
  return {
    plan: selectProbes(probes, { suites: ["rfc"], only: [], skip: [], readOnly: false, dialect: "oin" }),
    client,
    signal: new AbortController().signal,
    concurrency: 3,
    dialect: "oin",
    readOnly: false,
    emailDomain: "example.com",
    seedUserId: undefined,
    baseUrl: BASE,
    curlAuth: { mode: "header", headerFormat: "Bearer {token}" },
    redactor: new Redactor(),
    retry: { attempts: 4, delayMs: 1 },
    ...extra,
  };
}

describe("runner", () => {
  test("independent probes run concurrently up to --concurrency, after the first answer", async () => {
    let inFlight = 0;
    let most = 0;
    const busy: ProbeDefinition["run"] = async (ctx) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await ctx.send({ method: "GET", path: "/Users" });
      for (let tick = 0; tick < 5; tick += 1) await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
    };
    const probes = Array.from({ length: 7 }, (_, index) => probe(`p${index}`, busy));
    const outcome = await runProbes(options(probes, fakeTransport(ok)));
    expect(outcome.results.map((result) => result.status)).toEqual(Array(7).fill("passed"));
    expect(most).toBe(3);
  });

  test("dependants run after their dependency, and are skipped with the reason when it fails", async () => {
    const order: string[] = [];
    const step = (name: string, fail = false): ProbeDefinition["run"] => async () => {
      order.push(name);
      if (fail) throw new ProbeFailure(`${name} broke`, { expected: "x", actual: "y" });
    };
    const probes = [
      probe("c", step("c"), { after: ["rfc/b"] }),
      probe("b", step("b"), { after: ["rfc/a"] }),
      probe("a", step("a")),
      probe("d", step("d", true)),
      probe("e", step("e"), { after: ["rfc/d"] }),
      probe("f", step("f"), { after: ["rfc/e"] }),
    ];
    const outcome = await runProbes(options(probes, fakeTransport(ok), { concurrency: 1 }));
    expect(order.indexOf("a")).toBeLessThan(order.indexOf("b"));
    expect(order.indexOf("b")).toBeLessThan(order.indexOf("c"));
    expect(order).not.toContain("e");
    expect(outcome.results.map((result) => [result.id, result.status, result.message])).toEqual([
      ["rfc/c", "passed", ""],
      ["rfc/b", "passed", ""],
      ["rfc/a", "passed", ""],
      ["rfc/d", "failed", "d broke"],
      ["rfc/e", "skipped", "needs rfc/d, which failed"],
      ["rfc/f", "skipped", "needs rfc/e, which was skipped"],
    ]);
  });

  test("eventually retries a bounded number of times and says so", async () => {
    let calls = 0;
    const flaky = probe("flaky", async (ctx) => {
      await ctx.eventually(async () => {
        calls += 1;
        if (calls < 3) throw new ProbeFailure("not yet");
      });
    });
    const never = probe("never", (ctx) => ctx.eventually(async () => Promise.reject(new ProbeFailure("still missing"))));
    const outcome = await runProbes(options([flaky, never], fakeTransport(ok)));
    expect(outcome.results[0]).toMatchObject({ status: "passed", message: "(passed on attempt 3 of 4, retried 0.001 s apart where Okta's test pauses)" });
    expect(outcome.results[1]).toMatchObject({ status: "failed", message: "still missing (still so after 4 attempts, 0.001 s apart, where Okta's test pauses)" });
  });

  test("probes may only modify what the run created; what a POST created is removed in reverse order, and checked gone", async () => {
    const store = new Map<string, unknown>();
    let next = 0;
    const client = fakeTransport((request) => {
      const body = request.body as Record<string, unknown> | undefined;
      if (request.method === "POST") {
        const id = `u${(next += 1)}`;
        store.set(`${request.path}/${id}`, { ...body, id });
        return { status: 201, json: { ...body, id } };
      }
      if (request.method === "DELETE") return store.delete(request.path) ? { status: 204 } : { status: 404 };
      if (request.method === "GET") return store.has(request.path) ? { status: 200, json: store.get(request.path) } : { status: 404 };
      return { status: 200, json: {} };
    });
    const own = probe("own", async (ctx) => {
      await ctx.send({ method: "POST", path: "/Users", body: { userName: ctx.uniqueName("user") } });
      await ctx.send({ method: "POST", path: "/Groups", body: { displayName: ctx.uniqueName("group") } });
      await ctx.send({ method: "PUT", path: "/Users/u1", body: {} });
    });
    const foreign = probe("foreign", async (ctx) => {
      await ctx.send({ method: "PATCH", path: "/Users/someone-elses-id", body: {} });
    }, { after: ["rfc/own"] });
    const prefixed = probe("prefixed", async (ctx) => {
      await ctx.send({ method: "DELETE", path: `/Users/${ctx.uniqueName("looks-like-ours")}` });
    }, { after: ["rfc/own"] });
    const unclassifiable = probe("unclassifiable", async (ctx) => {
      await ctx.send({ method: "DELETE", path: "https://elsewhere.example/scim/v2/Users/u1" });
    }, { after: ["rfc/own"] });
    const outcome = await runProbes(options([own, foreign, prefixed, unclassifiable], client, { concurrency: 1 }));

    expect(outcome.results[0]?.status).toBe("passed");
    expect(outcome.results[1]).toMatchObject({ status: "failed", message: expect.stringContaining("this run did not create User someone-elses-id") });
    expect(outcome.results[2]).toMatchObject({ status: "failed", message: expect.stringMatching(/refused to send DELETE \/Users\/scim-okta-probe-looks-like-ours-\w+: this run did not create/) });
    expect(outcome.results[3]).toMatchObject({ status: "failed", message: expect.stringContaining("refused to send DELETE https://elsewhere.example/scim/v2/Users/u1") });
    expect(client.seen.map((request) => `${request.method} ${request.path}`)).toEqual([
      "POST /Users",
      "POST /Groups",
      // Owned on the POST's word: what is stored at the id is read before the first write to it.
      "GET /Users/u1",
      "PUT /Users/u1",
      "GET /Groups/u2",
      "DELETE /Groups/u2",
      "GET /Groups/u2",
      "DELETE /Users/u1",
      "GET /Users/u1",
    ]);
    expect(outcome.leftovers).toEqual([]);
    expect(outcome.removed.map((resource) => resource.id)).toEqual(["u2", "u1"]);
  });

  test("a request that gets no answer fails its probe with the reason; a probe's own bug does not stop the run", async () => {
    const client = fakeTransport((request) => (request.path === "/slow" ? new Error("Headers Timeout Error") : { status: 200, json: {} }));
    const first = probe("first", async (ctx) => void (await ctx.send({ method: "GET", path: "/Users" })));
    const slow = probe("slow", async (ctx) => void (await ctx.send({ method: "GET", path: "/slow" })), { after: ["rfc/first"] });
    const buggy = probe("buggy", async () => {
      throw new TypeError("cannot read properties of undefined");
    }, { after: ["rfc/first"] });
    const outcome = await runProbes(options([first, slow, buggy], client));
    expect(outcome.unreachable).toBeUndefined();
    expect(outcome.results[1]).toMatchObject({
      status: "failed",
      message: `no answer: timed out (UND_ERR_HEADERS_TIMEOUT) for GET ${BASE}/slow`,
      curl: `curl -sS -X GET '${BASE}/slow' -H "Authorization: Bearer $SCIM_TOKEN"`,
    });
    expect(outcome.results[2]).toMatchObject({ status: "failed", message: expect.stringContaining("a bug in scim-okta") });
  });

  test("when the very first request gets no answer, nothing else runs", async () => {
    const client = fakeTransport(() => new Error("connect ECONNREFUSED"));
    const probes = ["a", "b", "c"].map((name) => probe(name, async (ctx) => void (await ctx.send({ method: "GET", path: `/${name}` }))));
    const outcome = await runProbes(options(probes, client));
    expect(outcome.unreachable).toMatchObject({ kind: "timeout", url: `${BASE}/a` });
    expect(client.seen).toHaveLength(1);
    expect(outcome.results.slice(1).map((result) => result.message)).toEqual(["not run: the SCIM server could not be reached", "not run: the SCIM server could not be reached"]);
  });

  test("under --read-only a write is refused even if a probe tries", async () => {
    const client = fakeTransport(ok);
    const sneaky = probe("sneaky", async (ctx) => void (await ctx.send({ method: "DELETE", path: "/Users/x" })), { readOnly: true });
    const outcome = await runProbes(options([sneaky], client, { readOnly: true }));
    expect(outcome.results[0]).toMatchObject({ status: "failed", message: expect.stringContaining("--read-only allows only GET") });
    expect(client.seen).toEqual([]);
  });
});

describe("ownership: the ledger owns only what it proved this run created", () => {
  /** A tiny SCIM store: POST creates (unless `post` answers), GET reads and lists, DELETE removes. */
  function store(post?: (request: ScimRequest, body: Record<string, unknown>) => { status: number; json?: unknown } | undefined) {
    const resources = new Map<string, Record<string, unknown>>([["/Users/ada", { id: "ada", userName: "ada@customer.example" }]]);
    let next = 0;
    return fakeTransport((request) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (request.method === "POST") {
        const answer = post?.(request, body);
        if (answer) return answer;
        const id = `new${(next += 1)}`;
        resources.set(`${request.path}/${id}`, { ...body, id });
        return { status: 201, json: { ...body, id } };
      }
      if (request.method === "GET" && request.path.startsWith("/Users?")) {
        const wanted = /userName eq "([^"]+)"/.exec(decodeURIComponent(request.path))?.[1];
        const all = [...resources.entries()].filter(([path]) => path.startsWith("/Users/")).map(([, resource]) => resource);
        const found = wanted ? all.filter((resource) => resource.userName === wanted) : all;
        return { status: 200, json: { schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: found.length, startIndex: 1, itemsPerPage: found.length, Resources: found } };
      }
      if (request.method === "GET") return resources.has(request.path) ? { status: 200, json: resources.get(request.path) } : { status: 404 };
      if (request.method === "DELETE") return resources.delete(request.path) ? { status: 204 } : { status: 404 };
      return resources.has(request.path) ? { status: 200, json: resources.get(request.path) } : { status: 404 };
    });
  }
  const writes = (client: { seen: ScimRequest[] }) => client.seen.filter((request) => !["GET", "POST"].includes(request.method)).map((request) => `${request.method} ${request.path}`);

  test("an answer with our name but an id seen before as somebody else's is checked with a GET, and refused", async () => {
    const client = store((_request, body) => ({ status: 201, json: { ...body, id: "ada" } }));
    const lister = probe("lister", async (ctx) => void (await ctx.send({ method: "GET", path: "/Users?startIndex=1&count=10" })));
    const creator = probe("creator", async (ctx) => {
      const response = await ctx.send({ method: "POST", path: "/Users", body: { userName: ctx.uniqueName("user") } });
      await ctx.send({ method: "PATCH", path: "/Users/ada", body: {} });
      return { status: "passed", message: String(response.status) };
    }, { after: ["rfc/lister"] });
    const outcome = await runProbes(options([lister, creator], client, { concurrency: 1 }));

    expect(outcome.results[1]).toMatchObject({ status: "failed", message: expect.stringMatching(/answered with User ada, and GET Users\/ada shows userName "ada@customer\.example": not what this probe created/) });
    expect(client.seen.map((request) => `${request.method} ${request.path}`)).toContain("GET /Users/ada");
    expect(writes(client)).toEqual([]);
  });

  test("an answer without the name is checked with a GET: ours when the GET shows our name", async () => {
    let sentName = "";
    let deleted = false;
    const minimal = fakeTransport((request) => {
      if (request.method === "POST") return { status: 201, json: { id: "u1" } };
      if (request.method === "GET") return deleted ? { status: 404 } : { status: 200, json: { id: "u1", userName: sentName.toUpperCase() } };
      if (request.method === "DELETE") deleted = true;
      return { status: request.method === "DELETE" ? 204 : 200, json: {} };
    });
    const creator = probe("creator", async (ctx) => {
      sentName = ctx.uniqueName("user");
      await ctx.send({ method: "POST", path: "/Users", body: { userName: sentName } });
      await ctx.send({ method: "PUT", path: "/Users/u1", body: {} });
    });
    const outcome = await runProbes(options([creator], minimal, { concurrency: 1 }));

    expect(outcome.results[0]?.status).toBe("passed");
    expect(minimal.seen.slice(0, 3).map((request) => `${request.method} ${request.path}`)).toEqual(["POST /Users", "GET /Users/u1", "PUT /Users/u1"]);
    expect(writes(minimal)).toEqual(["PUT /Users/u1", "DELETE /Users/u1"]);
  });

  test("a 201 without an id: cleanup finds the user by the userName sent, and removes it", async () => {
    const resources = new Map<string, Record<string, unknown>>();
    const server = fakeTransport((request) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (request.method === "POST") {
        resources.set("/Users/hidden", { ...body, id: "hidden" });
        return { status: 201, json: { userName: body.userName } };
      }
      if (request.method === "GET" && request.path.startsWith("/Users?")) {
        const found = [...resources.values()];
        return { status: 200, json: { schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: found.length, Resources: found } };
      }
      if (request.method === "GET") return resources.has(request.path) ? { status: 200, json: resources.get(request.path) } : { status: 404 };
      if (request.method === "DELETE") return resources.delete(request.path) ? { status: 204 } : { status: 404 };
      return { status: 404 };
    });
    const creator = probe("creator", async (ctx) => void (await ctx.send({ method: "POST", path: "/Users", body: { userName: ctx.uniqueName("user") } })));
    const outcome = await runProbes(options([creator], server, { concurrency: 1 }));

    expect(outcome.leftovers).toEqual([]);
    expect(outcome.removed.map((resource) => resource.id)).toEqual(["hidden"]);
    expect(resources.size).toBe(0);
  });

  test("an ownership finding is not retried by eventually", async () => {
    const client = store(() => ({ status: 201, json: { id: "ada", userName: "ada@customer.example" } }));
    let attempts = 0;
    const creator = probe("creator", (ctx) =>
      ctx.eventually(async () => {
        attempts += 1;
        await ctx.send({ method: "POST", path: "/Users", body: { userName: ctx.uniqueName("user") } });
      }),
    );
    const outcome = await runProbes(options([creator], client));

    expect(attempts).toBe(1);
    expect(outcome.results[0]).toMatchObject({ status: "failed", message: expect.stringContaining("not what this probe created") });
    expect(writes(client)).toEqual([]);
  });

  test("while the run goes on, a forced exit would list what is on the server by id; nothing once cleanup is done", async () => {
    const client = store();
    let say: (() => string) | undefined;
    let midRun = "";
    const creator = probe("creator", async (ctx) => {
      const name = ctx.uniqueName("user");
      await ctx.send({ method: "POST", path: "/Users", body: { userName: name } });
      midRun = say?.() ?? "";
    });
    let withdrawn = false;
    await runProbes(
      options([creator], client, {
        beforeForcedExit: (note) => {
          say = note;
          return () => {
            withdrawn = true;
          };
        },
      }),
    );

    expect(midRun).toMatch(/^Exiting without cleanup; left on the SCIM server \(remove by hand\):\n {2}User new1 \(scim-okta-probe-user-\w+\)\n$/);
    expect(withdrawn).toBe(true);
    expect(say?.()).toBe("Nothing this run created is left on the SCIM server.\n");
  });
});
