import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReferenceScimServer, type ReferenceScimServer } from "../src/sandbox/scim/index.js";
import { REPO_ROOT, runBin } from "./support/cli.js";

/**
 * The README's examples that can run offline are run here, so the README stays true. An example
 * block is a ```sh block preceded by `<!-- example: exit=N[, needs=scim-server] -->`; each of its
 * `npx scim-okta …` lines runs against the built binary (a reference SCIM server on loopback
 * stands in for the vendor's where needed) and must exit N.
 */
interface Example {
  command: string;
  argv: string[];
  exit: number;
  needsScimServer: boolean;
}

function parseExamples(readme: string): Example[] {
  const examples: Example[] = [];
  const pattern = /<!-- example: exit=(\d+)(, needs=scim-server)? -->\s*```sh\n([\s\S]*?)```/g;
  for (const match of readme.matchAll(pattern)) {
    for (const line of (match[3] ?? "").split("\n")) {
      const command = line.replace(/#.*$/, "").trim();
      if (!command.startsWith("npx scim-okta ")) continue;
      examples.push({ command, argv: shellWords(command).slice(2), exit: Number(match[1]), needsScimServer: Boolean(match[2]) });
    }
  }
  return examples;
}

/** Enough of shell word splitting for README lines: spaces, single and double quotes. */
function shellWords(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((match) => match[1] ?? match[2] ?? match[3] ?? "");
}

const readme = await readFile(join(REPO_ROOT, "README.md"), "utf8");
const examples = parseExamples(readme);

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
    for (const command of ["vendors", "test-connector", "probe"]) expect(commands).toContain(command);
  });

  it.each(examples.map((example) => [example.command, example] as const))("%s", async (_command, example) => {
    const env = example.needsScimServer ? { SCIM_BASE_URL: server.baseUrl, SCIM_TOKEN: TOKEN } : {};
    const result = await runBin(example.argv, { env, cwd: example.needsScimServer ? workDir : REPO_ROOT });
    expect(result.code, `${example.command}\n${result.stderr}\n${result.stdout}`).toBe(example.exit);
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });
});
