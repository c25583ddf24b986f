/**
 * BDM-style stakeholder CSV: a header row, then `actor, capability, position, salience` per actor (one issue).
 * Header names vary between sources (Stakeholder/Resources/Clout/…); the column order is what counts.
 */
import type { Actor, StakeholderIssue } from "../../forecast/types.ts";
import { numberField, parseDelimited } from "./delimited.ts";
import { ProblemList } from "./formatError.ts";

export interface BdmCsvOptions {
  /** File name shown in problems, and the issue id (without extension) unless `id` is given. */
  file?: string;
  id?: string;
  /** Salience scale: `auto` (0–100 when any value exceeds 1, else 0–1), `unit` (0–1) or `percent` (0–100). */
  salienceScale?: "auto" | "unit" | "percent";
}

const COLUMNS = ["actor", "capability", "position", "salience"] as const;

/** Parses a BDM-style CSV; throws StakeholderFormatError listing every malformed row. */
export function parseBdmCsv(text: string, options: BdmCsvOptions = {}): StakeholderIssue {
  const problems = new ProblemList(options.file);
  const rows = parseDelimited(text, ",");
  if (rows.length < 2) {
    problems.add(
      rows[0]?.line ?? 1,
      1,
      undefined,
      "expected a header row and at least one actor row (actor, capability, position, salience)",
    );
    problems.throwIfAny();
  }
  const header = rows[0];
  if (header.fields.length < 4)
    problems.add(
      header.line,
      1,
      undefined,
      `the header has ${header.fields.length} column(s); expected 4: actor, capability, position, salience`,
    );
  problems.throwIfAny();
  const raw: { actor: Actor; line: number; column: number }[] = [];
  for (const row of rows.slice(1)) {
    const f = row.fields;
    if (f.length !== 4 && !(f.length > 4 && f.slice(4).every((x) => x.text.trim() === ""))) {
      problems.add(
        row.line,
        1,
        undefined,
        `expected 4 fields (actor, capability, position, salience), found ${f.length}`,
      );
      continue;
    }
    const name = f[0].text.trim();
    // Names may repeat in real tables (several actors in one role), so they are not required to be unique.
    if (name === "") problems.add(row.line, f[0].column, "actor", "the actor name is empty");
    const values: number[] = [];
    for (let k = 1; k < 4; k++) {
      const v = numberField(f[k].text);
      if (v === "empty") problems.add(row.line, f[k].column, COLUMNS[k], `${COLUMNS[k]} is empty`);
      else if (v === "invalid")
        problems.add(
          row.line,
          f[k].column,
          COLUMNS[k],
          `${COLUMNS[k]} "${f[k].text.trim()}" is not a number`,
        );
      else if (v < 0 && k !== 2)
        problems.add(row.line, f[k].column, COLUMNS[k], `${COLUMNS[k]} cannot be negative (got ${v})`);
      values.push(typeof v === "number" ? v : Number.NaN);
    }
    if (values[2] > 100) problems.add(row.line, f[3].column, "salience", `salience ${values[2]} exceeds 100`);
    raw.push({
      actor: { name, capability: values[0], position: values[1], salience: values[2] },
      line: row.line,
      column: f[3].column,
    });
  }
  if (raw.length === 0) problems.add(header.line, 1, undefined, "no actor rows after the header");
  problems.throwIfAny();
  const scale = options.salienceScale ?? "auto";
  const percent = scale === "percent" || (scale === "auto" && raw.some((r) => r.actor.salience > 1));
  if (scale === "unit")
    for (const r of raw)
      if (r.actor.salience > 1)
        problems.add(
          r.line,
          r.column,
          "salience",
          `salience ${r.actor.salience} exceeds 1 (salienceScale: unit)`,
        );
  problems.throwIfAny();
  const actors = raw.map((r) => ({
    ...r.actor,
    salience: percent ? r.actor.salience / 100 : r.actor.salience,
  }));
  const id = options.id ?? (options.file ? baseName(options.file) : "issue");
  return { id, actors };
}

function baseName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.[^.]+$/, "");
}
