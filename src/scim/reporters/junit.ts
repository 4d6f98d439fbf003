import type { Context } from "../../core/io.js";
import { failsRun, type ProbeResult, type RunReport } from "../report.js";
import { writeReportFile } from "./output.js";
import { groupBySuite, type SuiteGroup } from "./suites.js";
import type { Reporter } from "./types.js";
import { renderXml, type XmlElement } from "./xml.js";

/**
 * JUnit XML, one <testsuite> per probe suite (sorted by name), testcases in report order.
 *
 * How statuses map, so that CI's red/green agrees with the exit code:
 * - passed → a plain testcase; warned → a passing testcase with the warning in <system-out>;
 * - skipped → <skipped message="reason"/>;
 * - failed and required → <failure> (counted in `failures`), the only thing that fails the run;
 * - failed but optional → <skipped message="optional check failed: …"/>, and failed but listed in
 *   --baseline → <skipped message="known failure (baseline): …"/>: both counted in `skipped`, with
 *   expected/actual/curl in <system-out> and a `scim-okta.outcome` property saying which it was.
 * `errors` is always 0: a probe that could not reach the server is a failure like any other.
 * Output depends only on the report: no timestamps of its own, no random ids.
 */
export class JunitReporter implements Reporter {
  constructor(
    private readonly ctx: Context,
    private readonly path: string,
  ) {}

  async finish(report: RunReport): Promise<void> {
    await writeReportFile(this.ctx, this.path, renderJunit(this.ctx.redactor.redactValue(report)), "junit");
  }
}

export function renderJunit(report: RunReport): string {
  const suites = groupBySuite(report.probes).map((group) => testsuite(group, report));
  const totals = suites.reduce(
    (sum, suite) => ({
      tests: sum.tests + suite.counts.tests,
      failures: sum.failures + suite.counts.failures,
      skipped: sum.skipped + suite.counts.skipped,
    }),
    { tests: 0, failures: 0, skipped: 0 },
  );
  return renderXml({
    name: "testsuites",
    attributes: [
      ["name", `scim-okta ${report.command}`],
      ["tests", totals.tests],
      ["failures", totals.failures],
      ["errors", 0],
      ["skipped", totals.skipped],
      ["time", seconds(report.durationMs)],
    ],
    children: suites.map((suite) => suite.element),
  });
}

function testsuite(group: SuiteGroup, report: RunReport): { element: XmlElement; counts: { tests: number; failures: number; skipped: number } } {
  const counts = {
    tests: group.probes.length,
    failures: group.probes.filter(failsRun).length,
    skipped: group.probes.filter((probe) => probe.status === "skipped" || (probe.status === "failed" && !failsRun(probe))).length,
  };
  const element: XmlElement = {
    name: "testsuite",
    attributes: [
      ["name", group.suite],
      ["tests", counts.tests],
      ["failures", counts.failures],
      ["errors", 0],
      ["skipped", counts.skipped],
      ["time", seconds(group.durationMs)],
      ["timestamp", report.startedAt],
    ],
    children: [
      {
        name: "properties",
        children: [
          property("scim-okta.target", report.target.baseUrl),
          property("scim-okta.version", report.tool.version),
          ...(report.dialect ? [property("scim-okta.dialect", report.dialect)] : []),
          ...(report.suites ? [property("scim-okta.suites", report.suites.join(","))] : []),
        ],
      },
      ...group.probes.map(testcase),
    ],
  };
  return { element, counts };
}

function testcase(probe: ProbeResult): XmlElement {
  const children: XmlElement[] = [
    {
      name: "properties",
      children: [
        property("scim-okta.required", String(probe.required)),
        property("scim-okta.reference", probe.reference),
        property("scim-okta.outcome", outcome(probe)),
      ],
    },
  ];
  if (failsRun(probe)) {
    children.push({ name: "failure", attributes: [["message", probe.message], ["type", "required check failed"]], text: details(probe) });
  } else if (probe.status === "failed") {
    const prefix = probe.baselined ? "known failure (baseline)" : "optional check failed";
    children.push({ name: "skipped", attributes: [["message", `${prefix}: ${probe.message}`]] });
    children.push({ name: "system-out", text: details(probe) });
  } else if (probe.status === "skipped") {
    children.push({ name: "skipped", attributes: [["message", probe.message]] });
  } else if (probe.status === "warned") {
    children.push({ name: "system-out", text: `warning: ${probe.message}` });
  }
  return {
    name: "testcase",
    attributes: [
      ["classname", `scim-okta.${probe.suite}`],
      ["name", `${probe.id}: ${probe.title}`],
      ["time", seconds(probe.durationMs)],
    ],
    children,
  };
}

function outcome(probe: ProbeResult): string {
  if (probe.status !== "failed") return probe.status;
  if (probe.baselined) return "baselined-failure";
  return probe.required ? "required-failure" : "optional-failure";
}

function details(probe: ProbeResult): string {
  const lines = [probe.message];
  if (probe.expected !== null) lines.push(`expected: ${probe.expected}`);
  if (probe.actual !== null) lines.push(`actual:   ${probe.actual}`);
  if (probe.curl !== null) lines.push(`curl:     ${probe.curl}`);
  lines.push(`reference: ${probe.reference}`);
  return `${lines.join("\n")}\n`;
}

function property(name: string, value: string): XmlElement {
  return { name: "property", attributes: [["name", name], ["value", value]] };
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}
