import { z } from "zod";
import { parseReporterSpecs } from "../scim/reporters/index.js";
import { authModeSchema } from "../templates/schema.js";
import { isUserFacing } from "../core/errors.js";
import { parseByteSize } from "../http/size.js";
import { flag } from "./command.js";

/**
 * The SCIM target flags of every command that talks to a SCIM server (test-connector, probe; setup
 * and demo next), DESIGN §2 "SCIM target". Secrets never come from argv: only env vars, a file,
 * or stdin ("-"). The parsed shape is what resolveTarget (src/scim/target.ts) takes.
 */
export const targetFlags = {
  baseUrl: flag(z.string().optional(), { flags: "--base-url <url>", help: "SCIM base URL, e.g. https://example.com/scim/v2 (env SCIM_BASE_URL)" }),
  auth: flag(authModeSchema.optional(), { flags: "--auth <mode>", help: "how Okta authenticates (default from --vendor, else header)" }),
  headerFormat: flag(z.string().optional(), {
    flags: "--header-format <format>",
    help: 'Authorization header built from the token (default from --vendor, else "Bearer {token}")',
  }),
  tokenFile: flag(z.string().optional(), { flags: "--token-file <path>", help: "read the SCIM token from a file, or - for stdin (env SCIM_TOKEN)" }),
  username: flag(z.string().optional(), { flags: "--username <name>", help: "basic auth username (env SCIM_USERNAME)" }),
  passwordFile: flag(z.string().optional(), { flags: "--password-file <path>", help: "read the basic auth password from a file, or - for stdin (env SCIM_PASSWORD)" }),
  vendor: flag(z.string().optional(), { flags: "--vendor <id>", help: "a vendor template (scim-okta vendors list); its base URL, auth, header format and dialect are the defaults" }),
  template: flag(z.string().optional(), { flags: "--template <file>", help: "take defaults from a custom template file" }),
  param: flag(z.array(z.string()).default([]), { flags: "--param <name=value>", help: "fill a template parameter (repeatable)", repeatable: true }),
  timeout: flag(
    z.coerce
      .number({ error: "must be a positive number of seconds" })
      .positive({ error: "must be a positive number of seconds" })
      .default(60),
    { flags: "--timeout <seconds>", help: "per-request timeout in seconds", defaultNote: "Okta's own limit", hint: "e.g. --timeout 60 (Okta's own limit)" },
  ),
  insecure: flag(z.boolean().default(false), {
    flags: "--insecure",
    help: 'accept self-signed certificates (the "Okta would accept this certificate" check still fails)',
  }),
  trace: flag(z.string().optional(), { flags: "--trace <file>", help: "write every HTTP exchange as JSON lines, secrets redacted" }),
  maxBody: flag(
    z
      .string()
      .default("5MB")
      .transform((text, check) => {
        const bytes = parseByteSize(text);
        if (bytes === undefined) check.addIssue({ code: "custom", message: "must be a size like 5MB, 512KB or 1048576 (bytes)" });
        return bytes ?? 0;
      }),
    {
      flags: "--max-body <size>",
      help: 'largest response body read, after decompression; a larger one fails its request as "response too large"',
      hint: "e.g. --max-body 20MB",
    },
  ),
};

/** `--reporter`, repeatable; each value is checked here, before any request is sent. */
export const reporterFlag = flag(
  z
    .array(z.string())
    .default([])
    .superRefine((specs, check) => {
      try {
        parseReporterSpecs(specs);
      } catch (error) {
        if (!isUserFacing(error)) throw error;
        check.addIssue({ code: "custom", message: error.message, params: { whole: true, hint: error.hint } });
      }
    }),
  { flags: "--reporter <spec>", help: "pretty | json[=file] | junit=file | github | html=file | markdown[=file] (repeatable)", repeatable: true },
);
