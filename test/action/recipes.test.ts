import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { REPO_ROOT } from "../support/cli.js";
import { parsedOptions } from "./parsed.js";
import { actionInputs, actionMetadata, inputEnvironment } from "./support.js";

/*
 * The README's CI recipes (section "CI"), each marked `<!-- recipe: kind -->` before its block:
 * the YAML parses, and what each recipe runs is a command line the real program accepts (argv
 * parsed by src/cli/main.ts, the command itself not run). For the GitHub recipes that is the
 * command line the action builds from the recipe's `with:` inputs.
 */

interface Recipe {
  kind: string;
  language: string;
  text: string;
}

function recipes(readme: string): Recipe[] {
  const pattern = /<!-- recipe: ([a-z-]+) -->\s*\n( *)```(\w+)\n([\s\S]*?)\n\2```/g;
  return [...readme.matchAll(pattern)].map((match) => ({
    kind: match[1]!,
    language: match[3]!,
    text: match[4]!
      .split("\n")
      .map((line) => line.slice(match[2]!.length))
      .join("\n"),
  }));
}

function parseYaml(text: string): unknown {
  const document = parseDocument(text, { prettyErrors: true });
  expect(document.errors.map(String)).toEqual([]);
  expect(document.warnings.map(String)).toEqual([]);
  return document.toJS();
}

/** Shell words of a recipe line, without leading `NAME=value` assignments; enough for README lines. */
function words(line: string): string[] {
  const all = [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((match) => match[1] ?? match[2] ?? match[3] ?? "");
  while (all[0] && /^[A-Z_]+=/.test(all[0])) all.shift();
  return all;
}

/** The scim-okta argv of a command line, however the recipe starts it. */
function scimOktaArgv(line: string): string[] | undefined {
  const argv = words(line);
  if (argv[0] === "npx" && argv[1] === "scim-okta") return argv.slice(2);
  if (argv[0] === "node" && (argv[1]?.endsWith("/bin/scim-okta.js") || argv[1]?.endsWith("/action/scim-okta.js"))) return argv.slice(2);
  return undefined;
}

/** `${{ secrets.X }}` and friends, as the runner would fill them in. */
function withExpressionsFilled(inputs: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(inputs).map(([name, value]) => [name, String(value).replace(/\$\{\{[^}]*\}\}/g, `filled-${name}`)]));
}

const readme = await readFile(join(REPO_ROOT, "README.md"), "utf8");
const found = recipes(readme);
const metadata = await actionMetadata();
const { planRun } = await actionInputs();

async function expectAccepted(argv: string[], recipe: string): Promise<Record<string, unknown>> {
  const parsed = await parsedOptions(argv);
  expect(parsed.code, `${recipe}: scim-okta ${argv.join(" ")}\n${parsed.stderr}`).toBe(0);
  return parsed.options ?? {};
}

interface WorkflowStep {
  uses?: string;
  if?: string;
  with?: Record<string, unknown>;
}

/** The steps of a workflow's jobs, and the scim-okta action's among them. */
function actionSteps(workflow: unknown): { steps: WorkflowStep[]; scimOkta: WorkflowStep[] } {
  const jobs = (workflow as { jobs: Record<string, { steps: WorkflowStep[] }> }).jobs;
  const steps = Object.values(jobs).flatMap((job) => job.steps);
  return { steps, scimOkta: steps.filter((step) => /(^|\/)scim-okta@[\w.-]+$/.test(step.uses ?? "")) };
}

describe("README CI recipes", () => {
  it("has the four the issue asks for", () => {
    expect(new Set(found.map((recipe) => recipe.kind))).toEqual(new Set(["github-vendor", "github-admin", "gitlab", "shell"]));
  });

  it("github-vendor: probes on every push with a baseline, through the action; the command line it builds is accepted", async () => {
    const [recipe] = found.filter((entry) => entry.kind === "github-vendor");
    const workflow = parseYaml(recipe!.text) as { on: unknown };
    expect(workflow.on).toEqual(["push"]);
    const { steps, scimOkta } = actionSteps(workflow);
    expect(scimOkta).toHaveLength(1);
    const inputs = withExpressionsFilled(scimOkta[0]!.with ?? {});
    for (const name of Object.keys(inputs)) expect(Object.keys(metadata.inputs)).toContain(name);
    // The committed baseline is read, never rewritten; the run's own is written with the reports
    // (uploaded by the step below), and lets a first run, before one is committed, start with none.
    const reportDir = String(metadata.inputs["report-dir"]?.default);
    expect(inputs).toMatchObject({ baseline: ".scim-okta-baseline", token: "filled-token" });
    expect(inputs["write-baseline"]).not.toBe(inputs.baseline);
    expect(inputs["write-baseline"]?.startsWith(`${reportDir}/`)).toBe(true);

    const plan = planRun(await inputEnvironment(inputs), "/workspace");
    expect(plan.argv.join(" ")).not.toContain("filled-token");
    const options = await expectAccepted(plan.argv, "github-vendor");
    expect(options).toMatchObject({ baseline: ".scim-okta-baseline", writeBaseline: inputs["write-baseline"], baseUrl: "filled-base-url" });

    const upload = steps.find((step) => step.uses?.startsWith("actions/upload-artifact@"));
    expect(upload?.if).toBe("always()");
    expect(upload?.with?.path).toBe(`${reportDir}/`);
  });

  it("github-admin: a nightly verify of an Okta app against its template", async () => {
    const [recipe] = found.filter((entry) => entry.kind === "github-admin");
    const workflow = parseYaml(recipe!.text) as { on: { schedule: Array<{ cron: string }> } };
    expect(workflow.on.schedule[0]?.cron).toMatch(/^\S+ \S+ \* \* \*$/);
    const { scimOkta } = actionSteps(workflow);
    expect(scimOkta).toHaveLength(1);
    const inputs = withExpressionsFilled(scimOkta[0]!.with ?? {});
    for (const name of Object.keys(inputs)) expect(Object.keys(metadata.inputs)).toContain(name);

    const plan = planRun(await inputEnvironment(inputs), "/workspace");
    expect(plan.command).toBe("verify");
    expect(plan.cliEnv).toEqual({ OKTA_API_TOKEN: "filled-okta-token" });
    const options = await expectAccepted(plan.argv, "github-admin");
    expect(options).toMatchObject({ vendor: "kloudhybrid", orgUrl: "https://acme.okta.com", appLabel: "KloudHybrid", param: ["baseUrl=https://acme.apps.kloudspot.com/scim/v2", "managerSource=user.managerId"] });
  });

  it("gitlab: the JUnit file the command writes is the merge request's test report, kept even when the job fails", async () => {
    const [recipe] = found.filter((entry) => entry.kind === "gitlab");
    const pipeline = parseYaml(recipe!.text) as Record<string, { before_script: string[]; script: string[]; artifacts: { when: string; paths: string[]; reports: { junit: string } } }>;
    const jobs = Object.values(pipeline);
    expect(jobs).toHaveLength(1);
    const job = jobs[0]!;
    const commands = job.script.flatMap((line) => scimOktaArgv(line) ?? []);
    expect(commands.length).toBeGreaterThan(0);
    const line = job.script.find((entry) => scimOktaArgv(entry))!;
    const options = await expectAccepted(scimOktaArgv(line)!, "gitlab");
    // It runs a file of the clone as it is, with nothing installed: the committed action bundle.
    const clone = /git clone .* (\S+)$/.exec(job.before_script.join("\n"))?.[1];
    const program = words(line)[1]!;
    expect(program.startsWith(`${clone}/`)).toBe(true);
    expect(existsSync(join(REPO_ROOT, program.slice(`${clone}/`.length)))).toBe(true);
    expect(job.before_script.join("\n")).not.toMatch(/\bnpm\b/);
    const junit = (options.reporter as string[]).find((spec) => spec.startsWith("junit="))?.slice("junit=".length);
    expect(job.artifacts.reports.junit).toBe(junit);
    expect(job.artifacts.when).toBe("always");
    expect(job.artifacts.paths).toContain(junit);
  });

  it("shell: every scim-okta line is accepted, with the token kept off the command line", async () => {
    const lines = found.filter((recipe) => recipe.kind === "shell").flatMap((recipe) => recipe.text.split("\n").filter((line) => scimOktaArgv(line)));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) {
      expect(line).not.toMatch(/SCIM_TOKEN=/);
      await expectAccepted(scimOktaArgv(line)!, line);
    }
    const written = lines.map((line) => scimOktaArgv(line)!).filter((argv) => argv.includes("--write-baseline"));
    expect(written.length).toBeGreaterThan(0);
  });
});
