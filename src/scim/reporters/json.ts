import type { Context } from "../../core/io.js";
import { BugError } from "../../core/errors.js";
import { runReportSchema, type RunReport } from "../report.js";
import { RedactingWriter, streamOf, writeReportFile, type Destination } from "./output.js";
import type { Reporter } from "./types.js";

/** The RunReport as JSON (DESIGN §2 "Reports"): one line on a stream, pretty-printed in a file. */
export class JsonReporter implements Reporter {
  constructor(
    private readonly ctx: Context,
    private readonly destination: Destination,
  ) {}

  async finish(report: RunReport): Promise<void> {
    const document = reportDocument(report, this.ctx);
    if (this.destination.kind === "file") {
      await writeReportFile(this.ctx, this.destination.path, `${JSON.stringify(document, null, 2)}\n`, "json");
    } else {
      new RedactingWriter(this.ctx, streamOf(this.ctx, this.destination.stream)).write(`${JSON.stringify(document)}\n`);
    }
  }
}

/** Redacted (keys and values) and validated against the published schema. */
function reportDocument(report: RunReport, ctx: Context): RunReport {
  const parsed = runReportSchema.safeParse(ctx.redactor.redactValue(report));
  if (!parsed.success) {
    throw new BugError(`The run report does not match its schema: ${parsed.error.message}`);
  }
  return parsed.data;
}
