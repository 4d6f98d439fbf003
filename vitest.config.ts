import { defineConfig } from "vitest/config";

/** CI asks for a JSON summary too (see .ci/run), to print one plain "N passed, N failed" line. */
const summaryFile = process.env.SCIM_OKTA_TEST_SUMMARY;

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    ...(summaryFile ? { reporters: ["default", ["json", { outputFile: summaryFile }]] } : {}),
  },
});
