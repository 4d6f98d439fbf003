import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReferenceScimServer, type ReferenceScimServer } from "../src/sandbox/scim/index.js";
import { BIN, REPO_ROOT, runBin } from "./support/cli.js";
import { settingsFromInstructions } from "./setup/support/admin.js";

/**
 * The README's examples that can run offline are run here, so the README stays true. An example
 * block is a ```sh block preceded by `<!-- example: exit=N[, needs=scim-server|sandbox] -->`; each
 * of its `npx scim-okta …` lines runs against the built binary (a reference SCIM server on loopback
 * stands in for the vendor's where needed) and must exit N. `needs=sandbox` blocks run in order, in
 * the environment of the `export` lines printed by the block marked `<!-- example: sandbox -->`
 * (its `npx scim-okta sandbox`, started as "the other terminal"); after one exits 4 (setup's manual
 * steps pending) the test does the printed steps in the Admin Console stand-in, as the reader is told to.
 */
interface Example {
  command: string;
  argv: string[];
  exit: number;
  needsScimServer: boolean;
  needsSandbox: boolean;
}

function parseExamples(readme: string): Example[] {
  const examples: Example[] = [];
  const pattern = /<!-- example: exit=(\d+)(?:, needs=(scim-server|sandbox))? -->\s*```sh\n([\s\S]*?)```/g;
  for (const match of readme.matchAll(pattern)) {
    for (const line of (match[3] ?? "").split("\n")) {
      const command = line.replace(/#.*$/, "").trim();
      if (!command.startsWith("npx scim-okta ")) continue;
      examples.push({ command, argv: shellWords(command).slice(2), exit: Number(match[1]), needsScimServer: match[2] === "scim-server", needsSandbox: match[2] === "sandbox" });
    }
  }
  return examples;
}

/** The `npx scim-okta sandbox …` line of the block marked `<!-- example: sandbox -->`. */
function sandboxCommand(readme: string): string[] | undefined {
  const block = /<!-- example: sandbox -->\s*```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
  const line = block.split("\n").find((entry) => entry.trim().startsWith("npx scim-okta sandbox"));
  return line === undefined ? undefined : shellWords(line.replace(/#.*$/, "").trim()).slice(2);
}

/** Enough of shell word splitting for README lines: spaces, single and double quotes. */
function shellWords(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((match) => match[1] ?? match[2] ?? match[3] ?? "");
}

const readme = await readFile(join(REPO_ROOT, "README.md"), "utf8");
const examples = parseExamples(readme);
const sandboxExamples = examples.filter((example) => example.needsSandbox);

describe("README examples", () => {
  const TOKEN = "readme-example-token-5f1c";
  let server: ReferenceScimServer;
  let workDir: string;

  beforeAll(async () => {
    server = await startReferenceScimServer({ auth: { mode: "header", token: TOKEN } });
    workDir = await mkdtemp(join(tmpdir(), "scim-okta-readme-"));
  });
  afterAll(async () => {
    await server?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it("has examples for every command", () => {
    const commands = new Set(examples.map((example) => example.argv[0]));
    for (const command of ["demo", "vendors", "test-connector", "probe", "setup", "verify"]) expect(commands).toContain(command);
  });

  it.each(examples.filter((example) => !example.needsSandbox).map((example) => [example.command, example] as const))("%s", async (_command, example) => {
    const env = example.needsScimServer ? { SCIM_BASE_URL: server.baseUrl, SCIM_TOKEN: TOKEN } : {};
    const result = await runBin(example.argv, { env, cwd: example.needsScimServer ? workDir : REPO_ROOT });
    expect(result.code, `${example.command}\n${result.stderr}\n${result.stdout}`).toBe(example.exit);
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });
});

describe("README: the sandbox in one terminal, the commands in another", () => {
  let sandbox: ChildProcess | undefined;
  let exported: Record<string, string> = {};
  let adminUrl = "";

  beforeAll(async () => {
    const argv = sandboxCommand(readme);
    if (!argv) throw new Error("README has no <!-- example: sandbox --> block with an npx scim-okta sandbox line");
    const child = (sandbox = spawn(process.execPath, [BIN, ...argv], { env: { PATH: process.env.PATH ?? "" }, stdio: ["ignore", "pipe", "pipe"] }));
    const killer = setTimeout(() => child.kill("SIGKILL"), 300_000);
    child.on("exit", () => clearTimeout(killer));
    let out = "";
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (/Admin Console stand-in[^\n]*\n/.test(out) && out.includes("export SCIM_PASSWORD=")) resolve();
      });
      child.on("exit", (code) => reject(new Error(`sandbox exited ${code} before printing its exports:\n${out}`)));
    });
    // What the reader pastes into the other terminal: the export lines, as printed.
    exported = Object.fromEntries([...out.matchAll(/^export (\w+)=(\S+)$/gm)].map((match) => [match[1] as string, match[2] as string]));
    adminUrl = /Admin Console stand-in[^:]*: (http:\/\/\S+?)\/?$/m.exec(out)?.[1] ?? "";
  }, 60_000);
  afterAll(() => {
    if (sandbox && sandbox.exitCode === null) sandbox.kill("SIGKILL");
  });

  it("has the walkthrough: setup, verify, test-connector and probe against the sandbox", () => {
    expect(Object.keys(exported)).toEqual(expect.arrayContaining(["OKTA_ORG_URL", "OKTA_API_TOKEN", "SCIM_BASE_URL", "SCIM_TOKEN", "SCIM_USERNAME", "SCIM_PASSWORD"]));
    expect(adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(new Set(sandboxExamples.map((example) => example.argv[0]))).toEqual(new Set(["setup", "verify", "test-connector", "probe"]));
  });

  it.each(sandboxExamples.map((example, index) => [`${index + 1}. ${example.command}`, example] as const))("%s", async (_name, example) => {
    const result = await runBin(example.argv, { env: exported });
    expect(result.code, `${example.command}\n${result.stderr}\n${result.stdout}`).toBe(example.exit);
    for (const secret of [exported.OKTA_API_TOKEN, exported.SCIM_TOKEN, exported.SCIM_PASSWORD]) expect(result.stdout + result.stderr).not.toContain(secret);
    if (result.code === 4) await doPrintedManualSteps(result.stdout, adminUrl, exported);
  }, 120_000);

  it("the sandbox stops on SIGTERM with exit 0", async () => {
    const child = sandbox as ChildProcess;
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});

/** What the reader does after setup exits 4: the printed Admin Console steps, in the sandbox's stand-in. */
async function doPrintedManualSteps(stdout: string, adminUrl: string, env: Record<string, string>): Promise<void> {
  const blocks = stdout.split(/Manual step \d+ of \d+: /).slice(1);
  const pending = blocks.map((block) => {
    const [title = "", ...lines] = block.split("\n");
    return { step: title.trim(), link: "", instructions: lines.map((line) => /^\s+\d+\. (.*)$/.exec(line)?.[1]).filter((line): line is string => line !== undefined) };
  });
  const appId = /\/instance\/(\w+)\//.exec(stdout)?.[1];
  expect(pending.length, stdout).toBeGreaterThan(0);
  expect(appId, stdout).toBeDefined();
  const settings = settingsFromInstructions(pending, { scimToken: env.SCIM_TOKEN ?? "", scimPassword: env.SCIM_PASSWORD ?? "" });
  const response = await fetch(`${adminUrl}/apps/${appId}/provisioning`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(settings) });
  expect(response.status, await response.clone().text()).toBe(200);
}
