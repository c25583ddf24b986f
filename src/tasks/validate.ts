/**
 * The `validate` task: checks Zopa scenario documents and returns every problem with its line, column and
 * path, per document. Invalid documents are a result (`ok: false`), not an error.
 */
import { z } from "zod";
import type { Problem } from "../errors.ts";
import { readScenarioFile } from "../scenario/load.ts";
import { type ParseResult, parseScenario } from "../scenario/parse.ts";
import { hasErrors } from "../scenario/problem.ts";
import { Progress, parseRequest, type TaskOptions } from "./task.ts";

export const ValidateRequest = z
  .strictObject({
    /** One scenario document as text or object. */
    scenario: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
    /** File name shown in problems with `scenario`. */
    name: z.string().min(1).optional(),
    /** Scenario documents by file name: each is checked on its own. */
    files: z.record(z.string(), z.string()).optional(),
    /** Scenario files on disk: each is checked on its own. */
    paths: z.array(z.string().min(1)).min(1).optional(),
  })
  .superRefine((r, ctx) => {
    const given = (["scenario", "files", "paths"] as const).filter((k) => r[k] !== undefined);
    if (given.length !== 1)
      ctx.addIssue({
        code: "custom",
        path: given.length === 0 ? ["scenario"] : [given[1]],
        message: "give one of `scenario`, `files`, `paths`",
      });
  });
export type ValidateRequest = z.input<typeof ValidateRequest>;

export interface ValidateResult {
  files: { file: string; ok: boolean; problems: Problem[] }[];
}

/** Checks each document; progress counts documents. */
export function validate(request: ValidateRequest, options: TaskOptions = {}): ValidateResult {
  const r = parseRequest("validate", ValidateRequest, request);
  const progress = new Progress("validate", options);
  const documents: { file: string; check: () => ParseResult }[] = r.paths
    ? r.paths.map((file) => ({ file, check: () => readScenarioFile(file) }))
    : r.files
      ? Object.entries(r.files).map(([file, text]) => ({ file, check: () => parseScenario(text, { file }) }))
      : [{ file: r.name ?? "(scenario)", check: () => checkGiven(r.scenario!, r.name) }];
  const files: ValidateResult["files"] = [];
  progress.report(0, documents.length, "documents");
  for (const d of documents) {
    const { problems } = d.check();
    files.push({ file: d.file, ok: !hasErrors(problems), problems });
    progress.report(files.length, documents.length, "documents");
  }
  return { files };
}

function checkGiven(scenario: string | Record<string, unknown>, name?: string): ParseResult {
  if (typeof scenario === "string") return parseScenario(scenario, { file: name });
  const result = parseScenario(JSON.stringify(scenario, null, 2), { file: name });
  // An object has no lines: its problems are located by path only.
  return { ...result, problems: result.problems.map(({ line: _l, column: _c, ...p }) => p) };
}
