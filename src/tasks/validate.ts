/**
 * The `validate` task: checks Zopa scenario documents and returns every problem with its line, column and
 * path, per document. Invalid documents are a result (`ok: false`), not an error.
 */
import { z } from "zod";
import type { Problem } from "../errors.ts";
import { readScenarioFile } from "../scenario/load.ts";
import { type ParseResult, parseScenario } from "../scenario/parse.ts";
import { hasErrors } from "../scenario/problem.ts";
import { oneInput, parseGiven, scenarioInputFields } from "./input.ts";
import { Progress, parseRequest, type TaskOptions } from "./task.ts";

export const ValidateRequest = z
  .strictObject({
    /** One scenario document as text or object (`name` for messages). */
    scenario: scenarioInputFields.scenario,
    name: scenarioInputFields.name,
    /** Scenario documents by file name: each is checked on its own. */
    files: scenarioInputFields.files,
    /** Scenario files on disk: each is checked on its own. */
    paths: scenarioInputFields.paths,
  })
  .superRefine(oneInput);
export type ValidateRequest = z.input<typeof ValidateRequest>;

export interface ValidateResult {
  files: { file: string; ok: boolean; problems: Problem[] }[];
}

/** Checks each document; progress counts documents. */
export function validate(request: ValidateRequest, options: TaskOptions = {}): ValidateResult {
  const r = parseRequest("validate", ValidateRequest, request);
  const progress = new Progress("validate", options);
  // Validation also states the silent defaults a scenario relies on (src/scenario/defaults.ts), as warnings.
  const warnDefaults = true;
  const documents: { file: string; check: () => ParseResult }[] = r.paths
    ? r.paths.map((file) => ({ file, check: () => readScenarioFile(file, { warnDefaults }) }))
    : r.files
      ? Object.entries(r.files).map(([file, text]) => ({
          file,
          check: () => parseScenario(text, { file, warnDefaults }),
        }))
      : [{ file: r.name ?? "(scenario)", check: () => parseGiven(r.scenario!, r.name, { warnDefaults }) }];
  const files: ValidateResult["files"] = [];
  progress.report(0, documents.length, "documents");
  for (const d of documents) {
    const { problems } = d.check();
    files.push({ file: d.file, ok: !hasErrors(problems), problems });
    progress.report(files.length, documents.length, "documents");
  }
  return { files };
}
