/**
 * A plain-text table for list commands: columns padded to their widest cell, two spaces apart,
 * the last column left ragged. `styleHeader` styles the header line (e.g. bold) after padding, so
 * escape codes do not count toward widths.
 */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], styleHeader: (line: string) => string = (line) => line): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join("  ");
  return `${[styleHeader(line(header)), ...rows.map(line)].join("\n")}\n`;
}
