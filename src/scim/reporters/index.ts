import type { Context } from "../../core/io.js";
import { UsageError } from "../../core/errors.js";
import type { RunReport } from "../report.js";
import { GithubReporter } from "./github.js";
import { HtmlReporter } from "./html.js";
import { JsonReporter } from "./json.js";
import { JunitReporter } from "./junit.js";
import { MarkdownReporter } from "./markdown.js";
import type { OutputFile } from "./output.js";
import { PrettyReporter } from "./pretty.js";
import { verdictLine } from "./suites.js";
import type { Reporter } from "./types.js";

export type { Reporter } from "./types.js";

/** One `--reporter` value, parsed. A json reporter without a file writes to stdout. */
export type ReporterSpec =
  | { kind: "pretty" }
  | { kind: "json"; file?: string }
  | { kind: "junit"; file: string }
  | { kind: "github" }
  | { kind: "html"; file: string }
  | { kind: "markdown"; file?: string };

const VALID_FORMS = "pretty, json, json=<file>, junit=<file>, github, html=<file>, markdown, markdown=<file>";

export function parseReporterSpecs(specs: readonly string[]): ReporterSpec[] {
  const parsed = specs.map(parseReporterSpec);
  const files = new Map<string, string>();
  for (const spec of parsed) {
    if (!("file" in spec) || spec.file === undefined) continue;
    const other = files.get(spec.file);
    if (other !== undefined) {
      throw new UsageError(
        `--reporter ${other}=${spec.file} and --reporter ${spec.kind}=${spec.file} would write the same file.`,
        "Give each reporter its own file.",
      );
    }
    files.set(spec.file, spec.kind);
  }
  return parsed;
}

function parseReporterSpec(spec: string): ReporterSpec {
  const equals = spec.indexOf("=");
  const kind = (equals === -1 ? spec : spec.slice(0, equals)).trim();
  const file = equals === -1 ? undefined : spec.slice(equals + 1).trim();
  const invalid = (why: string) =>
    new UsageError(`--reporter ${JSON.stringify(spec)}: ${why}.`, `Valid forms: ${VALID_FORMS} (repeat --reporter for several).`);
  switch (kind) {
    case "pretty":
    case "github":
      if (file !== undefined) throw invalid(`${kind} writes to the terminal and takes no file`);
      return { kind };
    case "json":
    case "markdown":
      if (file === "") throw invalid(`${kind}= needs a file name, or use plain ${kind} for stdout`);
      return file === undefined ? { kind } : { kind, file };
    case "junit":
    case "html":
      if (!file) throw invalid(`${kind} needs a file: ${kind}=<file>`);
      return { kind, file };
    default:
      throw invalid("unknown reporter");
  }
}

export interface CreateReportersOptions {
  command: "probe" | "test-connector" | "verify";
}

/**
 * Reporters for the `--reporter` values, with stdout given to exactly one of them.
 *
 * stdout carries the result, so:
 * - no `--reporter`: pretty on stdout; with `--json`: the JSON report on stdout and no pretty;
 * - with `--json`, stdout is exactly one JSON document: a json reporter writes it (one is added when
 *   only `json=<file>` was asked for), and pretty and github move to stderr;
 * - otherwise stdout goes to the first of json (no file), markdown (no file), github, pretty that
 *   was asked for; the others move to stderr (the Actions runner reads workflow commands there too).
 * - when every reporter writes a file, one line on stderr says the verdict and where the reports went.
 * Progress (pretty's spinner) always goes to stderr, and only on an interactive terminal.
 * The command itself must not write its result to stdout when it uses reporters.
 */
export function createReporters(specs: readonly string[], ctx: Context, options: CreateReportersOptions): Reporter[] {
  const parsed = parseReporterSpecs(specs);
  const requested: ReporterSpec[] = parsed.length > 0 ? parsed : [ctx.global.json ? { kind: "json" } : { kind: "pretty" }];
  const wantsJsonOnStdout = (spec: ReporterSpec) => spec.kind === "json" && spec.file === undefined;
  const stdoutJson = requested.filter(wantsJsonOnStdout);
  if (stdoutJson.length > 1) {
    throw new UsageError("--reporter json was given more than once: only one report can go to stdout.", "use json=<file> for the others");
  }
  if (ctx.global.json && stdoutJson.length === 0) requested.unshift({ kind: "json" });

  const wantsMarkdownOnStdout = (spec: ReporterSpec) => spec.kind === "markdown" && spec.file === undefined;
  const stdoutOwner = ctx.global.json
    ? requested.find(wantsJsonOnStdout)
    : (requested.find(wantsJsonOnStdout) ??
      requested.find(wantsMarkdownOnStdout) ??
      requested.find((spec) => spec.kind === "github") ??
      requested.find((spec) => spec.kind === "pretty"));
  const streamFor = (spec: ReporterSpec) => (spec === stdoutOwner ? "stdout" : "stderr");
  const moved = parsed.filter((spec) => spec !== stdoutOwner && !("file" in spec && spec.file !== undefined));
  if (moved.length > 0 && stdoutOwner) {
    const owner = ctx.global.json ? "--json" : `--reporter ${stdoutOwner.kind}`;
    const names = moved.map((spec) => `--reporter ${spec.kind}`).join(", ");
    ctx.stderr.write(`note: ${names} ${moved.length === 1 ? "writes" : "write"} to stderr: stdout carries ${owner} (one reporter owns stdout)\n`);
  }

  const reporters = requested.map((spec): Reporter => {
    switch (spec.kind) {
      case "pretty":
        return new PrettyReporter(ctx, { stream: streamFor(spec), command: options.command });
      case "json":
        return new JsonReporter(ctx, spec.file === undefined ? { kind: "stream", stream: streamFor(spec) } : { kind: "file", path: spec.file });
      case "junit":
        return new JunitReporter(ctx, spec.file);
      case "github":
        return new GithubReporter(ctx, streamFor(spec));
      case "html":
        return new HtmlReporter(ctx, spec.file);
      case "markdown":
        return new MarkdownReporter(ctx, spec.file === undefined ? { kind: "stream", stream: streamFor(spec) } : { kind: "file", path: spec.file });
    }
  });
  const files = requested.flatMap((spec) => ("file" in spec && spec.file !== undefined ? [{ kind: spec.kind, file: spec.file }] : []));
  if (files.length === requested.length) reporters.push(new WhereReportsWent(ctx, files));
  return reporters;
}

/** The files a run's reporters and --trace will write, for checkOutputFiles before the run starts. */
export function outputFiles(specs: readonly string[], trace: string | undefined): OutputFile[] {
  const files: OutputFile[] = parseReporterSpecs(specs).flatMap((spec) =>
    "file" in spec && spec.file !== undefined ? [{ flag: `--reporter ${spec.kind}=${spec.file}`, path: spec.file }] : [],
  );
  if (trace !== undefined) files.push({ flag: `--trace ${trace}`, path: trace });
  return files;
}

/** Only file reporters: nothing on stdout, so stderr says the verdict and where the reports are, in one line. */
class WhereReportsWent implements Reporter {
  constructor(
    private readonly ctx: Context,
    private readonly files: readonly { kind: string; file: string }[],
  ) {}

  finish(report: RunReport): Promise<void> {
    const where = this.files.map(({ kind, file }) => `${kind} ${file}`).join(", ");
    this.ctx.stderr.write(this.ctx.redactor.redact(`scim-okta ${report.command}: ${verdictLine(report.summary)}; reports: ${where}\n`));
    return Promise.resolve();
  }
}
