#!/usr/bin/env node
// Replay a Runscope/BlazeMeter API test export (Okta's SCIM SPEC test, for one) against your own
// SCIM server, locally, with no Runscope account. Needs `npm run build` first (imports ../dist).
//
//   SCIM_AUTH="Bearer $SCIM_TOKEN" node scripts/replay-runscope.js ../shared/okta/scim-tests/Okta-SCIM-20-SPEC-Test.json \
//     --okta-spec-variables --var SCIMBaseURL=https://scim.example.com/scim/v2 --secret-var auth=SCIM_AUTH
//
// --var name=value            an initial variable (repeatable)
// --secret-var name=ENV_VAR   an initial variable read from an environment variable, redacted in the output
// --initial-script <file>     a Runscope initial script (JavaScript, e.g. Okta's Initial_Script_Spec.txt)
// --okta-spec-variables       the variables Okta's SPEC test's initial script sets (random user, invalid ids)
// --okta-crud-variables       the random user variables Okta's CRUD test expects
// --json                      print the result as one JSON document
// Exit code: 0 every step passed, 1 a step failed, 2 bad input.
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { Redactor } from "../dist/core/redact.js";
import { formatReplay, loadRunscopeTest, oktaCrudTestVariables, oktaSpecTestVariables, replayRunscopeTest } from "../dist/sandbox/runscope/index.js";

function fail(message) {
  process.stderr.write(`replay-runscope: ${message}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      var: { type: "string", multiple: true, default: [] },
      "secret-var": { type: "string", multiple: true, default: [] },
      "initial-script": { type: "string" },
      "okta-spec-variables": { type: "boolean", default: false },
      "okta-crud-variables": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
  });
} catch (error) {
  fail(error.message);
}
const { values, positionals } = parsed;
if (positionals.length !== 1) fail("give exactly one export file: node scripts/replay-runscope.js <export.json> [--var name=value …]");

const variables = {
  ...(values["okta-spec-variables"] ? oktaSpecTestVariables() : {}),
  ...(values["okta-crud-variables"] ? oktaCrudTestVariables() : {}),
};
const split = (pair, flag) => {
  const at = pair.indexOf("=");
  if (at <= 0) fail(`${flag} ${pair}: expected name=value`);
  return [pair.slice(0, at), pair.slice(at + 1)];
};
for (const pair of values.var) {
  const [name, value] = split(pair, "--var");
  variables[name] = value;
}
const secretVariables = [];
for (const pair of values["secret-var"]) {
  const [name, envName] = split(pair, "--secret-var");
  const value = process.env[envName];
  if (value === undefined || value === "") fail(`--secret-var ${pair}: environment variable ${envName} is not set`);
  variables[name] = value;
  secretVariables.push(name);
}

try {
  const test = await loadRunscopeTest(positionals[0]);
  const initialScript = values["initial-script"] === undefined ? undefined : await readFile(values["initial-script"], "utf8");
  const result = await replayRunscopeTest(test, { variables, secretVariables, redactor: new Redactor(), ...(initialScript === undefined ? {} : { initialScript }) });
  process.stdout.write(values.json ? `${JSON.stringify({ schemaVersion: 1, ...result })}\n` : formatReplay(result));
  process.exitCode = result.passed ? 0 : 1;
} catch (error) {
  fail(error.message);
}
