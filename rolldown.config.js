// The CLI ships as one bundle (plus a chunk per lazily loaded command): loading commander and our
// start-up modules as one file instead of a dozen cuts the cold start of `--help` and `--version`
// (see `npm run bench`). Packages other than commander stay external and load from node_modules.
import { defineConfig } from "rolldown";

const EAGER_IMPORT = "import childProcess from 'node:child_process';";
const LAZY_STAND_IN = [
  "import { createRequire as createRequireForChildProcess } from 'node:module';",
  "const childProcess = { spawn: (...args) => createRequireForChildProcess(import.meta.url)('node:child_process').spawn(...args) };",
].join("\n");

/**
 * commander imports node:child_process at the top for executable subcommands, which scim-okta
 * does not use; loading it costs several milliseconds of every start. Give commander a stand-in
 * that loads the real module on first call. The build fails if commander's import changes.
 */
const lazyChildProcessForCommander = {
  name: "lazy-child-process-for-commander",
  transform(code, id) {
    if (!id.endsWith("/node_modules/commander/lib/command.js")) return null;
    if (!code.includes(EAGER_IMPORT)) this.error("commander no longer imports node:child_process as expected: update rolldown.config.js");
    return code.replace(EAGER_IMPORT, LAZY_STAND_IN);
  },
};

const BUILTIN_IMPORT = /^import\s+(\*\s+as\s+\w+|\w+|\{[^}]*\})\s+from\s+["'](node:[a-z_/]+)["'];?$/gm;

/**
 * An ESM import of a Node built-in evaluates every export of it, and for node:fs and node:util
 * that drags in streams, readline, worker_threads and more (several milliseconds at every start).
 * A CommonJS require of the same built-in does not, so the bundle requires them.
 */
const builtinsViaRequire = {
  name: "builtins-via-require",
  transform(code) {
    let replaced = false;
    const rewritten = code.replace(BUILTIN_IMPORT, (whole, clause, source) => {
      if (source === "node:module") return whole;
      replaced = true;
      const binding = clause.startsWith("*") ? clause.replace(/^\*\s+as\s+/, "") : clause.replace(/\s+as\s+/g, ": ");
      return `const ${binding} = __requireBuiltin("${source}");`;
    });
    if (!replaced) return null;
    return `import { createRequire as __createRequireForBuiltins } from "node:module";\nconst __requireBuiltin = __createRequireForBuiltins(import.meta.url);\n${rewritten}`;
  },
};

export default defineConfig({
  input: { "scim-okta": "dist/cli/main.js" },
  platform: "node",
  external: (id) => !id.startsWith(".") && !id.startsWith("/") && !id.startsWith("commander"),
  plugins: [lazyChildProcessForCommander, builtinsViaRequire],
  output: {
    dir: "dist/bundle",
    format: "esm",
    entryFileNames: "[name].js",
    chunkFileNames: "[name]-[hash].js",
    cleanDir: true,
    minify: { mangle: { keepNames: true } },
  },
});
