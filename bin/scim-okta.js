#!/usr/bin/env node
const { main } = await import("../dist/bundle/scim-okta.js");
process.exitCode = await main(process.argv.slice(2));
