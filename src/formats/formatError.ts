/** An unreadable or malformed file in one of the field's formats: names the file, the element and the problem. */
export class FormatError extends Error {
  constructor(
    readonly file: string,
    /** The element or key at fault, e.g. `<issue index="2" name="Drinks"> (line 14)` or `issueWeights.price`. */
    readonly element: string | null,
    readonly problem: string,
  ) {
    super(`${file}: ${element ? `${element}: ` : ""}${problem}`);
    this.name = "FormatError";
  }
}

/** A scenario that is valid in its own format but uses a feature Zopa's model cannot express yet. */
export class UnsupportedFormatError extends FormatError {
  constructor(file: string, element: string | null, problem: string) {
    super(file, element, problem);
    this.name = "UnsupportedFormatError";
  }
}

/** A scenario that a format cannot carry at all (not a loss to warn about): the user can change the scenario. */
export class ExportError extends Error {
  constructor(
    /** The format, e.g. "GENIUS". */
    readonly format: string,
    readonly problem: string,
  ) {
    super(problem);
    this.name = "ExportError";
  }
}
