/**
 * Stakeholder tables as forecast inputs: BDM CSV, KTAB CSV or XML, DEU TSV, told apart by extension (and, for
 * CSV, the second line). Reads the file when given a path; malformed data is a `format` ZopaError listing every
 * located problem.
 */
import { isZopaError, ZopaError } from "../errors.ts";
import type { StakeholderIssue } from "../forecast/types.ts";
import { parseBdmCsv } from "../formats/stakeholders/bdmCsv.ts";
import { type DeuIssue, parseDeuTsv } from "../formats/stakeholders/deuTsv.ts";
import { ktabIssues } from "../formats/stakeholders/ktab.ts";
import { parseKtabCsv } from "../formats/stakeholders/ktabCsv.ts";
import { parseKtabXml } from "../formats/stakeholders/ktabXml.ts";
import { readInputText } from "../scenario/load.ts";

/** A file name that names a stakeholder table rather than a scenario. */
export const TABLE_NAME = /\.(csv|tsv|xml)$/i;

/** A data file's text: read from disk (an `io` ZopaError when it cannot be), or as given. */
export function tableText(file: string, text?: string): string {
  if (text !== undefined) return text;
  try {
    return readInputText(file);
  } catch (e) {
    if (isZopaError(e)) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new ZopaError(
      "io",
      `${file}: cannot read the file: ${code === "ENOENT" ? "no such file" : (e as Error).message}`,
      { location: { file } },
    );
  }
}

function deuAsIssues(issues: DeuIssue[]): StakeholderIssue[] {
  return issues.map((i) => ({
    id: i.issue,
    scale: { min: 0, max: 100 },
    actors: i.actors.map((a) => ({
      name: a.code,
      capability: 1,
      position: a.position,
      salience: a.salience / 100,
    })),
  }));
}

/** The issues of a stakeholder table (BDM CSV, KTAB CSV, KTAB XML, DEU TSV) by its name and first lines. */
export function readTables(file: string, text: string): StakeholderIssue[] {
  const lower = file.toLowerCase();
  if (lower.endsWith(".tsv")) return deuAsIssues(parseDeuTsv(text, { file }));
  if (lower.endsWith(".xml")) return ktabIssues(parseKtabXml(text, { file }));
  if (lower.endsWith(".csv")) {
    const second = text.split(/\r?\n/)[1] ?? "";
    if (/^\s*Actor\s*,\s*Description\s*,/i.test(second)) return ktabIssues(parseKtabCsv(text, { file }));
    return [parseBdmCsv(text, { file })];
  }
  throw new ZopaError(
    "usage",
    `${file}: unknown input type: give a scenario (.yaml, .yml, .json), a BDM or KTAB table (.csv) a KTAB XML (.xml) or a DEU file (.tsv)`,
  );
}
