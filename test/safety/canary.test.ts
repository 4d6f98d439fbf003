import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/start.js";
import { runCli } from "../support/cli.js";
import { hostileServer, type HostileServer } from "../http/hostile-server.js";

/**
 * A server that echoes the credential it was sent inside its error answers, at a different offset
 * each time, so that every place that cuts server text (400, 300, 200, 120 characters…) gets one
 * echo straddling its cut. Redaction must happen on the whole text before any cut: a secret cut
 * in half no longer matches the redactor and would leak its first half.
 */
const servers: Array<HostileServer | Sandbox> = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function echoingServer(): Promise<HostileServer> {
  let count = 0;
  const server = await hostileServer((request, response) => {
    count += 1;
    const echoed = `Authorization: ${request.headers.authorization ?? ""}`;
    const padding = "p".repeat((count * 7) % 430);
    if (count % 3 === 0) {
      response.writeHead(500, { "content-type": "text/plain" }).end(`${padding}${echoed} ${echoed}`);
      return;
    }
    const detail = `${padding}${echoed} again ${echoed}`;
    response.writeHead(count % 2 === 0 ? 401 : 400, { "content-type": "application/scim+json", "x-echo": echoed }).end(
      JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "400", detail, scimType: detail }).replace(/\//g, "\\/"),
    );
  });
  servers.push(server);
  return server;
}

/** Windows of `length` characters of every encoded form that must never show. */
function fragments(forms: readonly string[], length: number): string[] {
  const windows = new Set<string>();
  for (const form of forms) for (let start = 0; start + length <= form.length; start += 1) windows.add(form.slice(start, start + length));
  return [...windows];
}

const ALL_REPORTERS = ["--reporter", "json", "--reporter", "junit=junit.xml", "--reporter", "html=report.html", "--reporter", "markdown=summary.md", "--reporter", "github", "--reporter", "pretty"];

async function outputsOf(argv: string[], env: NodeJS.ProcessEnv, reporters: readonly string[] = ALL_REPORTERS): Promise<{ code: number; outputs: Record<string, string> }> {
  const dir = await mkdtemp(join(tmpdir(), "scim-okta-canary-"));
  const result = await runCli([...argv, "--trace", "trace.jsonl", ...reporters], { env, cwd: dir });
  const outputs: Record<string, string> = { stdout: result.stdout, stderr: result.stderr };
  for (const file of await readdir(dir)) outputs[file] = await readFile(join(dir, file), "utf8");
  return { code: result.code, outputs };
}

function expectNoFragment(outputs: Record<string, string>, needles: readonly string[]): void {
  for (const [name, text] of Object.entries(outputs)) {
    const found = needles.filter((needle) => text.includes(needle));
    expect({ output: name, leaked: found }).toEqual({ output: name, leaked: [] });
  }
}

const TOKEN = "Qz7-CANARY-s3cr3t-xyz123";
const USER = "canary-user";
const PASSWORD = "pA55-w0rd-canary-42";

describe("a server that echoes the credential at every offset leaks no part of it", () => {
  it("probe: pretty, json, junit, html, markdown, github and the trace (header auth)", async () => {
    const server = await echoingServer();
    const { code, outputs } = await outputsOf(["probe"], { SCIM_BASE_URL: server.baseUrl, SCIM_TOKEN: TOKEN });
    expect(code).toBe(1);
    expect(Object.keys(outputs).sort()).toEqual(["junit.xml", "report.html", "stderr", "stdout", "summary.md", "trace.jsonl"]);
    // The server really echoed it, and the reports quote its answers.
    expect(outputs["trace.jsonl"]).toContain("Authorization: [REDACTED] again Authorization: [REDACTED]");
    expect(outputs.stdout).toContain("Authorization: [REDACTED]");
    const base64 = [0, 1, 2].map((offset) => Buffer.from(`${"x".repeat(offset)}${TOKEN}`).toString("base64").slice(4));
    expectNoFragment(outputs, [...fragments([TOKEN, encodeURIComponent(TOKEN)], 6), ...fragments(base64, 10)]);
  });

  it("probe: a Basic credential leaks neither its password nor the first bytes of its base64", async () => {
    const server = await echoingServer();
    const { code, outputs } = await outputsOf(["probe", "--auth", "basic"], { SCIM_BASE_URL: server.baseUrl, SCIM_USERNAME: USER, SCIM_PASSWORD: PASSWORD });
    expect(code).toBe(1);
    expect(outputs["trace.jsonl"]).toMatch(/Authorization: (Basic )?\[REDACTED\] again/);
    const basic = Buffer.from(`${USER}:${PASSWORD}`).toString("base64");
    expectNoFragment(outputs, [...fragments([PASSWORD], 6), ...fragments([basic], 6)]);
  });

  it("test-connector: the checklist and every report", async () => {
    const server = await echoingServer();
    for (const argv of [["test-connector"], ["test-connector", "--reporter", "pretty"]]) {
      const { outputs } = await outputsOf(argv, { SCIM_BASE_URL: server.baseUrl, SCIM_TOKEN: TOKEN });
      expect(`${outputs.stdout ?? ""}${outputs.stderr ?? ""}`).toContain("[REDACTED]");
      expectNoFragment(outputs, fragments([TOKEN, encodeURIComponent(TOKEN)], 6));
    }
  });
});

const OKTA_TOKEN = "00CANARY-0kta-Ap1-t0ken-4c4c4c4c";

describe("setup and verify leak no part of the Okta API token or the SCIM credential", () => {
  it("an org that echoes the API token in its error answers: setup and verify, in every output and the trace", async () => {
    const org = await echoingServer();
    const orgUrl = new URL(org.baseUrl).origin;
    const env = { OKTA_ORG_URL: orgUrl, OKTA_API_TOKEN: OKTA_TOKEN, SCIM_TOKEN: TOKEN };
    const runs = [
      await outputsOf(["setup", "--vendor", "scim2-header", "--base-url", "https://scim.example.com/scim/v2", "--yes"], env, []),
      await outputsOf(["--json", "setup", "--vendor", "scim2-header", "--base-url", "https://scim.example.com/scim/v2", "--yes"], env, []),
      await outputsOf(["verify", "--vendor", "scim2-header", "--base-url", "https://scim.example.com/scim/v2"], env, ["--reporter", "junit=verify.xml", "--reporter", "github"]),
    ];
    for (const { code, outputs } of runs) {
      expect(code).toBe(3);
      // The org really echoed the token; what is recorded of its answers has it blanked.
      expect(outputs["trace.jsonl"]).toContain("Authorization: SSWS [REDACTED]");
      expectNoFragment(outputs, [...fragments([OKTA_TOKEN, encodeURIComponent(OKTA_TOKEN)], 6), ...fragments([TOKEN], 6)]);
    }
  }, 60_000);

  it("setup's SCIM check against a server that echoes SCIM_TOKEN: stdout, stderr, --json and the trace", async () => {
    const box = await startSandbox({ rateLimit: 100_000, connectionsApi: "works", featuresApi: "works" });
    servers.push(box);
    const scim = await echoingServer();
    const env = { OKTA_ORG_URL: box.oktaOrgUrl, OKTA_API_TOKEN: box.oktaApiToken, SCIM_TOKEN: TOKEN };
    for (const json of [false, true]) {
      const { code, outputs } = await outputsOf([...(json ? ["--json"] : []), "setup", "--vendor", "scim2-header", "--base-url", scim.baseUrl, "--yes"], env, []);
      expect(code).toBe(1);
      // Setup reached the SCIM side, which echoed the token back.
      expect(scim.seen.length).toBeGreaterThan(0);
      expect(outputs["trace.jsonl"]).toMatch(/Authorization: (Bearer )?\[REDACTED\]/);
      expectNoFragment(outputs, [...fragments([TOKEN, encodeURIComponent(TOKEN)], 6), ...fragments([box.oktaApiToken], 6)]);
    }
  }, 60_000);
});
