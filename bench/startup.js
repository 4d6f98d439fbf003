// Cold start of `scim-okta --help` and `--version`, as a ratio to `node -e 0` measured in the
// same run with the same Node. A benchmark, not a test: it prints figures, it asserts nothing.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = fileURLToPath(new URL("../bin/scim-okta.js", import.meta.url));

function timeOnce(args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: "ignore" });
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} exited ${result.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function benchStartup({ runs = 21 } = {}) {
  const cases = {
    baseline: ["-e", "0"],
    help: [bin, "--help"],
    version: [bin, "--version"],
  };
  const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  for (const args of Object.values(cases)) timeOnce(args); // warm the file cache
  // Interleave the cases so a busy machine slows them all alike.
  for (let run = 0; run < runs; run += 1) {
    for (const [name, args] of Object.entries(cases)) samples[name].push(timeOnce(args));
  }
  const baseline = median(samples.baseline);
  return {
    node: process.version,
    runs,
    baselineMs: baseline,
    helpMs: median(samples.help),
    versionMs: median(samples.version),
    helpRatio: median(samples.help) / baseline,
    versionRatio: median(samples.version) / baseline,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = benchStartup();
  console.log(JSON.stringify(r, null, 2));
}
