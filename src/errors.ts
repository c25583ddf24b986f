/**
 * The one error type for problems with the user's input. Every shell maps it once: the CLI exits 2 and
 * prints the message with its location; the HTTP API answers 400 with problem+json. Anything that is not a
 * ZopaError is an internal error (a bug). Pure: no I/O, runs in a browser.
 */

/** A located problem: validation returns these as data rather than throwing. */
export interface Problem {
  /** `error` stops the work; `warning` is reported and the work goes on. */
  severity: "error" | "warning";
  /** Path inside the document, e.g. ["parties", 1, "redLines", 0, "issue"]. */
  path: (string | number)[];
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

/**
 * Stable codes (a shell or a client may switch on them; the message is for people):
 * - `usage`: an option or argument out of range, missing or contradictory;
 * - `scenario`: a scenario that fails the schema or its references (every problem in `problems`);
 * - `format`: a file in one of the field's formats (GENIUS, GeniusWeb, BDM, KTAB, DEU) unreadable or malformed;
 * - `unsupported`: valid in its own format, but a feature Zopa's model cannot express;
 * - `export`: a scenario that the target format cannot carry;
 * - `size-limit`: work refused for its size (the hint says what to do instead);
 * - `simulation`: simulation options that do not fit the scenario or protocol (`details.kind` says which);
 * - `agent`: an unknown agent name, a parameter out of range, an agent file that is not an agent;
 * - `spec`: a simulation or tournament spec, or a session snapshot, that cannot be used;
 * - `io`: a file that cannot be read or written.
 */
export type ZopaErrorCode =
  | "usage"
  | "scenario"
  | "format"
  | "unsupported"
  | "export"
  | "size-limit"
  | "simulation"
  | "agent"
  | "spec"
  | "io";

/** Where the problem is: a file (with line and column when known) and a path inside the document. */
export interface ZopaErrorLocation {
  file?: string;
  line?: number;
  column?: number;
  path?: (string | number)[];
}

export interface ZopaErrorOptions {
  location?: ZopaErrorLocation;
  /** What the user can do about it, one sentence. */
  hint?: string;
  /** Every located problem when there are several (all found at once). */
  problems?: Problem[];
  /** Machine-readable particulars, e.g. `{ kind: "agentProtocol" }` for `simulation`. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** A problem with the user's input: a stable `code`, a message, an optional location, hint and problem list. */
export class ZopaError extends Error {
  override name = "ZopaError";
  readonly code: ZopaErrorCode;
  readonly location?: ZopaErrorLocation;
  readonly hint?: string;
  readonly problems: Problem[];
  readonly details?: Record<string, unknown>;

  constructor(code: ZopaErrorCode, message: string, options: ZopaErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.location) this.location = options.location;
    if (options.hint) this.hint = options.hint;
    this.problems = options.problems ?? [];
    if (options.details) this.details = options.details;
  }

  /** The plain JSON form (for problem+json, worker messages, logs). */
  toJSON(): ZopaErrorJson {
    return {
      code: this.code,
      message: this.message,
      ...(this.location ? { location: this.location } : {}),
      ...(this.hint ? { hint: this.hint } : {}),
      ...(this.problems.length ? { problems: [...this.problems] } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }

  /** Rebuilds an error sent across a thread, process or network boundary as JSON. */
  static fromJSON(json: ZopaErrorJson): ZopaError {
    return new ZopaError(json.code, json.message, json);
  }
}

export interface ZopaErrorJson {
  code: ZopaErrorCode;
  message: string;
  location?: ZopaErrorLocation;
  hint?: string;
  problems?: Problem[];
  details?: Record<string, unknown>;
}

/** True for a ZopaError, optionally of one of the given codes. */
export function isZopaError(e: unknown, ...codes: ZopaErrorCode[]): e is ZopaError {
  return e instanceof ZopaError && (codes.length === 0 || codes.includes(e.code));
}

/** `parties[1].redLines[0].issue` */
export function formatPath(path: readonly (string | number)[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(p)) out += out === "" ? p : `.${p}`;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out === "" ? "(document)" : out;
}

/**
 * `file.yaml:12:7: error: parties[1].redLines[0].issue: unknown issue "withdrawl"`. Raw: user text in it is
 * escaped where it is printed (src/cli/io.ts printProblems, src/cli/main.ts, with src/report/escape.ts).
 */
export function formatProblem(p: Problem): string {
  const where = p.file ? `${p.file}${p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : ""}: ` : "";
  return `${where}${p.severity}: ${formatPath(p.path)}: ${p.message}`;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === "error");
}

/** "3 problems" / "1 problem", counting errors only. */
function countErrors(problems: readonly Problem[]): string {
  const n = problems.filter((p) => p.severity === "error").length;
  return `${n} problem${n === 1 ? "" : "s"}`;
}

/** A scenario that cannot be used: every problem found (schema and references), located. */
export function scenarioError(problems: Problem[]): ZopaError {
  const errors = problems.filter((p) => p.severity === "error");
  const first = errors[0];
  return new ZopaError(
    "scenario",
    `${countErrors(problems)} in the scenario:\n${errors.map(formatProblem).join("\n")}`,
    {
      problems,
      ...(first?.file ? { location: { file: first.file, line: first.line, column: first.column } } : {}),
    },
  );
}

/**
 * An unreadable or malformed file in one of the field's formats: names the file, the element at fault
 * (e.g. `<issue index="2" name="Drinks"> (line 14)` or `issueWeights.price`) and the problem.
 */
export function formatError(
  file: string,
  element: string | null,
  problem: string,
  code: "format" | "unsupported" = "format",
): ZopaError {
  return new ZopaError(code, `${file}: ${element ? `${element}: ` : ""}${problem}`, {
    location: { file },
    details: { element, problem },
  });
}

/** Located problems in a data file (stakeholder CSV/TSV/XML), all at once. */
export function dataError(problems: Problem[]): ZopaError {
  return new ZopaError(
    "format",
    `${countErrors(problems)} in the data:\n${problems.map(formatProblem).join("\n")}`,
    {
      problems,
      ...(problems[0]?.file ? { location: { file: problems[0].file, line: problems[0].line } } : {}),
    },
  );
}
