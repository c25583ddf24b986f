/** A located problem found in a scenario: validation returns these as data rather than throwing. */
export interface Problem {
  /** `error` stops the analysis; `warning` is reported and the analysis goes on. */
  severity: "error" | "warning";
  /** Path inside the scenario document, e.g. ["parties", 1, "redLines", 0, "issue"]. */
  path: (string | number)[];
  message: string;
  file?: string;
  line?: number;
  column?: number;
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

/** `file.yaml:12:7: error: parties[1].redLines[0].issue: unknown issue "withdrawl"` */
export function formatProblem(p: Problem): string {
  const where = p.file ? `${p.file}${p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : ""}: ` : "";
  return `${where}${p.severity}: ${formatPath(p.path)}: ${p.message}`;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === "error");
}

/** Thrown at the edges (CLI, loaders) when a scenario cannot be used; carries every problem found. */
export class ScenarioError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    const errors = problems.filter((p) => p.severity === "error");
    super(
      `${errors.length} problem${errors.length === 1 ? "" : "s"} in the scenario:\n${errors.map(formatProblem).join("\n")}`,
    );
    this.name = "ScenarioError";
    this.problems = problems;
  }
}
