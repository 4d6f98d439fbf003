export { loadRunscopeTest, parseRunscopeTest } from "./format.js";
export type { RunscopeTest, RunscopeStep, RunscopeRequestStep, RunscopeAssertion } from "./format.js";
export { replayRunscopeTest } from "./replay.js";
export type { ReplayOptions, ReplayResult, StepResult } from "./replay.js";
export type { AssertionResult } from "./assertions.js";
export { formatReplay } from "./report.js";
export { oktaCrudTestVariables, oktaSpecTestVariables } from "./okta-variables.js";
