// Start-up of the sandbox (issue 12: "well under a second"): in process, startSandbox() — the Okta
// org emulator, the reference SCIM server, the provisioning engine and the Admin Console stand-in —
// against three bare node:http servers listening on loopback in the same run; and cold, the CLI's
// `scim-okta sandbox --json` until its JSON line, against `node -e 0`. Figures only, no asserts.
// Needs `npm run build` first (imports ../dist). Run directly: node bench/sandbox.js
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../dist/sandbox/start.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = fileURLToPath(new URL("../bin/scim-okta.js", import.meta.url));
const ROUNDS = 15;
const CLI_ROUNDS = 7;
const TARGET_MS = 1000;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function bareServers() {
  const started = performance.now();
  const servers = await Promise.all(
    [0, 1, 2].map(
      () =>
        new Promise((resolve) => {
          const server = createServer((_req, res) => res.end());
          server.listen(0, "127.0.0.1", () => resolve(server));
        }),
    ),
  );
  const ms = performance.now() - started;
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ms;
}

async function sandboxStart() {
  const started = performance.now();
  const sandbox = await startSandbox();
  const ms = performance.now() - started;
  await sandbox.close();
  return ms;
}

/** `scim-okta sandbox --json` from spawn to its JSON line, then SIGTERM; undefined when the command is not there. */
function cliStart() {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [bin, "sandbox", "--json"], { cwd: root, stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    let ms;
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (ms === undefined && out.includes("\n")) {
        ms = performance.now() - started;
        child.kill("SIGTERM");
      }
    });
    // A sandbox that never says it is up must not keep the bench (or the machine) busy.
    const limit = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("exit", () => {
      clearTimeout(limit);
      resolve(ms !== undefined && out.includes('"oktaOrgUrl"') ? ms : undefined);
    });
  });
}

function nodeBaseline() {
  const started = performance.now();
  spawnSync(process.execPath, ["-e", "0"], { stdio: "ignore" });
  return performance.now() - started;
}

export async function benchSandbox({ print = true } = {}) {
  await sandboxStart(); // warm module loading
  await bareServers();
  const sandboxMs = [];
  const bareMs = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    bareMs.push(await bareServers());
    sandboxMs.push(await sandboxStart());
  }
  const cliMs = [];
  const baselineMs = [];
  for (let round = 0; round < CLI_ROUNDS; round += 1) {
    baselineMs.push(nodeBaseline());
    const ms = await cliStart();
    if (ms === undefined) break;
    cliMs.push(ms);
  }
  const figures = {
    rounds: ROUNDS,
    sandboxMs: median(sandboxMs),
    bareMs: median(bareMs),
    cliMs: cliMs.length > 0 ? median(cliMs) : undefined,
    nodeMs: median(baselineMs),
  };
  if (print) {
    const verdict = (ms) => (ms < TARGET_MS ? "within target" : "OVER TARGET");
    console.log(`sandbox start-up (median of ${ROUNDS} starts in process, ${CLI_ROUNDS} cold CLI starts)`);
    console.log(`  three bare loopback servers  ${figures.bareMs.toFixed(1)} ms  (baseline)`);
    console.log(`  startSandbox()               ${figures.sandboxMs.toFixed(1)} ms  ${(figures.sandboxMs / figures.bareMs).toFixed(1)}× baseline (target < ${TARGET_MS} ms: ${verdict(figures.sandboxMs)})`);
    if (figures.cliMs === undefined) console.log("  scim-okta sandbox --json     (not measured: the command did not print its JSON line; is it registered and built?)");
    else console.log(`  scim-okta sandbox --json     ${figures.cliMs.toFixed(1)} ms to its JSON line, node -e 0 ${figures.nodeMs.toFixed(1)} ms (target < ${TARGET_MS} ms: ${verdict(figures.cliMs)})`);
  }
  return figures;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await benchSandbox();
