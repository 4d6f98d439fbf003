import { Writable } from "node:stream";
import { describe, expect, test } from "vitest";
import { COMMANDS, main } from "../../src/cli/main.js";
import type { CommandEntry } from "../../src/cli/registry.js";

/*
 * The GitHub CLI's first table: argv → the options a command runs with, for every command, with
 * the command's run replaced (no server, no Okta). The second table: argv → the usage error.
 */

class Collector extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

async function parse(argv: string[]): Promise<{ code: number; path?: string; options?: unknown; stderr: string }> {
  const stderr = new Collector();
  let seen: { path: string; options: unknown } | undefined;
  const code = await main(argv, {
    stdout: new Collector(),
    stderr,
    env: {},
    stdinIsTTY: false,
    handleSignals: false,
    runCommand: async (path, options) => {
      seen = { path: path.join(" "), options };
      return 0;
    },
  });
  return { code, ...seen, stderr: stderr.text };
}

const TARGET_DEFAULTS = { param: [], timeout: 60, insecure: false, maxBody: 5 * 1024 * 1024 };
const PROBE_DEFAULTS = {
  ...TARGET_DEFAULTS,
  reporter: [],
  suite: ["okta-spec", "okta-runtime", "rfc"],
  readOnly: false,
  only: [],
  skip: [],
  concurrency: 4,
  emailDomain: "example.com",
  list: false,
  preflight: true,
};

const SETUP_DEFAULTS = { vendor: "strongdm", ...TARGET_DEFAULTS, pushGroup: [], assignGroup: [], probe: "read-only", dryRun: false, yes: false };

const PARSED: Array<[string, string[], string, Record<string, unknown>]> = [
  ["vendors list", ["vendors", "list"], "vendors list", {}],
  ["vendors show takes the id", ["--json", "vendors", "show", "kloudhybrid"], "vendors show", { id: "kloudhybrid" }],
  ["vendors validate takes the file", ["vendors", "validate", "./mine.yaml"], "vendors validate", { file: "./mine.yaml" }],
  ["test-connector: defaults", ["test-connector"], "test-connector", { ...TARGET_DEFAULTS, reporter: [], list: false }],
  [
    "test-connector: the target flags, coerced",
    ["test-connector", "--base-url", "https://x.example/scim/v2", "--auth", "basic", "--username", "u", "--timeout", "2.5", "--insecure", "--param", "a=1", "--param", "b=2", "--reporter", "json=r.json", "--max-body", "1mb"],
    "test-connector",
    { ...TARGET_DEFAULTS, baseUrl: "https://x.example/scim/v2", auth: "basic", username: "u", timeout: 2.5, insecure: true, param: ["a=1", "b=2"], reporter: ["json=r.json"], maxBody: 1024 * 1024, list: false },
  ],
  ["probe: defaults", ["probe"], "probe", PROBE_DEFAULTS],
  [
    "probe (alias conformance): suites, ids split at commas, numbers and domains normalised",
    ["conformance", "--suite", "rfc,okta-spec,rfc", "--only", "rfc/a,rfc/b", "--only", "rfc/c", "--skip", "x", "--concurrency", "8", "--email-domain", " @corp.example ", "--dialect", "aiw", "--read-only", "--seed-user", " u1 "],
    "probe",
    { ...PROBE_DEFAULTS, suite: ["rfc", "okta-spec"], only: ["rfc/a", "rfc/b", "rfc/c"], skip: ["x"], concurrency: 8, emailDomain: "corp.example", dialect: "aiw", readOnly: true, seedUser: "u1" },
  ],
  ["probe: --no-preflight", ["probe", "--no-preflight"], "probe", { ...PROBE_DEFAULTS, preflight: false }],
  ["sandbox: defaults", ["sandbox"], "sandbox", { port: 0, connectionsApi: "unknown", featuresApi: "error" }],
  ["sandbox: a port and modes", ["sandbox", "--port", "8080", "--connections-api", "works", "--features-api", "works", "--rate-limit", "100"], "sandbox", { port: 8080, connectionsApi: "works", featuresApi: "works", rateLimit: 100 }],
  [
    "setup: a vendor, defaults",
    ["setup", "--vendor", "strongdm"],
    "setup",
    { vendor: "strongdm", param: [], timeout: 60, insecure: false, maxBody: 5 * 1024 * 1024, pushGroup: [], assignGroup: [], probe: "read-only", dryRun: false, yes: false },
  ],
  ["setup: --probe full", ["setup", "--vendor", "strongdm", "--probe", "full"], "setup", { ...SETUP_DEFAULTS, probe: "full" }],
  ["setup: --probe none", ["setup", "--vendor", "strongdm", "--probe", "none"], "setup", { ...SETUP_DEFAULTS, probe: "none" }],
  ["setup: --no-probe is --probe none", ["setup", "--vendor", "strongdm", "--no-probe"], "setup", { ...SETUP_DEFAULTS, probe: "none" }],
  ["setup: the last of --probe / --no-probe wins", ["setup", "--vendor", "strongdm", "--no-probe", "--probe", "full"], "setup", { ...SETUP_DEFAULTS, probe: "full" }],
  ["demo: defaults", ["demo"], "demo", { vendor: "kloudhybrid" }],
  ["demo: a vendor, --json", ["--json", "demo", "--vendor", " cloudapp "], "demo", { vendor: "cloudapp" }],
  ["verify: a vendor and an app id", ["verify", "--vendor", "strongdm", "--app-id", "0oa1"], "verify", { vendor: "strongdm", param: [], timeout: 60, appId: "0oa1", pushGroup: [], assignGroup: [], reporter: [] }],
];

const REFUSED: Array<[string[], string, string]> = [
  [["probe", "--concurrency", "0"], '--concurrency "0" must be a whole number from 1 to 64', "e.g. --concurrency 4"],
  [["probe", "--concurrency", "many"], '--concurrency "many" must be a whole number from 1 to 64', "e.g. --concurrency 4"],
  [["probe", "--suite", "okta-spec,rfcs,nope"], '--suite "rfcs", "nope" is not a suite', "did you mean rfc? choose from okta-spec, okta-runtime, rfc"],
  [["probe", "--suite", "okta-sepc"], '--suite "okta-sepc" is not a suite', "did you mean okta-spec? choose from"],
  [["probe", "--suite", ","], '--suite "," names no suite', "choose from"],
  [["probe", "--email-domain", "not a domain"], '--email-domain "not a domain" is not a domain name', "e.g. --email-domain example.com"],
  [["probe", "--seed-user", " "], '--seed-user " " is empty', "pass the id of an existing SCIM user"],
  [["probe", "--reporter", "junit"], 'error: --reporter "junit": junit needs a file', "Valid forms"],
  [["test-connector", "--timeout", "0"], '--timeout "0" must be a positive number of seconds', "e.g. --timeout 60"],
  [["test-connector", "--auth", "ntlm"], "argument 'ntlm' is invalid. Allowed choices are header, basic, oauth-bearer", 'run "scim-okta test-connector --help"'],
  [["vendors", "show"], "missing required argument 'id'", 'run "scim-okta vendors show --help"'],
  [["sandbox", "--port", "abc"], '--port "abc" must be a port from 0 to 65533', "a port from 1 to 65533, or 0 for free ports"],
  [["sandbox", "--rate-limit", "0"], '--rate-limit "0" must be a whole number of requests per minute', "a whole number of requests per minute, e.g. --rate-limit 100"],
  [["setup", "--probe", "fast"], "argument 'fast' is invalid. Allowed choices are read-only, full, none", 'run "scim-okta setup --help"'],
  [["demo", "--vendor", " "], '--vendor " " is empty', "e.g. --vendor strongdm"],
];

describe("argv → options, for every command", () => {
  test.each(PARSED)("%s", async (_name, argv, path, options) => {
    const parsed = await parse(argv);
    expect(parsed.stderr).toBe("");
    expect(parsed.code).toBe(0);
    expect(parsed.path).toBe(path);
    expect(parsed.options).toEqual(options);
  });

  test("every registered command has a row", async () => {
    const leaves = async (entries: readonly CommandEntry[], prefix: string[]): Promise<string[]> => {
      const paths: string[] = [];
      for (const entry of entries) {
        const loaded = await entry.load();
        if ("subcommands" in loaded) paths.push(...(await leaves(loaded.subcommands, [...prefix, entry.name])));
        else paths.push([...prefix, entry.name].join(" "));
      }
      return paths;
    };
    const covered = new Set(PARSED.map(([, , path]) => path));
    expect((await leaves(COMMANDS, [])).filter((path) => !covered.has(path))).toEqual([]);
  });
});

describe("argv → usage error (exit 2), named flag and hint, before the command runs", () => {
  test.each(REFUSED)("%j", async (argv, message, hint) => {
    const parsed = await parse(argv);
    expect(parsed.code).toBe(2);
    expect(parsed.path).toBeUndefined();
    expect(parsed.stderr).toContain(message);
    expect(parsed.stderr).toContain(`hint: ${hint}`);
    expect(parsed.stderr.trim().split("\n")).toHaveLength(2);
  });
});
