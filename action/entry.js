// The GitHub Action's step (action.yml runs it after `npm ci` in the action's folder): mask the
// secrets, run scim-okta with the reports written to files, then hand the runner the step outputs,
// the job summary, and the CLI's exit code. Plain JavaScript on the runner's Node (20 included):
// bin/scim-okta.js re-runs itself on the Node that `npm ci` installed beside it when this one is
// too old.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { InputError, planRun, secretValues } from "./inputs.js";
import { fenced, withinSummaryLimit } from "./summary.js";

const BIN = fileURLToPath(new URL("../bin/scim-okta.js", import.meta.url));
const EXIT_MEANING = { 0: "passed", 1: "findings", 2: "bad input", 3: "cannot proceed", 4: "manual steps pending", 130: "interrupted" };

const env = process.env;
// Before anything else: from here on the runner replaces these values with *** in every log line.
const secrets = secretValues(env);
for (const secret of secrets) process.stdout.write(`::add-mask::${secret}\n`);

process.exitCode = await runAction();

async function runAction() {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  let plan;
  try {
    plan = planRun(env, workspace);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return couldNotRun("action", 2, [`error: ${error.message}`, 'hint: see the inputs in the scim-okta README, section "CI"']);
  }
  if (!existsSync(BIN)) {
    return couldNotRun(plan.command, 2, [`error: ${BIN} is missing`, "hint: the action's install step (npm ci in the action's folder) did not run"]);
  }
  mkdirSync(plan.reportDir, { recursive: true });

  const { code, stderrTail } = await runCli(plan, workspace);
  const report = readReport(plan.reports.json);
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
    const child = spawn(process.execPath, [BIN, ...plan.argv], { cwd: workspace, env: childEnv, stdio: ["ignore", "inherit", "pipe"] });
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

/** The action's own inputs stay with the action: the CLI gets the secrets under its own names only. */
function withoutInputs(variables) {
  return Object.fromEntries(Object.entries(variables).filter(([name]) => !name.startsWith("INPUT_")));
}

function readReport(path) {
  try {
    const report = JSON.parse(readFileSync(path, "utf8"));
    return report && typeof report.summary === "object" ? report : undefined;
  } catch {
    return undefined;
  }
}

/** No report to show: say why in the summary, as an annotation, and in the outputs. */
function couldNotRun(command, code, lines) {
  const meaning = EXIT_MEANING[code] ?? "failed";
  setOutputs({ "exit-code": String(code), passed: "0", failed: "0", "report-json": "", "report-junit": "", "summary-markdown": "" });
  appendSummary(`## ❌ scim-okta ${command}: could not run (exit ${code}, ${meaning})\n\n${fenced(lines.join("\n") || "(no output)")}`);
  const message = lines.find((line) => line.startsWith("error:")) ?? lines.at(-1) ?? `exit ${code}`;
  process.stdout.write(`::error title=${escapeProperty(`scim-okta ${command}`)}::${escapeData(mask(message))}\n`);
  return code === 0 ? 1 : code;
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
