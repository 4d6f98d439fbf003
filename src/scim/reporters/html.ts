import type { Context } from "../../core/io.js";
import { failsRun, type ProbeResult, type ReportExchange, type RunReport } from "../report.js";
import { writeReportFile } from "./output.js";
import { withPrintableText } from "./printable.js";
import { formatDuration, groupBySuite, verdictLine, type SuiteGroup } from "./suites.js";
import type { Reporter } from "./types.js";

/**
 * One self-contained HTML page: inline CSS, a few lines of optional JS (expand/collapse all), no
 * external assets, and a Content-Security-Policy that forbids loading any. Probes and exchanges are
 * <details> elements, so the page works without JS; failed probes are open from the start.
 */
export class HtmlReporter implements Reporter {
  constructor(
    private readonly ctx: Context,
    private readonly path: string,
  ) {}

  async finish(report: RunReport): Promise<void> {
    await writeReportFile(this.ctx, this.path, renderHtml(this.ctx.redactor.redactValue(report)), "html");
  }
}

export function renderHtml(unsafeReport: RunReport): string {
  const report = withPrintableText(unsafeReport);
  const groups = groupBySuite(report.probes);
  const failing = report.summary.requiredFailed > 0;
  const title = `scim-okta ${report.command}: ${report.target.baseUrl}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>scim-okta ${escapeHtml(report.command)} report</h1>
<dl class="meta">
<dt>Target</dt><dd><code>${escapeHtml(report.target.baseUrl)}</code></dd>
${report.dialect ? `<dt>Dialect</dt><dd>${escapeHtml(report.dialect)}</dd>\n` : ""}${report.suites && report.suites.length > 0 ? `<dt>Suites</dt><dd>${escapeHtml(report.suites.join(", "))}</dd>\n` : ""}<dt>Tool</dt><dd>${escapeHtml(report.tool.name)} ${escapeHtml(report.tool.version)}</dd>
<dt>Started</dt><dd><time datetime="${escapeHtml(report.startedAt)}">${escapeHtml(report.startedAt)}</time></dd>
<dt>Duration</dt><dd>${escapeHtml(formatDuration(report.durationMs))}</dd>
</dl>
</header>
<main>
<section class="summary ${failing ? "fail" : "pass"}" aria-label="Summary">
<p class="verdict">${failing ? "FAIL" : "PASS"} <span id="verdict-line">${escapeHtml(verdictLine(report.summary))}</span></p>
${summaryTable(groups, report)}
</section>
<p class="controls" hidden><button type="button" data-open="true">Expand all</button> <button type="button" data-open="false">Collapse all</button></p>
${leftovers(report)}${groups.map(suiteSection).join("\n")}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function summaryTable(groups: readonly SuiteGroup[], report: RunReport): string {
  const row = (name: string, counts: { passed: number; failed: number; warned: number; skipped: number }, tag = "td") =>
    `<tr><${tag === "th" ? 'th scope="row"' : "td"}>${escapeHtml(name)}</${tag}><td>${counts.passed}</td><td>${counts.failed}</td><td>${counts.warned}</td><td>${counts.skipped}</td></tr>`;
  return `<table class="counts">
<thead><tr><th scope="col">Suite</th><th scope="col">Passed</th><th scope="col">Failed</th><th scope="col">Warned</th><th scope="col">Skipped</th></tr></thead>
<tbody>
${groups.map((group) => row(group.suite, group.counts)).join("\n")}
</tbody>
<tfoot>${row("Total", report.summary, "th")}</tfoot>
</table>
<p class="required-note">${report.summary.requiredFailed} required ${report.summary.requiredFailed === 1 ? "check" : "checks"} failed; optional and baselined failures do not fail the run.</p>`;
}

function leftovers(report: RunReport): string {
  if (report.leftovers.length === 0) return "";
  const items = report.leftovers
    .map((leftover) => `<li><code>${escapeHtml(leftover.type)} ${escapeHtml(leftover.id)}</code>: ${escapeHtml(leftover.reason)}</li>`)
    .join("\n");
  return `<section class="leftovers"><h2>Left behind (remove by hand)</h2><ul>\n${items}\n</ul></section>\n`;
}

function suiteSection(group: SuiteGroup): string {
  const counts = `${group.counts.passed} passed, ${group.counts.failed} failed, ${group.counts.warned} warned, ${group.counts.skipped} skipped`;
  return `<section class="suite" id="suite-${escapeHtml(slug(group.suite))}">
<h2>${escapeHtml(group.suite)} <small>${escapeHtml(counts)}</small></h2>
${group.probes.map(probeDetails).join("\n")}
</section>`;
}

function probeDetails(probe: ProbeResult): string {
  const open = probe.status === "failed" ? " open" : "";
  const kind = probe.required ? "required" : "optional";
  const fields: string[] = [
    field("Reference", referenceHtml(probe.reference)),
    field("Message", `<span class="message">${escapeHtml(probe.message)}</span>`),
  ];
  if (probe.expected !== null) fields.push(field("Expected", `<pre>${escapeHtml(probe.expected)}</pre>`));
  if (probe.actual !== null) fields.push(field("Actual", `<pre>${escapeHtml(probe.actual)}</pre>`));
  if (probe.curl !== null) fields.push(field("curl", `<pre class="curl">${escapeHtml(probe.curl)}</pre>`));
  const exchanges =
    probe.exchanges.length === 0
      ? `<p class="none">No HTTP exchanges recorded.</p>`
      : `<h4>HTTP exchanges (${probe.exchanges.length})</h4>\n${probe.exchanges.map((exchange) => exchangeDetails(exchange, probe.status === "failed")).join("\n")}`;
  const blocking = failsRun(probe) ? " blocking" : "";
  return `<details class="probe ${probe.status}${blocking}" id="probe-${escapeHtml(slug(probe.id))}"${open}>
<summary><span class="head"><span class="badge ${probe.status}">${escapeHtml(probe.status)}</span> <span class="tag ${kind}">${kind}</span>${probe.baselined ? ' <span class="tag baselined">baselined</span>' : ""} <code class="id">${escapeHtml(probe.id)}</code> <span class="title">${escapeHtml(probe.title)}</span></span> <span class="duration">${escapeHtml(formatDuration(probe.durationMs))}</span></summary>
<div class="body">
<dl class="fields">
${fields.join("\n")}
</dl>
${exchanges}
</div>
</details>`;
}

function exchangeDetails(exchange: ReportExchange, open: boolean): string {
  const status = exchange.status === null ? "no response" : String(exchange.status);
  const statusClass = exchange.status === null || exchange.status >= 400 ? "bad" : "ok";
  const parts: string[] = [];
  if (exchange.error !== undefined) parts.push(`<p class="error">${escapeHtml(exchange.error)}</p>`);
  parts.push(`<h5>Request</h5>`, `<pre class="http">${escapeHtml(`${exchange.method} ${exchange.url}`)}${headersText(exchange.requestHeaders)}</pre>`);
  if (exchange.requestBody !== undefined) parts.push(`<pre class="body">${escapeHtml(prettyBody(exchange.requestBody))}</pre>`);
  parts.push(`<h5>Response</h5>`, `<pre class="http">${escapeHtml(status)}${headersText(exchange.responseHeaders)}</pre>`);
  if (exchange.responseBody !== undefined) parts.push(`<pre class="body">${escapeHtml(prettyBody(exchange.responseBody))}</pre>`);
  return `<details class="exchange"${open ? " open" : ""}>
<summary><span class="head"><code class="request-line">${escapeHtml(exchange.method)} ${escapeHtml(exchange.url)}</code> → <span class="status ${statusClass}">${escapeHtml(status)}</span></span> <span class="duration">${escapeHtml(formatDuration(exchange.durationMs))}</span></summary>
${parts.join("\n")}
</details>`;
}

function headersText(headers: Record<string, string> | undefined): string {
  if (!headers) return "";
  return escapeHtml(
    Object.entries(headers)
      .map(([name, value]) => `\n${name}: ${value}`)
      .join(""),
  );
}

/** JSON bodies indented for reading; anything else as sent. */
function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function field(label: string, html: string): string {
  return `<dt>${label}</dt><dd>${html}</dd>`;
}

function referenceHtml(reference: string): string {
  return /^https:\/\/[^\s"<>]+$/.test(reference)
    ? `<a href="${escapeHtml(reference)}" rel="noreferrer noopener">${escapeHtml(reference)}</a>`
    : escapeHtml(reference);
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]+/g, "-");
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const CSS = `
:root{color-scheme:light dark;--fg:#1f2328;--bg:#fff;--muted:#59636e;--line:#d1d9e0;--panel:#f6f8fa;--pass:#1a7f37;--fail:#cf222e;--warn:#9a6700;--skip:#59636e}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9198a1;--line:#3d444d;--panel:#151b23;--pass:#3fb950;--fail:#f85149;--warn:#d29922;--skip:#9198a1}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:72rem;padding:1.5rem;font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{margin:.25rem 0;padding:.5rem .75rem;background:var(--panel);border:1px solid var(--line);border-radius:6px;overflow-x:auto;white-space:pre-wrap;word-break:break-word}
h1{font-size:1.5rem;margin:0 0 .5rem}
h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
h2 small{font-weight:normal;color:var(--muted);font-size:.85rem}
h4,h5{margin:.75rem 0 .25rem}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:0;color:var(--muted)}
.meta dd{margin:0;color:var(--fg);min-width:0;overflow-wrap:anywhere}
.summary{margin:1.25rem 0;padding:1rem;border:1px solid var(--line);border-left:6px solid var(--pass);border-radius:6px}
.summary.fail{border-left-color:var(--fail)}
.verdict{font-size:1.15rem;font-weight:600;margin:0 0 .75rem}
.summary.pass .verdict{color:var(--pass)}.summary.fail .verdict{color:var(--fail)}
.verdict span{color:var(--fg);font-weight:normal;margin-left:.5rem}
.counts{border-collapse:collapse;max-width:100%}
.counts th,.counts td{padding:.2rem .8rem;border-bottom:1px solid var(--line);text-align:right}
.counts th:first-child,.counts td:first-child{text-align:left}
.required-note{color:var(--muted);margin:.5rem 0 0;font-size:.9rem}
details.probe{border:1px solid var(--line);border-radius:6px;margin:.4rem 0;background:var(--bg)}
details>summary{display:flex;align-items:baseline;gap:1rem;cursor:pointer;list-style:none}
details>summary::-webkit-details-marker{display:none}
details>summary::before{content:"\\25B8";flex:none;width:.8rem;margin-right:-.6rem;color:var(--muted)}
details[open]>summary::before{content:"\\25BE"}
summary>.head{flex:1 1 auto;min-width:0;overflow-wrap:anywhere}
summary>.duration{flex:none;margin-left:auto;white-space:nowrap}
details.probe>summary{padding:.45rem .75rem}
details.probe.failed{border-color:var(--warn)}
details.probe.failed.blocking{border-color:var(--fail);border-width:2px}
details.probe>.body{padding:0 .75rem .75rem;border-top:1px solid var(--line)}
.badge{display:inline-block;min-width:4.6rem;text-align:center;padding:0 .4rem;border-radius:1rem;color:#fff;font-size:.8rem;font-weight:600;text-transform:uppercase}
.badge.passed{background:var(--pass)}.badge.failed{background:var(--fail)}.badge.warned{background:var(--warn)}.badge.skipped{background:var(--skip)}
.tag{font-size:.75rem;border:1px solid var(--line);border-radius:1rem;padding:0 .4rem;color:var(--muted)}
.tag.required{font-weight:600}
.title{font-weight:500}
.duration{color:var(--muted);font-size:.85rem}
.fields{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:.75rem 0}
.fields dt{font-weight:600;color:var(--muted)}.fields dd{margin:0;min-width:0;overflow-wrap:anywhere}
details.exchange{border-left:3px solid var(--line);margin:.4rem 0;padding-left:.6rem}
details.exchange>summary{padding:.1rem 0}
.status.ok{color:var(--pass);font-weight:600}.status.bad{color:var(--fail);font-weight:600}
.error{color:var(--fail)}
.message{white-space:pre-wrap}
.none{color:var(--muted)}
.controls button{font:inherit;padding:.15rem .6rem}
.leftovers{border:1px solid var(--warn);border-radius:6px;padding:0 1rem;margin:1rem 0;overflow-wrap:anywhere}
@media (max-width:32rem){body{padding:.75rem;font-size:14px}.summary{padding:.75rem}.counts th,.counts td{padding:.2rem .35rem}.badge{min-width:0}.fields{grid-template-columns:1fr;gap:0}.fields dd{margin-bottom:.5rem}}
`;

/** Only adds the expand/collapse buttons; everything else works without it. */
const SCRIPT = `
(function(){var c=document.querySelector(".controls");if(!c)return;c.hidden=false;
c.addEventListener("click",function(e){var b=e.target.closest("button");if(!b)return;var o=b.getAttribute("data-open")==="true";
document.querySelectorAll("details.probe").forEach(function(d){d.open=o;});});})();
`;
