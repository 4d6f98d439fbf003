import { Command, CommanderError, Option } from "commander";
import { createContext, type Context, type ContextInit, type GlobalOptions } from "./context.js";
import { reportError } from "./report-error.js";
import { ExitCode } from "../core/exit-codes.js";
import { InterruptedError } from "../core/errors.js";
import { VERSION } from "../core/version.js";
import { addTargetOptions, addReporterOption } from "./target-options.js";

/** A command module: parses its own options (zod) and runs with an injected context. */
export interface CommandModule {
  run(rawOptions: Record<string, unknown>, args: string[], ctx: Context): Promise<ExitCode>;
}

type CommandLoader = () => Promise<CommandModule>;

export interface MainOverrides extends Partial<Omit<ContextInit, "global">> {
  /** Tests pass their own abort signal instead of SIGINT handling. */
  handleSignals?: boolean;
}

/**
 * Build the commander program. Command modules are imported only when their command runs, so
 * `--help` and `--version` never load the Okta SDK, undici or inquirer.
 */
export function buildProgram(
  execute: (load: CommandLoader, options: Record<string, unknown>, args: string[]) => Promise<void>,
  output: { writeOut(text: string): void; writeErr(text: string): void },
): Command {
  // Set before any subcommand is added: commander copies these settings into subcommands.
  const program = new Command("scim-okta")
    .exitOverride()
    .configureOutput({ ...output, outputError: () => {} })
    .description("Make Okta SCIM integrations right the first time, and keep them right.")
    .version(VERSION, "-V, --version", "print the version")
    .option("--json", "print exactly one JSON document on stdout", false)
    .option("--no-color", "disable colours (NO_COLOR and FORCE_COLOR are honoured too)")
    .option("--debug", "show stack traces for errors", false)
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true });

  const vendors = program.command("vendors").description("list, show and validate vendor templates");
  vendors
    .command("list")
    .description("table of vendor templates (id, name, Okta app kind, auth)")
    .action((options, command: Command) => execute(loadVendors, { ...options, subcommand: "list" }, command.args));
  vendors
    .command("show")
    .argument("<id>", "template id, e.g. kloudhybrid")
    .description("the template in words: prerequisites, Okta settings, mappings, manual clicks, vendor-side steps")
    .action((_id, options, command: Command) => execute(loadVendors, { ...options, subcommand: "show" }, command.args));
  vendors
    .command("validate")
    .argument("<file>", "a template YAML file")
    .description("validate a custom template file; lists every error with its field path")
    .action((_file, options, command: Command) => execute(loadVendors, { ...options, subcommand: "validate" }, command.args));

  const testConnector = program
    .command("test-connector")
    .description("do what Okta's \"Test Connector Configuration\" does, and diagnose why it fails");
  addTargetOptions(testConnector);
  addReporterOption(testConnector);
  testConnector.option("--list", "print the check and diagnosis ids and exit", false);
  testConnector.action((options, command: Command) => execute(loadTestConnector, options, command.args));

  const probe = program
    .command("probe")
    .alias("conformance")
    .description("run SCIM conformance suites (okta-spec, okta-runtime, rfc) against a SCIM server");
  addTargetOptions(probe);
  addReporterOption(probe);
  probe
    .option("--suite <list>", "comma-separated suites: okta-spec,okta-runtime,rfc", "okta-spec,okta-runtime,rfc")
    .addOption(new Option("--dialect <dialect>", "Okta's request dialect (default from --vendor, else oin)").choices(["oin", "aiw"]))
    .option("--read-only", "send only GET requests", false)
    .option("--seed-user <id>", "an existing SCIM user id for okta-spec step 1, instead of creating a fixture user")
    .option("--only <ids>", "run only these probe ids or globs (comma-separated, repeatable)", collect, [])
    .option("--skip <ids>", "skip these probe ids or globs (comma-separated, repeatable)", collect, [])
    .option("--baseline <file>", "JSON report or list of probe ids whose failures are known and do not fail the run")
    .option("--concurrency <n>", "independent probes run at once", "4")
    .option("--email-domain <domain>", "email domain for test users", "example.com")
    .option("--list", "print the probe ids and exit", false)
    .action((options, command: Command) => execute(loadProbe, options, command.args));

  return program;
}

const loadVendors: CommandLoader = () => import("../commands/vendors.js");
const loadTestConnector: CommandLoader = () => import("../commands/test-connector.js");
const loadProbe: CommandLoader = () => import("../commands/probe.js");

function collect(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(",").map((part) => part.trim()).filter(Boolean)];
}

/** Run the CLI; returns the exit code. Never throws and never calls process.exit. */
export async function main(argv: string[], overrides: MainOverrides = {}): Promise<number> {
  const global = peekGlobalOptions(argv);
  const abort = new AbortController();
  const ctx = createContext({ ...overrides, global, signal: overrides.signal ?? abort.signal });
  const stopSignals = overrides.handleSignals === false ? () => {} : handleInterrupts(abort);
  let exitCode: number = ExitCode.ok;

  const program = buildProgram(
    async (load, options, args) => {
      const module = await load();
      exitCode = await module.run(options, args, ctx);
    },
    { writeOut: (text) => ctx.stdout.write(text), writeErr: (text) => ctx.stderr.write(text) },
  );

  try {
    await program.parseAsync(argv, { from: "user" });
    if (ctx.signal.aborted) exitCode = ExitCode.interrupted;
  } catch (error) {
    if (error instanceof CommanderError) {
      exitCode = commanderExit(error, ctx, argv);
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

function commanderExit(error: CommanderError, ctx: Context, argv: string[]): number {
  if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help") {
    return ExitCode.ok;
  }
  if (error.exitCode === 0) return ExitCode.ok;
  const [firstLine, ...rest] = error.message.replace(/^error:\s*/, "").split("\n");
  const suggestion = /Did you mean ([^?]+)\?/.exec(rest.join(" "))?.[1];
  const command = error.code === "commander.unknownCommand" ? undefined : argv.find((arg) => !arg.startsWith("-"));
  const usage = `run "scim-okta ${command && command !== "help" ? `${command} ` : ""}--help" for usage`;
  return reportUsage(firstLine ?? error.message, suggestion ? `did you mean ${suggestion}? ${usage}` : usage, ctx);
}

function reportUsage(message: string, hint: string, ctx: Context): number {
  if (ctx.global.json) {
    ctx.stdout.write(`${JSON.stringify({ schemaVersion: 1, error: { code: "usage", message, hint } })}\n`);
  } else {
    ctx.stderr.write(`${ctx.style.red("error:")} ${message}\n${ctx.style.dim(`hint: ${hint}`)}\n`);
  }
  return ExitCode.badInput;
}

/** First Ctrl-C aborts the run (which cleans up, then exits 130); a second one exits at once. */
function handleInterrupts(abort: AbortController): () => void {
  const onSignal = () => {
    if (abort.signal.aborted) {
      process.exit(ExitCode.interrupted);
    }
    abort.abort(new InterruptedError());
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
}
