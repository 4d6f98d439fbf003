import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { z } from "zod";
import { defineCommand } from "../../cli/command.js";
import { fileErrorWords, UsageError } from "../../core/errors.js";
import { ExitCode } from "../../core/exit-codes.js";
import type { Context } from "../../core/io.js";
import { parseTemplate, type TemplateIssue } from "../../templates/load.js";

/** `vendors validate <file>`: exit 0, or 2 listing every error with its field path. */
export default defineCommand({
  arguments: [{ name: "file", help: "a template YAML file" }],
  options: z.object({ file: z.string() }),
  examples: ["scim-okta vendors validate ./mine.yaml"],
  async run({ file }, ctx) {
    let text: string;
    try {
      text = await readFile(resolve(ctx.cwd, file), "utf8");
    } catch (error) {
      throw new UsageError(`cannot read template file ${file}: ${fileErrorWords(error)}`, "check the path given to vendors validate");
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
  },
});

function reportTemplateIssues(file: string, issues: TemplateIssue[], ctx: Context): void {
  const count = issues.length === 1 ? "1 error" : `${issues.length} errors`;
  if (ctx.global.json) {
    // Exit 2 is bad input: `error` as every --json error has it, with the whole list beside it.
    const error = { code: "usage", message: `${file} is not a valid template (${count})`, hint: "fix each error at its field path (errors[])" };
    ctx.stdout.write(`${JSON.stringify({ schemaVersion: 1, valid: false, errors: issues, error })}\n`);
    return;
  }
  ctx.stderr.write(`${ctx.stderr.style.red("error:")} ${file} is not a valid template (${count})\n`);
  for (const issue of issues) ctx.stderr.write(`  ${issue.path}: ${issue.message}\n`);
}
