import { z } from "zod";
import { defineCommand } from "../../cli/command.js";
import { ExitCode } from "../../core/exit-codes.js";
import { loadAllTemplates } from "../../templates/load.js";
import { renderVendorList, summarizeVendor } from "./view.js";

/** `vendors list`: every template, as a table or `{schemaVersion, vendors[]}` with --json. */
export default defineCommand({
  options: z.object({}),
  examples: ["scim-okta vendors list", "scim-okta vendors list --json"],
  async run(_options, ctx) {
    const templates = await loadAllTemplates();
    if (ctx.global.json) {
      ctx.stdout.write(`${JSON.stringify({ schemaVersion: 1, vendors: templates.map(summarizeVendor) })}\n`);
      return ExitCode.ok;
    }
    ctx.stdout.write(renderVendorList(templates, ctx.stdout.style));
    return ExitCode.ok;
  },
});
