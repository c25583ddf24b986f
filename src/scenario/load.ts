/**
 * Reading scenario files: the only module of the scenario layer that touches the file system. Every reader of
 * the user's files (the scenario loader, the GENIUS / GeniusWeb loader, the stakeholder tables) reads through
 * `readInputText`, so a huge file, or a device that never ends (`/dev/zero`), is refused with exit 2 instead
 * of exhausting memory.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { isZopaError, scenarioError, ZopaError } from "../errors.ts";
import { type ParseOptions, type ParseResult, parseScenario } from "./parse.ts";
import { hasErrors } from "./problem.ts";
import type { Scenario } from "./schema.ts";

/** Reads and validates a scenario file; returns every problem found rather than throwing. */
export function readScenarioFile(path: string, options: Omit<ParseOptions, "file"> = {}): ParseResult {
  let text: string;
  try {
    text = readInputText(path);
  } catch (e) {
    if (isZopaError(e))
      return { problems: [{ severity: "error", path: [], message: e.message, file: path }] };
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "is a directory, not a scenario file"
          : (e as Error).message;
    return {
      problems: [{ severity: "error", path: [], message: `cannot read the file: ${why}`, file: path }],
    };
  }
  return parseScenario(text, { ...options, file: path });
}

/** Reads and validates a scenario file; throws a ScenarioError listing every problem when it is invalid. */
export function loadScenario(path: string): Scenario {
  const result = readScenarioFile(path);
  if (!result.scenario || hasErrors(result.problems)) throw scenarioError(result.problems);
  return result.scenario;
}

/**
 * The largest input file Zopa reads: 32 MiB. The field's largest files (ANAC GENIUS domains, DEU tables,
 * ANL JSON) are under 5 MB; a scenario is a few kB. Larger is refused as `size-limit` (exit 2).
 */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

/** The size-limit error for an input of more than `MAX_INPUT_BYTES`. */
export function inputTooLarge(file: string, bytes?: number): ZopaError {
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MiB`;
  return new ZopaError(
    "size-limit",
    `${file}: the file is ${bytes === undefined ? "larger than" : `${mib(bytes)}, more than`} ${mib(MAX_INPUT_BYTES)}, the largest input Zopa reads`,
    {
      location: { file },
      hint: "an input this large is not a scenario or a negotiation data file; check the path",
    },
  );
}

/**
 * Reads a file as UTF-8 text (without a byte-order mark), refusing more than `maxBytes` (a `size-limit`
 * ZopaError). Regular files are refused by their size before reading; pipes and devices are read up to the
 * limit. File-system errors (ENOENT, EISDIR, EACCES…) are thrown as they are, for the caller to word.
 */
export function readInputText(file: string, maxBytes = MAX_INPUT_BYTES): string {
  const fd = openSync(file, "r");
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) {
      const e = new Error(
        `EISDIR: illegal operation on a directory, read '${file}'`,
      ) as NodeJS.ErrnoException;
      e.code = "EISDIR";
      throw e;
    }
    if (stats.isFile() && stats.size > maxBytes) throw inputTooLarge(file, stats.size);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) throw inputTooLarge(file);
    }
    return Buffer.concat(chunks, total)
      .toString("utf8")
      .replace(/^\uFEFF/, "");
  } finally {
    closeSync(fd);
  }
}
