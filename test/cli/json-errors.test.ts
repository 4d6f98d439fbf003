import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startReferenceScimServer, type ReferenceScimServer } from "../../src/sandbox/scim/index.js";
import { startOktaEmulator, type OktaEmulator } from "../../src/sandbox/okta/index.js";
import { closedPort } from "../probe/support/harness.js";
import { runBin, runCli } from "../support/cli.js";

/*
 * `--json` keeps its promise on every error path of every command: stdout is exactly one JSON
 * document with schemaVersion and error {code, message, hint}, nothing else on stdout, and the
 * exit code of DESIGN §2. The table walks usage errors, unknown flags/commands/vendors, missing
 * credentials, unreachable servers (a closed port), refused tokens and bad files.
 */

const SCIM_TOKEN = "json-errors-scim-token";
let scim: ReferenceScimServer;
let okta: OktaEmulator;
let busy: Server;
let dir: string;
let closed: string;

beforeAll(async () => {
  scim = await startReferenceScimServer({ auth: { mode: "header", token: SCIM_TOKEN } });
  okta = await startOktaEmulator({ port: 0 });
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
  dir = await mkdtemp(join(tmpdir(), "scim-okta-json-errors-"));
  await writeFile(join(dir, "broken.yaml"), "id: x\n  bad: [\n");
  await writeFile(join(dir, "invalid.yaml"), "id: x\n");
  await mkdir(join(dir, "a-folder"));
  closed = `http://127.0.0.1:${await closedPort()}`;
});

afterAll(async () => {
  await scim.close();
  await okta.close();
  await new Promise<void>((resolve) => busy.close(() => resolve()));
});

type Env = () => NodeJS.ProcessEnv;
type Row = [name: string, argv: () => string[], env: Env, code: number, errorCode: string];

const none: Env = () => ({});
const scimEnv = (extra: NodeJS.ProcessEnv = {}): Env => () => ({ SCIM_BASE_URL: scim.baseUrl, SCIM_TOKEN, ...extra });
const closedScim: Env = () => ({ SCIM_BASE_URL: `${closed}/scim/v2`, SCIM_TOKEN });
const oktaEnv = (token?: string): Env => () => ({ OKTA_ORG_URL: okta.orgUrl, OKTA_API_TOKEN: token ?? okta.apiToken, SCIM_TOKEN });
const file = (name: string) => join(dir, name);
const argv = (...words: string[]) => () => words;

const ROWS: Row[] = [
  // The program itself
  ["no command", argv(), none, 2, "usage"],
  ["an unknown command", argv("probes"), none, 2, "usage"],
  ["an unknown global flag", argv("--verbose", "probe"), none, 2, "usage"],
  // vendors
  ["vendors without a verb", argv("vendors"), none, 2, "usage"],
  ["vendors with an unknown verb", argv("vendors", "lst"), none, 2, "usage"],
  ["vendors show without an id", argv("vendors", "show"), none, 2, "usage"],
  ["vendors show of an unknown vendor", argv("vendors", "show", "kloudhybird"), none, 2, "usage"],
  ["vendors validate of a missing file", () => ["vendors", "validate", file("missing.yaml")], none, 2, "usage"],
  ["vendors validate of a folder", () => ["vendors", "validate", file("a-folder")], none, 2, "usage"],
  ["vendors validate of broken YAML", () => ["vendors", "validate", file("broken.yaml")], none, 2, "usage"],
  ["vendors validate of an invalid template", () => ["vendors", "validate", file("invalid.yaml")], none, 2, "usage"],
  // test-connector
  ["test-connector: an unknown flag", argv("test-connector", "--tokn", "x"), none, 2, "usage"],
  ["test-connector: no base URL", argv("test-connector"), none, 2, "usage"],
  ["test-connector: a base URL without https://", argv("test-connector"), () => ({ SCIM_BASE_URL: "scim.example.com/v2", SCIM_TOKEN }), 2, "usage"],
  ["test-connector: no token", argv("test-connector"), () => ({ SCIM_BASE_URL: scim.baseUrl }), 2, "usage"],
  ["test-connector: a missing --token-file", () => ["test-connector", "--token-file", file("missing.txt")], () => ({ SCIM_BASE_URL: scim.baseUrl }), 2, "usage"],
  ["test-connector: a bad --timeout", argv("test-connector", "--timeout", "soon"), scimEnv(), 2, "usage"],
  ["test-connector: an unknown --vendor", argv("test-connector", "--vendor", "strongdn"), scimEnv(), 2, "usage"],
  ["test-connector: a report into a folder", () => ["test-connector", "--reporter", `junit=${file("a-folder")}`], scimEnv(), 2, "usage"],
  ["test-connector: nothing listening", argv("test-connector"), closedScim, 3, "cannot-proceed"],
  // probe
  ["probe: an unknown flag", argv("probe", "--suites", "rfc"), none, 2, "usage"],
  ["probe: an unknown suite", argv("probe", "--suite", "rfcs"), scimEnv(), 2, "usage"],
  ["probe: an unknown probe id", argv("probe", "--only", "rfc/nope"), scimEnv(), 2, "usage"],
  ["probe: no base URL", argv("probe"), none, 2, "usage"],
  ["probe: no token", argv("probe"), () => ({ SCIM_BASE_URL: scim.baseUrl }), 2, "usage"],
  ["probe: a token a header cannot carry", argv("probe"), scimEnv({ SCIM_TOKEN: "line\nbreak" }), 2, "usage"],
  ["probe: a missing --template", () => ["probe", "--template", file("missing.yaml")], scimEnv(), 2, "usage"],
  ["probe: a missing --baseline", () => ["probe", "--baseline", file("missing.txt")], scimEnv(), 2, "usage"],
  ["probe: --write-baseline into a folder", () => ["probe", "--write-baseline", file("a-folder")], scimEnv(), 2, "usage"],
  ["probe: nothing listening", argv("probe"), closedScim, 3, "cannot-proceed"],
  ["probe --no-preflight: nothing listening", argv("probe", "--no-preflight"), closedScim, 3, "cannot-proceed"],
  ["probe: a refused token", argv("probe"), scimEnv({ SCIM_TOKEN: "an-old-token" }), 1, "preflight"],
  ["probe: a base URL ending in /Users", argv("probe"), () => ({ SCIM_BASE_URL: `${scim.baseUrl}/Users`, SCIM_TOKEN }), 1, "preflight"],
  // setup and verify
  ["setup: no vendor", argv("setup"), none, 2, "usage"],
  ["setup: an unknown vendor", argv("setup", "--vendor", "nope"), oktaEnv(), 2, "usage"],
  ["setup: no SCIM credentials", argv("setup", "--vendor", "strongdm"), () => ({ OKTA_ORG_URL: okta.orgUrl, OKTA_API_TOKEN: okta.apiToken }), 2, "usage"],
  ["setup: no Okta org", argv("setup", "--vendor", "strongdm", "--probe", "none"), none, 2, "usage"],
  ["setup: not applying without --yes", argv("setup", "--vendor", "strongdm", "--probe", "none"), oktaEnv(), 2, "usage"],
  ["setup: Okta not listening", () => ["setup", "--vendor", "strongdm", "--probe", "none", "--yes", "--org-url", closed], oktaEnv(), 3, "cannot-proceed"],
  ["setup: a refused Okta token", argv("setup", "--vendor", "strongdm", "--probe", "none", "--yes"), oktaEnv("00-not-a-token"), 3, "cannot-proceed"],
  ["verify: no vendor", argv("verify"), none, 2, "usage"],
  ["verify: Okta not listening", () => ["verify", "--vendor", "strongdm", "--org-url", closed], oktaEnv(), 3, "cannot-proceed"],
  ["verify: a refused Okta token", argv("verify", "--vendor", "strongdm"), oktaEnv("00-not-a-token"), 3, "cannot-proceed"],
  // sandbox and demo
  ["sandbox: a bad --port", argv("sandbox", "--port", "http"), none, 2, "usage"],
  ["sandbox: a port in use", () => ["sandbox", "--port", String((busy.address() as AddressInfo).port)], none, 2, "usage"],
  ["demo: an unknown vendor", argv("demo", "--vendor", "nope"), none, 2, "usage"],
];

/** stdout is one JSON document (one line), with schemaVersion and error {code, message, hint}. */
function expectOneJsonError(stdout: string, code: string): Record<string, unknown> {
  expect(stdout.endsWith("\n"), stdout).toBe(true);
  expect(stdout.trimEnd().split("\n"), stdout).toHaveLength(1);
  const document = JSON.parse(stdout) as { schemaVersion?: unknown; error?: { code?: unknown; message?: unknown; hint?: unknown } };
  expect(document.schemaVersion).toBe(1);
  expect(document.error?.code).toBe(code);
  expect(typeof document.error?.message).toBe("string");
  expect(document.error?.message).not.toBe("");
  expect(document.error && "hint" in document.error).toBe(true);
  return document;
}

describe("--json: every error path of every command is one JSON document on stdout", () => {
  test.each(ROWS)("%s", async (_name, words, env, code, errorCode) => {
    const result = await runCli(["--json", ...words()], { env: env(), cwd: dir });
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(code);
    expectOneJsonError(result.stdout, errorCode);
    // No stack trace anywhere without --debug, and the error is said once: in the JSON, not again on stderr.
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr).not.toMatch(/^error: /m);
  }, 60_000);

  test("test-connector with a refused token answers its report: a finding (exit 1) with the diagnosis, not an error", async () => {
    const result = await runCli(["--json", "test-connector"], { env: scimEnv({ SCIM_TOKEN: "an-old-token" })(), cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout.trimEnd().split("\n")).toHaveLength(1);
    const report = JSON.parse(result.stdout) as { schemaVersion: number; probes: { id: string; diagnosis?: { id: string } }[] };
    expect(report.schemaVersion).toBe(1);
    expect(report.probes.find((check) => check.id === "connector/list-users")?.diagnosis?.id).toBe("connector/unauthorized");
  });

  test("the installed command, without a command: the JSON error, exit 2, nothing on stderr", async () => {
    const result = await runBin(["--json"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("");
    const document = expectOneJsonError(result.stdout, "usage");
    expect(document.error).toMatchObject({ message: expect.stringMatching(/^missing command: choose one of vendors, test-connector, probe/) });
  });

  test("without --json, no command shows the help on stderr and exits 2", async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^Usage: scim-okta \[options\] \[command\]/);
  });
});
