/** Located problems in stakeholder data files, thrown together (one ZopaError) so the user can fix them all at once. */
import { dataError, type Problem } from "../../errors.ts";

/** Collects located problems while a file is read; `throwIfAny` ends the import when there were some. */
export class ProblemList {
  readonly problems: Problem[] = [];
  constructor(readonly file: string | undefined) {}

  /**
   * `row` (the file's line) and `column` are 1-based, as an editor shows them; `field` names the field (a column
   * name, or a path such as ["dCoord", 2]). The problem's path reads `line[12].pfr`.
   */
  add(
    row: number,
    column: number | undefined,
    field: string | (string | number)[] | undefined,
    message: string,
  ): void {
    this.problems.push({
      severity: "error",
      path: ["line", row, ...(Array.isArray(field) ? field : field ? [field] : [])],
      message,
      file: this.file,
      line: row,
      column,
    });
  }

  throwIfAny(): void {
    if (this.problems.length > 0) throw dataError(this.problems);
  }
}
