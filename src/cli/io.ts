/** Shared plumbing for CLI commands: exit codes, problem printing, output files. */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { formatProblem, type Problem } from "../scenario/problem.ts";

/** Exit codes: 0 success, 1 an internal error, 2 bad input (the user can fix it). */
export const EXIT_BAD_INPUT = 2;

/** An error the user caused and can fix: printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = "UsageError";
  }
}

export function printProblems(
  problems: readonly Problem[],
  stream: NodeJS.WritableStream = process.stderr,
): void {
  for (const p of problems) stream.write(`${formatProblem(p)}\n`);
}

/** Writes to a file (creating its folder) or to stdout. Nothing is written before the content is complete. */
export function emit(text: string, output: string | undefined): void {
  if (output === undefined || output === "-") {
    process.stdout.write(text);
    return;
  }
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, text);
}

export function choice<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(
      `${name} must be one of ${allowed.map((a) => `"${a}"`).join(", ")} (got "${value}")`,
    );
  return value as T;
}
