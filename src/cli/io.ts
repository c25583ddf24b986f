/** Shared plumbing for CLI commands: the streams of the current run, exit codes, problem printing, output files. */
import { AsyncLocalStorage } from "node:async_hooks";
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { formatProblem, isZopaError, type Problem, ZopaError } from "../errors.ts";

/** Exit codes: 0 success, 1 an internal error, 2 bad input (the user can fix it). */
export const EXIT_BAD_INPUT = 2;
export const EXIT_INTERNAL = 1;

/** A stream a command writes to: process.stdout/stderr, or a test's buffer. */
export interface OutputStream {
  write(text: string): unknown;
  /** True on a terminal: progress is shown only there. */
  isTTY?: boolean;
}

/** What one run of the CLI reads from and writes to; `main(argv, io)` takes it so tests run in process. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Standard input, read when a command is given `-` as its input. */
  stdin?: NodeJS.ReadableStream;
  /** Environment variables (ZOPA_DEBUG); defaults to process.env. */
  env?: Record<string, string | undefined>;
}

const processIo: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };
const current = new AsyncLocalStorage<CliIo>();

/** Runs `work` with `io` as the streams every CLI helper writes to (isolated per run, even concurrent ones). */
export function withIo<T>(io: CliIo, work: () => T): T {
  return current.run(io, work);
}

/** The current run's streams (the process's outside `withIo`). */
export function cliIo(): CliIo {
  return current.getStore() ?? processIo;
}
export const stdout = (): OutputStream => cliIo().stdout;
export const stderr = (): OutputStream => cliIo().stderr;

/** An error the user caused and can fix (a bad flag or argument): exit code 2, no stack trace. */
export function usageError(message: string, problems: Problem[] = [], hint?: string): ZopaError {
  return new ZopaError("usage", message, { problems, hint });
}

export function printProblems(problems: readonly Problem[], stream: OutputStream = stderr()): void {
  for (const p of problems) stream.write(`${formatProblem(p)}\n`);
}

/** Why a file-system call failed, in words (the errno code's meaning, else the system's message). */
function fileSystemReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case "ENOTDIR":
      return "a part of the path is a file, not a folder";
    case "EISDIR":
      return "it is a folder";
    case "EEXIST":
      return "a file of that name is in the way";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "the file system is read-only";
    case "ENOSPC":
      return "no space left on the device";
    case "ENAMETOOLONG":
      return "the name is too long";
    default:
      return err.message ?? String(e);
  }
}

/**
 * A file-system error as an `io` ZopaError (exit 2): the user picked a path that cannot be written. Anything
 * else is not the user's to fix and is rethrown as it is.
 */
function cannotWrite(path: string, e: unknown): Error {
  if (isZopaError(e)) return e;
  if (typeof (e as NodeJS.ErrnoException)?.code !== "string") return e as Error;
  return new ZopaError("io", `cannot write ${path}: ${fileSystemReason(e)}; nothing was written`, {
    location: { file: path },
  });
}

/** Writes to a file (creating its folder) or to stdout. Nothing is written before the content is complete. */
export function emit(text: string, output: string | undefined): void {
  if (output === undefined || output === "-") {
    stdout().write(text);
    return;
  }
  try {
    mkdirSync(dirname(output), { recursive: true });
    writeFileSync(output, text);
  } catch (e) {
    rmPartial(output, e);
    throw cannotWrite(output, e);
  }
}

/** Removes what a failed write may have left, unless the path is a folder or was never created. */
function rmPartial(file: string, e: unknown): void {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code !== "ENOSPC" && code !== "EIO") return;
  try {
    rmSync(file, { force: true });
  } catch {
    // Nothing more to do: the error reported is the write's.
  }
}

/**
 * Writes files into a folder (created if needed). The folder is checked and created, and every target
 * checked, before anything is written; if a write still fails, the files written so far are removed, so a
 * failure leaves no half-written set.
 */
export function emitFiles(folder: string, files: readonly { name: string; text: string }[]): void {
  try {
    mkdirSync(folder, { recursive: true });
    for (const f of files) {
      const target = join(folder, f.name);
      let isFolder = false;
      try {
        isFolder = statSync(target).isDirectory();
      } catch {
        // Absent: it will be created.
      }
      if (isFolder)
        throw new ZopaError("io", `cannot write ${target}: it is a folder; nothing was written`, {
          location: { file: target },
        });
    }
  } catch (e) {
    throw cannotWrite(folder, e);
  }
  const written: string[] = [];
  for (const f of files) {
    const target = join(folder, f.name);
    try {
      writeFileSync(target, f.text);
      written.push(target);
    } catch (e) {
      rmPartial(target, e);
      for (const w of written) rmSync(w, { force: true });
      throw cannotWrite(target, e);
    }
  }
}

export function choice<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw usageError(`${name} must be one of ${allowed.map((a) => `"${a}"`).join(", ")} (got "${value}")`);
  return value as T;
}
