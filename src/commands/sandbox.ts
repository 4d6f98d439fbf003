import { z } from "zod";
import { defineCommand, flag } from "../cli/command.js";
import { UsageError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import type { Context } from "../core/io.js";

/** The ports must leave room for the SCIM server and the Admin Console on the next two. */
const MAX_PORT = 65_533;
const PORT = `must be a port from 0 to ${MAX_PORT}`;
const RATE = "must be a whole number of requests per minute, 1 or more";

const sandboxOptions = z.object({
  port: flag(z.coerce.number({ error: PORT }).int({ error: PORT }).min(0, { error: PORT }).max(MAX_PORT, { error: PORT }).default(0), {
    flags: "--port <n>",
    help: "the Okta org's port; the SCIM server and the Admin Console stand-in take the next two",
    defaultNote: "free ports",
    hint: `a port from 1 to ${MAX_PORT}, or 0 for free ports`,
  }),
  connectionsApi: flag(z.enum(["unknown", "error", "works"]).default("unknown"), {
    flags: "--connections-api <mode>",
    help: "how the org answers POST /apps/{id}/connections/default: unknown (200 UNKNOWN, nothing stored), error, works",
  }),
  featuresApi: flag(z.enum(["error", "works"]).default("error"), {
    flags: "--features-api <mode>",
    help: "how the org answers PUT /apps/{id}/features/* once provisioning is on: error or works",
  }),
  rateLimit: flag(z.coerce.number({ error: RATE }).int({ error: RATE }).min(1, { error: RATE }).optional(), {
    flags: "--rate-limit <n>",
    help: "requests per minute per rate-limit bucket, then 429 E0000047 (default: Okta's own limits)",
    hint: "a whole number of requests per minute, e.g. --rate-limit 100",
  }),
});
type SandboxOptions = z.output<typeof sandboxOptions>;

/** `scim-okta sandbox` (DESIGN §2, §6): the local Okta org and reference SCIM server, until Ctrl-C or SIGTERM. */
export default defineCommand({
  help: [
    "Everything listens on 127.0.0.1 only. The credentials are generated for this run and printed on purpose: they reach nothing but the sandbox.",
    "Stops on Ctrl-C (exit 130) or SIGTERM (exit 0). With --json, prints one line: {schemaVersion, oktaOrgUrl, oktaApiToken, scimBaseUrl, scimToken, scimUsername, scimPassword, adminUrl}.",
  ].join("\n"),
  options: sandboxOptions,
  examples: ["scim-okta sandbox", "scim-okta sandbox --json --port 8080 --connections-api works --features-api works"],
  run: (options, ctx) => runSandbox(options, ctx),
});

async function runSandbox(options: SandboxOptions, ctx: Context): Promise<ExitCode> {
  const { startSandbox } = await import("../sandbox/start.js");
  let sandbox;
  try {
    sandbox = await startSandbox({
      port: options.port,
      connectionsApi: options.connectionsApi,
      featuresApi: options.featuresApi,
      ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
    });
  } catch (error) {
    throw listenError(error, options.port) ?? error;
  }
  try {
    const credentials = sandbox.credentials();
    if (ctx.global.json) ctx.stdout.write(`${JSON.stringify({ schemaVersion: 1, ...credentials })}\n`);
    else ctx.stdout.write(renderRunning(credentials));
    const stoppedBy = await untilStopped(ctx.signal);
    if (!ctx.global.json) ctx.stderr.write("Sandbox stopped.\n");
    return stoppedBy === "SIGTERM" ? ExitCode.ok : ExitCode.interrupted;
  } finally {
    await sandbox.close();
  }
}

/** Resolves with the signal that stopped the run (SIGTERM, or the Ctrl-C family). */
function untilStopped(signal: AbortSignal): Promise<string> {
  const which = () => {
    const reason = signal.reason as { signal?: unknown } | undefined;
    return typeof reason?.signal === "string" ? reason.signal : "SIGINT";
  };
  if (signal.aborted) return Promise.resolve(which());
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(which()), { once: true }));
}

/** A port that cannot be used is the user's to change: exit 2 naming --port. */
function listenError(error: unknown, port: number): UsageError | undefined {
  const { code, port: refused } = error as { code?: string; port?: number };
  const which = refused ?? port;
  if (code === "EADDRINUSE") return new UsageError(`--port ${port}: port ${which} on 127.0.0.1 is in use`, `the sandbox needs ports ${port}–${port + 2}; choose another --port, or 0 for free ports`);
  if (code === "EACCES") return new UsageError(`--port ${port}: not allowed to listen on port ${which}`, "use a port above 1023, or 0 for free ports");
  return undefined;
}

/** Shell-sourceable: the exports, and comments saying what else there is and what to try. */
function renderRunning(credentials: { oktaOrgUrl: string; oktaApiToken: string; scimBaseUrl: string; scimToken: string; scimUsername: string; scimPassword: string; adminUrl: string }): string {
  return [
    "# scim-okta sandbox: an Okta org emulator and a reference SCIM server on 127.0.0.1.",
    "# The credentials below were generated for this sandbox; they reach nothing else.",
    `export OKTA_ORG_URL=${credentials.oktaOrgUrl}`,
    `export OKTA_API_TOKEN=${credentials.oktaApiToken}`,
    `export SCIM_BASE_URL=${credentials.scimBaseUrl}`,
    `export SCIM_TOKEN=${credentials.scimToken}`,
    `export SCIM_USERNAME=${credentials.scimUsername}`,
    `export SCIM_PASSWORD=${credentials.scimPassword}`,
    "#",
    `# Admin Console stand-in (sandbox only, the clicks Okta's API cannot do): ${credentials.adminUrl}/`,
    "#",
    "# Try next, in another terminal, after pasting the export lines:",
    "#   scim-okta test-connector                     # Okta's Test API Credentials against the reference SCIM server",
    "#   scim-okta probe                              # the conformance suites",
    "#   scim-okta setup --vendor strongdm --dry-run  # the plan a vendor template makes for this org",
    "#",
    "# Ctrl-C stops the sandbox.",
    "",
  ].join("\n");
}
