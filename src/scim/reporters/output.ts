import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Context, OutputStream } from "../../core/io.js";
import { UsageError } from "../../core/errors.js";

/** Where a reporter's text goes: a stream (stdout or stderr) or a file written once at the end. */
export type Destination = { kind: "stream"; stream: "stdout" | "stderr" } | { kind: "file"; path: string };

/**
 * Writes text through the context's redactor. Reports are redacted at the source already; this is
 * the second line of defence, so nothing a reporter prints can carry a registered secret.
 */
export class RedactingWriter {
  constructor(
    private readonly ctx: Context,
    private readonly stream: OutputStream,
  ) {}

  write(text: string): void {
    this.stream.write(this.ctx.redactor.redact(text));
  }
}

export function streamOf(ctx: Context, name: "stdout" | "stderr"): OutputStream {
  return name === "stdout" ? ctx.stdout : ctx.stderr;
}

/** Write a whole report file (parent directories created), redacted; name the flag when it fails. */
export async function writeReportFile(ctx: Context, path: string, text: string, reporter: string): Promise<void> {
  const absolute = resolve(ctx.cwd, path);
  try {
    await mkdir(dirname(absolute), { recursive: true });
    await writeFile(absolute, ctx.redactor.redact(text), "utf8");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(
      `Cannot write the ${reporter} report to ${path}: ${reason}`,
      `Pass a writable path to --reporter ${reporter}=<file>.`,
    );
  }
}
