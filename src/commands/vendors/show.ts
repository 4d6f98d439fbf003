import { z } from "zod";
import { defineCommand } from "../../cli/command.js";
import { ExitCode } from "../../core/exit-codes.js";
import { loadVendorTemplate } from "../../templates/load.js";
import { manualSteps } from "../../templates/manual-steps.js";
import { renderVendor } from "./view.js";

/** `vendors show <id>`: the template in words; an unknown id is exit 2 with the closest one. */
export default defineCommand({
  arguments: [{ name: "id", help: "template id, e.g. kloudhybrid" }],
  options: z.object({ id: z.string() }),
  examples: ["scim-okta vendors show kloudhybrid", "scim-okta vendors show strongdm --json"],
  async run({ id }, ctx) {
    const template = await loadVendorTemplate(id, "vendors show <id>");
    const steps = manualSteps(template);
    if (ctx.global.json) {
      ctx.stdout.write(`${JSON.stringify({ schemaVersion: 1, template, manualSteps: steps })}\n`);
      return ExitCode.ok;
    }
    ctx.stdout.write(renderVendor(template, steps, ctx.stdout.style));
    return ExitCode.ok;
  },
});
