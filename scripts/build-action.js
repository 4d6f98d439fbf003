// Builds the GitHub Action's self-contained bundle (action/dist/cli.js, and scim-okta.js that runs
// it; both committed) from the compiled dist/: run `npm run build` first. `node
// scripts/build-action.js <folder>` writes them elsewhere (the test that checks the committed ones).
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { build } from "rolldown";
import { ACTION_LAUNCHER, actionConfig } from "../rolldown.config.js";

const dir = process.argv[2] ?? "action/dist";
try {
  await rm(dir, { recursive: true, force: true });
  await build({ ...actionConfig(dir), logLevel: "warn" });
  await writeFile(join(dir, "scim-okta.js"), ACTION_LAUNCHER);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
