// Builds the GitHub Action's self-contained bundle (action/dist/cli.js, committed; action/scim-okta.js
// runs it) from the compiled dist/: run `npm run build` first. `node scripts/build-action.js
// <folder>` writes it elsewhere (the test that checks the committed one).
import { rm } from "node:fs/promises";
import { build } from "rolldown";
import { actionConfig } from "../rolldown.config.js";

const dir = process.argv[2] ?? "action/dist";
try {
  await rm(dir, { recursive: true, force: true });
  await build({ ...actionConfig(dir), logLevel: "warn" });
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
