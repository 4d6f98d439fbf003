// `npm run bench`: every benchmark, each reported as a ratio to a baseline measured in the same run.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { benchStartup } from "./startup.js";

const fmt = (ms) => `${ms.toFixed(1)} ms`;
const verdict = (ratio, target) => (ratio <= target ? "within target" : "OVER TARGET");

const startup = benchStartup();
console.log(`start-up (median of ${startup.runs} cold starts, ${startup.node})`);
console.log(`  node -e 0            ${fmt(startup.baselineMs)}  (baseline)`);
console.log(`  scim-okta --help     ${fmt(startup.helpMs)}  ${startup.helpRatio.toFixed(2)}× baseline (target ≤ 1.5×: ${verdict(startup.helpRatio, 1.5)})`);
console.log(`  scim-okta --version  ${fmt(startup.versionMs)}  ${startup.versionRatio.toFixed(2)}× baseline (target ≤ 1.5×: ${verdict(startup.versionRatio, 1.5)})`);

const probeBench = fileURLToPath(new URL("./probe.js", import.meta.url));
if (existsSync(probeBench)) {
  const { benchProbe } = await import("./probe.js");
  await benchProbe();
}

const setupBench = fileURLToPath(new URL("./setup.js", import.meta.url));
if (existsSync(setupBench)) {
  const { benchSetup } = await import("./setup.js");
  await benchSetup();
}

const sandboxBench = fileURLToPath(new URL("./sandbox.js", import.meta.url));
if (existsSync(sandboxBench)) {
  const { benchSandbox } = await import("./sandbox.js");
  await benchSandbox();
}

const demoBench = fileURLToPath(new URL("./demo.js", import.meta.url));
if (existsSync(demoBench)) {
  const { benchDemo } = await import("./demo.js");
  await benchDemo();
}
