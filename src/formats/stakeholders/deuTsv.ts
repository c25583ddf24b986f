/**
 * DEU III (Arregui & Perarnaud, doi:10.34810/data53) as a tab-separated file: row 1 the header, row 2 per-actor
 * GDP figures under the position columns (not an issue), then one row per issue. Positions `p…` and saliences
 * `s…` (Commission, Parliament, member states) are 0–100; a blank position means the actor took none.
 */
import type { DeuActor, DeuIssue } from "../../forecast/deu.ts";
import { numberField, parseDelimited } from "./delimited.ts";
import { ProblemList } from "./formatError.ts";

// The data model lives in forecast (the backtest's input); this reader fills it. Re-exported for readers' users.
export type { DeuActor, DeuIssue } from "../../forecast/deu.ts";

const REQUIRED = ["prnr", "prname", "isnr", "type", "council", "proc", "counvte", "intro", "rp", "out"];
const ID_COLUMNS = new Set(["prnrnmc", "prnr", "prname", "proc", "proccde"]);

/**
 * The year in `intro`. The file mixes `dd-mm-yy`, `dd-mm-yyyy` and spreadsheet-mangled `yyyy-mm-dd` whose last
 * field is really the two-digit year (`2029-09-04` is 29-09-04, in proposal d04218); two-digit years below 50
 * are 20xx.
 */
export function introYear(text: string): number | undefined {
  const m = /^(\d{1,4})-(\d{1,2})-(\d{1,4})$/.exec(text.trim());
  if (!m) return undefined;
  const last = m[3];
  if (last.length === 4) return Number(last);
  const yy = Number(last);
  return yy < 50 ? 2000 + yy : 1900 + yy;
}

/** Parses the DEU TSV; throws StakeholderFormatError listing every malformed cell. */
export function parseDeuTsv(text: string, options: { file?: string } = {}): DeuIssue[] {
  const problems = new ProblemList(options.file);
  const rows = parseDelimited(text, "\t");
  if (rows.length < 3) {
    problems.add(1, 1, undefined, "expected a header row, the GDP row and at least one issue row");
    problems.throwIfAny();
  }
  const header = rows[0].fields.map((f) => f.text.trim());
  const col = new Map(header.map((h, k) => [h, k]));
  const missing = REQUIRED.filter((name) => !col.has(name));
  if (missing.length > 0)
    problems.add(
      rows[0].line,
      1,
      undefined,
      `the header lacks ${missing.map((m) => `"${m}"`).join(", ")}: is this a DEU III file (tab-separated, header on line 1)?`,
    );
  const codes = header.filter((h) => h.startsWith("p") && !ID_COLUMNS.has(h)).map((h) => h.slice(1));
  if (codes.length === 0)
    problems.add(rows[0].line, 1, undefined, "the header has no position columns (pcom, pep, …)");
  for (const code of codes)
    if (!col.has(`s${code}`))
      problems.add(
        rows[0].line,
        1,
        `s${code}`,
        `position column "p${code}" has no salience column "s${code}"`,
      );
  problems.throwIfAny();
  const gdpRow = rows[1];
  const gdp = codes.map((code) => {
    const cell = gdpRow.fields[col.get(`p${code}`)!];
    const v = cell ? numberField(cell.text) : "empty";
    if (v === "invalid")
      problems.add(gdpRow.line, cell.column, `p${code}`, `GDP figure "${cell.text}" is not a number`);
    return typeof v === "number" ? v : 0;
  });
  const issues: DeuIssue[] = [];
  for (const row of rows.slice(2)) {
    const f = row.fields;
    if (f.length !== header.length) {
      problems.add(
        row.line,
        1,
        undefined,
        `expected ${header.length} tab-separated fields, found ${f.length}`,
      );
      continue;
    }
    const text = (name: string) => f[col.get(name)!].text.trim();
    const score = (name: string): number | undefined => {
      const cell = f[col.get(name)!];
      const v = numberField(cell.text);
      if (v === "empty") return undefined;
      if (v === "invalid") {
        problems.add(row.line, cell.column, name, `"${cell.text}" is not a number`);
        return undefined;
      }
      if (v < 0 || v > 100) {
        problems.add(row.line, cell.column, name, `${v} is outside the 0–100 scale`);
        return undefined;
      }
      return v;
    };
    const actors: DeuActor[] = [];
    codes.forEach((code, k) => {
      const position = score(`p${code}`);
      const salience = score(`s${code}`);
      if (position !== undefined)
        actors.push({
          code,
          position,
          salience: salience ?? 0,
          salienceRecorded: salience !== undefined,
          gdp: gdp[k],
        });
    });
    issues.push({
      proposal: text("prnr"),
      proposalName: text("prname"),
      issue: text("isnr"),
      type: text("type"),
      council: text("council"),
      procedure: text("proc"),
      vote: text("counvte"),
      year: introYear(text("intro")),
      actors,
      referencePoint: score("rp"),
      outcome: score("out"),
      line: row.line,
    });
  }
  problems.throwIfAny();
  return issues;
}
