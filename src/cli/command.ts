import { Command, InvalidArgumentError, Option } from "commander";
import { z } from "zod";
import { BugError, UsageError } from "../core/errors.js";
import type { ExitCode } from "../core/exit-codes.js";
import type { Context } from "../core/io.js";
import type { CommandEntry } from "./registry.js";

/*
 * How a command defines itself (DESIGN §7, the GitHub CLI's Options struct + run function):
 *
 *   export default defineCommand({
 *     options: z.object({
 *       concurrency: flag(z.coerce.number().int().min(1).max(64).default(4), { flags: "--concurrency <n>", help: "…" }),
 *     }),
 *     run: async (options, ctx) => …,   // options parsed and typed: options.concurrency is a number
 *   });
 *
 * The zod schema is the one source of a flag's type, default, coercion and limits; `flag()` only
 * says how it is spelled on the command line and what its help says. Commander only splits argv.
 * Every refused value becomes a UsageError (exit 2) in parseOptions, and nowhere else. A check
 * that knows better what to show pushes `{ code: "custom", message, params: { shown, hint } }`:
 * `shown` replaces the quoted value ("rfcs" of --suite okta-spec,rfcs), `hint` the flag's hint,
 * and `whole: true` says the message already names the flag.
 */

/** How a flag is spelled and explained; its type, default and limits are its zod schema's. */
export interface FlagSpec {
  /** Commander syntax: "--concurrency <n>", "--read-only", "--only <ids>". */
  flags: string;
  help: string;
  /** What to do instead, when the value is refused (the usage error's hint). */
  hint?: string;
  /** May be given several times: the values collect in an array. */
  repeatable?: boolean;
  /** With repeatable: each value is a comma-separated list too (`--only a,b --only c`). */
  commaSeparated?: boolean;
  /**
   * The help of a `--no-<flag>` spelling, as commander negates (`--probe <mode>` + `--no-probe`):
   * given, the option is `false`, which the zod schema must accept and turn into its value;
   * absent, zod's default applies as for any flag.
   */
  negate?: string;
  /** Said after the default in the help: `(default: 60, Okta's own limit)`. */
  defaultNote?: string;
}

/** A positional argument; its value lands in the option of the same name. Always required. */
export interface ArgumentSpec {
  name: string;
  help: string;
}

export interface CommandDefinition<Schema extends z.ZodObject = z.ZodObject> {
  /** More than the one-line summary the registry shows: printed by `<command> --help`. */
  help?: string;
  arguments?: readonly ArgumentSpec[];
  options: Schema;
  /** Lines shown under "Examples:" in `<command> --help`. */
  examples?: readonly string[];
  run(options: z.output<Schema>, ctx: Context): Promise<ExitCode>;
}

const FLAGS = z.registry<FlagSpec>();

/** Declare a zod schema as a command-line flag. */
export function flag<T extends z.ZodType>(schema: T, spec: FlagSpec): T {
  FLAGS.add(schema, spec);
  return schema;
}

export function defineCommand<Schema extends z.ZodObject>(definition: CommandDefinition<Schema>): CommandDefinition<Schema> {
  return definition;
}

/** The commander command for a loaded definition; `execute` receives the parsed options. */
export function buildCommand(
  commandPath: string,
  entry: CommandEntry,
  definition: CommandDefinition,
  execute: (options: unknown) => Promise<void>,
  parent: Command,
): Command {
  const command = new Command(entry.name).copyInheritedSettings(parent).description(entry.summary);
  for (const alias of entry.aliases ?? []) command.alias(alias);
  for (const argument of definition.arguments ?? []) command.argument(`<${argument.name}>`, argument.help);
  for (const [key, schema] of Object.entries(definition.options.shape)) {
    const spec = FLAGS.get(schema as z.ZodType);
    if (!spec) {
      if (!definition.arguments?.some((argument) => argument.name === key)) throw new BugError(`option ${key} of ${commandPath} is neither a flag nor an argument`);
      continue;
    }
    command.addOption(commanderOption(key, schema as z.ZodType, spec, commandPath));
    if (spec.negate !== undefined) command.addOption(negation(key, schema as z.ZodType, spec, commandPath));
  }
  const details = [definition.help, definition.examples?.length ? `Examples:\n${definition.examples.map((line) => `  ${line}`).join("\n")}` : undefined].filter(Boolean);
  if (details.length > 0) command.addHelpText("after", `\n${details.join("\n\n")}`);
  command.action(async (...values: unknown[]) => {
    const raw: Record<string, unknown> = { ...command.opts() };
    (definition.arguments ?? []).forEach((argument, index) => {
      raw[argument.name] = values[index];
    });
    await execute(parseOptions(commandPath, definition, raw));
  });
  return command;
}

function commanderOption(key: string, schema: z.ZodType, spec: FlagSpec, commandPath: string): Option {
  const fallback = defaultOf(schema);
  // A switch's default is its absence (or, for --no-x, its presence) and an empty list says nothing: only values are shown.
  const help = fallback === undefined || typeof fallback === "boolean" || (Array.isArray(fallback) && fallback.length === 0) ? spec.help : `${spec.help} (default: ${[String(fallback), spec.defaultNote].filter(Boolean).join(", ")})`;
  const option = new Option(spec.flags, help);
  if (option.attributeName() !== key) throw new BugError(`${commandPath}: flag ${spec.flags} is declared as option ${key}`);
  const choices = choicesOf(schema);
  // The values go in the help once: as "(choices: …)" unless the help text already names them all.
  if (choices && choices.every((choice) => new RegExp(`(?<![\\w-])${choice.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w-])`).test(spec.help))) option.argParser(oneOf(choices));
  else if (choices) option.choices(choices);
  if (spec.repeatable) {
    option.argParser((value: string, previous: string[] | undefined) => [
      ...(previous ?? []),
      ...(spec.commaSeparated ? value.split(",").map((part) => part.trim()).filter(Boolean) : [value]),
    ]);
  }
  return option;
}

/** commander's choices() check and message, without its "(choices: …)" in the help. */
function oneOf(choices: readonly string[]): (value: string) => string {
  return (value) => {
    if (!choices.includes(value)) throw new InvalidArgumentError(`Allowed choices are ${choices.join(", ")}.`);
    return value;
  };
}

/** `--no-<flag>`: added after the flag itself, so commander sets no default (zod keeps it) and `false` when given. */
function negation(key: string, schema: z.ZodType, spec: FlagSpec, commandPath: string): Option {
  const option = new Option(`--no-${longFlag(spec.flags).slice(2)}`, spec.negate);
  if (option.attributeName() !== key || !schema.safeParse(false).success) throw new BugError(`${commandPath}: ${option.long} needs option ${key} to accept false`);
  return option;
}

/** The options a command runs with, or the usage error (exit 2) that names the refused flag. */
function parseOptions(commandPath: string, definition: CommandDefinition, raw: Record<string, unknown>): unknown {
  const parsed = definition.options.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = String(issue?.path[0] ?? "");
  const schema = definition.options.shape[key] as z.ZodType | undefined;
  const spec = schema ? FLAGS.get(schema) : undefined;
  const name = spec ? longFlag(spec.flags) : `<${key}>`;
  const params = (issue && "params" in issue ? issue.params : undefined) as { shown?: string; hint?: string; whole?: boolean } | undefined;
  const value = raw[key];
  const element = Array.isArray(value) && typeof issue?.path[1] === "number" ? value[issue.path[1]] : value;
  const shown = params?.shown ?? (typeof element === "string" ? JSON.stringify(element) : undefined);
  const message = params?.whole && issue ? issue.message : [name, shown, issue?.message ?? "is invalid"].filter((part) => part !== undefined && part !== "").join(" ");
  throw new UsageError(message, params?.hint ?? spec?.hint ?? `run "scim-okta ${commandPath} --help" for usage`);
}

function longFlag(flags: string): string {
  return /--[a-z][a-z0-9-]*/.exec(flags)?.[0] ?? flags;
}

/** What zod fills in when the flag is not given, as the user would type it. */
function defaultOf(schema: z.ZodType): unknown {
  const def = schema._zod.def as { type: string; defaultValue?: unknown; innerType?: z.ZodType; in?: z.ZodType };
  if (def.type === "default") return def.defaultValue;
  if (def.type === "pipe" && def.in) return defaultOf(def.in);
  if ((def.type === "optional" || def.type === "nullable") && def.innerType) return defaultOf(def.innerType);
  return undefined;
}

/** An enum flag's values, for commander's help and its "Allowed choices are …" error. */
function choicesOf(schema: z.ZodType): string[] | undefined {
  const def = schema._zod.def as { type: string; innerType?: z.ZodType; in?: z.ZodType; entries?: Record<string, string>; options?: z.ZodType[] };
  if (def.type === "enum" && def.entries) return Object.values(def.entries);
  // A negatable enum (`z.union([z.enum([…]), z.literal(false).transform(…)])`): the enum's values.
  if (def.type === "union" && def.options) {
    const choices = def.options.flatMap((option) => choicesOf(option) ?? []);
    return choices.length > 0 ? choices : undefined;
  }
  const inner = def.innerType ?? (def.type === "pipe" ? def.in : undefined);
  return inner ? choicesOf(inner) : undefined;
}
