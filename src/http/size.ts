/**
 * Byte sizes as people write them on the command line (`--max-body 5MB`) and as messages show
 * them. K, M and G are binary multiples (1 MB = 1024 × 1024 bytes), as in formatBytes.
 */
const UNITS: Record<string, number> = { "": 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 };

/** `5MB`, `512 KB`, `2m`, `1048576` → bytes; undefined when it is not a positive size. */
export function parseByteSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!match?.[1]) return undefined;
  const unit = UNITS[(match[2] ?? "").toLowerCase()];
  if (unit === undefined) return undefined;
  const bytes = Math.floor(Number(match[1]) * unit);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}

/** `5 MB`, `1.5 MB`, `512 KB`, `900 bytes`. */
export function formatBytes(bytes: number): string {
  const show = (value: number, unit: string) => `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
  if (bytes >= 1024 ** 3) return show(bytes / 1024 ** 3, "GB");
  if (bytes >= 1024 ** 2) return show(bytes / 1024 ** 2, "MB");
  if (bytes >= 1024) return show(bytes / 1024, "KB");
  return `${bytes} bytes`;
}
