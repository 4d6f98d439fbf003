import { readFile } from "node:fs/promises";
import { z } from "zod";
import { UsageError } from "../../core/errors.js";

/*
 * Runscope / BlazeMeter API Monitoring "API test" exports (the format Okta publishes its SCIM SPEC and
 * CRUD tests in). Only what the replayer acts on is typed; every other key an export carries
 * (trigger_url, exported_at, multipart_form: [], binary_body: null, …) is accepted and ignored.
 */

/** A header's value: exports write either one string or a list of strings. */
const headerValue = z.union([z.string(), z.array(z.string())]);

/** Runscope writes assertion values as strings, numbers or null, whatever the comparison. */
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const runscopeAssertionSchema = z.object({
  source: z.string(),
  comparison: z.string(),
  property: z.string().nullish(),
  value: scalar.optional(),
});

const runscopeVariableSchema = z.object({
  source: z.string(),
  /** null (or an empty name) in exports for a row the author left blank: nothing is extracted. */
  name: z.string().nullish(),
  property: z.string().nullish(),
});

const scripts = z.array(z.string()).optional().default([]);

const runscopeRequestStepSchema = z.object({
  step_type: z.literal("request"),
  skipped: z.boolean().optional(),
  note: z.string().optional(),
  method: z.string(),
  url: z.string(),
  headers: z.record(z.string(), headerValue).optional().default({}),
  body: z.string().nullish(),
  form: z.record(z.string(), headerValue).nullish(),
  multipart_form: z.array(z.unknown()).nullish(),
  auth: z.record(z.string(), z.unknown()).nullish(),
  assertions: z.array(runscopeAssertionSchema).optional().default([]),
  variables: z.array(runscopeVariableSchema).optional().default([]),
  scripts,
  before_scripts: scripts,
});

const runscopePauseStepSchema = z.object({
  step_type: z.literal("pause"),
  skipped: z.boolean().optional(),
  /** Seconds. */
  duration: z.number().nonnegative(),
});

/** A step type the replayer does not run (condition, subtest, inbound, …): reported, never ignored. */
const runscopeOtherStepSchema = z
  .object({ step_type: z.string(), skipped: z.boolean().optional(), note: z.string().optional() })
  .refine((step) => step.step_type !== "request" && step.step_type !== "pause", "a request or pause step that does not match its shape");

const runscopeStepSchema = z.union([runscopeRequestStepSchema, runscopePauseStepSchema, runscopeOtherStepSchema]);

const runscopeTestSchema = z.object({
  name: z.string().optional().default("Runscope test"),
  description: z.string().nullish(),
  steps: z.array(runscopeStepSchema),
});

export type RunscopeAssertion = z.infer<typeof runscopeAssertionSchema>;
export type RunscopeRequestStep = z.infer<typeof runscopeRequestStepSchema>;
type RunscopePauseStep = z.infer<typeof runscopePauseStepSchema>;
export type RunscopeStep = z.infer<typeof runscopeStepSchema>;
export type RunscopeTest = z.infer<typeof runscopeTestSchema>;

export function isRequestStep(step: RunscopeStep): step is RunscopeRequestStep {
  return step.step_type === "request";
}

export function isPauseStep(step: RunscopeStep): step is RunscopePauseStep {
  return step.step_type === "pause";
}

/** Parse an export already read as JSON; `source` names it in errors (a file path). */
export function parseRunscopeTest(json: unknown, source: string): RunscopeTest {
  const parsed = runscopeTestSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join(".") : "(top level)";
  throw new UsageError(`${source} is not a Runscope/BlazeMeter test export: ${where}: ${issue?.message ?? "invalid"}`, "export the test from Runscope/BlazeMeter as JSON (Okta's SCIM test files are in this format)");
}

/** Read and parse an export file. */
export async function loadRunscopeTest(path: string): Promise<RunscopeTest> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, "give the path of a Runscope/BlazeMeter JSON export");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not JSON: ${(error as Error).message}`, "give the path of a Runscope/BlazeMeter JSON export");
  }
  return parseRunscopeTest(json, path);
}
