// The GitHub Action (action.yml, `using: node24`: the runner's own Node 24 runs this file): mask
// the secrets, run scim-okta with the reports written to files, then hand the runner the step
// outputs, the job summary, and the CLI's exit code. Nothing is installed: the CLI is
// action/scim-okta.js and the committed, self-contained bundle it runs (`npm run build:action`),
// so the only connections are the CLI's own, to the SCIM server and, for verify, the Okta org.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chosenCommand, COMMANDS, InputError, inputFiles, planRun, readInput, reportPaths, secretValues } from "./inputs.js";
import { NODE_REQUIRED, nodeTooOld } from "./node-version.js";
import { fenced, withinSummaryLimit } from "./summary.js";

const PROGRAM = fileURLToPath(new URL("./scim-okta.js", import.meta.url));
const BUNDLE = fileURLToPath(new URL("./dist/cli.js", import.meta.url));
/** File times come from a coarser clock than Date.now(): a file written just after the start may look a little older. */
const CLOCK_SLACK_MS = 50;
const EXIT_MEANING = { 0: "passed", 1: "findings", 2: "bad input", 3: "cannot proceed", 4: "manual steps pending", 130: "interrupted" };

const env = process.env;
// Before anything else: from here on the runner replaces these values with *** in every log line.
// A workflow command is one line: a multi-line secret (a PEM key) is masked line by line, since
// `::add-mask::` with the whole of it would print every line after its first in plain text.
const secrets = secretValues(env);
for (const secret of secrets.filter((value) => !/[\r\n]/.test(value))) process.stdout.write(`::add-mask::${escapeData(secret)}\n`);

process.exitCode = await runAction();

async function runAction() {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const started = Date.now();
  let plan;
  try {
    plan = planRun(env, workspace);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const command = chosenCommand(env);
    if (COMMANDS.includes(command)) removeOldReports(reportPaths(command, env, workspace).reports, workspace);
    return couldNotRun("action", 2, [`error: ${error.message}`, 'hint: see the inputs in the scim-okta README, section "CI"']);
  }
  if (!existsSync(BUNDLE)) {
    return couldNotRun(plan.command, 2, [`error: ${BUNDLE} is missing`, 'hint: the action\'s ref must be a commit of scim-okta with action/dist (run "npm run build:action" and commit it)']);
  }
  if (nodeTooOld()) {
    const hint = "hint: action.yml runs on the runner's Node 24 (`using: node24`); a runner that old does not have it: update the runner";
    return couldNotRun(plan.command, 2, [`error: scim-okta needs Node.js ${NODE_REQUIRED} or later; the action runs on ${process.versions.node}`, hint]);
  }
  try {
    mkdirSync(plan.reportDir, { recursive: true });
    removeOldReports(plan.reports, workspace);
  } catch (error) {
    return couldNotRun(plan.command, 2, [`error: input "report-dir": cannot write the reports in ${plan.reportDir}: ${error.message}`, "hint: name a folder (it is created if missing), not a file"]);
  }

  const { code, stderrTail } = await runCli(plan, workspace);
  const report = readReport(plan.reports.json, started);
  if (!report) return couldNotRun(plan.command, code, stderrTail);

  setOutputs({
    "exit-code": String(code),
    passed: String(report.summary.passed),
    failed: String(report.summary.failed),
    "report-json": plan.reports.json,
    "report-junit": existsSync(plan.reports.junit) ? plan.reports.junit : "",
    "summary-markdown": existsSync(plan.reports.markdown) ? plan.reports.markdown : "",
  });
  if (existsSync(plan.reports.markdown)) appendSummary(withinSummaryLimit(readFileSync(plan.reports.markdown, "utf8"), plan.reports.markdown));
  const baseline = writtenBaseline(plan, workspace, started);
  if (baseline) appendSummary(`**Baseline written** to \`${baseline.path}\` (${baseline.ids} probe ids): commit it, or keep it with the reports.\n`);
  // 2 or 3 stop a run that had started (the SCIM server went away): the summary says why.
  if (code !== 0 && code !== 1) appendSummary(`**Exit ${code} (${EXIT_MEANING[code] ?? "failed"})**\n\n${fenced(stderrTail.join("\n"))}`);
  return code;
}

/**
 * The CLI, its stdout passed through (the `github` reporter's annotations are workflow commands
 * the runner reads there) and its stderr too, keeping the last lines for a run that ends before
 * any report (bad input, unreachable Okta org).
 */
function runCli(plan, workspace) {
  const childEnv = { ...withoutInputs(env), ...plan.cliEnv, CI: env.CI || "true" };
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [PROGRAM, ...plan.argv], { cwd: workspace, env: childEnv, stdio: ["ignore", "inherit", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      process.stderr.write(chunk);
      stderr = (stderr + chunk.toString()).slice(-8000);
    });
    child.on("error", (error) => {
      stderr += `error: cannot start ${process.execPath}: ${error.message}\n`;
    });
    child.on("close", (code, signal) => {
      const exit = code ?? (signal === "SIGINT" || signal === "SIGTERM" ? 130 : 1);
      resolveRun({ code: exit, stderrTail: stderr.split("\n").filter(Boolean).slice(-20) });
    });
  });
}

/** The file the write-baseline input named, when this run wrote it: where, and how many ids. */
function writtenBaseline(plan, workspace, since) {
  const named = readInput(env, "write-baseline");
  if (!named) return undefined;
  const path = resolve(workspace, named);
  try {
    if (!writtenSince(path, since)) return undefined;
    const ids = readFileSync(path, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "" && !line.trim().startsWith("#")).length;
    return { path: relative(workspace, path) || path, ids };
  } catch {
    return undefined;
  }
}

/**
 * An earlier step's or run's reports in this workspace must not pass for this run's (its outputs,
 * its summary, the artifact an `if: always()` upload takes): removed before the CLI starts, except
 * a file an input names (a JSON report kept as the baseline).
 */
function removeOldReports(reports, workspace) {
  const keep = new Set(inputFiles(env, workspace));
  for (const path of Object.values(reports)) if (!keep.has(path)) rmSync(path, { force: true });
}

/** The action's own inputs stay with the action: the CLI gets the secrets under its own names only. */
function withoutInputs(variables) {
  return Object.fromEntries(Object.entries(variables).filter(([name]) => !name.startsWith("INPUT_")));
}

/** The file was written at `since` or later (it exists: statSync throws otherwise). */
function writtenSince(path, since) {
  return statSync(path).mtimeMs >= since - CLOCK_SLACK_MS;
}

/** This run's report: one written before it started (left by another step, or named as an input) is not. */
function readReport(path, since) {
  try {
    if (!writtenSince(path, since)) return undefined;
    const report = JSON.parse(readFileSync(path, "utf8"));
    return report && typeof report.summary === "object" ? report : undefined;
  } catch {
    return undefined;
  }
}

/**
 * No report to show: say why in the summary, as an annotation, and in the outputs. The step fails
 * exactly when the CLI's exit code is non-zero: a run that exits 0 without a report (`extra-args:
 * --list`) passes, with a warning.
 */
function couldNotRun(command, code, lines) {
  setOutputs({ "exit-code": String(code), passed: "0", failed: "0", "report-json": "", "report-junit": "", "summary-markdown": "" });
  const output = fenced(lines.join("\n") || "(no output)");
  if (code === 0) {
    appendSummary(`## ⚠️ scim-okta ${command}: exit 0, but no report was written\n\n${output}`);
    process.stdout.write(`::warning title=${escapeProperty(`scim-okta ${command}`)}::${escapeData("exit 0, but no report was written (do extra-args stop the run early?)")}\n`);
    return 0;
  }
  appendSummary(`## ❌ scim-okta ${command}: could not run (exit ${code}, ${EXIT_MEANING[code] ?? "failed"})\n\n${output}`);
  const message = lines.find((line) => line.startsWith("error:")) ?? lines.at(-1) ?? `exit ${code}`;
  process.stdout.write(`::error title=${escapeProperty(`scim-okta ${command}`)}::${escapeData(mask(message))}\n`);
  return code;
}

function setOutputs(outputs) {
  if (!env.GITHUB_OUTPUT) return;
  const text = Object.entries(outputs)
    .map(([name, value]) => {
      const delimiter = `ghadelimiter_${randomUUID()}`;
      return `${name}<<${delimiter}\n${mask(value)}\n${delimiter}\n`;
    })
    .join("");
  appendFileSync(env.GITHUB_OUTPUT, text);
}

function appendSummary(markdown) {
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${mask(markdown)}\n`);
}

/** What this script writes itself never carries a secret, whatever the CLI printed. */
function mask(text) {
  return secrets.reduce((masked, secret) => masked.split(secret).join("***"), text);
}

// Workflow command escaping, as the Actions runner unescapes it.
function escapeData(text) {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text) {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
