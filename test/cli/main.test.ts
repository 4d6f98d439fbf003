import { spawn } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, runBin, runCli, REPO_ROOT } from "../support/cli.js";

describe("scim-okta CLI skeleton", () => {
  it("--help lists the commands that work", async () => {
    const { code, stdout } = await runCli(["--help"]);
    expect(code).toBe(0);
    for (const command of ["vendors", "test-connector", "probe|conformance"]) expect(stdout).toContain(command);
    for (const global of ["--json", "--no-color", "--debug"]) expect(stdout).toContain(global);
  });

  it("--version prints the package version", async () => {
    const pkg = JSON.parse(await readFile(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
    const { code, stdout } = await runCli(["--version"]);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(pkg.version);
  });

  it.each([
    [["probe", "--bogus"], /^error: unknown option '--bogus'\nhint: run "scim-okta probe --help" for usage\n$/],
    [["prob"], /^error: unknown command 'prob'\nhint: did you mean probe\? run "scim-okta --help" for usage\n$/],
    [["probe", "--concurency", "2"], /hint: did you mean --concurrency\?/],
    [["probe", "--dialect", "entra"], /^error: option '--dialect <dialect>' argument 'entra' is invalid\. Allowed choices are oin, aiw\.\n/],
    // A guessed secret flag: where the secret goes instead, and its value is never repeated.
    [["probe", "--token", "abc"], /^error: unknown option '--token'\nhint: secrets are never taken from the command line .*: set SCIM_TOKEN or pass --token-file <path>\n$/],
    [["setup", "--vendor", "kloudhybrid", "--okta-token=CANARY-0kta-s3cret"], /^error: unknown option '--okta-token=…'\nhint: secrets are never taken .*: set OKTA_API_TOKEN\n$/],
    [["verify", "--password=CANARY-pa55"], /^error: unknown option '--password=…'\nhint: .*set SCIM_PASSWORD or pass --password-file <path>\n$/],
  ])("a usage error %j is one line plus a hint, exit 2, no stack", async (argv, pattern) => {
    const { code, stdout, stderr } = await runCli(argv);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(pattern);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stderr).not.toContain("CANARY");
  });

  it("--debug shows the stack, with the release bundle's own function names readable", async () => {
    const { code, stderr } = await runBin(["--debug", "probe", "--suite", "nope"], { env: { PATH: process.env.PATH ?? "", SCIM_BASE_URL: "http://127.0.0.1:9/scim/v2", SCIM_TOKEN: "x" } });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^UsageError: --suite "nope" is not a suite$/m);
    // Names as written in src/ (rolldown keepNames), in the built bundle the CLI runs.
    expect(stderr).toMatch(/\n\s+at parseOptions \(file:\/\/.*\/dist\/bundle\/[^)]+\)/);
  });

  it("with --json a usage error is one JSON document on stdout", async () => {
    const { code, stdout, stderr } = await runCli(["--json", "prob"]);
    expect(code).toBe(2);
    expect(stderr).toBe("");
    expect(JSON.parse(stdout)).toEqual({
      schemaVersion: 1,
      error: { code: "usage", message: "unknown command 'prob'", hint: 'did you mean probe? run "scim-okta --help" for usage' },
    });
  });

  it("--help and --version load no command; a command's --help loads its flags (zod) but neither the Okta SDK, undici, inquirer nor ora", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scim-okta-imports-"));
    const cases: Array<[string[], string[]]> = [
      [["--help"], ["/zod/", "/chalk/"]],
      [["--version"], ["/zod/", "/chalk/"]],
      [["probe", "--help"], []],
      [["test-connector", "--help"], []],
      [["setup", "--help"], []],
      [["verify", "--help"], []],
      [["sandbox", "--help"], []],
      [["demo", "--help"], []],
    ];
    for (const [argv, alsoNot] of cases) {
      const file = join(dir, `${argv.join("_")}.txt`);
      const { code } = await runBin(argv, {
        env: { RECORD_IMPORTS_FILE: file },
        execArgv: ["--import", join(REPO_ROOT, "test/support/record-imports.mjs")],
      });
      expect(code).toBe(0);
      const loaded = await readFile(file, "utf8");
      expect(loaded).toContain("/dist/bundle/scim-okta.js");
      for (const heavy of ["@okta/okta-sdk-nodejs", "/undici/", "@inquirer", "/ora/", ...alsoNot]) {
        expect(loaded, `${argv.join(" ")} loaded ${heavy}`).not.toContain(heavy);
      }
    }
  });

  it("a reader that closes the pipe early (| head) gets no EPIPE crash", async () => {
    const child = spawn(process.execPath, [BIN, "probe", "--list"], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
});
