/**
 * Editing a scenario's text: a form change written into the YAML at its path (comments and layout kept, through
 * the yaml package's document model), and the parse problems grouped by line for the editor's gutter. Pure.
 */
import { parseDocument } from "yaml";
import type { Problem } from "../errors.ts";

/** The text with the value at `path` set (the path created when missing). JSON text comes back as YAML. */
export function setAtPath(text: string, path: (string | number)[], value: unknown): string {
  const doc = parseDocument(text);
  doc.setIn(path, value);
  return String(doc);
}

/** Problems by 1-based line; problems without a line are left out. */
export function problemsByLine(problems: readonly Problem[]): Map<number, Problem[]> {
  const out = new Map<number, Problem[]>();
  for (const p of problems) {
    if (p.line === undefined) continue;
    out.set(p.line, [...(out.get(p.line) ?? []), p]);
  }
  return out;
}

/** The offset of the start of a 1-based line in `text`. */
export function offsetOfLine(text: string, line: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf("\n", offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset;
}
