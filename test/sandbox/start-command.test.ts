import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createServer } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { BIN, REPO_ROOT, runCli } from "../support/cli.js";
import { listening, statusOf } from "../support/net.js";

interface Running {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with stdout up to and including its first line break... once the sandbox says it is up. */
  firstOutput: Promise<string>;
  exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

/** The built binary, as a user starts it; `until` says when its start-up output is complete. */
function start(args: string[], until: (stdout: string) => boolean): Running {
  const child = spawn(process.execPath, [BIN, "sandbox", ...args], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? "" } });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  const firstOutput = new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: string) => {
      stdout += chunk;
      if (until(stdout)) resolve(stdout);
    });
    child.on("exit", (code) => reject(new Error(`sandbox exited ${code} before it was up:\n${stdout}\n${stderr}`)));
  });
  child.stderr.on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
  return { child, firstOutput, exited };
}



describe("scim-okta sandbox", () => {
  test("--json prints exactly one line with the credentials, serves on them, and SIGTERM stops it cleanly with exit 0", async () => {
    const running = start(["--json"], (stdout) => stdout.includes("\n"));
    const line = (await running.firstOutput).trimEnd();
    const printed = JSON.parse(line) as Record<string, unknown>;
    expect(Object.keys(printed)).toEqual(["schemaVersion", "oktaOrgUrl", "oktaApiToken", "scimBaseUrl", "scimToken", "scimUsername", "scimPassword", "adminUrl"]);
    expect(printed.schemaVersion).toBe(1);
    for (const key of ["oktaOrgUrl", "scimBaseUrl", "adminUrl"]) expect(new URL(String(printed[key])).hostname).toBe("127.0.0.1");
    expect(await statusOf(`${String(printed.oktaOrgUrl)}/api/v1/apps`, `SSWS ${String(printed.oktaApiToken)}`)).toBe(200);
    expect(await statusOf(`${String(printed.scimBaseUrl)}/Users?startIndex=1&count=2`, `Bearer ${String(printed.scimToken)}`)).toBe(200);
    expect(await statusOf(`${String(printed.scimBaseUrl)}/Users?startIndex=1&count=2`, String(printed.scimToken))).toBe(200);
    expect(await statusOf(`${String(printed.scimBaseUrl)}/Users?startIndex=1&count=2`, `Basic ${Buffer.from(`${String(printed.scimUsername)}:${String(printed.scimPassword)}`).toString("base64")}`)).toBe(200);

    running.child.kill("SIGTERM");
    const { code, stdout } = await running.exited;
    expect(code).toBe(0);
    expect(stdout).toBe(`${line}\n`);
    for (const key of ["oktaOrgUrl", "scimBaseUrl", "adminUrl"]) expect(await listening(Number(new URL(String(printed[key])).port))).toBe(false);
  });

  test("without --json it prints export lines to paste and what to try next; Ctrl-C stops it with exit 130", async () => {
    const running = start([], (stdout) => stdout.includes("Ctrl-C stops the sandbox"));
    const text = await running.firstOutput;
    for (const name of ["OKTA_ORG_URL", "OKTA_API_TOKEN", "SCIM_BASE_URL", "SCIM_TOKEN", "SCIM_USERNAME", "SCIM_PASSWORD"]) expect(text).toMatch(new RegExp(`^export ${name}=\\S+$`, "m"));
    expect(text).toMatch(/^export OKTA_ORG_URL=http:\/\/127\.0\.0\.1:\d+$/m);
    expect(text).toMatch(/^# Admin Console stand-in \(sandbox only.*http:\/\/127\.0\.0\.1:\d+\/$/m);
    expect(text).toMatch(/scim-okta test-connector/);
    // Every line is an export or a comment: the whole output can be pasted into a shell.
    expect(text.trimEnd().split("\n").every((line) => line.startsWith("export ") || line.startsWith("#"))).toBe(true);

    running.child.kill("SIGINT");
    const { code, stderr } = await running.exited;
    expect(code).toBe(130);
    expect(stderr).toContain("Sandbox stopped.");
  });

  test("a port in use exits 2 naming --port", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { code, stderr } = await runCli(["sandbox", "--port", String(port)]);
      expect(code).toBe(2);
      expect(stderr).toMatch(new RegExp(`--port ${port}: port ${port} on 127\\.0\\.0\\.1 is in use`));
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  test.each([
    [["--port", "70000"], "--port"],
    [["--port", "abc"], "--port"],
    [["--connections-api", "maybe"], "--connections-api"],
    [["--features-api", "unknown"], "--features-api"],
    [["--rate-limit", "0"], "--rate-limit"],
  ])("%j is bad input (exit 2) naming %s", async (args, flagName) => {
    const { code, stderr, stdout } = await runCli(["sandbox", ...args]);
    expect(code).toBe(2);
    expect(stderr).toContain(flagName);
    expect(stdout).toBe("");
  });
});
