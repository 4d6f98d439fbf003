#!/usr/bin/env node
// The launcher checks the Node version before anything else loads: the CLI needs Node >= 22.12
// (undici 8, chalk 6 and the Okta SDK fail on older ones, at the first HTTP call, with a stack
// trace). In a clone, `npm ci` installs the project's own Node (the `node` dev dependency), so on
// an older system Node the launcher re-runs itself on that one instead of failing.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const REQUIRED = [22, 12];
const REQUIRED_TEXT = `${REQUIRED.join(".")}`;
const RELAUNCHED = "SCIM_OKTA_RELAUNCHED";

const [major, minor] = process.versions.node.split(".").map(Number);
const supported = major > REQUIRED[0] || (major === REQUIRED[0] && minor >= REQUIRED[1]);

if (supported) {
  if (process.env[RELAUNCHED] && process.channel) endWithLauncher();
  const { main } = await import("../dist/bundle/scim-okta.js");
  process.exitCode = await main(process.argv.slice(2));
} else {
  const projectNode = fileURLToPath(new URL("../node_modules/node/bin/node", import.meta.url));
  if (process.env[RELAUNCHED] || !existsSync(projectNode)) {
    process.stderr.write(
      `error: scim-okta needs Node.js ${REQUIRED_TEXT} or later; this is Node.js ${process.versions.node}\n` +
        `hint: install Node.js ${REQUIRED_TEXT}+ (https://nodejs.org), or run "npm ci" in a clone of scim-okta to get its own Node\n`,
    );
    process.exit(2);
  }
  relaunch(projectNode);
}

/** Run the same command on the project's Node; its exit code (or signal) becomes ours. */
function relaunch(node) {
  const child = spawn(node, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    // The IPC channel closes when this launcher dies, however it dies; the CLI also says on it
    // each time it hears a SIGINT itself (see endWithLauncher).
    stdio: ["inherit", "inherit", "inherit", "ipc"],
    env: { ...process.env, [RELAUNCHED]: "1" },
  });
  // Signals are passed on: the child decides (cleanup, then 130).
  const forward = (signal) => () => child.kill(signal);
  process.on("SIGINT", forwardUnlessHeard(child));
  process.on("SIGTERM", forward("SIGTERM"));
  process.on("SIGHUP", forward("SIGHUP"));
  child.on("error", (error) => {
    process.stderr.write(`error: cannot start ${node}: ${error.message}\nhint: run "npm ci" again, or install Node.js ${REQUIRED_TEXT}+\n`);
    process.exit(2);
  });
  child.on("exit", (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code ?? 1);
  });
}

/** How long the launcher waits for the CLI to say it heard a SIGINT itself. */
const HEARD_WAIT_MS = 300;

/**
 * A SIGINT is passed on unless the CLI heard it too. Ctrl-C on a terminal reaches the whole
 * foreground process group, CLI included, and so does `kill -INT -<group>`; `kill -INT <this pid>`
 * from a supervisor reaches this launcher alone, terminal or not. Which one it was only the CLI
 * knows: it says so on the IPC channel, and what it did not hear within HEARD_WAIT_MS is sent to it.
 */
function forwardUnlessHeard(child) {
  let heardAt = -Infinity;
  child.on("message", (message) => {
    if (message === "SIGINT") heardAt = Date.now();
  });
  return () => {
    const at = Date.now();
    setTimeout(() => {
      if (heardAt < at - HEARD_WAIT_MS) child.kill("SIGINT");
    }, HEARD_WAIT_MS);
  };
}

/**
 * A relaunched CLI must not outlive its launcher: when the launcher is killed outright (SIGKILL,
 * a supervisor's timeout), nothing can forward a signal, so the closed IPC channel does. The CLI
 * then stops as if its terminal had gone away (SIGHUP: cleanup, then exit). Each SIGINT the CLI
 * hears itself it reports, so the launcher does not send the same one again (forwardUnlessHeard).
 */
function endWithLauncher() {
  process.channel.unref();
  process.once("disconnect", () => process.kill(process.pid, "SIGHUP"));
  process.on("SIGINT", function reportSigint() {
    if (process.connected) process.send("SIGINT", () => {});
    // Alone, this listener would swallow Ctrl-C: with no other, do what Node does without one.
    if (process.listenerCount("SIGINT") === 1) {
      process.off("SIGINT", reportSigint);
      process.kill(process.pid, "SIGINT");
    }
  });
}
