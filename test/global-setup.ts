import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { setupOktaContract } from "./contract/global-setup.js";

/**
 * Tests that run the real binary (bin/scim-okta.js → dist/) must see the current sources:
 * compile and bundle once before the run, with the same Node that runs the tests. Type errors are the type
 * check's job (`npm test` runs it first); tsc still emits, so they only warn here.
 * It also starts the suite-wide Okta contract check, which runs when the tests are done (test/contract/global-setup.ts).
 */
export default function setup(): () => Promise<void> {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const result = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { cwd: root, encoding: "utf8" });
  if (result.status !== 0) console.warn(`note: tsc reported type errors while building dist/ for the tests:\n${result.stdout}`);
  const bundle = spawnSync(process.execPath, ["scripts/build-bundle.js"], { cwd: root, encoding: "utf8" });
  if (bundle.status !== 0) throw new Error(`bundling the CLI failed:\n${bundle.stdout}${bundle.stderr}`);
  return setupOktaContract();
}
