import { appendFile, writeFile } from "node:fs/promises";
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
 * `--trace <file>`: every exchange as a JSON line. Lines are written in order of completion and
 * pass through the redactor a second time, so nothing that slipped into a body escapes.
 */
export class TraceWriter {
  private queue: Promise<void>;

  private constructor(
    private readonly path: string,
    private readonly redactor: Redactor,
    ready: Promise<void>,
  ) {
    this.queue = ready;
  }

  static async open(path: string, redactor: Redactor): Promise<TraceWriter> {
    const ready = writeFile(path, "").catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot write --trace file ${path}: ${error.code ?? error.message}`, "choose a writable path");
    });
    await ready;
    return new TraceWriter(path, redactor, Promise.resolve());
  }

  record(exchange: RecordedExchange): void {
    const line = `${this.redactor.redact(JSON.stringify(exchange))}\n`;
    this.queue = this.queue.then(() => appendFile(this.path, line));
  }

  async close(): Promise<void> {
    await this.queue;
  }
}
