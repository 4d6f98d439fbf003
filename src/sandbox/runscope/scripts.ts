import { createContext, runInContext } from "node:vm";
import type { RunscopeResponse } from "./assertions.js";
import type { RunscopeVariables } from "./variables.js";

/** What a script sees of the request it runs before or after (Runscope's `request` object). */
export interface ScriptRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface ScriptOutcome {
  passed: boolean;
  /** The first failed assertion or thrown error, when not passed. */
  error?: string;
  /** What the script passed to log(). */
  logs: string[];
}

/** A script that loops must not hang the replay. */
const SCRIPT_TIMEOUT_MS = 2_000;

type Chai = { assert: unknown; expect: unknown };
let chai: Promise<Chai> | undefined;

/** Runscope's scripts assert with Chai; loaded only when a test has a script. */
function loadChai(): Promise<Chai> {
  chai ??= import("chai") as Promise<Chai>;
  return chai;
}

/**
 * Run a Runscope script (initial, before- or after-request) in a fresh vm context holding what
 * Runscope gives scripts: `variables.get/set`, `request`, `response` (`status`, `headers`, `body`,
 * `response_time`, `size`), Chai's `assert` and `expect`, and `log`. A vm context keeps the
 * script away from this process's modules and globals by accident, not by force: replay only
 * files you trust, as you would run them in Runscope.
 */
export async function runScript(
  source: string,
  variables: RunscopeVariables,
  subject: { request?: ScriptRequest; response?: RunscopeResponse } = {},
): Promise<ScriptOutcome> {
  const logs: string[] = [];
  if (source.trim() === "") return { passed: true, logs };
  const { assert, expect } = await loadChai();
  const response = subject.response
    ? {
        status: subject.response.status,
        headers: Object.fromEntries(Object.entries(subject.response.headers).map(([name, value]) => [name, [value]])),
        body: subject.response.text,
        response_time: subject.response.durationMs,
        size: subject.response.sizeBytes,
      }
    : undefined;
  const context = createContext({
    variables: { get: (name: string) => variables.get(name), set: (name: string, value: unknown) => variables.set(name, value) },
    request: subject.request ? structuredClone(subject.request) : undefined,
    response,
    assert,
    expect,
    log: (...values: unknown[]) => logs.push(values.map((value) => (typeof value === "string" ? value : JSON.stringify(value))).join(" ")),
  });
  try {
    runInContext(source, context, { timeout: SCRIPT_TIMEOUT_MS, filename: "runscope-script.js" });
    return { passed: true, logs };
  } catch (error) {
    return { passed: false, error: error instanceof Error ? error.message : String(error), logs };
  }
}
