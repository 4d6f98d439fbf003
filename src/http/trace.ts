import { randomBytes } from "node:crypto";
import { mkdir, open, rename, stat, unlink, type FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Redactor } from "../core/redact.js";
import { UsageError } from "../core/errors.js";

/** One HTTP exchange as recorded for traces and reports. Secrets are redacted when it is made. */
export interface RecordedExchange {
  startedAt: string;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody?: string;
  status?: number;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
  durationMs: number;
  error?: { kind: string; code: string; message: string };
}

/**
 * A file written whole is renamed over its target: /dev/null, or /dev/stdout (a symlink to a
 * device), would be replaced by a regular file for every process on the machine. Refused.
 */
export async function refuseSpecialFile(path: string, flag: string): Promise<void> {
  const found = await stat(path).catch(() => undefined);
  if (found && !found.isFile() && !found.isDirectory()) {
    throw new UsageError(`${flag} ${path} is not a regular file (a device, pipe or socket), and it would be replaced whole`, "give a file name");
  }
}

/**
 * `--trace <file>`: every exchange as a JSON line. Lines are written in order of completion and
 * pass through the redactor a second time, so nothing that slipped into a body escapes. They go
 * to a new temporary file beside the target, renamed into place on close: a symlink at the target
 * is replaced, never followed, and the file appears whole.
 */
export class TraceWriter {
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private readonly temporary: string,
    private readonly handle: FileHandle,
    private readonly redactor: Redactor,
  ) {}

  static async open(path: string, redactor: Redactor): Promise<TraceWriter> {
    const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
    await refuseSpecialFile(path, "--trace");
    try {
      await mkdir(dirname(path), { recursive: true });
      return new TraceWriter(path, temporary, await open(temporary, "wx", 0o644), redactor);
    } catch (error) {
      throw new UsageError(`cannot write --trace file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, "choose a writable path");
    }
  }

  record(exchange: RecordedExchange): void {
    const line = `${this.redactor.redact(JSON.stringify(exchange))}\n`;
    this.queue = this.queue.then(async () => {
      await this.handle.write(line);
    });
  }

  /** Flush, then move the file into place. */
  async close(): Promise<void> {
    try {
      await this.queue;
      await this.handle.close();
      await rename(this.temporary, this.path);
    } catch (error) {
      await this.handle.close().catch(() => {});
      await unlink(this.temporary).catch(() => {});
      throw new UsageError(`cannot write --trace file ${this.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, "choose a writable path");
    }
  }
}
