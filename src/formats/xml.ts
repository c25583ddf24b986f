/**
 * A lenient XML reader for the field's files, which are often not well-formed (raw `&`, missing spaces
 * between attributes, broken quotes, comments before the declaration). htmlparser2 in xmlMode tolerates all
 * of these; this module turns its output into a small element tree with line numbers for error messages.
 */
import { parseDocument } from "htmlparser2";
import { formatError } from "../errors.ts";

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** 1-based line of the start tag. */
  line: number;
}

interface DomNode {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
  startIndex?: number | null;
}

/** Elements nested deeper than this are refused: GENIUS and KTAB files nest fewer than 10 deep. */
export const MAX_XML_DEPTH = 100;

/**
 * Parses XML text into its root element (the first top-level element), or null when there is none. Entities
 * are not expanded (no DTD is read, so no entity bomb); nesting beyond MAX_XML_DEPTH is a `format` error
 * naming `file`.
 */
export function parseXml(text: string, file = "(XML)"): XmlElement | null {
  const doc = parseDocument(text, { xmlMode: true, withStartIndices: true }) as unknown as DomNode;
  const lineStarts: number[] = [0];
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) === 10) lineStarts.push(k + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const convert = (node: DomNode, depth: number): XmlElement => {
    if (depth > MAX_XML_DEPTH)
      throw formatError(
        file,
        `<${node.name}> (line ${lineOf(node.startIndex ?? 0)})`,
        `elements nested more than ${MAX_XML_DEPTH} deep: not a GENIUS file`,
      );
    return {
      name: node.name ?? "",
      attrs: node.attribs ?? {},
      children: (node.children ?? []).filter(isTag).map((c) => convert(c, depth + 1)),
      line: lineOf(node.startIndex ?? 0),
    };
  };
  const root = (doc.children ?? []).find(isTag);
  return root ? convert(root, 1) : null;
}

function isTag(node: DomNode): boolean {
  return node.type === "tag";
}

/** Child elements with this (case-insensitive) name. */
export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  const lower = name.toLowerCase();
  return el.children.filter((c) => c.name.toLowerCase() === lower);
}

/** An attribute by case-insensitive name. */
export function attr(el: XmlElement, name: string): string | undefined {
  if (name in el.attrs) return el.attrs[name];
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(el.attrs)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** A number from an attribute, tolerating stray quotes and spaces around it (`index=2"`); NaN when absent. */
export function numberAttr(el: XmlElement, name: string): number {
  const raw = attr(el, name);
  if (raw === undefined) return Number.NaN;
  const m = /[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(raw);
  return m ? Number(m[0]) : Number.NaN;
}

/** `<issue index="2" name="Drinks">` for error messages. */
export function describeElement(el: XmlElement): string {
  const keys = ["index", "name", "value"].filter((k) => attr(el, k) !== undefined);
  return `<${el.name}${keys.map((k) => ` ${k}="${attr(el, k)}"`).join("")}>`;
}

/** An element and its line for error messages: `<issue index="2" name="Drinks"> (line 14)`. */
export function where(el: XmlElement): string {
  return `${describeElement(el)} (line ${el.line})`;
}
