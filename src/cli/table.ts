/**
 * A plain-text table for list commands: columns padded to their widest cell, two spaces apart,
 * the last column left ragged. `styleHeader` styles the header line (e.g. bold) after padding, so
 * escape codes do not count toward widths. With `width`, the last column is cut (at a word, with
 * "…") so that every line fits; the other columns are kept whole.
 */
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  styleHeader: (line: string) => string = (line) => line,
  options: { width?: number } = {},
): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)));
  const fixed = widths.slice(0, -1).reduce((sum, width) => sum + width + 2, 0);
  // However narrow the terminal, a cut title keeps a few words.
  const room = options.width === undefined ? Infinity : Math.max(MIN_LAST_COLUMN, options.width - fixed);
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => (column === cells.length - 1 ? cutToWidth(cell, room) : cell.padEnd(widths[column] ?? 0))).join("  ");
  return `${[styleHeader(line(header)), ...rows.map(line)].join("\n")}\n`;
}

const MIN_LAST_COLUMN = 20;

/** The text itself when it fits, else as many whole words as fit, then "…". */
function cutToWidth(text: string, width: number): string {
  if (text.length <= width) return text;
  const room = text.slice(0, width - 1);
  const lastSpace = room.lastIndexOf(" ");
  return `${(lastSpace > width / 2 ? room.slice(0, lastSpace) : room).replace(/[\s,;:—–-]+$/, "")}…`;
}
