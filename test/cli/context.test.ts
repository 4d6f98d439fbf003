import { PassThrough } from "node:stream";
import { describe, expect, test } from "vitest";
import { createContext, type ContextInit } from "../../src/cli/context.js";
import { main } from "../../src/cli/main.js";
import { UsageError } from "../../src/core/errors.js";
import type { DispatcherRequest, HttpFactory } from "../../src/core/io.js";
import { createDispatcher } from "../../src/http/dispatcher.js";
import { closedPort } from "../probe/support/harness.js";
import { scriptedPrompter } from "../support/prompter.js";
import { CapturingStream } from "../support/terminal.js";

const ESC = "\u001b[";


function context(options: { stdoutTTY: boolean; stderrTTY: boolean; stdinTTY?: boolean; env?: NodeJS.ProcessEnv } & Partial<ContextInit>) {
  const stdout = new CapturingStream(options.stdoutTTY);
  const stderr = new CapturingStream(options.stderrTTY);
  const ctx = createContext({
    stdout,
    stderr,
    stdinIsTTY: options.stdinTTY ?? options.stderrTTY,
    env: options.env ?? {},
    global: { json: false, color: true, debug: false },
    ...(options.prompter ? { prompter: options.prompter } : {}),
  });
  return { ctx, stdout, stderr };
}

describe("colour is decided per stream", () => {
  test("`vendors list | cat` with stderr on a terminal: no escape codes in the pipe, the header is bold on a terminal", async () => {
    for (const stdoutTTY of [false, true]) {
      const stdout = new CapturingStream(stdoutTTY);
      const stderr = new CapturingStream(true);
      const code = await main(["vendors", "list"], { stdout, stderr, stdinIsTTY: true, env: {}, handleSignals: false });
      expect(code).toBe(0);
      expect(stdout.text.includes(ESC), `stdout a terminal: ${stdoutTTY}`).toBe(stdoutTTY);
    }
  });

  test("an error goes to stderr in colour only when stderr is a terminal", async () => {
    for (const stderrTTY of [false, true]) {
      const stderr = new CapturingStream(stderrTTY);
      const code = await main(["vendors", "show", "nope"], { stdout: new CapturingStream(true), stderr, env: {}, handleSignals: false });
      expect(code).toBe(2);
      expect(stderr.text.includes(ESC)).toBe(stderrTTY);
    }
  });

  test("NO_COLOR and --no-color switch both streams off; FORCE_COLOR switches a pipe on", () => {
    expect(context({ stdoutTTY: true, stderrTTY: true, env: { NO_COLOR: "1" } }).ctx.stdout.style.level).toBe(0);
    expect(context({ stdoutTTY: false, stderrTTY: false, env: { FORCE_COLOR: "1" } }).ctx.stdout.style.level).toBe(1);
    const { ctx } = context({ stdoutTTY: false, stderrTTY: true });
    expect([ctx.stdout.style.level, ctx.stderr.style.level]).toEqual([0, 1]);
  });
});

describe("one progress API", () => {
  test("a spinner shows on stderr on an interactive terminal, redacted, and leaves the lines it persists", async () => {
    const { ctx, stdout, stderr } = context({ stdoutTTY: true, stderrTTY: true, env: { NO_COLOR: "1" } });
    ctx.redactor.addSecret("s3cr3t-canary");
    const spinner = ctx.progress.spinner("Testing https://x.example?token=s3cr3t-canary …");
    spinner.update("step 2 …");
    spinner.persist("✓", "suite done");
    await spinner.stop();
    expect(stderr.text).toContain("✓ suite done");
    expect(stderr.text).not.toContain("s3cr3t-canary");
    expect(stdout.text).toBe("");
  });

  test("nothing is drawn when the run is not interactive (a pipe, or CI set)", async () => {
    for (const setup of [{ stderrTTY: false }, { stderrTTY: true, env: { CI: "true" } }]) {
      const { ctx, stderr } = context({ stdoutTTY: false, ...setup });
      const spinner = ctx.progress.spinner("working …");
      spinner.update("still working …");
      spinner.persist("✓", "done");
      await spinner.stop();
      expect(stderr.text).toBe("");
    }
  });
});

describe("the prompter", () => {
  test("a non-interactive run is never asked: the question is a usage error naming what to pass instead", async () => {
    const { ctx } = context({ stdoutTTY: false, stderrTTY: false });
    await expect(ctx.prompter.confirm({ message: "Apply this plan?", instead: "--yes" })).rejects.toThrow(UsageError);
    await expect(ctx.prompter.password({ message: "SCIM token", instead: "SCIM_TOKEN or --token-file" })).rejects.toMatchObject({
      message: "SCIM token: cannot ask, this run is not interactive",
      hint: "pass SCIM_TOKEN or --token-file",
    });
  });

  test("on a terminal it asks on stderr; a password is masked", async () => {
    const stdin = new PassThrough();
    const stderr = new CapturingStream(true);
    const ctx = createContext({ stdout: new CapturingStream(true), stderr, stdin, stdinIsTTY: true, env: { NO_COLOR: "1" }, global: { json: false, color: true, debug: false } });
    const answer = ctx.prompter.password({ message: "SCIM token", instead: "SCIM_TOKEN" });
    setTimeout(() => stdin.write("t0ken-typed\r"), 50);
    expect(await answer).toBe("t0ken-typed");
    expect(stderr.text).toContain("SCIM token");
    expect(stderr.text).not.toContain("t0ken-typed");
  });

  test("the test double answers from a script and records the questions", async () => {
    const prompter = scriptedPrompter([{ confirm: true }, { select: "b" }, { input: "acme" }]);
    const { ctx } = context({ stdoutTTY: false, stderrTTY: false, prompter });
    expect(await ctx.prompter.confirm({ message: "Go?", instead: "--yes" })).toBe(true);
    expect(await ctx.prompter.select({ message: "Which app?", instead: "--app-id", choices: [{ name: "A", value: "a" }, { name: "B", value: "b" }] })).toBe("b");
    expect(await ctx.prompter.input({ message: "Tenant", instead: "--param tenant=…" })).toBe("acme");
    expect(prompter.asked).toEqual(["confirm: Go?", "select: Which app?", "input: Tenant"]);
    expect(prompter.unused).toEqual([]);
    await expect(ctx.prompter.confirm({ message: "Again?", instead: "--yes" })).rejects.toThrow(/unexpected confirm question "Again\?"/);
  });
});

test("commands get their connection pools from ctx.http, with the target's timeout", async () => {
  const asked: DispatcherRequest[] = [];
  const http: HttpFactory = {
    dispatcher: async (request) => {
      asked.push(request);
      return createDispatcher({ ...request, env: {} });
    },
  };
  const port = await closedPort();
  const env = { SCIM_BASE_URL: `http://127.0.0.1:${port}/scim/v2`, SCIM_TOKEN: "t" };
  // probe's preflight is test-connector's pool; with --no-preflight, the suites' own.
  for (const argv of [["test-connector"], ["probe"], ["probe", "--no-preflight"]]) {
    const code = await main([...argv, "--timeout", "7", "--reporter", "json"], { stdout: new CapturingStream(false), stderr: new CapturingStream(false), env, http, handleSignals: false });
    expect(code).toBe(3);
  }
  expect(asked).toEqual([
    { insecure: false, timeoutMs: 7000, connections: 2 },
    { insecure: false, timeoutMs: 7000, connections: 2 },
    { insecure: false, timeoutMs: 7000, connections: 4 },
  ]);
});
