import { execFile, execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, onTestFinished } from "vitest";
import { parse } from "yaml";
import { REPO_ROOT } from "../support/cli.js";

export const ACTION_YML = join(REPO_ROOT, "action.yml");
/** What `node` runs (checks the Node version, then loads the bundle) and the bundle itself. */
export const ACTION_PROGRAM = join(REPO_ROOT, "action", "scim-okta.js");
export const ACTION_BUNDLE = join(REPO_ROOT, "action", "dist", "cli.js");
const RECORD_CONNECTIONS = pathToFileURL(join(REPO_ROOT, "test", "action", "fixtures", "record-connections.mjs")).href;

interface ActionInput {
  description: string;
  required?: boolean;
  default?: string;
}

export interface ActionMetadata {
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description: string; value?: string }>;
  runs: { using: string; main?: string; steps?: unknown[] };
}

export async function actionMetadata(): Promise<ActionMetadata> {
  return parse(await readFile(ACTION_YML, "utf8")) as ActionMetadata;
}

/** action/inputs.js, typed for the tests (plain JavaScript outside the TypeScript project). */
export interface ActionInputsModule {
  INPUTS: Array<{ name: string; commands: string[]; env?: string; secret?: boolean }>;
  inputVariable(name: string): string;
  planRun(env: NodeJS.ProcessEnv, workspace: string): { command: string; argv: string[]; cliEnv: Record<string, string>; reportDir: string };
  InputError: new (message: string) => Error;
  secretValues(env: NodeJS.ProcessEnv): string[];
}

export async function actionInputs(): Promise<ActionInputsModule> {
  return (await import(pathToFileURL(join(REPO_ROOT, "action", "inputs.js")).href)) as ActionInputsModule;
}

/**
 * The INPUT_* variables the runner would give the action for a `with:` block: every declared
 * input, set to its value, else its default, else empty; names upper-cased, dashes kept.
 */
export async function inputEnvironment(withInputs: Record<string, string>): Promise<Record<string, string>> {
  const { inputs } = await actionMetadata();
  for (const name of Object.keys(withInputs)) {
    if (!(name in inputs)) throw new Error(`action.yml has no input "${name}"`);
  }
  return Object.fromEntries(Object.entries(inputs).map(([name, input]) => [`INPUT_${name.toUpperCase()}`, withInputs[name] ?? input.default ?? ""]));
}

/**
 * The runner's Node for a `using: node24` action: the runner's own Node 24. Here, the Node 24 that
 * runs the tests (the `node` dev dependency), never the system's.
 */
export function runnerNode(): string {
  return process.execPath;
}

let checkout: string | undefined;

/**
 * What the runner downloads for `uses: <owner>/scim-okta@<ref>`: the repository's files at that
 * ref and nothing else — no node_modules, no dist/ — copied (working-tree versions of the files
 * git tracks or would track) into a folder with no node_modules above it.
 */
function actionCheckout(): string {
  if (checkout) return checkout;
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: REPO_ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
  const folder = mkdtempSync(join(tmpdir(), "scim-okta-action-ref-"));
  for (const file of files) {
    try {
      cpSync(join(REPO_ROOT, file), join(folder, file));
    } catch (error) {
      // A tracked file deleted in the working tree is not at the ref either.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  checkout = folder;
  return folder;
}

// One checkout per test file (vitest evaluates this module again for each), removed after it.
afterAll(() => {
  if (checkout) rmSync(checkout, { recursive: true, force: true });
  checkout = undefined;
});

/** An outgoing connection made during an action run (test/action/fixtures/record-connections.mjs). */
export interface Connection {
  pid: number;
  host: string;
  port: number | null;
  path: string | null;
}

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  /** $GITHUB_OUTPUT, parsed. */
  outputs: Record<string, string>;
  /** $GITHUB_OUTPUT as written. */
  outputFile: string;
  /** $GITHUB_STEP_SUMMARY as written. */
  summary: string;
  workspace: string;
  /** Every outgoing connection of the entry script and the CLI it ran. */
  connections: Connection[];
}

/**
 * Run action/entry.js as the runner does for a node24 action: from the action's checkout (no
 * node_modules), with INPUT_* and the runner's files, in a fresh workspace, every connection recorded.
 */
export async function runAction(withInputs: Record<string, string>, options: { env?: NodeJS.ProcessEnv; workspace?: string } = {}): Promise<ActionRun> {
  const workspace = options.workspace ?? (await temporaryFolder("scim-okta-action-"));
  const runnerFiles = await temporaryFolder("scim-okta-runner-");
  const outputPath = join(runnerFiles, "output");
  const summaryPath = join(runnerFiles, "summary.md");
  const connectionsPath = join(runnerFiles, "connections.jsonl");
  await writeFile(outputPath, "");
  await writeFile(summaryPath, "");
  await writeFile(connectionsPath, "");
  const env = {
    // The runner's PATH has no node_modules/.bin: nothing of this repository's install is reachable.
    PATH: (process.env.PATH ?? "").split(delimiter).filter((folder) => !folder.includes("node_modules")).join(delimiter),
    NODE_OPTIONS: `--import=${RECORD_CONNECTIONS}`,
    SCIM_OKTA_TEST_CONNECTIONS: connectionsPath,
    GITHUB_ACTIONS: "true",
    CI: "true",
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    ...(await inputEnvironment(withInputs)),
    ...options.env,
  };
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(runnerNode(), [join(actionCheckout(), "action", "entry.js")], { env, cwd: workspace, maxBuffer: 64 * 1024 * 1024 }, (error, out, err) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout: out, stderr: err });
    });
  });
  const outputFile = await readFile(outputPath, "utf8");
  const connections = (await readFile(connectionsPath, "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Connection);
  return { code, stdout, stderr, outputs: parseOutputs(outputFile), outputFile, summary: await readFile(summaryPath, "utf8"), workspace, connections };
}

/**
 * Where the action went: each connection's host and port, once. The issue's "no network beyond
 * the SCIM server (and, for verify, the Okta org)" is that this is a subset of those servers'.
 */
export function connectedTo(run: ActionRun): string[] {
  return [...new Set(run.connections.map((connection) => (connection.path ? `unix:${connection.path}` : `${connection.host}:${connection.port}`)))].sort();
}

/** host:port of a URL, as connectedTo names it. */
export function hostPort(url: string): string {
  const { hostname, port, protocol } = new URL(url);
  return `${hostname}:${port || (protocol === "https:" ? 443 : 80)}`;
}

/** A folder removed when the test ends. */
export async function temporaryFolder(prefix: string): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), prefix));
  onTestFinished(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

/** `name<<DELIMITER\nvalue\nDELIMITER` blocks, as the runner reads $GITHUB_OUTPUT. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? "";
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, end] = heredoc;
      const value: string[] = [];
      for (index++; index < lines.length && lines[index] !== end; index++) value.push(lines[index] ?? "");
      if (index >= lines.length) throw new Error(`$GITHUB_OUTPUT: ${name} has no closing ${end}`);
      outputs[name!] = value.join("\n");
    } else if (line.includes("=")) {
      outputs[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
    }
  }
  return outputs;
}

/** Workflow commands (`::error title=…::message`) in a step's stdout, unescaped. */
export function annotations(stdout: string): Array<{ level: string; properties: Record<string, string>; message: string }> {
  return stdout
    .split("\n")
    .flatMap((line) => {
      const match = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
      if (!match) return [];
      const properties = Object.fromEntries(
        (match[2] ?? "")
          .split(",")
          .filter(Boolean)
          .map((pair) => [pair.slice(0, pair.indexOf("=")), unescape(pair.slice(pair.indexOf("=") + 1))]),
      );
      return [{ level: match[1]!, properties, message: unescape(match[3] ?? "") }];
    });
}

function unescape(text: string): string {
  return text.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%3A/g, ":").replace(/%2C/g, ",").replace(/%25/g, "%");
}
