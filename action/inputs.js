// The GitHub Action's inputs (action.yml) → the scim-okta command line and its environment.
// Plain JavaScript with no dependencies, run by action/entry.js on the runner's Node before the
// CLI starts. Pure: tests call it with any env.
import { join, resolve } from "node:path";

export const COMMANDS = ["probe", "test-connector", "verify"];

const SCIM = ["probe", "test-connector"];
const ALL = COMMANDS;

/**
 * Every input of action.yml, what it becomes and which commands take it. `flag`: one flag with
 * the value; `flags`: the flag once per list item; `env`: an environment variable (secrets go
 * there, never on the command line, where `ps` and logs would show them).
 */
export const INPUTS = [
  { name: "command", commands: ALL },
  { name: "base-url", commands: ALL, flag: "--base-url" },
  { name: "token", commands: SCIM, env: "SCIM_TOKEN", secret: true },
  { name: "username", commands: SCIM, env: "SCIM_USERNAME" },
  { name: "password", commands: SCIM, env: "SCIM_PASSWORD", secret: true },
  { name: "auth", commands: SCIM, flag: "--auth" },
  { name: "header-format", commands: SCIM, flag: "--header-format" },
  { name: "vendor", commands: ALL, flag: "--vendor" },
  { name: "template", commands: ALL, flag: "--template" },
  { name: "params", commands: ALL, flags: "--param", lines: true },
  { name: "dialect", commands: ["probe"], flag: "--dialect" },
  { name: "suites", commands: ["probe"], flag: "--suite", list: true },
  { name: "only", commands: ["probe"], flags: "--only" },
  { name: "skip", commands: ["probe"], flags: "--skip" },
  { name: "baseline", commands: ["probe"], flag: "--baseline" },
  { name: "write-baseline", commands: ["probe"], flag: "--write-baseline" },
  { name: "read-only", commands: ["probe"], boolean: "--read-only" },
  { name: "org-url", commands: ["verify"], flag: "--org-url" },
  { name: "okta-token", commands: ["verify"], env: "OKTA_API_TOKEN", secret: true },
  { name: "okta-client-id", commands: ["verify"], env: "OKTA_CLIENT_ID" },
  { name: "okta-private-key", commands: ["verify"], env: "OKTA_PRIVATE_KEY", secret: true },
  { name: "app-id", commands: ["verify"], flag: "--app-id" },
  { name: "app-label", commands: ["verify"], flag: "--app-label" },
  { name: "report-dir", commands: ALL },
  { name: "extra-args", commands: ALL },
];

export const DEFAULT_REPORT_DIR = "scim-okta-reports";

/** A refused input: the message names it. The action exits 2, as the CLI does for bad input. */
export class InputError extends Error {}

/** An input as the runner passes it: `INPUT_` + the name upper-cased, dashes kept (INPUT_BASE-URL). */
export function inputVariable(name) {
  return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}

export function readInput(env, name) {
  return (env[inputVariable(name)] ?? "").trim();
}

/**
 * The values to mask before anything else runs: each secret input whole, and for a multi-line one
 * (a PEM or pretty-printed JWK key) each run of key material in it — base64 or base64url of 16
 * characters or more, with upper and lower case, as encoded random key bytes have. Never a
 * line of punctuation or a word (`{`, `"alg": "RS256",`, `ENCRYPTED`, a `kid` like `scim-okta`):
 * masked, those would turn every `{` or every mention of the word in the job's log into `***`.
 * (The last, short line of a PEM body is left: a few bytes of a key are no key.)
 */
export function secretValues(env) {
  const values = new Set();
  for (const input of INPUTS.filter((entry) => entry.secret)) {
    const raw = env[inputVariable(input.name)] ?? "";
    const material = /[\r\n]/.test(raw.trim()) ? (raw.match(KEY_MATERIAL) ?? []).filter(looksRandom) : [];
    for (const value of [raw, raw.trim(), ...material]) {
      if (value !== "") values.add(value);
    }
  }
  return [...values];
}

const KEY_MATERIAL = /[A-Za-z0-9+/=_-]{16,}/g;

function looksRandom(run) {
  return /[A-Z]/.test(run) && /[a-z]/.test(run);
}

/**
 * What the action runs: the CLI's argv, the variables to add to its environment (the secrets),
 * and where the reports go. `workspace` is where relative paths (baseline, template) are read from.
 */
export function planRun(env, workspace) {
  const command = chosenCommand(env);
  if (!COMMANDS.includes(command)) {
    throw new InputError(`input "command" is "${command}": choose probe, test-connector or verify`);
  }
  const { reportDir, reports } = reportPaths(command, env, workspace);
  const argv = [
    command,
    "--reporter",
    "github",
    "--reporter",
    `json=${reports.json}`,
    "--reporter",
    `junit=${reports.junit}`,
    "--reporter",
    `markdown=${reports.markdown}`,
  ];
  const cliEnv = {};
  for (const input of INPUTS) {
    const value = readInput(env, input.name);
    if (value === "" || input.name === "command" || input.name === "report-dir") continue;
    // A switch left off (read-only's default "false") is no input, whatever the command.
    if (input.boolean && !booleanInput(input.name, value)) continue;
    if (!input.commands.includes(command)) {
      throw new InputError(`input "${input.name}" is for ${describeCommands(input.commands)}, not ${command}`);
    }
    if (input.env) cliEnv[input.env] = value;
    else if (input.flag) argv.push(input.flag, input.list ? listOf(value).join(",") : value);
    else if (input.flags) for (const item of input.lines ? linesOf(value) : listOf(value)) argv.push(input.flags, item);
    else if (input.boolean) argv.push(input.boolean);
  }
  argv.push(...readInput(env, "extra-args").split(/\s+/).filter(Boolean));
  return { command, argv, cliEnv, reportDir, reports };
}

/** The command input, or its default; planRun refuses one that is not in COMMANDS. */
export function chosenCommand(env) {
  return readInput(env, "command") || "probe";
}

/** Where the action's reports for `command` go: <report-dir>/<command>.json, .junit.xml, .md. */
export function reportPaths(command, env, workspace) {
  const reportDir = resolve(workspace, readInput(env, "report-dir") || DEFAULT_REPORT_DIR);
  return {
    reportDir,
    reports: {
      json: join(reportDir, `${command}.json`),
      junit: join(reportDir, `${command}.junit.xml`),
      markdown: join(reportDir, `${command}.md`),
    },
  };
}

/** The files the inputs name (baseline, write-baseline, template), resolved: never removed as an old report. */
export function inputFiles(env, workspace) {
  return ["baseline", "write-baseline", "template"]
    .map((name) => readInput(env, name))
    .filter(Boolean)
    .map((path) => resolve(workspace, path));
}

/** YAML 1.2's booleans, as @actions/core's getBooleanInput reads them. */
function booleanInput(name, value) {
  if (["true", "True", "TRUE"].includes(value)) return true;
  if (["false", "False", "FALSE"].includes(value)) return false;
  throw new InputError(`input "${name}" is "${value}": use true or false`);
}

/** `a,b` or one per line. */
function listOf(value) {
  return value
    .split(/[,\r\n]/)
    .map((item) => item.trim())
    .filter(Boolean);
}

function linesOf(value) {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

function describeCommands(commands) {
  return commands.length === 1 ? `command ${commands[0]} only` : `commands ${commands.join(" and ")}`;
}
