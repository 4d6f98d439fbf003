import { Command, CommanderError } from "commander";
import { createContext, ForcedExitNotes, type Context, type ContextInit, type GlobalOptions } from "./context.js";
import { reportError, writeErrorLines } from "./report-error.js";
import { attachCommands, commandWords, type CommandEntry, type Execute } from "./registry.js";
import { ExitCode } from "../core/exit-codes.js";
import { InterruptedError } from "../core/errors.js";
import { VERSION } from "../core/version.js";

/**
 * Every command of the CLI, in the order --help lists them. A command is one file (or a folder
 * for a noun with verbs) under src/commands whose default export is its definition; it is loaded
 * only when it runs. To add one: a line here, and the file (see src/cli/command.ts).
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "vendors",
    summary: "list, show and validate vendor templates",
    load: async () => (await import("../commands/vendors/index.js")).default,
  },
  {
    name: "test-connector",
    summary: "do what Okta's \"Test Connector Configuration\" does, and diagnose why it fails",
    load: async () => (await import("../commands/test-connector.js")).default,
  },
  {
    name: "probe",
    aliases: ["conformance"],
    summary: "run SCIM conformance suites (okta-spec, okta-runtime, rfc) against a SCIM server",
    load: async () => (await import("../commands/probe.js")).default,
  },
  {
    name: "setup",
    summary: "apply a vendor template to an Okta app: plan, confirm, apply, then check the SCIM side",
    load: async () => (await import("../commands/setup.js")).default,
  },
  {
    name: "verify",
    summary: "read-only drift check of an Okta app against a vendor template (for CI)",
    load: async () => (await import("../commands/verify.js")).default,
  },
  {
    name: "sandbox",
    summary: "start the local Okta org emulator and reference SCIM server on 127.0.0.1 and print how to reach them",
    load: async () => (await import("../commands/sandbox.js")).default,
  },
  {
    name: "demo",
    summary: "the whole job on the embedded sandbox, offline, in seconds: setup, Okta provisioning, test-connector and probes",
    load: async () => (await import("../commands/demo.js")).default,
  },
];

export interface MainOverrides extends Partial<Omit<ContextInit, "global">> {
  /** Tests pass their own abort signal instead of SIGINT handling. */
  handleSignals?: boolean;
  /**
   * Run this instead of the command (the GitHub CLI's runF): tests see the parsed options of any
   * argv without a server. Returns the exit code.
   */
  runCommand?: (path: readonly string[], options: unknown, ctx: Context) => Promise<number>;
}

/** Build the commander program for argv: the command argv names is loaded, the others are listed. */
async function buildProgram(argv: readonly string[], execute: Execute, output: { writeOut(text: string): void; writeErr(text: string): void }): Promise<Command> {
  // Set before any subcommand is added: subcommands copy these settings.
  const program = new Command("scim-okta")
    .exitOverride()
    .configureOutput({ ...output, outputError: () => {} })
    .description("Make Okta SCIM integrations right the first time, and keep them right.")
    .version(VERSION, "-V, --version", "print the version")
    .option("--json", "print exactly one JSON document on stdout")
    .option("--no-color", "disable colours (NO_COLOR and FORCE_COLOR are honoured too)")
    .option("--debug", "show stack traces for errors")
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true });
  await attachCommands(program, COMMANDS, commandWords(argv), [], execute);
  return program;
}

/** Run the CLI; returns the exit code. Never throws and never calls process.exit (but on a second Ctrl-C). */
export async function main(argv: string[], overrides: MainOverrides = {}): Promise<number> {
  const global = peekGlobalOptions(argv);
  const abort = new AbortController();
  const notes = overrides.forcedExitNotes ?? new ForcedExitNotes();
  const ctx = createContext({ ...overrides, global, signal: overrides.signal ?? abort.signal, forcedExitNotes: notes });
  const stopSignals = overrides.handleSignals === false ? () => {} : handleInterrupts(abort, ctx, notes);
  let exitCode: number = ExitCode.ok;
  let program: Command | undefined;

  try {
    program = await buildProgram(
      argv,
      async (path, definition, options) => {
        exitCode = overrides.runCommand ? await overrides.runCommand(path, options, ctx) : await definition.run(options as never, ctx);
      },
      // Commander writes to stderr only the help it shows for a missing command: with --json, the JSON error says it instead.
      { writeOut: (text) => ctx.stdout.write(text), writeErr: (text) => (global.json ? undefined : ctx.stderr.write(text)) },
    );
    await program.parseAsync(argv, { from: "user" });
    // A command told to stop by SIGTERM that stopped cleanly (`sandbox`) exits 0; every other interruption 130.
    const stoppedAsAsked = (ctx.signal.reason as { signal?: string } | undefined)?.signal === "SIGTERM" && exitCode === ExitCode.ok;
    if (ctx.signal.aborted && !stoppedAsAsked) exitCode = ExitCode.interrupted;
  } catch (error) {
    if (error instanceof CommanderError) {
      exitCode = commanderExit(error, ctx, program ? invokedCommands(program, argv) : []);
    } else {
      exitCode = reportError(ctx.signal.aborted ? new InterruptedError() : error, ctx);
    }
  } finally {
    stopSignals();
  }
  return exitCode;
}

/** Global flags are needed before commander has parsed (to report a parse error as JSON). */
function peekGlobalOptions(argv: string[]): GlobalOptions {
  const beforeSeparator = argv.includes("--") ? argv.slice(0, argv.indexOf("--")) : argv;
  return {
    json: beforeSeparator.includes("--json"),
    color: !beforeSeparator.includes("--no-color"),
    debug: beforeSeparator.includes("--debug"),
  };
}

/** The program and the commands argv names, outermost first: [scim-okta, vendors, show] for `vendors show x --bogus`. */
function invokedCommands(program: Command, argv: readonly string[]): Command[] {
  const path: Command[] = [program];
  let current = program;
  for (const word of commandWords(argv)) {
    const next = current.commands.find((command) => command.name() === word || command.aliases().includes(word));
    if (!next) break;
    path.push(next);
    current = next;
  }
  return path;
}

function commanderExit(error: CommanderError, ctx: Context, invoked: readonly Command[]): number {
  const path = invoked
    .slice(1)
    .map((command) => command.name())
    .join(" ");
  const usage = `run "scim-okta ${path ? `${path} ` : ""}--help" for usage`;
  if (error.code === "commander.help" && error.exitCode !== 0) {
    // No command (`scim-okta`, `scim-okta vendors`): commander showed the help on stderr; that is bad input (exit 2).
    if (!ctx.global.json) return ExitCode.badInput;
    const parent = invoked.at(-1);
    const choices = parent ? parent.createHelp().visibleCommands(parent).map((command) => command.name()).filter((name) => name !== "help") : [];
    return reportUsage(`missing command${path ? ` after "${path}"` : ""}: choose one of ${choices.join(", ")}`, usage, ctx);
  }
  if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help") {
    return ExitCode.ok;
  }
  if (error.exitCode === 0) return ExitCode.ok;
  // `--okta-token=…`: the value of an option nobody knows may be a secret, so it is not repeated.
  const [firstLine, ...rest] = error.message
    .replace(/^error:\s*/, "")
    .replace(/'(--?[^'=\s]+)=[^']*'/g, "'$1=…'")
    .split("\n");
  const secret = error.code === "commander.unknownOption" ? secretFlagHint(/'([^']+)'/.exec(firstLine ?? "")?.[1]) : undefined;
  if (secret) return reportUsage(firstLine ?? error.message, secret, ctx);
  const suggestion = /Did you mean ([^?]+)\?/.exec(rest.join(" "))?.[1];
  return reportUsage(firstLine ?? error.message, suggestion ? `did you mean ${suggestion}? ${usage}` : usage, ctx);
}

/** Where a secret goes instead of a flag someone guessed (`--token abc` would stay in the shell's history). */
const SECRET_FLAGS: Record<string, string> = {
  token: "set SCIM_TOKEN or pass --token-file <path>",
  "scim-token": "set SCIM_TOKEN or pass --token-file <path>",
  password: "set SCIM_PASSWORD or pass --password-file <path>",
  "scim-password": "set SCIM_PASSWORD or pass --password-file <path>",
  "api-token": "set OKTA_API_TOKEN",
  "okta-token": "set OKTA_API_TOKEN",
  "okta-api-token": "set OKTA_API_TOKEN",
  "private-key": "set OKTA_PRIVATE_KEY or pass --private-key-file <path>",
  "client-secret": "use OKTA_CLIENT_ID with a private key (OKTA_PRIVATE_KEY or --private-key-file)",
};

function secretFlagHint(flag: string | undefined): string | undefined {
  const where = flag ? SECRET_FLAGS[flag.replace(/^--?/, "").split("=")[0]?.toLowerCase() ?? ""] : undefined;
  return where ? `secrets are never taken from the command line (it stays in the shell's history): ${where}` : undefined;
}

function reportUsage(message: string, hint: string, ctx: Context): number {
  if (ctx.global.json) {
    ctx.stdout.write(`${JSON.stringify({ schemaVersion: 1, error: { code: "usage", message, hint } })}\n`);
  } else {
    writeErrorLines(ctx, message, hint);
  }
  return ExitCode.badInput;
}

/** Signals this close to the first are the same one delivered twice, not a second Ctrl-C. */
const SAME_SIGNAL_MS = 1000;

/**
 * Ctrl-C (SIGINT), SIGHUP (the terminal closed) and SIGTERM abort the run, which cleans up and
 * exits 130. A second one exits at once, after saying what the run leaves behind.
 */
function handleInterrupts(abort: AbortController, ctx: Context, notes: ForcedExitNotes): () => void {
  let first: { signal: NodeJS.Signals; at: number } | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    // The same Ctrl-C, heard twice: from the terminal and passed on by the launcher (bin/scim-okta.js).
    if (first && first.signal === signal && Date.now() - first.at < SAME_SIGNAL_MS) return;
    if (abort.signal.aborted) {
      ctx.stderr.write(notes.text());
      process.exit(ExitCode.interrupted);
    }
    first = { signal, at: Date.now() };
    abort.abort(Object.assign(new InterruptedError(), { signal }));
  };
  const signals = ["SIGINT", "SIGHUP", "SIGTERM"] as const;
  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}
