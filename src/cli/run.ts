// The CLI as a program, for the GitHub Action's self-contained bundle (actionConfig in
// rolldown.config.js), which action/entry.js runs on the runner's Node 24. The npm package's
// launcher, bin/scim-okta.js, checks the Node version first and calls main itself.
import { main } from "./main.js";

process.exitCode = await main(process.argv.slice(2));
