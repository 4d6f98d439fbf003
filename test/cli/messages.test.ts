import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { startReferenceScimServer, type ReferenceScimServer } from "../../src/sandbox/scim/index.js";
import { timeout } from "../../src/scim/connector/diagnoses.js";
import { runCli } from "../support/cli.js";

/*
 * One clear line per mistake, naming where the value came from — the flag, the env var, the
 * template parameter — with a hint that fixes it there (issue 15 item 3).
 */

const servers: ReferenceScimServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const TOKEN = "messages-test-token";

describe("a base URL without a scheme is named by its source", () => {
  test.each<[string, string[], NodeJS.ProcessEnv, string, string]>([
    ["from SCIM_BASE_URL", ["probe"], { SCIM_BASE_URL: "scim.example.com/v2" }, 'SCIM_BASE_URL "scim.example.com/v2"', "e.g. SCIM_BASE_URL=https://scim.example.com/v2"],
    ["from --base-url", ["test-connector", "--base-url", "scim.example.com/v2"], {}, '--base-url "scim.example.com/v2"', "e.g. --base-url https://scim.example.com/v2"],
    ["with a port, which URL parsing takes for a scheme", ["probe"], { SCIM_BASE_URL: "localhost:8080/scim/v2" }, 'SCIM_BASE_URL "localhost:8080/scim/v2"', "e.g. SCIM_BASE_URL=https://localhost:8080/scim/v2"],
    ["with the colon missing", ["probe"], { SCIM_BASE_URL: "https//scim.example.com/v2" }, 'SCIM_BASE_URL "https//scim.example.com/v2"', "e.g. SCIM_BASE_URL=https://scim.example.com/v2"],
  ])("%s", async (_name, argv, env, named, hint) => {
    const result = await runCli(argv, { env: { SCIM_TOKEN: TOKEN, ...env } });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: ${named} is not a URL: it lacks https:// (or http://) in front\nhint: ${hint}\n`);
  });

  test("quotes pasted with the URL", async () => {
    const result = await runCli(["probe"], { env: { SCIM_BASE_URL: '"https://scim.example.com/v2"', SCIM_TOKEN: TOKEN } });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: SCIM_BASE_URL "https://scim.example.com/v2" has quotes around it\nhint: e.g. SCIM_BASE_URL=https://scim.example.com/v2\n');
  });

  test("a flag wins over the env var, and is the one named", async () => {
    const result = await runCli(["probe", "--base-url", "ftp://scim.example.com/v2"], { env: { SCIM_BASE_URL: "https://ok.example.com/scim/v2", SCIM_TOKEN: TOKEN } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --base-url must be http or https, not ftp:\n/);
  });
});

describe("a timeout names the --timeout that ran out", () => {
  test.each([[[]], [["--no-preflight"]]])("probe %j", async (argv) => {
    const server = await startReferenceScimServer({ auth: { mode: "header", token: TOKEN }, latencyMs: 3000 });
    servers.push(server);
    const result = await runCli(["probe", "--timeout", "0.5", ...argv], { env: { SCIM_BASE_URL: server.baseUrl, SCIM_TOKEN: TOKEN } });
    expect(result.code).toBe(3);
    const lines = result.stderr.trim().split("\n");
    expect(lines.at(-2)).toBe(`error: cannot reach the SCIM server at ${server.baseUrl}: no answer within --timeout 0.5 s (TimeoutError)`);
    expect(lines.at(-1)).toMatch(/^hint: .*a larger --timeout here$/);
  });

  test("test-connector's diagnosis names it at Okta's own 60 s too", () => {
    expect(timeout("https://scim.example.com/v2", 60_000, "UND_ERR_HEADERS_TIMEOUT").message).toContain("(--timeout 60; Okta gives up after 60 s too)");
    expect(timeout("https://scim.example.com/v2", 5_000, "UND_ERR_HEADERS_TIMEOUT").message).toContain("(--timeout 5; Okta itself waits 60 s)");
  });
});

describe("when several reporters want stdout, stderr says which moved", () => {
  test.each<[string, string[], string]>([
    ["probe: json and github", ["probe", "--suite", "rfc", "--only", "rfc/discovery-*", "--reporter", "json", "--reporter", "github"], "note: --reporter github writes to stderr: stdout carries --reporter json (one reporter owns stdout)"],
    ["probe: --json and pretty", ["--json", "probe", "--suite", "rfc", "--only", "rfc/discovery-*", "--reporter", "pretty"], "note: --reporter pretty writes to stderr: stdout carries --json (one reporter owns stdout)"],
    ["test-connector: github and pretty", ["test-connector", "--reporter", "github", "--reporter", "pretty"], "note: --reporter pretty writes to stderr: stdout carries --reporter github (one reporter owns stdout)"],
  ])("%s", async (_name, argv, note) => {
    const server = await startReferenceScimServer({ auth: { mode: "header", token: TOKEN } });
    servers.push(server);
    const result = await runCli(argv, { env: { SCIM_BASE_URL: server.baseUrl, SCIM_TOKEN: TOKEN } });
    expect(result.stderr.split("\n")[0]).toBe(note);
    expect(result.stdout).not.toContain("note:");
  });

  test("one stdout reporter: no note", async () => {
    const server = await startReferenceScimServer({ auth: { mode: "header", token: TOKEN } });
    servers.push(server);
    const dir = await mkdtemp(join(tmpdir(), "scim-okta-messages-"));
    const result = await runCli(["probe", "--suite", "rfc", "--only", "rfc/discovery-*", "--reporter", "json", "--reporter", "junit=junit.xml"], { env: { SCIM_BASE_URL: server.baseUrl, SCIM_TOKEN: TOKEN }, cwd: dir });
    expect(result.stderr).not.toContain("note:");
  });
});
