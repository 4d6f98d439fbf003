import { Command } from "commander";
import type { CommandDefinition } from "./command.js";

/*
 * Commands are registered by name and loaded on use: `scim-okta --help` lists every command from
 * these entries alone, and only the command that runs (or whose --help is asked for) is imported,
 * with its zod schema and whatever it needs. Nothing here may import zod or a command module.
 */

/** A command as main.ts registers it: enough to list it, and how to load it. */
export interface CommandEntry {
  name: string;
  aliases?: readonly string[];
  /** One line, shown by `scim-okta --help`. */
  summary: string;
  /** Its operands as help lists them (`<id>`): the same as its definition's `arguments`. */
  operands?: string;
  /** Registered but not listed by --help (a command that does not work yet). */
  hidden?: boolean;
  load(): Promise<CommandDefinition | CommandGroup>;
}

/** A noun with verbs (`vendors list|show|validate`): its subcommands, each loaded on use. */
export interface CommandGroup {
  subcommands: readonly CommandEntry[];
}

/** What runs a command once its options are parsed: the definition's own run, or a test's stand-in. */
export type Execute = (path: readonly string[], definition: CommandDefinition, options: unknown) => Promise<void>;

/**
 * Add the entries to `parent`: the one argv names is loaded and built in full, the others are
 * stubs that commander can list and suggest ("did you mean probe?").
 */
export async function attachCommands(parent: Command, entries: readonly CommandEntry[], operands: readonly string[], path: readonly string[], execute: Execute): Promise<void> {
  const [wanted, ...rest] = operands;
  for (const entry of entries) {
    const invoked = wanted !== undefined && (entry.name === wanted || (entry.aliases ?? []).includes(wanted));
    if (!invoked) {
      const stub = new Command(entry.name).copyInheritedSettings(parent).description(entry.summary);
      for (const alias of entry.aliases ?? []) stub.alias(alias);
      if (entry.operands) stub.arguments(entry.operands);
      parent.addCommand(stub, entry.hidden ? { hidden: true } : {});
      continue;
    }
    const loaded = await entry.load();
    const here = [...path, entry.name];
    if ("subcommands" in loaded) {
      const group = new Command(entry.name).copyInheritedSettings(parent).description(entry.summary);
      for (const alias of entry.aliases ?? []) group.alias(alias);
      parent.addCommand(group, entry.hidden ? { hidden: true } : {});
      await attachCommands(group, loaded.subcommands, rest, here, execute);
      continue;
    }
    const { buildCommand } = await import("./command.js");
    const command = buildCommand(here.join(" "), entry, loaded, (options) => execute(here, loaded, options), parent);
    parent.addCommand(command, entry.hidden ? { hidden: true } : {});
  }
}

/**
 * The command words of argv: what is not an option. Global options take no value, and a
 * command's own options come after its name, so the leading words name the command ("help probe"
 * asks for probe's help).
 */
export function commandWords(argv: readonly string[]): string[] {
  const end = argv.indexOf("--");
  const words = (end === -1 ? argv : argv.slice(0, end)).filter((arg) => !arg.startsWith("-"));
  return words[0] === "help" ? words.slice(1) : words;
}
