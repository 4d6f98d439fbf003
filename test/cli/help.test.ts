import { describe, expect, test } from "vitest";
import { COMMANDS } from "../../src/cli/main.js";
import type { CommandEntry } from "../../src/cli/registry.js";
import { runCli } from "../support/cli.js";

/*
 * Every `--help` says a default once and a list of values once (issue 15 item 7): no
 * "(default: false)" or "(default: [])", no default named in the text and again by the flag
 * helper ("Okta's own limit is 60 (default: 60)"), no "(choices: …)" repeating values the help
 * already lists. Walks every registered command, so a new flag is checked too.
 */

async function helpPaths(entries: readonly CommandEntry[], prefix: string[]): Promise<string[][]> {
  const paths: string[][] = [];
  for (const entry of entries) {
    const path = [...prefix, entry.name];
    paths.push(path);
    const loaded = await entry.load();
    if ("subcommands" in loaded) paths.push(...(await helpPaths(loaded.subcommands, path)));
  }
  return paths;
}

/** The "Options:" entries of a help text, each with its wrapped lines joined: [flags, description]. */
function optionEntries(help: string): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  let inOptions = false;
  for (const line of help.split("\n")) {
    if (/^(Global )?Options:$/.test(line)) {
      inOptions = true;
      continue;
    }
    if (!inOptions) continue;
    if (line.trim() === "") {
      inOptions = false;
      continue;
    }
    const start = /^ {2}(-\S.*?)(?: {2,}(.*))?$/.exec(line);
    if (start) entries.push([start[1] ?? "", start[2] ?? ""]);
    else if (entries.length > 0) entries[entries.length - 1]![1] += ` ${line.trim()}`;
  }
  return entries;
}

/** How often `word` stands alone in `text` (not inside another word or a URL path). */
const occurrences = (text: string, word: string) => text.split(new RegExp(`(?<![\\w/-])${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w/-])`)).length - 1;

/** What is noisy about one option's description, if anything. */
function noise(description: string): string | undefined {
  if (/\(default: (false|true|\[\]|)\)/.test(description)) return "a default that says nothing";
  if (occurrences(description, "default") > 1) return "the default said twice";
  // A number, a size or a list given in the text and again as the default. (A mode's name, as in
  // "read-only, full or none (default: read-only)", is one of the values the help lists: fine.)
  const fallback = /\(default: ([^)]*?)(?:, [^)]*)?\)/.exec(description)?.[1];
  if (fallback !== undefined && !/^[a-z-]+$/i.test(fallback) && occurrences(description, fallback) > 1) return `the default ${fallback} named twice`;
  const choices = /\(choices: ([^)]*)\)/.exec(description);
  if (choices) {
    const values = [...(choices[1] ?? "").matchAll(/"([^"]+)"/g)].map((match) => match[1] ?? "");
    const before = description.slice(0, choices.index);
    if (values.every((value) => occurrences(before, value) > 0)) return "the values listed twice";
  }
  return undefined;
}

describe("--help says each default and each list of values once", () => {
  test("the rule catches what it should", () => {
    expect(noise("per-request timeout in seconds (Okta's own limit is 60) (default: 60)")).toBe("the default 60 named twice");
    expect(noise("comma-separated suites: okta-spec,okta-runtime,rfc (default: okta-spec,okta-runtime,rfc)")).toBe("the default okta-spec,okta-runtime,rfc named twice");
    expect(noise('error or works (default: error) (choices: "error", "works")')).toBe("the values listed twice");
    expect(noise("error or works (default: error)")).toBeUndefined();
    expect(noise("the Okta org's port (0: free ports) (default: 0)")).toBe("the default 0 named twice");
    expect(noise("send only GET requests (default: false)")).toBe("a default that says nothing");
    expect(noise("a group to push (default: [])")).toBe("a default that says nothing");
    expect(noise("the port (default 0) (default: 0)")).toBe("the default said twice");
    expect(noise('how Okta authenticates (default from --vendor, else header) (choices: "header", "basic", "oauth-bearer")')).toBeUndefined();
    expect(noise("per-request timeout in seconds (default: 60, Okta's own limit)")).toBeUndefined();
  });

  test("for every command", async () => {
    const paths = [[], ...(await helpPaths(COMMANDS, []))];
    const found: string[] = [];
    let checked = 0;
    for (const path of paths) {
      const { code, stdout } = await runCli([...path, "--help"]);
      expect(code, path.join(" ")).toBe(0);
      const entries = optionEntries(stdout);
      expect(entries.length, `${path.join(" ")} --help lists options`).toBeGreaterThan(0);
      for (const [flags, description] of entries) {
        checked += 1;
        const problem = noise(description);
        if (problem) found.push(`scim-okta ${[...path, ""].join(" ")}${flags}: ${problem}: ${description}`);
      }
    }
    expect(found).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });
});

describe("a group's --help lists each verb with its operands", () => {
  test("the operands a verb's entry shows are the arguments its definition takes", async () => {
    const groups = [];
    for (const entry of COMMANDS) {
      const loaded = await entry.load();
      if ("subcommands" in loaded) groups.push({ entry, subcommands: loaded.subcommands });
    }
    expect(groups.length).toBeGreaterThan(0);
    for (const { entry, subcommands } of groups) {
      const help = (await runCli([entry.name, "--help"])).stdout;
      for (const sub of subcommands) {
        const loaded = await sub.load();
        const operands = "subcommands" in loaded ? "" : (loaded.arguments ?? []).map((argument) => `<${argument.name}>`).join(" ");
        expect(sub.operands ?? "", `${entry.name} ${sub.name}`).toBe(operands);
        expect(help).toMatch(new RegExp(`^ {2}${sub.name}${operands ? ` ${operands}` : ""} {2,}`, "m"));
      }
    }
  });
});
