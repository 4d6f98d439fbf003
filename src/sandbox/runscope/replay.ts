import { setTimeout as sleep } from "node:timers/promises";
import { Agent, request, type Dispatcher } from "undici";
import { Redactor } from "../../core/redact.js";
import { deadline } from "../../http/deadline.js";
import { evaluateAssertion, readSource, type AssertionResult, type RunscopeResponse } from "./assertions.js";
import { isPauseStep, isRequestStep, type RunscopeRequestStep, type RunscopeTest } from "./format.js";
import { runScript, type ScriptOutcome, type ScriptRequest } from "./scripts.js";
import { RunscopeVariables, stringify } from "./variables.js";

export interface ReplayOptions {
  /** Initial variables (Runscope's "Initial Variables"). */
  variables?: Record<string, string>;
  /** Runscope's "Initial Script": JavaScript run once before the first step, setting variables. */
  initialScript?: string;
  /**
   * Variables whose values are secrets (an `auth` header value, an Okta token): their values are
   * redacted from every result. Values registered with `redactor` are redacted too.
   */
  secretVariables?: readonly string[];
  redactor?: Redactor;
  /** Default: a keep-alive Agent of its own, closed at the end. */
  dispatcher?: Dispatcher;
  /** Per request; default 30 s. */
  timeoutMs?: number;
  /**
   * Pauses are not slept: the request after a pause is repeated, if it is a GET or HEAD, until its
   * assertions and scripts hold or the bound is reached (then the last attempt counts). The bound
   * defaults to the pause's own duration; `pollIntervalMs` defaults to 100.
   */
  pauses?: { boundMs?: (pauseSeconds: number) => number; pollIntervalMs?: number };
  signal?: AbortSignal;
  /** Called as each step finishes (already redacted). */
  onStep?: (result: StepResult) => void;
  now?: () => Date;
}

export interface StepResult {
  /** 1-based position in the file's steps. */
  index: number;
  /** `script`: the initial script, reported only when it failed. */
  kind: "request" | "pause" | "skipped" | "unsupported" | "script";
  note?: string;
  method?: string;
  url?: string;
  status?: number;
  durationMs?: number;
  /** Requests sent for this step (more than one when it polled after a pause). */
  attempts?: number;
  assertions: AssertionResult[];
  /** Scripts that failed (before- and after-request). */
  scriptFailures: string[];
  logs: string[];
  /** A step that could not be sent or evaluated (undefined variable, network error, unsupported feature). */
  error?: string;
  passed: boolean;
}

export interface ReplayResult {
  name: string;
  passed: boolean;
  steps: StepResult[];
  summary: { requests: number; passed: number; failed: number; assertions: number; assertionsFailed: number };
  /** The variables at the end, secrets redacted. */
  variables: Record<string, string>;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_POLL_INTERVAL_MS = 100;

class StepError extends Error {}

/**
 * Replay a Runscope/BlazeMeter API test: its variables (initial variables, initial script, values
 * extracted by steps), its requests with their headers, auth and bodies, its assertions, and its
 * scripts; pauses become bounded polling so a test written for minutes of waiting runs in the
 * time the server needs. Steps keep running after a failed one, as in Runscope.
 */
export async function replayRunscopeTest(test: RunscopeTest, options: ReplayOptions = {}): Promise<ReplayResult> {
  const variables = new RunscopeVariables(options.variables ?? {}, options.now);
  const redactor = options.redactor ?? new Redactor();
  const registerSecrets = () => {
    for (const name of options.secretVariables ?? []) redactor.addSecret(variables.get(name));
  };
  const ownDispatcher = options.dispatcher ? undefined : new Agent({ keepAliveTimeout: 10_000 });
  const dispatcher = options.dispatcher ?? (ownDispatcher as Dispatcher);
  const steps: StepResult[] = [];
  const finish = (result: StepResult) => {
    const safe = redactor.redactValue(result);
    steps.push(safe);
    options.onStep?.(safe);
  };

  try {
    registerSecrets();
    if (options.initialScript !== undefined) {
      const outcome = await runScript(options.initialScript, variables);
      registerSecrets();
      if (!outcome.passed) finish({ index: 0, kind: "script", note: "Initial script", assertions: [], scriptFailures: [outcome.error ?? "failed"], logs: outcome.logs, passed: false });
    }
    let pendingPauseMs = 0;
    for (const [position, step] of test.steps.entries()) {
      options.signal?.throwIfAborted();
      const index = position + 1;
      const note = "note" in step ? step.note : undefined;
      const base = { index, ...(note ? { note } : {}), assertions: [], scriptFailures: [], logs: [] };
      if (step.skipped) {
        finish({ ...base, kind: "skipped", passed: true });
        continue;
      }
      if (isPauseStep(step)) {
        pendingPauseMs += options.pauses?.boundMs?.(step.duration) ?? step.duration * 1000;
        finish({ ...base, kind: "pause", passed: true });
        continue;
      }
      if (!isRequestStep(step)) {
        finish({ ...base, kind: "unsupported", error: `step type "${step.step_type}" is not supported by the replayer`, passed: false });
        continue;
      }
      const result = await replayRequest(step, base, { variables, dispatcher, options, pollForMs: pendingPauseMs });
      pendingPauseMs = 0;
      registerSecrets();
      finish(result);
    }
  } finally {
    await ownDispatcher?.close();
  }

  const requests = steps.filter((step) => step.kind === "request" || step.kind === "unsupported");
  const assertions = requests.flatMap((step) => step.assertions);
  const failed = steps.filter((step) => !step.passed).length;
  return {
    name: test.name,
    passed: failed === 0,
    steps,
    summary: {
      requests: requests.length,
      passed: requests.filter((step) => step.passed).length,
      failed,
      assertions: assertions.length,
      assertionsFailed: assertions.filter((assertion) => !assertion.passed).length,
    },
    variables: redactor.redactValue(variables.toObject()),
  };
}

interface RequestRun {
  variables: RunscopeVariables;
  dispatcher: Dispatcher;
  options: ReplayOptions;
  pollForMs: number;
}

async function replayRequest(step: RunscopeRequestStep, base: Omit<StepResult, "kind" | "passed">, run: RequestRun): Promise<StepResult> {
  const { variables, options } = run;
  const method = step.method.toUpperCase();
  let built: ScriptRequest & { bodyToSend?: string };
  try {
    built = buildRequest(step, variables);
  } catch (error) {
    return { ...base, kind: "request", method, error: (error as Error).message, passed: false };
  }
  const logs: string[] = [];
  const scriptFailures: string[] = [];
  for (const script of step.before_scripts) {
    const outcome = await runScript(script, variables, { request: built });
    logs.push(...outcome.logs);
    if (!outcome.passed) scriptFailures.push(`before-request script: ${outcome.error ?? "failed"}`);
  }

  const deadline = performance.now() + (SAFE_METHODS.has(method) ? run.pollForMs : 0);
  const interval = options.pauses?.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  let attempts = 0;
  for (;;) {
    attempts += 1;
    const attempt = await attemptOnce(step, built, run);
    const done = attempt.passed || performance.now() + interval > deadline || options.signal?.aborted;
    if (done) {
      extractVariables(step, attempt.response, variables);
      logs.push(...attempt.logs);
      const failures = [...scriptFailures, ...attempt.scriptFailures];
      return {
        ...base,
        kind: "request",
        method,
        url: built.url,
        ...(attempt.response ? { status: attempt.response.status, durationMs: attempt.response.durationMs } : {}),
        attempts,
        assertions: attempt.assertions,
        scriptFailures: failures,
        logs,
        ...(attempt.error ? { error: attempt.error } : {}),
        passed: attempt.passed && failures.length === 0,
      };
    }
    await sleep(interval, undefined, options.signal ? { signal: options.signal } : {}).catch(() => undefined);
  }
}

interface Attempt {
  response?: RunscopeResponse;
  assertions: AssertionResult[];
  scriptFailures: string[];
  logs: string[];
  error?: string;
  passed: boolean;
}

async function attemptOnce(step: RunscopeRequestStep, built: ScriptRequest & { bodyToSend?: string }, run: RequestRun): Promise<Attempt> {
  let response: RunscopeResponse;
  try {
    response = await send(built, run);
  } catch (error) {
    return { assertions: [], scriptFailures: [], logs: [], error: describeNetworkError(error), passed: false };
  }
  let assertions: AssertionResult[];
  try {
    assertions = step.assertions.map((assertion) => evaluateAssertion(assertion, response, run.variables));
  } catch (error) {
    return { response, assertions: [], scriptFailures: [], logs: [], error: (error as Error).message, passed: false };
  }
  const scriptFailures: string[] = [];
  const logs: string[] = [];
  for (const script of step.scripts) {
    const outcome: ScriptOutcome = await runScript(script, run.variables, { request: built, response });
    logs.push(...outcome.logs);
    if (!outcome.passed) scriptFailures.push(`script: ${outcome.error ?? "failed"}`);
  }
  return { response, assertions, scriptFailures, logs, passed: assertions.every((assertion) => assertion.passed) && scriptFailures.length === 0 };
}

function buildRequest(step: RunscopeRequestStep, variables: RunscopeVariables): ScriptRequest & { bodyToSend?: string } {
  const rendered = variables.render(step.url);
  let url: string;
  try {
    // WHATWG URL parsing percent-encodes what Runscope encodes too: spaces and quotes in a filter.
    url = new URL(rendered).href;
  } catch {
    throw new StepError(`the step's URL is not absolute after filling in variables: ${rendered}`);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(step.headers)) {
    headers[name.toLowerCase()] = variables.render(Array.isArray(value) ? value.join(", ") : value);
  }
  const auth = step.auth ?? {};
  if (Object.keys(auth).length > 0) {
    if (auth.auth_type !== "basic") throw new StepError(`auth type "${String(auth.auth_type)}" is not supported by the replayer (only basic)`);
    const credentials = `${variables.render(stringify(auth.username))}:${variables.render(stringify(auth.password))}`;
    headers.authorization = `Basic ${Buffer.from(credentials, "utf8").toString("base64")}`;
  }
  if ((step.multipart_form ?? []).length > 0) throw new StepError("multipart form bodies are not supported by the replayer");
  let body = step.body ? variables.render(step.body) : "";
  const form = Object.entries(step.form ?? {});
  if (body === "" && form.length > 0) {
    const params = new URLSearchParams();
    for (const [name, value] of form) for (const item of Array.isArray(value) ? value : [value]) params.append(variables.render(name), variables.render(item));
    body = params.toString();
    headers["content-type"] ??= "application/x-www-form-urlencoded";
  }
  return { method: step.method.toUpperCase(), url, headers, body, ...(body === "" ? {} : { bodyToSend: body }) };
}

async function send(built: ScriptRequest & { bodyToSend?: string }, run: RequestRun): Promise<RunscopeResponse> {
  const timeoutMs = run.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const limit = deadline(timeoutMs, run.options.signal);
  const started = performance.now();
  let response: Dispatcher.ResponseData;
  let text: string;
  try {
    response = await request(built.url, {
      method: built.method as Dispatcher.HttpMethod,
      headers: built.headers,
      body: built.bodyToSend,
      dispatcher: run.dispatcher,
      signal: limit.signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    text = await response.body.text();
  } finally {
    limit.release();
  }
  const durationMs = Math.round(performance.now() - started);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return { status: response.statusCode, headers, text, json: parseJson(text), durationMs, sizeBytes: Buffer.byteLength(text) };
}

function extractVariables(step: RunscopeRequestStep, response: RunscopeResponse | undefined, variables: RunscopeVariables): void {
  if (!response) return;
  for (const variable of step.variables) {
    if (!variable.name) continue;
    const read = readSource(response, variable.source, variable.property);
    if ("value" in read && read.value !== undefined) variables.set(variable.name, read.value);
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  const code = (error as { code?: string }).code ?? cause?.code;
  return `request failed: ${code ? `${code} ` : ""}${(error as Error).message}`;
}
