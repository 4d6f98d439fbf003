#!/usr/bin/env node
// scim-okta without an install: the program the GitHub Action (action/entry.js) and the CI recipes
// run. Small enough for any Node to parse, it checks the version before loading the bundle beside
// it, action/dist/cli.js (the whole CLI in one file, `npm run build:action`), which an old Node
// cannot even parse. bin/scim-okta.js does the same for the npm package.
import { NODE_REQUIRED, nodeTooOld } from "./node-version.js";

if (nodeTooOld()) {
  process.stderr.write(`error: scim-okta needs Node.js ${NODE_REQUIRED} or later; this is Node.js ${process.versions.node}\nhint: install Node.js ${NODE_REQUIRED}+ (https://nodejs.org)\n`);
  process.exit(2);
}

// Node is silent about deprecated APIs used inside node_modules, which in one file it cannot tell
// apart: the two that bundled packages use (punycode by whatwg-url, url.parse by the Okta SDK's
// dependencies) stay silent here as well, instead of landing in every CI log and job summary.
const emitWarning = process.emitWarning;
const fromBundledPackages = new Set(["DEP0040", "DEP0169"]);
process.emitWarning = function (warning, ...rest) {
  const code = typeof rest[0] === "object" && rest[0] !== null ? rest[0].code : rest[1];
  if (fromBundledPackages.has(code)) return;
  return emitWarning.call(this, warning, ...rest);
};

await import("./dist/cli.js");
