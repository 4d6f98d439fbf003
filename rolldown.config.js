// The CLI ships as one bundle (plus a chunk per lazily loaded command): loading commander and our
// start-up modules as one file instead of a dozen cuts the cold start of `--help` and `--version`
// (see `npm run bench`). Packages other than commander stay external and load from node_modules.
import { defineConfig } from "rolldown";

export default defineConfig({
  input: { "scim-okta": "dist/cli/main.js" },
  platform: "node",
  external: (id) => !id.startsWith(".") && !id.startsWith("/") && !id.startsWith("commander"),
  output: {
    dir: "dist/bundle",
    format: "esm",
    entryFileNames: "[name].js",
    chunkFileNames: "[name]-[hash].js",
  },
});
