import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { z } from "zod";
import type { Context } from "../cli/context.js";
import { BugError, UsageError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import { loadAllTemplates, loadVendorTemplate, parseTemplate, type TemplateIssue } from "../templates/load.js";
import { manualSteps } from "../templates/manual-steps.js";
import { renderVendor, renderVendorList, summarizeVendor } from "./vendors/view.js";

/** `vendors list | show <id> | validate <file>` (DESIGN §2). The commander wiring names the subcommand. */
export const vendorsOptionsSchema = z.object({
  subcommand: z.enum(["list", "show", "validate"]),
});
export type VendorsOptions = z.infer<typeof vendorsOptionsSchema>;

export async function run(rawOptions: Record<string, unknown>, args: string[], ctx: Context): Promise<ExitCode> {
  const parsed = vendorsOptionsSchema.safeParse(rawOptions);
  if (!parsed.success) throw new BugError(`vendors called without a known subcommand: ${JSON.stringify(rawOptions)}`);
  switch (parsed.data.subcommand) {
    case "list":
      return listVendors(ctx);
    case "show":
      return showVendor(requiredArgument(args, "<id>", "scim-okta vendors show kloudhybrid"), ctx);
    case "validate":
      return validateTemplate(requiredArgument(args, "<file>", "scim-okta vendors validate ./mine.yaml"), ctx);
  }
}

function requiredArgument(args: string[], name: string, example: string): string {
  const value = args[0];
  if (!value) throw new UsageError(`missing argument ${name}`, `e.g. ${example}`);
  return value;
}

async function listVendors(ctx: Context): Promise<ExitCode> {
  const templates = await loadAllTemplates();
  if (ctx.global.json) {
    ctx.stdout.write(`${JSON.stringify({ schemaVersion: 1, vendors: templates.map(summarizeVendor) })}\n`);
    return ExitCode.ok;
  }
  ctx.stdout.write(renderVendorList(templates, ctx.style));
  return ExitCode.ok;
}

async function showVendor(id: string, ctx: Context): Promise<ExitCode> {
  const template = await loadVendorTemplate(id, "vendors show <id>");
  const steps = manualSteps(template);
  if (ctx.global.json) {
    ctx.stdout.write(`${JSON.stringify({ schemaVersion: 1, template, manualSteps: steps })}\n`);
    return ExitCode.ok;
  }
  ctx.stdout.write(renderVendor(template, steps, ctx.style));
  return ExitCode.ok;
}

async function validateTemplate(file: string, ctx: Context): Promise<ExitCode> {
  let text: string;
  try {
    text = await readFile(resolve(ctx.cwd, file), "utf8");
  } catch (error) {
    throw new UsageError(`cannot read template file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, "check the path given to vendors validate");
  }
  const result = parseTemplate(text);
  if (result.ok) {
    if (ctx.global.json) {
      ctx.stdout.write(`${JSON.stringify({ schemaVersion: 1, valid: true, id: result.template.id, errors: [] })}\n`);
    } else {
      ctx.stdout.write(`OK: ${file} is a valid template (id ${result.template.id})\n`);
    }
    return ExitCode.ok;
  }
  reportTemplateIssues(file, result.issues, ctx);
  return ExitCode.badInput;
}

function reportTemplateIssues(file: string, issues: TemplateIssue[], ctx: Context): void {
  if (ctx.global.json) {
    ctx.stdout.write(`${JSON.stringify({ schemaVersion: 1, valid: false, errors: issues })}\n`);
    return;
  }
  const count = issues.length === 1 ? "1 error" : `${issues.length} errors`;
  ctx.stderr.write(`${ctx.style.red("error:")} ${file} is not a valid template (${count})\n`);
  for (const issue of issues) ctx.stderr.write(`  ${issue.path}: ${issue.message}\n`);
}
