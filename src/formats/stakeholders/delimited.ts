/**
 * Delimiter-separated text (CSV, TSV) → rows of fields with their 1-based line and column, so that importers can
 * say exactly where a bad value sits. Double quotes enclose fields ("" is a quote); a quoted field may span lines.
 */

export interface Field {
  /** The field's text, quotes removed; surrounding spaces kept (importers trim). */
  text: string;
  /** 1-based column of the field's first character. */
  column: number;
}

export interface Row {
  /** 1-based line where the row starts. */
  line: number;
  fields: Field[];
}

/** Splits text into rows; blank lines are dropped. A leading byte-order mark is ignored. */
export function parseDelimited(text: string, delimiter: string): Row[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows: Row[] = [];
  let line = 1;
  let col = 1;
  let fields: Field[] = [];
  let rowLine = 1;
  let field = "";
  let fieldCol = 1;
  let quoted = false;
  let sawQuote = false;
  const endField = () => {
    fields.push({ text: field, column: fieldCol });
    field = "";
    sawQuote = false;
  };
  const endRow = () => {
    endField();
    if (!(fields.length === 1 && fields[0].text.trim() === "" && !sawQuote))
      rows.push({ line: rowLine, fields });
    fields = [];
  };
  for (let k = 0; k < text.length; k++) {
    const ch = text[k];
    if (quoted) {
      if (ch === '"' && text[k + 1] === '"') {
        field += '"';
        k++;
        col += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
      if (ch === "\n") {
        line++;
        col = 1;
      } else col++;
      continue;
    }
    if (ch === '"' && field.trim() === "") {
      quoted = true;
      sawQuote = true;
      field = "";
      col++;
      continue;
    }
    if (ch === delimiter) {
      endField();
      col++;
      fieldCol = col;
      continue;
    }
    if (ch === "\r") continue;
    if (ch === "\n") {
      endRow();
      line++;
      col = 1;
      fieldCol = 1;
      rowLine = line;
      continue;
    }
    field += ch;
    col++;
  }
  if (field !== "" || fields.length > 0) endRow();
  return rows;
}

/** A number from a field, or a message saying why it is not one. Empty → `empty`. */
export function numberField(text: string): number | "empty" | "invalid" {
  const t = text.trim();
  if (t === "") return "empty";
  const x = Number(t);
  return Number.isFinite(x) ? x : "invalid";
}
