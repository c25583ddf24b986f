/**
 * Escaping user text (names, ids, statements, file names) for where it is shown. Pure: runs in a browser.
 *
 * - Terminal (text output, messages on stderr): control characters (C0 but line feed and tab, DEL, C1) and
 *   the bidirectional overrides, embeddings, isolates and marks (U+202A–U+202E, U+2066–U+2069, U+200E,
 *   U+200F, U+061C) are written as `\uXXXX`, so a name cannot move the cursor, clear the screen, colour the
 *   terminal or make text read in another order than it is stored (Trojan Source). `escapeText` is
 *   idempotent: escaping twice is escaping once.
 * - Markdown: `&`, `<` and `>` become entities, so user text cannot open HTML (`<script>`, `<img onerror>`);
 *   table cells escape pipes and line breaks (src/report/textTable.ts). `escapeMarkdownHtml` leaves an
 *   existing entity (`&amp;`, `&#60;`) as it is, so it too is idempotent (renderings that embed others
 *   apply it once more without harm); the price is that a user's literal `&amp;` shows as `&`.
 * - HTML: src/report/html/report.ts escapes every value (`esc`).
 * JSON output is left to JSON.stringify: it is data, not a display.
 */

/** Characters a terminal must not receive raw: C0 but \n and \t, DEL, C1, bidi controls and marks. */
const UNSAFE_RANGES: [number, number][] = [
  [0x00, 0x08],
  [0x0b, 0x1f],
  [0x7f, 0x9f],
  [0x061c, 0x061c],
  [0x200e, 0x200f],
  [0x202a, 0x202e],
  [0x2066, 0x2069],
];
const hex = (n: number): string => `\\u${n.toString(16).padStart(4, "0")}`;
const UNSAFE_TERMINAL = new RegExp(`[${UNSAFE_RANGES.map(([a, b]) => `${hex(a)}-${hex(b)}`).join("")}]`, "g");

const hex4 = (c: string): string => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;

/** Text for a terminal: unsafe characters as `\uXXXX` (line feeds and tabs kept). */
export function escapeText(text: string): string {
  return text.replace(UNSAFE_TERMINAL, hex4);
}

/** Like `escapeText`, and line feeds, tabs and carriage returns too: for one-line values (a table cell, a name). */
export function escapeInline(text: string): string {
  return escapeText(text).replace(/[\n\t]/g, hex4);
}

/** True when `text` holds a character `escapeText` would escape. */
export function hasUnsafeTerminalText(text: string): boolean {
  UNSAFE_TERMINAL.lastIndex = 0;
  const found = UNSAFE_TERMINAL.test(text);
  UNSAFE_TERMINAL.lastIndex = 0;
  return found;
}

/** A whole Markdown document or fragment: HTML special characters as entities, existing entities kept. */
export function escapeMarkdownHtml(markdown: string): string {
  return markdown
    .replace(/&(?!(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});)/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/** Markdown shown in a terminal or file: HTML escaped and terminal-unsafe characters as `\uXXXX`. */
export function escapeMarkdown(markdown: string): string {
  return escapeText(escapeMarkdownHtml(markdown));
}

/** A rendering in `style`: text escaped for the terminal, Markdown for HTML and the terminal. */
export function escapeRendering(text: string, style: "text" | "markdown"): string {
  return style === "markdown" ? escapeMarkdown(text) : escapeText(text);
}
