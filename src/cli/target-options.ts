import { Option, type Command } from "commander";

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * The SCIM target flags shared by `probe` and `test-connector` (DESIGN §2 "SCIM target").
 * Secrets never come from argv: only env vars, a file, or stdin ("-").
 */
export function addTargetOptions(command: Command): Command {
  return command
    .option("--base-url <url>", "SCIM base URL, e.g. https://example.com/scim/v2 (env SCIM_BASE_URL)")
    .addOption(new Option("--auth <mode>", "how Okta authenticates (default from --vendor, else header)").choices(["header", "basic", "oauth-bearer"]))
    .option("--header-format <format>", "Authorization header built from the token (default from --vendor, else \"Bearer {token}\")")
    .option("--token-file <path>", "read the SCIM token from a file, or - for stdin (env SCIM_TOKEN)")
    .option("--username <name>", "basic auth username (env SCIM_USERNAME)")
    .option("--password-file <path>", "read the basic auth password from a file, or - for stdin (env SCIM_PASSWORD)")
    .option("--vendor <id>", "take defaults (base URL, auth, header format, dialect) from a vendor template")
    .option("--template <file>", "take defaults from a custom template file")
    .option("--param <name=value>", "fill a template parameter (repeatable)", collect, [])
    .option("--timeout <seconds>", "per-request timeout in seconds (Okta's own limit is 60)", "60")
    .option("--insecure", "accept self-signed certificates (the \"Okta would accept this certificate\" check still fails)", false)
    .option("--trace <file>", "write every HTTP exchange as JSON lines, secrets redacted");
}

export function addReporterOption(command: Command): Command {
  return command.option(
    "--reporter <spec>",
    "pretty | json[=file] | junit=file | github | html=file (repeatable)",
    collect,
    [],
  );
}
