/**
 * Errors as `application/problem+json` (RFC 9457): `type`, `title`, `status`, `detail`, and `errors` with
 * each problem's path (and line/column for YAML). A ZopaError is the user's input: 400 (size-limit: 413);
 * `HttpProblem` carries the other statuses; anything else is an internal error, answered 500 without its
 * message or stack (logged on the server's stderr instead).
 */
import type { Context } from "hono";
import { isZopaError, type Problem, type ZopaError } from "../errors.ts";

export const PROBLEM_TYPE = "application/problem+json";

/** One located problem in a problem document. */
export interface ProblemItem {
  path: (string | number)[];
  message: string;
  severity?: "error" | "warning";
  file?: string;
  line?: number;
  column?: number;
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The ZopaError code for input errors (usage, scenario, format, …). */
  code?: string;
  hint?: string;
  errors?: ProblemItem[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  412: "Precondition failed",
  413: "Content too large",
  415: "Unsupported media type",
  428: "Precondition required",
  429: "Too many requests",
  500: "Internal server error",
  503: "Service unavailable",
};

/** A problem type URI: a fragment of the API's documentation page. */
export function problemType(name: string): string {
  return `/api/v1/docs#problem-${name}`;
}

/** An HTTP error with its problem document (thrown by handlers, answered by the error handler). */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly extra: Partial<ProblemDocument> & { headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = "HttpProblem";
  }
}

function item(p: Problem): ProblemItem {
  return {
    path: p.path,
    message: p.message,
    severity: p.severity,
    ...(p.file !== undefined ? { file: p.file } : {}),
    ...(p.line !== undefined ? { line: p.line, column: p.column ?? 1 } : {}),
  };
}

/** The problem document of a ZopaError: every located problem, or its one location. */
export function zopaProblem(e: ZopaError): ProblemDocument {
  const status = e.code === "size-limit" ? 413 : 400;
  let errors = e.problems.filter((p) => p.severity === "error").map(item);
  if (!errors.length && e.location)
    errors = [
      {
        path: e.location.path ?? [],
        message: e.message,
        ...(e.location.file !== undefined ? { file: e.location.file } : {}),
        ...(e.location.line !== undefined ? { line: e.location.line, column: e.location.column ?? 1 } : {}),
      },
    ];
  return {
    type: problemType(e.code),
    title: status === 413 ? "Content too large" : `Invalid input (${e.code})`,
    status,
    detail: e.message,
    code: e.code,
    ...(e.hint ? { hint: e.hint } : {}),
    ...(errors.length ? { errors } : {}),
    ...(e.details && e.code === "size-limit" ? { estimate: e.details.estimate } : {}),
  };
}

/** The problem document of any thrown value (internal errors say only that they happened). */
export function problemOf(e: unknown): ProblemDocument {
  if (isZopaError(e)) return zopaProblem(e);
  if (e instanceof HttpProblem) {
    const { headers: _h, ...extra } = e.extra;
    return {
      type: problemType(String(e.status)),
      title: TITLES[e.status] ?? "Error",
      status: e.status,
      detail: e.detail,
      ...extra,
    };
  }
  return {
    type: problemType("internal"),
    title: TITLES[500],
    status: 500,
    detail: "an internal error occurred; it was logged on the server",
  };
}

/** Answers a problem document with its status and content type. */
export function problemResponse(c: Context, e: unknown): Response {
  const doc = problemOf(e);
  const headers: Record<string, string> = { "content-type": PROBLEM_TYPE };
  if (e instanceof HttpProblem && e.extra.headers) Object.assign(headers, e.extra.headers);
  return c.body(JSON.stringify(doc), doc.status as 400, headers);
}
