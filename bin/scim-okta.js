#!/usr/bin/env node
import { enableCompileCache } from "node:module";

// Reuse V8's compiled code between runs: start-up is most of a short command's time.
enableCompileCache?.();
const { main } = await import("../dist/bundle/scim-okta.js");
process.exitCode = await main(process.argv.slice(2));
