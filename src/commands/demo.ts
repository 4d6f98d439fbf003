import { z } from "zod";
import { defineCommand, flag } from "../cli/command.js";
import type { ExitCode } from "../core/exit-codes.js";
import type { Context } from "../core/io.js";
import type { DemoInput } from "../demo/run.js";

const demoOptions = z.object({
  vendor: flag(z.string().trim().min(1, { error: "is empty" }).default("kloudhybrid"), {
    flags: "--vendor <id>",
    help: "the vendor template to set up (scim-okta vendors list)",
    hint: 'e.g. --vendor strongdm; "scim-okta vendors list" shows them',
  }),
});
type DemoOptions = z.output<typeof demoOptions>;

/**
 * `scim-okta demo` (DESIGN §2, issue 10): the whole job on the embedded sandbox, offline, in
 * seconds — setup with its plan and manual steps, Okta provisioning a group, the SCIM server's
 * view of it, test-connector and the probes, then the commands for a real org.
 */
export default defineCommand({
  help: [
    "Starts the sandbox (an Okta org emulator and a reference SCIM server) on 127.0.0.1, runs setup for the vendor against it,",
    "does its manual steps in the sandbox's Admin Console stand-in, provisions a group of three people, deactivates one,",
    "runs test-connector and the probe suites, and stops everything. Nothing leaves this machine.",
    "Exit codes: 0 everything went as Okta would do it, 1 something did not (listed), 2 bad input, 130 interrupted.",
  ].join("\n"),
  options: demoOptions,
  examples: ["scim-okta demo", "scim-okta demo --vendor cloudapp", "scim-okta --json demo --vendor strongdm"],
  run: (options, ctx) => runDemoCommand(options, ctx),
});

/** The command with its view; `hooks` let tests set the sandbox up and read its state before it stops. */
export async function runDemoCommand(options: DemoOptions, ctx: Context, hooks: Pick<DemoInput, "afterStart" | "beforeStop"> = {}): Promise<ExitCode> {
  const [{ runDemo }, { DemoView }] = await Promise.all([import("../demo/run.js"), import("./demo-view.js")]);
  const view = new DemoView(ctx);
  try {
    const { result, exitCode } = await runDemo({ vendor: options.vendor, ...hooks }, ctx, (event) => view.observe(event));
    await view.finish(result);
    return exitCode;
  } finally {
    await view.close();
  }
}
