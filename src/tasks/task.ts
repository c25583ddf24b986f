/**
 * What every task shares: a task is one user-facing job, one function taking a plain request (checked by its
 * zod schema) and returning a plain JSON result, with progress events and cancellation through `TaskOptions`.
 * Shells (CLI, HTTP server, workers) turn their input into a request and render the result; they derive
 * routes and documentation from the `tasks` registry in `index.ts`. No shell is imported here.
 */
import type { z } from "zod";
import { type Problem, ZopaError } from "../errors.ts";

/** One step of a long task: `done` of `total` units (done ≤ total), in order. */
export interface ProgressEvent {
  /** The task's name, e.g. "forecast". */
  task: string;
  done: number;
  total: number;
  /** What the units are or what is being done, e.g. "Monte Carlo samples". */
  message?: string;
}

export interface TaskOptions {
  /** Called as work goes on; events of one run arrive in order with done ≤ total. */
  onProgress?: (event: ProgressEvent) => void;
  /** Called once per warning about the input (an import that could not keep something exactly, a lint). */
  onWarning?: (message: string) => void;
  /** Checked between units of work: an aborted signal stops the task with the signal's reason (an AbortError). */
  signal?: AbortSignal;
}

/** A task as the registry lists it: its name, its request schema and the function that runs it. */
export interface TaskDefinition<Schema extends z.ZodType = z.ZodType, Result = unknown> {
  name: string;
  /** One line for help pages and API documentation. */
  description: string;
  request: Schema;
  run: (request: z.input<Schema>, options?: TaskOptions) => Promise<Result>;
}

/** zod's issues as located problems (paths of the bad fields; each unknown field by its own path). */
function problemsOf(error: z.ZodError): Problem[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map((k) => (typeof k === "symbol" ? String(k) : k)) as (string | number)[];
    if (issue.code === "unrecognized_keys")
      return issue.keys.map((key) => ({
        severity: "error" as const,
        path: [...path, key],
        message: `unknown field "${key}"`,
      }));
    return [{ severity: "error" as const, path, message: issue.message }];
  });
}

/**
 * The request checked against its schema, defaults filled in; an invalid request is a `usage` ZopaError with
 * every bad field's path in `problems`.
 */
export function parseRequest<Schema extends z.ZodType>(
  task: string,
  schema: Schema,
  request: unknown,
): z.output<Schema> {
  const parsed = schema.safeParse(request);
  if (parsed.success) return parsed.data;
  const problems = problemsOf(parsed.error);
  const n = problems.length;
  throw new ZopaError("usage", `invalid ${task} request: ${n} problem${n === 1 ? "" : "s"}`, { problems });
}

/** Reports progress and checks for cancellation between units of work. */
export class Progress {
  constructor(
    private readonly task: string,
    private readonly options: TaskOptions,
  ) {}

  /** Throws the signal's reason (an AbortError) when the task was cancelled. */
  check(): void {
    this.options.signal?.throwIfAborted();
  }

  /** Reports `done` of `total` (done clamped to total) after checking for cancellation. */
  report(done: number, total: number, message?: string): void {
    this.check();
    const event = { task: this.task, done: Math.min(done, total), total };
    this.options.onProgress?.(message ? { ...event, message } : event);
  }

  warn(message: string): void {
    this.options.onWarning?.(message);
  }
}
