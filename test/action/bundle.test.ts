import { execFileSync, spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findOldNode, REPO_ROOT } from "../support/cli.js";
import { ACTION_BUNDLE, ACTION_PROGRAM, temporaryFolder } from "./support.js";

/*
 * The action runs action/scim-okta.js, which loads action/dist/cli.js, committed: nothing is
 * installed on the runner. So the committed bundle must be what these sources build to, and it
 * must need nothing but Node.
 */

const oldNode = findOldNode();
const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
/**
 * Packages the bundled code requires inside a try/catch and works without: node-fetch's
 * `encoding`, debug's `supports-color`, es6-promise's `vertx`.
 */
const OPTIONAL = ["encoding", "supports-color", "vertx"];

describe("the action's bundle (action/dist/cli.js, run by action/scim-okta.js)", { timeout: 60_000 }, () => {
  it("is what `npm run build:action` makes of these sources and the locked packages (else: run it and commit the file)", async () => {
    const folder = await temporaryFolder("scim-okta-action-build-");
    execFileSync(process.execPath, ["scripts/build-action.js", folder], { cwd: REPO_ROOT, stdio: "pipe" });
    const [built, committed] = await Promise.all([readFile(join(folder, "cli.js"), "utf8"), readFile(ACTION_BUNDLE, "utf8")]);
    // Not toBe: a 6 MB diff helps nobody; the message says what to do.
    expect(built === committed, "action/dist/cli.js is stale: run `npm run build:action` and commit it").toBe(true);
  });

  it.skipIf(!oldNode)(`the program refuses a Node too old to parse the bundle (${oldNode ?? "none on PATH"}): one line, exit 2`, async () => {
    const program = await readFile(ACTION_PROGRAM, "utf8");
    expect(program.indexOf("process.exit(2)")).toBeLessThan(program.indexOf('await import("./dist/cli.js")'));
    const result = spawnSync(oldNode!, [ACTION_PROGRAM, "--version"], { encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^error: scim-okta needs Node\.js 22\.12 or later; this is Node\.js [\d.]+\nhint: [^\n]+\n$/);
  });

  it("imports and requires Node's own modules only (but three optional ones, each inside a try)", async () => {
    const code = await readFile(ACTION_BUNDLE, "utf8");
    const specifiers = new Set([
      ...[...code.matchAll(/^import\s[^;]*?from\s+"([^"]+)";?$/gm)].map((match) => match[1]!),
      ...[...code.matchAll(/\b(?:__require|require)\("([^"]+)"\)/g)].map((match) => match[1]!),
      ...[...code.matchAll(/\bimport\("([^"]+)"\)/g)].map((match) => match[1]!),
    ]);
    expect([...specifiers].filter((specifier) => specifier.startsWith("node:")).length).toBeGreaterThan(5);
    expect([...specifiers].filter((specifier) => !BUILTINS.has(specifier)).sort()).toEqual(OPTIONAL);
    for (const name of OPTIONAL) {
      const at = code.indexOf(`require("${name}")`);
      expect(code.slice(Math.max(0, at - 120), at), name).toMatch(/\btry \{[^{}]*$/);
    }
  });

  it("is tracked by git, so the action's ref has it", () => {
    expect(() => execFileSync("git", ["ls-files", "--error-unmatch", "action/scim-okta.js", "action/node-version.js", "action/dist/cli.js"], { cwd: REPO_ROOT, stdio: "pipe" })).not.toThrow();
  });
});
