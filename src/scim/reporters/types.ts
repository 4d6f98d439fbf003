import type { ProbeResult, RunReport } from "../report.js";

/** What a reporter learns while a run goes on; `finish` gets the whole report. */
export interface Reporter {
  /** Called once before any probe runs. */
  start?(info: {
    command: RunReport["command"];
    baseUrl: string;
    suites: string[];
    total: number;
    /** Probes per suite, for the progress line's count within the running suite ("okta-spec 3/12"). */
    suiteTotals: Record<string, number>;
  }): void;
  suiteStarted?(suite: string): void;
  probeFinished?(result: ProbeResult): void;
  suiteFinished?(suite: string): void;
  /** Write files or summaries. Must not throw for a failing run, only for I/O it cannot do. */
  finish(report: RunReport): Promise<void>;
}
