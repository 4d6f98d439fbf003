import type { Context } from "./context.js";
import type { Context as CoreContext } from "../core/io.js";
import { isUserFacing } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";

/** `error: …` and, when there is one, `hint: …` on stderr: how every error reads. Give redacted text. */
export function writeErrorLines(ctx: Pick<CoreContext, "stderr">, message: string, hint: string | undefined): void {
  ctx.stderr.write(`${ctx.stderr.style.red("error:")} ${message}\n`);
  if (hint) ctx.stderr.write(`${ctx.stderr.style.dim(`hint: ${hint}`)}\n`);
}

/**
 * The one top-level catch: typed errors become their exit code and a one-line message; anything
 * else is our bug. Stack traces only with --debug. Secrets are redacted on the way out.
 */
export function reportError(error: unknown, ctx: Context): number {
  const redact = (text: string) => ctx.redactor.redact(text);
  if (isUserFacing(error)) {
    const message = redact(error.message);
    const hint = error.hint === undefined ? undefined : redact(error.hint);
    if (ctx.global.json) {
      ctx.stdout.write(`${JSON.stringify({ schemaVersion: 1, error: { code: error.code, message, hint: hint ?? null } })}\n`);
    } else {
      writeErrorLines(ctx, message, hint);
    }
    if (ctx.global.debug && error.stack) ctx.stderr.write(`${redact(error.stack)}\n`);
    return error.exitCode;
  }
  const message = redact(error instanceof Error ? error.message : String(error));
  const hint = "this is a bug in scim-okta: please report it with the output of --debug";
  if (ctx.global.json) {
    ctx.stdout.write(`${JSON.stringify({ schemaVersion: 1, error: { code: "internal", message, hint } })}\n`);
  } else {
    ctx.stderr.write(`${ctx.stderr.style.red("internal error:")} ${message}\n${ctx.stderr.style.dim(`hint: ${hint}`)}\n`);
  }
  if (ctx.global.debug && error instanceof Error && error.stack) ctx.stderr.write(`${redact(error.stack)}\n`);
  return ExitCode.findings;
}
