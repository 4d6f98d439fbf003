import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/cli.js";

const run = promisify(execFile);
/** npm and the installed bin run on the Node that runs the tests (≥ 22.12), not the system's. */
const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ""}`, npm_config_update_notifier: "false" };

/**
 * Packing and installing takes half a minute, so it runs in CI (.ci/run sets SCIM_OKTA_PACK_TEST=1)
 * and when asked for: `SCIM_OKTA_PACK_TEST=1 npx vitest run test/package`.
 */
const wanted = process.env.SCIM_OKTA_PACK_TEST === "1";
if (!wanted) console.warn("note: npm pack install test skipped; SCIM_OKTA_PACK_TEST=1 runs it (CI does)");

describe.runIf(wanted)("npm pack smoke test: the published tarball installs and runs", () => {
  let workDir = "";
  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it("installs the tarball into an empty folder and runs --version and vendors list from it", async () => {
    workDir = await mkdtemp(join(tmpdir(), "scim-okta-pack-"));
    // dist/ was built by the test set-up; --ignore-scripts keeps pack from building again.
    const { stdout: packJson } = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", workDir], { cwd: REPO_ROOT, env });
    const [packed] = JSON.parse(packJson) as Array<{ filename: string; files: Array<{ path: string }> }>;
    expect(packed).toBeDefined();
    const files = packed!.files.map((file) => file.path);
    expect(files).toContain("bin/scim-okta.js");
    expect(files).toContain("dist/bundle/scim-okta.js");
    expect(files).toContain("templates/kloudhybrid.yaml");
    expect(files.some((file) => file.startsWith("src/") || file.startsWith("test/"))).toBe(false);

    const app = join(workDir, "app");
    await run("npm", ["init", "-y"], { cwd: workDir, env }).catch(() => undefined);
    await run("npm", ["install", "--no-audit", "--no-fund", "--prefix", app, join(workDir, packed!.filename)], { cwd: workDir, env });
    const bin = join(app, "node_modules", ".bin", "scim-okta");

    const version = await run(bin, ["--version"], { cwd: app, env });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);

    const list = await run(bin, ["vendors", "list"], { cwd: app, env });
    for (const id of ["cloudapp", "clumio", "infrascale", "kloudhybrid", "strongdm"]) expect(list.stdout).toContain(id);
  }, 240_000);
});
