/** Tables and headings shared by the text and Markdown renderings. */

export type Style = "text" | "markdown";

/** A Markdown table cell: pipes escaped, line breaks as spaces (a row is one line). */
function markdownCell(c: string): string {
  return c.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** A table as lines: Markdown pipes, or space-aligned columns for terminals (the last column unpadded). */
export function table(style: Style, header: string[], rows: string[][]): string[] {
  if (style === "markdown") {
    const row = (r: string[]) => `| ${r.map(markdownCell).join(" | ")} |`;
    return [row(header), `|${header.map(() => "---").join("|")}|`, ...rows.map(row)];
  }
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  const line = (r: string[]) =>
    `  ${r.map((c, k) => (k === r.length - 1 ? c : c.padEnd(widths[k]))).join("  ")}`.trimEnd();
  return [line(header), ...rows.map(line)];
}

/** A section heading: `## text` in Markdown, upper case in a terminal. */
export function heading(style: Style, text: string, level = 2): string {
  return style === "markdown" ? `${"#".repeat(level)} ${text}` : text.toUpperCase();
}
