import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import type { RunReport } from "../../src/scim/report.js";
import { runCli } from "../support/cli.js";
import { readText, referenceServer, tempDir, type ReferenceScimServer } from "./support/harness.js";

const servers: ReferenceScimServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

/** Every form a secret could leak in (DESIGN §2 "Secrets"). */
function forms(secret: string, extra: string[] = []): string[] {
  return [secret, encodeURIComponent(secret), Buffer.from(secret).toString("base64"), ...extra];
}

async function everyOutput(argv: string[], env: NodeJS.ProcessEnv, dir: string): Promise<Record<string, string>> {
  const result = await runCli(
    [
      "probe",
      "--trace",
      join(dir, "trace.jsonl"),
      "--reporter",
      "json",
      "--reporter",
      `junit=${join(dir, "junit.xml")}`,
      "--reporter",
      `html=${join(dir, "report.html")}`,
      "--reporter",
      "github",
      "--reporter",
      "pretty",
      ...argv,
    ],
    { env },
  );
  expect(result.code).toBe(1);
  const outputs: Record<string, string> = { stdout: result.stdout, stderr: result.stderr };
  for (const file of await readdir(dir)) outputs[file] = await readText(join(dir, file));
  expect(Object.keys(outputs).sort()).toEqual(["junit.xml", "report.html", "stderr", "stdout", "trace.jsonl"]);
  return outputs;
}

function curlLines(jsonReport: string): string[] {
  const report = JSON.parse(jsonReport) as RunReport;
  return report.probes.flatMap((probe) => (probe.curl ? [probe.curl] : []));
}

function expectNoLeak(outputs: Record<string, string>, needles: string[]): void {
  for (const [name, text] of Object.entries(outputs)) {
    for (const needle of needles) expect({ output: name, leaks: text.includes(needle) }).toEqual({ output: name, leaks: false });
  }
}

test("the SCIM token never appears in any output, trace or report, even when the server echoes it back", async () => {
  const token = "cAnArY/t0k+9f8e=7d6c";
  const server = await referenceServer({ auth: { mode: "header", token }, faults: ["echo-authorization", "create-returns-200"] });
  servers.push(server);
  const outputs = await everyOutput([], { SCIM_BASE_URL: server.baseUrl, SCIM_TOKEN: token }, await tempDir());

  // The server did echo the credential: the redaction was really needed.
  expect(/"responseBody":"[^\n]*request Authorization: \[REDACTED\]/.test(outputs["trace.jsonl"] ?? "")).toBe(true);
  expect(curlLines(outputs.stdout ?? "")).toContainEqual(expect.stringContaining('-H "Authorization: Bearer $SCIM_TOKEN"'));
  expectNoLeak(outputs, forms(token, [`Bearer ${token}`, Buffer.from(`Bearer ${token}`).toString("base64")]));
});

test("the basic-auth password never appears either: raw, base64 of user:pass, URL-encoded", async () => {
  const username = "canary-user";
  const password = "pA55/w0rd+canary=42";
  const server = await referenceServer({ auth: { mode: "basic", username, password }, faults: ["echo-authorization", "create-returns-200"] });
  servers.push(server);
  const outputs = await everyOutput(["--auth", "basic"], { SCIM_BASE_URL: server.baseUrl, SCIM_USERNAME: username, SCIM_PASSWORD: password }, await tempDir());

  expect(/"responseBody":"[^\n]*request Authorization: Basic \[REDACTED\]/.test(outputs["trace.jsonl"] ?? "")).toBe(true);
  expect(curlLines(outputs.stdout ?? "")).toContainEqual(expect.stringContaining('-u "$SCIM_USERNAME:$SCIM_PASSWORD"'));
  const basic = Buffer.from(`${username}:${password}`).toString("base64");
  expectNoLeak(outputs, [...forms(password), basic, `Basic ${basic}`]);
});
