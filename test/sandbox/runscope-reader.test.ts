import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { UsageError } from "../../src/core/errors.js";
import { evaluateAssertion, type RunscopeResponse } from "../../src/sandbox/runscope/assertions.js";
import { formatReplay, parseRunscopeTest, replayRunscopeTest } from "../../src/sandbox/runscope/index.js";
import { valueAt as readProperty } from "../../src/scim/json.js";
import { RunscopeVariables } from "../../src/sandbox/runscope/variables.js";

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A small server whose /ready answers 404 three times before it is ready: the shape of "wait for provisioning". */
let server: Server;
let origin: string;
const seen: Seen[] = [];
let readyCalls = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(value));
      };
      if (req.url === "/ready") {
        readyCalls += 1;
        return readyCalls > 3 ? json(200, { state: "ready", calls: readyCalls }) : json(404, { state: "pending" });
      }
      if (req.url === "/items" && req.method === "POST") return json(201, { id: "item-7", echo: body, tags: ["a", "b"] }, { location: "/items/item-7" });
      if (req.url?.startsWith("/echo")) return json(200, { url: req.url, headers: req.headers, body });
      return json(404, { detail: "no such thing" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const request = (fields: Record<string, unknown>) => ({ step_type: "request", method: "GET", headers: {}, assertions: [], variables: [], scripts: [], before_scripts: [], ...fields });
const status = (value: number | string) => ({ source: "response_status", comparison: "equal_number", value });
const exportOf = (steps: unknown[]) => parseRunscopeTest({ name: "synthetic", steps }, "synthetic.json");

describe("reading the export format", () => {
  test("a file that is not an export is refused naming the field", () => {
    expect(() => parseRunscopeTest({ steps: [{ step_type: "request", url: "x" }] }, "bad.json")).toThrow(UsageError);
    expect(() => parseRunscopeTest({ name: "no steps" }, "bad.json")).toThrow(/bad\.json is not a Runscope\/BlazeMeter test export: steps/);
  });

  test.each([
    ["Resources[0].emails[0].value", "a@b"],
    ["Resources.0.name.givenName", "Ann"],
    ["['odd.key']", 1],
    ["schemas", ["urn:x"]],
    ["Resources[3].id", undefined],
    ["Resources[0].name.givenName.more", undefined],
  ])("property %s reads %j", (property, expected) => {
    const body = { schemas: ["urn:x"], "odd.key": 1, Resources: [{ id: "1", name: { givenName: "Ann" }, emails: [{ value: "a@b" }] }] };
    expect(readProperty(body, property)).toEqual(expected);
  });

  test("an empty property is the whole body", () => {
    expect(readProperty({ a: 1 }, "")).toEqual({ a: 1 });
  });
});

describe("comparisons, as Runscope makes them", () => {
  const response = (json: unknown, statusCode = 200): RunscopeResponse => ({
    status: statusCode,
    headers: { "content-type": "application/json" },
    text: JSON.stringify(json),
    json,
    durationMs: 12,
    sizeBytes: 10,
  });
  const body = { active: false, count: 3, countText: "3", empty: "", list: ["urn:a", "urn:b"], none: null, obj: { k: "v" }, name: "Ann Lee" };
  const vars = new RunscopeVariables({ who: "Ann" });

  test.each<[string, string | undefined, unknown, boolean]>([
    ["equal", "active", "false", true],
    ["equal", "count", "3", true],
    ["equal", "missing", "", false],
    ["equal", "name", "{{who}} Lee", true],
    ["not_equal", "name", "Bob", true],
    ["empty", "empty", null, true],
    ["empty", "list", null, false],
    ["not_empty", "active", null, true],
    ["not_empty", "none", null, false],
    ["not_empty", "missing", null, false],
    ["contains", "name", "Lee", true],
    ["contains", "list", "urn:b", true],
    ["does_not_contain", "list", "urn:c", true],
    ["has_value", "list", "urn:a", true],
    ["has_value", "list", "urn:", false],
    ["has_key", "obj", "k", true],
    ["is_null", "none", null, true],
    ["is_a_number", "count", null, true],
    ["is_a_number", "name", null, false],
    ["equal_number", "count", 3, true],
    ["equal_number", "countText", "3", true],
    ["equal_number", "name", "3", false],
    ["is_less_than", "count", "4", true],
    ["is_less_than", "count", "3", false],
    ["is_less_than_or_equal", "count", "3", true],
    ["is_greater_than", "count", "2", true],
    ["is_greater_than_or_equal", "count", "4", false],
  ])("%s on %s with %j passes: %s", (comparison, property, value, passes) => {
    const result = evaluateAssertion({ source: "response_json", comparison, property, ...(value === null ? {} : { value: value as string }) }, response(body), vars);
    expect(result.passed).toBe(passes);
  });

  test("status, headers, text and time are sources too", () => {
    const r = response({ a: 1 }, 201);
    expect(evaluateAssertion({ source: "response_status", comparison: "equal_number", value: "201" }, r, vars).passed).toBe(true);
    expect(evaluateAssertion({ source: "response_headers", comparison: "contains", property: "Content-Type", value: "json" }, r, vars).passed).toBe(true);
    expect(evaluateAssertion({ source: "response_text", comparison: "contains", value: '"a":1' }, r, vars).passed).toBe(true);
    expect(evaluateAssertion({ source: "response_time", comparison: "is_less_than", value: 600 }, r, vars).passed).toBe(true);
  });

  test("an unknown comparison or source fails and says so, never passes silently", () => {
    const r = response({});
    expect(evaluateAssertion({ source: "response_json", comparison: "looks_nice", property: "a", value: "x" }, r, vars)).toMatchObject({ passed: false, problem: 'unsupported comparison "looks_nice"' });
    expect(evaluateAssertion({ source: "response_cookies", comparison: "equal", value: "x" }, r, vars)).toMatchObject({ passed: false, problem: 'unsupported assertion source "response_cookies"' });
  });
});

describe("replaying", () => {
  test("variables come from the caller, the initial script and earlier steps; headers, bodies and forms are filled in", async () => {
    seen.length = 0;
    const test = exportOf([
      request({
        method: "POST",
        url: "{{base}}/items",
        headers: { "Content-Type": ["application/json"], "X-Two": ["a", "b"], Authorization: "Token {{secret}}" },
        body: '{"name":"{{person}}","at":"{{timestamp}}","r":"{{random_string(6)}}"}',
        assertions: [status(201), { source: "response_json", comparison: "equal", property: "tags[1]", value: "b" }],
        variables: [
          { source: "response_json", property: "id", name: "itemId" },
          { source: "response_headers", property: "Location", name: "where" },
          { source: "response_json", property: "", name: null },
        ],
      }),
      request({ method: "POST", url: "{{base}}/echo/{{itemId}}?q=a b&w={{where}}", form: { field: ["{{person}}"] }, assertions: [status(200)] }),
    ]);
    const result = await replayRunscopeTest(test, { variables: { base: origin, secret: "s3cret-value-99" }, initialScript: 'variables.set("person", "Runscope" + (1 + 1));', secretVariables: ["secret"] });
    expect(result.steps.map((step) => step.passed)).toEqual([true, true]);
    const [post, form] = seen;
    expect(post?.headers["x-two"]).toBe("a, b");
    expect(JSON.parse(post?.body ?? "{}")).toMatchObject({ name: "Runscope2", at: expect.stringMatching(/^\d{10}$/), r: expect.stringMatching(/^[A-Za-z0-9]{6}$/) });
    expect(form?.url).toBe("/echo/item-7?q=a%20b&w=/items/item-7");
    expect(form?.body).toBe("field=Runscope2");
    expect(form?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(result.variables).toMatchObject({ itemId: "item-7", where: "/items/item-7", person: "Runscope2", secret: "[REDACTED]" });
    expect(JSON.stringify(result)).not.toContain("s3cret-value-99");
  });

  test("a pause becomes polling: the GET after it is repeated until its assertions hold, within the pause", async () => {
    readyCalls = 0;
    const test = exportOf([{ step_type: "pause", duration: 5 }, request({ url: `${origin}/ready`, assertions: [status(200), { source: "response_json", comparison: "equal", property: "state", value: "ready" }] })]);
    const result = await replayRunscopeTest(test, { pauses: { pollIntervalMs: 10 } });
    expect(result.passed).toBe(true);
    expect(result.steps[1]?.attempts).toBe(4);
  });

  test("without a pause the same step is sent once and fails", async () => {
    readyCalls = 0;
    const result = await replayRunscopeTest(exportOf([request({ url: `${origin}/ready`, assertions: [status(200)] })]));
    expect(result.steps[0]).toMatchObject({ passed: false, attempts: 1, status: 404 });
    expect(formatReplay(result)).toContain("response_status equal_number \"200\": got 404");
  });

  test("polling is bounded: a step that never holds fails when the pause's time is up", async () => {
    readyCalls = -1_000;
    const result = await replayRunscopeTest(exportOf([{ step_type: "pause", duration: 0.2 }, request({ url: `${origin}/ready`, assertions: [status(200)] })]), { pauses: { pollIntervalMs: 20 } });
    expect(result.steps[1]?.passed).toBe(false);
    expect(result.steps[1]?.attempts).toBeGreaterThan(1);
    expect(result.steps[1]?.attempts).toBeLessThanOrEqual(11);
  });

  test("a write after a pause is sent once, never repeated", async () => {
    seen.length = 0;
    const result = await replayRunscopeTest(exportOf([{ step_type: "pause", duration: 5 }, request({ method: "POST", url: `${origin}/items`, body: "{}", assertions: [status(200)] })]));
    expect(result.steps[1]?.passed).toBe(false);
    expect(seen.filter((entry) => entry.method === "POST")).toHaveLength(1);
  });

  test("scripts assert with Chai and set variables; a failed script assertion fails its step", async () => {
    const test = exportOf([
      request({
        url: `${origin}/echo/one`,
        scripts: ['var data = JSON.parse(response.body);\nassert.equal(response.status, 200);\nvariables.set("seenUrl", data.url);\nlog("saw", data.url);'],
      }),
      request({ url: `${origin}/echo/{{seenUrl}}`, scripts: ["", 'assert.isTrue(JSON.parse(response.body).url.endsWith("/nope"), "the URL ends with /nope");'] }),
    ]);
    const result = await replayRunscopeTest(test);
    expect(result.steps[0]).toMatchObject({ passed: true, logs: ["saw /echo/one"] });
    expect(result.steps[1]?.passed).toBe(false);
    expect(result.steps[1]?.scriptFailures[0]).toContain("the URL ends with /nope");
  });

  test("a variable nobody set fails its step by name, and the run goes on", async () => {
    const result = await replayRunscopeTest(exportOf([request({ url: `${origin}/echo/{{userId}}` }), request({ url: `${origin}/echo/fine`, assertions: [status(200)] })]));
    expect(result.steps[0]).toMatchObject({ passed: false, error: expect.stringContaining("variable {{userId}} is not defined") });
    expect(result.steps[1]?.passed).toBe(true);
    expect(result.passed).toBe(false);
  });

  test("a step type the replayer cannot run is reported as failed, and skipped steps are not sent", async () => {
    seen.length = 0;
    const result = await replayRunscopeTest(exportOf([{ step_type: "condition", note: "if" }, request({ url: `${origin}/echo/skip`, skipped: true })]));
    expect(result.steps[0]).toMatchObject({ kind: "unsupported", passed: false, error: 'step type "condition" is not supported by the replayer' });
    expect(result.steps[1]).toMatchObject({ kind: "skipped" });
    expect(seen).toHaveLength(0);
  });

  test("a server that does not answer fails the step with the network error", async () => {
    const result = await replayRunscopeTest(exportOf([request({ url: "http://127.0.0.1:1/Users" })]));
    expect(result.steps[0]?.error).toMatch(/ECONNREFUSED/);
  });
});
