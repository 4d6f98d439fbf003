import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";
import { onTestFinished } from "vitest";
import { parse } from "yaml";
import { REPO_ROOT } from "../support/cli.js";

export const ACTION_YML = join(REPO_ROOT, "action.yml");
export const ENTRY = join(REPO_ROOT, "action", "entry.js");

interface ActionInput {
  description: string;
  required?: boolean;
  default?: string;
}

export interface ActionMetadata {
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Array<{ id?: string; name?: string; run?: string; env?: Record<string, string>; "working-directory"?: string }> };
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
 * A Node as a runner has it: the first `node` on PATH outside node_modules (the system's, 20 on
 * this machine), else the one running the tests.
 */
export function runnerNode(): string {
  for (const folder of (process.env.PATH ?? "").split(delimiter)) {
    if (folder === "" || folder.includes("node_modules")) continue;
    const candidate = join(folder, "node");
    if (existsSync(candidate)) return candidate;
  }
  return process.execPath;
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
}

/** Run action/entry.js as the composite step does: INPUT_* and the runner's files, in a fresh workspace. */
export async function runAction(withInputs: Record<string, string>, options: { env?: NodeJS.ProcessEnv; workspace?: string } = {}): Promise<ActionRun> {
  const workspace = options.workspace ?? (await temporaryFolder("scim-okta-action-"));
  const runnerFiles = await temporaryFolder("scim-okta-runner-");
  const outputPath = join(runnerFiles, "output");
  const summaryPath = join(runnerFiles, "summary.md");
  await writeFile(outputPath, "");
  await writeFile(summaryPath, "");
  const env = {
    PATH: process.env.PATH ?? "",
    GITHUB_ACTIONS: "true",
    CI: "true",
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    ...(await inputEnvironment(withInputs)),
    ...options.env,
  };
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(runnerNode(), [ENTRY], { env, cwd: workspace, maxBuffer: 64 * 1024 * 1024 }, (error, out, err) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout: out, stderr: err });
    });
  });
  const outputFile = await readFile(outputPath, "utf8");
  return { code, stdout, stderr, outputs: parseOutputs(outputFile), outputFile, summary: await readFile(summaryPath, "utf8"), workspace };
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
