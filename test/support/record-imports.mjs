// Preloaded with --import: writes every module the process loads to $RECORD_IMPORTS_FILE,
// so tests can prove `--help` never loads the Okta SDK, undici or inquirer.
import { appendFileSync } from "node:fs";
import { registerHooks } from "node:module";

const file = process.env.RECORD_IMPORTS_FILE;
registerHooks({
  resolve(specifier, context, nextResolve) {
    const result = nextResolve(specifier, context);
    if (file) appendFileSync(file, `${result.url}\n`);
    return result;
  },
});
