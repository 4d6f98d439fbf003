// The job summary's text: what GitHub accepts, and fences no content can close.

/** GitHub refuses a step summary over 1 MiB; the rest stays in the report file. */
export const SUMMARY_LIMIT = 1024 * 1024 - 4096;

/** The summary, cut before the failure that would pass GitHub's limit, saying where the rest is. */
export function withinSummaryLimit(markdown, path, limit = SUMMARY_LIMIT) {
  if (Buffer.byteLength(markdown) <= limit) return markdown;
  let cut = markdown.slice(0, limit);
  while (Buffer.byteLength(cut) > limit - 512) cut = cut.slice(0, -1024);
  const lastHeading = cut.lastIndexOf("\n#### ");
  return `${(lastHeading > 0 ? cut.slice(0, lastHeading) : cut).trimEnd()}\n\n**The summary is cut here (GitHub's 1 MiB limit); the whole report is ${path} and the JSON beside it.**\n`;
}

/** Text in a fence no line of it can close. */
export function fenced(text) {
  const fence = "`".repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((run) => run[0].length + 1)));
  return `${fence}text\n${text}\n${fence}\n`;
}
