/** Levenshtein distance (insertions, deletions, substitutions). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * What a mistyped name was probably meant to be, closest first (at most `limit`): candidates that
 * start with or contain it, then those a few edits away. For ids with a prefix ("okta-spec/06-…")
 * the part after the last "/" counts too, so "06-create-usr" finds "okta-spec/06-create-user".
 */
export function didYouMean(wanted: string, candidates: readonly string[], limit = 3): string[] {
  const needle = wanted.toLowerCase();
  return candidates
    .map((candidate) => {
      const lower = candidate.toLowerCase();
      const tail = lower.slice(lower.lastIndexOf("/") + 1);
      const contains = needle.length >= 3 && (lower.startsWith(needle) || lower.includes(needle) || (needle.length >= 4 && needle.includes(tail)));
      const distance = Math.min(editDistance(needle, lower), editDistance(needle, tail));
      return { candidate, score: contains ? 0 : distance };
    })
    .filter((entry) => entry.score <= Math.max(2, Math.floor(wanted.length / 4)))
    .sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map((entry) => entry.candidate);
}
