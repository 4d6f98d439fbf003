import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { BIN, REPO_ROOT } from "../support/cli.js";

/*
 * What Okta sends back is untrusted too (STYLE §8): an "org" at the org URL that answers every
 * request with a body that never ends, or with JSON nested 10,000 deep. setup must stop with one
 * clear line and exit 3 — no crash, no stack trace, no hang — and read at most its limit of
 * each answer (src/okta/transport.ts reads through src/http/body.ts readAnswerText, 16 MB).
 */

const KILL_AFTER_MS = 90_000;
const TOKEN = "00CANARY-hostile-org-ssws-7f3a9c";
const MB = 1024 * 1024;
/** The server stops on its own here, should the client never stop reading. */
const SERVER_CAP = 512 * MB;

const children: ChildProcess[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

interface HostileOrg {
  url: string;
  /** Bytes of body the server got out per request before the client hung up (or the cap). */
  sent: number[];
}

async function hostileOrg(kind: "endless" | "deep"): Promise<HostileOrg> {
  const sent: number[] = [];
  const server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    if (kind === "deep") {
      response.end(`${"[".repeat(10_000)}${"]".repeat(10_000)}`);
      return;
    }
    const index = sent.push(0) - 1;
    const chunk = Buffer.from(`[${'{"id":"0oa1","label":"x"},'.repeat(2_500)}`.slice(0, 64 * 1024));
    const pump = () => {
      while (!response.destroyed && (sent[index] ?? 0) < SERVER_CAP) {
        sent[index] = (sent[index] ?? 0) + chunk.length;
        if (!response.write(chunk)) return void response.once("drain", pump);
      }
      if (!response.destroyed) response.end("]");
    };
    pump();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sent };
}

/** setup as a user runs it, against the hostile org; its exit code, output and peak memory (MB). */
function setupAgainst(org: HostileOrg, extra: string[] = []): Promise<{ code: number | null; killed: boolean; stdout: string; stderr: string; peakMb: number }> {
  const memoryFile = join(mkdtempSync(join(tmpdir(), "hostile-org-")), "peak");
  const argv = [...extra, "setup", "--vendor", "scim2-header", "--param", "baseUrl=https://scim.example.com/scim/v2", "--org-url", org.url, "--yes", "--no-probe"];
  const child = spawn(process.execPath, ["--import", join(REPO_ROOT, "test/setup/support/peak-memory.mjs"), BIN, ...argv], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: tmpdir(), OKTA_API_TOKEN: TOKEN, PEAK_MEMORY_FILE: memoryFile },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let killed = false;
  const killer = setTimeout(() => {
    killed = true;
    child.kill("SIGKILL");
  }, KILL_AFTER_MS);
  const output = { stdout: "", stderr: "" };
  child.stdout.on("data", (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output.stderr += chunk.toString()));
  return new Promise((resolve) =>
    child.on("close", (code) => {
      clearTimeout(killer);
      let peakMb = Number.NaN;
      try {
        peakMb = Number(readFileSync(memoryFile, "utf8")) / 1024;
      } catch {
        // No file: the process did not exit normally (killed or crashed).
      }
      resolve({ code, killed, ...output, peakMb });
    }),
  );
}

function expectOneCleanLine(stderr: string, message: RegExp): void {
  const lines = stderr.trim().split("\n");
  expect(lines[0], stderr).toMatch(/^error: /);
  expect(lines[0]).toMatch(message);
  expect(lines.length, stderr).toBeLessThanOrEqual(2);
  expect(stderr).not.toMatch(/\n\s+at |RangeError|Maximum call stack|heap out of memory/);
  expect(stderr).not.toContain(TOKEN);
}

describe("setup against an org that answers with hostile bodies", () => {
  test("JSON nested 10,000 deep: one line saying Okta's answer could not be read, exit 3; --json: one JSON error", async () => {
    const org = await hostileOrg("deep");
    const human = await setupAgainst(org);
    expect(human.killed).toBe(false);
    expect(human.code, human.stderr).toBe(3);
    expectOneCleanLine(human.stderr, /^error: Okta's answer to GET \/api\/v1\/\S+ \(HTTP 200\) could not be read: the JSON nests more than 64 levels deep/);
    expect(human.stdout).not.toContain(TOKEN);

    const json = await setupAgainst(org, ["--json"]);
    expect(json.code).toBe(3);
    const document = JSON.parse(json.stdout) as { error: { code: string; message: string } };
    expect(document.error.message).toMatch(/could not be read: the JSON nests more than 64 levels deep/);
    expect(json.stdout.trim().split("\n")).toHaveLength(1);
  }, 200_000);

  test("a body that never ends: one line saying it is too large, exit 3, each answer read to 16 MB and no further", async () => {
    const control = await setupAgainst(await hostileOrg("deep"));
    const org = await hostileOrg("endless");
    const run = await setupAgainst(org);

    expect(run.killed, `still running after ${KILL_AFTER_MS} ms`).toBe(false);
    expect(run.code, run.stderr).toBe(3);
    expectOneCleanLine(run.stderr, /^error: Okta's answer to GET \/api\/v1\/\S+ \(HTTP 200\) could not be read: response too large: the body is over 16 MB \(Okta's answers\)$/);
    // The client hung up on every answer soon after its 16 MB (what the kernel's socket buffers
    // had taken on top), long before the server's own cap.
    expect(org.sent.length).toBeGreaterThan(0);
    for (const bytes of org.sent) expect(bytes).toBeLessThan(48 * MB);
    // Bounded memory: the endless run's peak is within a few answers' limits of a run whose
    // answers are tiny (the same CLI, the same requests).
    expect(Number.isFinite(run.peakMb) && Number.isFinite(control.peakMb)).toBe(true);
    expect(run.peakMb - control.peakMb).toBeLessThan(org.sent.length * 2 * 16 + 64);
  }, 200_000);
});
