import { randomBytes } from "node:crypto";
import { lstat, mkdir, open, realpath, rename, stat, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import type { Context, OutputStream } from "../../core/io.js";
import { UsageError } from "../../core/errors.js";
import { refuseSpecialFile } from "../../http/trace.js";

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
  try {
    await writeFileSafely(resolve(ctx.cwd, path), ctx.redactor.redact(text));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`Cannot write the ${reporter} report to ${path}: ${reason}`, `Pass a writable path to --reporter ${reporter}=<file>.`);
  }
}

/**
 * Write a file as a whole or not at all: the text goes to a new temporary file beside the target
 * (created exclusively, so nothing planted there is followed), which is then renamed over the
 * target. A reader never sees half a report, and a symlink at the target is replaced, not followed.
 */
export async function writeFileSafely(path: string, text: string): Promise<void> {
  await refuseSpecialFile(path, "the file");
  const temporary = temporaryPathFor(path);
  await mkdir(dirname(path), { recursive: true });
  try {
    await writeFile(temporary, text, { encoding: "utf8", flag: "wx", mode: 0o644 });
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw error;
  }
}

/** `.report.json.4f2a….tmp` in the target's folder: rename within one filesystem is atomic. */
function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
}

/** One file a run will write, and the flag that asked for it (for messages). */
export interface OutputFile {
  /** As the user typed it, e.g. `--reporter json=r.json`, `--trace run.jsonl`. */
  flag: string;
  path: string;
}

/**
 * Check the files a run will write before it sends anything (exit 2 otherwise): each must be a
 * file in a folder this process can write to, and no two may be the same file, however they are
 * spelled (`r.json`, `./r.json`, through a symlinked folder). Nothing is created.
 */
export async function checkOutputFiles(cwd: string, files: readonly OutputFile[]): Promise<void> {
  const seen = new Map<string, OutputFile>();
  for (const file of files) {
    const absolute = resolve(cwd, file.path);
    const existing = await lstat(absolute).catch(() => undefined);
    if (existing?.isDirectory()) {
      throw new UsageError(`${file.flag}: ${file.path} is a folder`, "give a file name, e.g. a path ending in the report's name");
    }
    // The file is replaced whole (renamed over): /dev/null or /dev/stdout (a symlink to a device)
    // would be replaced by a regular file, for every process on the machine.
    const followed = existing?.isSymbolicLink() ? await stat(absolute).catch(() => undefined) : existing;
    if (followed && !followed.isFile()) {
      throw new UsageError(
        `${file.flag}: ${file.path} is not a regular file (a device, pipe or socket), and a report or trace replaces its file whole`,
        "give a file name; for the terminal or a pipe, use the reporter without a file (--reporter json, --reporter markdown)",
      );
    }
    const { folder, missing } = await nearestExistingFolder(dirname(absolute), file);
    await assertWritable(folder, file);
    const identity = join(await realpath(folder), ...missing, basename(absolute));
    const other = seen.get(identity);
    if (other) {
      throw new UsageError(`${other.flag} and ${file.flag} would write the same file (${identity})`, "Give each report and the trace its own file.");
    }
    seen.set(identity, file);
  }
}

/** The deepest folder of `path` that exists, and the names below it still to be created. */
async function nearestExistingFolder(path: string, file: OutputFile): Promise<{ folder: string; missing: string[] }> {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    const found = await stat(current).catch((error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? undefined : Promise.reject(error)));
    if (found) {
      if (!found.isDirectory()) throw new UsageError(`${file.flag}: ${current} is not a folder`, "choose a path inside a folder");
      return { folder: current, missing };
    }
    const parent = dirname(current);
    if (parent === current) throw new UsageError(`${file.flag}: no folder of ${file.path} exists`, "choose a path inside an existing folder");
    missing.unshift(basename(current));
    current = parent;
  }
}

/** Creating (and removing) a probe file is the one test of writability that also holds for root. */
async function assertWritable(folder: string, file: OutputFile): Promise<void> {
  const probe = join(folder, `.scim-okta-write-check.${randomBytes(6).toString("hex")}`);
  try {
    const handle = await open(probe, "wx");
    await handle.close();
    await unlink(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`${file.flag}: cannot write to the folder ${folder} (${code})`, "Choose a writable place for the file.");
  }
}
