import { invalidPaging } from "./errors.js";

export interface PageOptions {
  /** Okta's default page size for this list, spelled out in the self link (research §14). */
  defaultLimit: number;
  maxLimit: number;
  /** Query parameters the list honours, in the order Okta re-serialises them after `limit`. */
  keptParams: readonly string[];
  /** The cursor for an item (`after`): its id, or `"0" + id` for users (research §14). */
  cursorOf: (id: string) => string;
}

export interface Page<T> {
  items: T[];
  /** The `Link` header value: self, and next when there is more. */
  link: string;
}

/**
 * Cursor paging as Okta does it: `limit` and `after` (the last item's cursor), a `Link` header
 * with rel="self" and rel="next" whose URLs the server re-serialises (limit first, ignored
 * parameters dropped, the default limit spelled out). An unknown cursor is 400 E0000029.
 */
export function paginate<T extends { id: string }>(items: readonly T[], url: URL, orgUrl: string, options: PageOptions): Page<T> {
  const limitText = url.searchParams.get("limit");
  let limit = options.defaultLimit;
  // A limit that is not a positive integer falls back to the default: the spec declares no 400 for it on most lists.
  const parsed = Number(limitText);
  if (limitText !== null && Number.isInteger(parsed) && parsed >= 1) limit = Math.min(parsed, options.maxLimit);
  const after = url.searchParams.get("after");
  let start = 0;
  if (after !== null) {
    const index = items.findIndex((item) => options.cursorOf(item.id) === after);
    if (index < 0) throw invalidPaging();
    start = index + 1;
  }
  const page = items.slice(start, start + limit);
  const kept = options.keptParams.flatMap((name) => {
    const value = url.searchParams.get(name);
    return value === null ? [] : [`${name}=${encodeURIComponent(value)}`];
  });
  const base = `${orgUrl}${url.pathname}`;
  const selfQuery = [`limit=${limit}`, ...(after !== null ? [`after=${encodeURIComponent(after)}`] : []), ...kept].join("&");
  const links = [`<${base}?${selfQuery}>; rel="self"`];
  const last = page.at(-1);
  if (last && start + limit < items.length) {
    links.push(`<${base}?${[`after=${encodeURIComponent(options.cursorOf(last.id))}`, `limit=${limit}`, ...kept].join("&")}>; rel="next"`);
  }
  return { items: page, link: links.join(", ") };
}
