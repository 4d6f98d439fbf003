// Builds dist/bundle from the compiled dist/ with rolldown's API: quiet on success (npm ci runs it
// through `prepare`), every warning and error on stderr.
import { build } from "rolldown";
import config from "../rolldown.config.js";

try {
  await build({ ...config, logLevel: "warn" });
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
