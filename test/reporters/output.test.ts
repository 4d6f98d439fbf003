import { execFileSync } from "node:child_process";
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/core/errors.js";
import { Redactor } from "../../src/core/redact.js";
import { TraceWriter } from "../../src/http/trace.js";
import { outputFiles } from "../../src/scim/reporters/index.js";
import { checkOutputFiles, writeFileSafely } from "../../src/scim/reporters/output.js";

const fresh = () => mkdtemp(join(tmpdir(), "scim-okta-output-"));

async function refusal(cwd: string, reporters: string[], trace?: string): Promise<UsageError> {
  const error = await checkOutputFiles(cwd, outputFiles(reporters, trace)).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof UsageError)) throw new Error(`expected a UsageError, got ${String(error)}`);
  return error;
}

describe("checkOutputFiles: every output is checked before the run", () => {
  it("accepts distinct files, in folders that exist or can be created, and creates nothing", async () => {
    const dir = await fresh();
    await checkOutputFiles(dir, outputFiles(["json=r.json", "junit=out/deep/r.xml", "html=r.html", "pretty"], "trace.jsonl"));
    expect(await readdir(dir)).toEqual([]);
  });

  it.each([
    [["json=r.json", "html=./r.json"], undefined, "--reporter json=r.json and --reporter html=./r.json would write the same file"],
    [["json=out/../r.json", "junit=r.json"], undefined, "--reporter json=out/../r.json and --reporter junit=r.json would write the same file"],
    [["html=report.html"], "./report.html", "--reporter html=report.html and --trace ./report.html would write the same file"],
  ])("refuses two outputs that are one file: %j with --trace %s", async (reporters, trace, message) => {
    const error = await refusal(await fresh(), reporters, trace);
    expect(error.message).toContain(message);
    expect(error.hint).toBe("Give each report and the trace its own file.");
  });

  it("sees through a symlinked folder", async () => {
    const dir = await fresh();
    await mkdir(join(dir, "real"));
    await symlink(join(dir, "real"), join(dir, "alias"));
    const error = await refusal(dir, ["json=real/r.json", "html=alias/r.json"]);
    expect(error.message).toContain(`would write the same file (${join(dir, "real", "r.json")})`);
  });

  it("refuses a folder as the output", async () => {
    const dir = await fresh();
    await mkdir(join(dir, "reports"));
    const error = await refusal(dir, ["junit=reports"]);
    expect(error.message).toBe("--reporter junit=reports: reports is a folder");
  });

  it.each([
    ["a device", "junit=/dev/null", undefined],
    ["a symlink to a device (/dev/stdout)", "json=/dev/stdout", undefined],
    ["a device as the trace", undefined, "/dev/null"],
  ])("refuses %s: it would be replaced by a regular file, not written to", async (_name, reporter, trace) => {
    const dir = await fresh();
    const error = await refusal(dir, reporter ? [reporter] : [], trace);
    expect(error.message).toMatch(/is not a regular file \(a device, pipe or socket\)/);
    expect((await lstat("/dev/null")).isCharacterDevice()).toBe(true);
  });

  it("writeFileSafely and the trace refuse to replace a pipe (or a device) with a regular file", async () => {
    const dir = await fresh();
    const fifo = join(dir, "pipe");
    execFileSync("mkfifo", [fifo]);
    await expect(writeFileSafely(fifo, "report")).rejects.toThrow(/is not a regular file/);
    await expect(TraceWriter.open(fifo, new Redactor())).rejects.toThrow(/--trace .* is not a regular file/);
    expect((await lstat(fifo)).isFIFO()).toBe(true);
    expect(await readdir(dir)).toEqual(["pipe"]);
  });

  it("refuses a path below a file", async () => {
    const dir = await fresh();
    await writeFile(join(dir, "plain"), "x");
    const error = await refusal(dir, [], "plain/trace.jsonl");
    expect(error.message).toBe(`--trace plain/trace.jsonl: ${join(dir, "plain")} is not a folder`);
  });

  it("refuses a folder nobody may write to (a read-only file system here)", async () => {
    const error = await refusal("/", ["html=/proc/scim-okta-report.html"]);
    expect(error.message).toMatch(/^--reporter html=\/proc\/scim-okta-report\.html: cannot write to the folder \/proc \(E[A-Z]+\)$/);
  });

  it.skipIf(process.getuid?.() === 0)("refuses a folder without write permission", async () => {
    const dir = await fresh();
    await mkdir(join(dir, "locked"));
    await chmod(join(dir, "locked"), 0o500);
    const error = await refusal(dir, ["json=locked/r.json"]);
    expect(error.message).toContain("cannot write to the folder");
  });
});

describe("files are written whole, and a symlink at the target is not followed", () => {
  it("writeFileSafely replaces a symlink instead of writing through it, and leaves no temporary file", async () => {
    const dir = await fresh();
    const victim = join(dir, "victim.txt");
    await writeFile(victim, "precious");
    await symlink(victim, join(dir, "report.json"));
    await writeFileSafely(join(dir, "report.json"), "{}\n");
    expect(await readFile(victim, "utf8")).toBe("precious");
    expect((await lstat(join(dir, "report.json"))).isSymbolicLink()).toBe(false);
    expect(await readFile(join(dir, "report.json"), "utf8")).toBe("{}\n");
    expect((await readdir(dir)).sort()).toEqual(["report.json", "victim.txt"]);
  });

  it("the trace is written beside its target and renamed into place on close, through no symlink", async () => {
    const dir = await fresh();
    const victim = join(dir, "victim.txt");
    await writeFile(victim, "precious");
    await symlink(victim, join(dir, "trace.jsonl"));
    const redactor = new Redactor().addSecret("tr4ce-s3cret");
    const trace = await TraceWriter.open(join(dir, "trace.jsonl"), redactor);
    trace.record({ startedAt: "t", method: "GET", url: "https://x/Users?t=tr4ce-s3cret", requestHeaders: {}, durationMs: 1 });
    expect((await lstat(join(dir, "trace.jsonl"))).isSymbolicLink()).toBe(true);
    await trace.close();
    expect(await readFile(victim, "utf8")).toBe("precious");
    const lines = (await readFile(join(dir, "trace.jsonl"), "utf8")).trimEnd().split("\n");
    expect(lines.map((line) => JSON.parse(line) as { url: string })).toEqual([expect.objectContaining({ url: "https://x/Users?t=[REDACTED]" })]);
    expect((await readdir(dir)).sort()).toEqual(["trace.jsonl", "victim.txt"]);
  });
});
