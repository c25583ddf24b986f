/** Shared plumbing for CLI commands: the streams of the current run, exit codes, problem printing, output files. */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { formatProblem, isZopaError, type Problem, ZopaError } from "../errors.ts";
import { escapeText } from "../report/escape.ts";

/** Exit codes: 0 success, 1 an internal error, 2 bad input (the user can fix it). */
export const EXIT_BAD_INPUT = 2;
export const EXIT_INTERNAL = 1;
/** A run stopped by Ctrl-C or SIGTERM (128 + SIGINT). */
export const EXIT_STOPPED = 130;

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

/** One run of the CLI: its streams and the inputs its outputs must never overwrite (see `protectInputs`). */
interface Run {
  io: CliIo;
  inputs: ProtectedInputs;
}
const current = new AsyncLocalStorage<Run>();

/** Runs `work` with `io` as the streams every CLI helper writes to (isolated per run, even concurrent ones). */
export function withIo<T>(io: CliIo, work: () => T): T {
  return current.run({ io, inputs: { files: new Map(), folders: new Map() } }, work);
}

/** The current run's streams (the process's outside `withIo`). */
export function cliIo(): CliIo {
  return current.getStore()?.io ?? processIo;
}
export const stdout = (): OutputStream => cliIo().stdout;
export const stderr = (): OutputStream => cliIo().stderr;

/** An error the user caused and can fix (a bad flag or argument): exit code 2, no stack trace. */
export function usageError(message: string, problems: Problem[] = [], hint?: string): ZopaError {
  return new ZopaError("usage", message, { problems, hint });
}

/** Prints problems one a line; user text in them is escaped for the terminal (src/report/escape.ts). */
export function printProblems(problems: readonly Problem[], stream: OutputStream = stderr()): void {
  for (const p of problems) stream.write(`${escapeText(formatProblem(p))}\n`);
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
 * else is not the user's to fix and is rethrown as it is. `kept` names an existing file left as it was.
 */
function cannotWrite(path: string, e: unknown, kept?: string): Error {
  if (isZopaError(e)) return e;
  if (typeof (e as NodeJS.ErrnoException)?.code !== "string") return e as Error;
  return refusal(path, fileSystemReason(e), kept);
}

function refusal(path: string, reason: string, kept?: string, hint?: string): ZopaError {
  return new ZopaError(
    "io",
    `cannot write ${path}: ${reason}; nothing was written${kept ? ` (the existing ${kept} was left as it was)` : ""}`,
    { location: { file: path }, ...(hint ? { hint } : {}) },
  );
}

// ---------------------------------------------------------------------------------------------------------
// Files are sacred. The rule, for every command with `-o/--output` (checked once, before any work, by the
// preAction hook in main.ts through `protectInputs` and `checkOutput`; checked again when writing):
// - the output must not be any input of the command: a positional argument or a string option value that
//   names an existing file or folder (also the PATH of `PARTY=PATH` lists). Files are compared by device and
//   inode, so symlinks, relative paths (`./sub/../x.yaml`), hard links and case on case-insensitive file
//   systems all count as the same file;
// - it must not lie directly in an input folder (`zopa import DIR -o DIR/profile.xml`): the loader reads
//   the files there, so the next run would read the output as an input;
// - it must be a regular file (or absent): never a folder, a FIFO, a socket or a device. Three names are
//   accepted as they are commonly meant: `/dev/null` (the output is discarded), `/dev/stdout` and
//   `/dev/stderr` (the run's own streams, as `-` is stdout). Folder outputs (`export -o DIR`) must be folders.
// Writes go to a temporary file in the target's folder, renamed into place: a failed write (a full disk)
// removes only that temporary file and the old file stays byte for byte. Replacing a file says so on stderr.
// ---------------------------------------------------------------------------------------------------------

/** Inputs of the current run by file identity (device:inode) → the path the user gave. */
interface ProtectedInputs {
  files: Map<string, string>;
  folders: Map<string, string>;
}

const identity = (s: Stats): string => `${s.dev}:${s.ino}`;

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** Records the inputs of this run (paths that do not name an existing file or folder are ignored). */
export function protectInputs(paths: readonly string[]): void {
  const inputs = current.getStore()?.inputs;
  if (!inputs) return;
  for (const path of paths) {
    if (path === "-" || path === "") continue;
    const s = statOrNull(path);
    if (s?.isDirectory()) inputs.folders.set(identity(s), path);
    else if (s) inputs.files.set(identity(s), path);
  }
}

/** Where an output goes once checked. */
export type OutputTarget =
  | { kind: "stream"; stream: OutputStream }
  | { kind: "discard" }
  /** `path`: the file to replace (a symlink's target) or create; `existing`: its stats when it exists. */
  | { kind: "file"; path: string; existing: Stats | null }
  | { kind: "folder"; path: string };

function typeOf(s: Stats): string {
  if (s.isDirectory()) return "a folder";
  if (s.isFIFO()) return "a named pipe (FIFO), not a regular file";
  if (s.isSocket()) return "a socket, not a regular file";
  if (s.isCharacterDevice() || s.isBlockDevice()) return "a device, not a regular file";
  return "not a regular file";
}

/**
 * Checks an output path against the rule above; throws an `io` ZopaError (exit 2) when it breaks it.
 * `kind` is "folder" for commands that write a set of files into a folder (`export -o DIR`).
 */
export function checkOutput(output: string | undefined, kind: "file" | "folder" = "file"): OutputTarget {
  const run = current.getStore();
  if (output === undefined || output === "-") return { kind: "stream", stream: stdout() };
  if (kind === "file") {
    const absolute = resolve(output);
    if (absolute === "/dev/null") return { kind: "discard" };
    if (absolute === "/dev/stdout" || absolute === "/dev/fd/1") return { kind: "stream", stream: stdout() };
    if (absolute === "/dev/stderr" || absolute === "/dev/fd/2") return { kind: "stream", stream: stderr() };
  }
  const inputs = run?.inputs ?? { files: new Map(), folders: new Map() };
  const hint = "choose an output path outside the command's inputs";
  let existing: Stats | null = null;
  try {
    existing = statSync(output);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOTDIR") throw refusal(output, fileSystemReason(e));
    if (code === "ELOOP") throw refusal(output, "the symbolic links loop");
    if (code !== "ENOENT") throw cannotWrite(output, e);
  }
  if (existing) {
    const same = inputs.files.get(identity(existing)) ?? inputs.folders.get(identity(existing));
    if (same !== undefined)
      throw refusal(output, `it is an input of this command (${same})`, undefined, hint);
    if (kind === "folder" && !existing.isDirectory())
      throw refusal(
        output,
        existing.isFile()
          ? "it is a file, not a folder"
          : typeOf(existing).replace(", not a regular file", ""),
      );
    if (kind === "file" && !existing.isFile()) throw refusal(output, `it is ${typeOf(existing)}`);
  }
  // The folder the output goes in: the nearest one that exists (the rest is created when writing).
  const real = existing ? realpathSync(output) : resolve(output);
  let parent = dirname(real);
  let parentStats = statOrNull(parent);
  while (!parentStats && dirname(parent) !== parent) {
    parent = dirname(parent);
    parentStats = statOrNull(parent);
  }
  if (parentStats && !parentStats.isDirectory())
    throw refusal(output, "a part of the path is a file, not a folder");
  if (parentStats && parent === dirname(real)) {
    const folder = inputs.folders.get(identity(parentStats));
    if (folder !== undefined)
      throw refusal(
        output,
        `it lies in ${folder}, an input folder of this command (the next run would read it as an input)`,
        undefined,
        hint,
      );
  }
  return kind === "folder" ? { kind: "folder", path: output } : { kind: "file", path: real, existing };
}

/** A fresh name beside `target` for the temporary file a write goes to first. */
function temporaryBeside(target: string): string {
  return join(dirname(target), `.zopa-${process.pid}-${randomBytes(6).toString("hex")}.tmp`);
}

/** Writes `text` to a temporary file beside `target` and renames it into place; on failure removes only that temporary file. */
function writeAtomically(target: string, text: string, existing: Stats | null): void {
  const temporary = temporaryBeside(target);
  writeTemporary(temporary, text, existing);
  try {
    renameSync(temporary, target);
  } catch (e) {
    rmSync(temporary, { force: true });
    throw e;
  }
}

/**
 * Writes to a file (creating its folder) or to stdout (no output, or `-`). The file is replaced only once the
 * whole content is written (see the rule above); replacing an existing file says so on stderr.
 */
export function emit(text: string, output: string | undefined): void {
  const target = checkOutput(output);
  if (target.kind === "discard") return;
  if (target.kind === "stream") {
    target.stream.write(text);
    return;
  }
  if (target.kind !== "file") return;
  let created: string | undefined;
  try {
    created = mkdirSync(dirname(target.path), { recursive: true });
    writeAtomically(target.path, text, target.existing);
  } catch (e) {
    removeCreated(created);
    throw cannotWrite(output!, e, target.existing ? output : undefined);
  }
  if (target.existing) stderr().write(`zopa: replaced ${escapeText(output!)}\n`);
}

/**
 * Writes files into a folder (created if needed). The folder and every target are checked before anything
 * is written; each file goes to a temporary file first, and only when all are written are they renamed into
 * place, so a failure (a full disk) leaves the folder as it was.
 */
/**
 * `emit` for output too large to hold: writes the chunks as they come, to stdout (waiting when the pipe is full)
 * or to a temporary file renamed into place once complete, as `emit` does.
 */
export async function emitChunks(chunks: AsyncIterable<string>, output: string | undefined): Promise<void> {
  const target = checkOutput(output);
  if (target.kind === "discard") return;
  if (target.kind === "stream") {
    const stream = target.stream as OutputStream & { once?: (event: string, f: () => void) => unknown };
    for await (const chunk of chunks)
      if (stream.write(chunk) === false && stream.once)
        await new Promise<void>((resolve) => stream.once?.("drain", resolve));
    return;
  }
  if (target.kind !== "file") return;
  let created: string | undefined;
  const temporary = temporaryBeside(target.path);
  try {
    created = mkdirSync(dirname(target.path), { recursive: true });
    const fd = openSync(temporary, "wx", 0o666);
    try {
      if (target.existing) fchmodSync(fd, target.existing.mode & 0o7777);
      for await (const chunk of chunks) writeSync(fd, chunk);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target.path);
  } catch (e) {
    rmSync(temporary, { force: true });
    removeCreated(created);
    if (isZopaError(e)) throw e;
    throw cannotWrite(output!, e, target.existing ? output : undefined);
  }
  if (target.existing) stderr().write(`zopa: replaced ${escapeText(output!)}\n`);
}

export function emitFiles(folder: string, files: readonly { name: string; text: string }[]): void {
  checkOutput(folder, "folder");
  let created: string | undefined;
  try {
    created = mkdirSync(folder, { recursive: true });
  } catch (e) {
    throw cannotWrite(folder, e);
  }
  const targets = files.map((f) => {
    const path = join(folder, f.name);
    const target = checkOutput(path);
    if (target.kind !== "file") throw refusal(path, "not a regular file");
    return { ...target, name: f.name, text: f.text };
  });
  const temporaries: string[] = [];
  for (const t of targets) {
    try {
      temporaries.push(writeTemporary(temporaryBeside(t.path), t.text, t.existing));
    } catch (e) {
      for (const written of temporaries) rmSync(written, { force: true });
      removeCreated(created);
      throw cannotWrite(t.path, e, targets.some((x) => x.existing) ? `files in ${folder}` : undefined);
    }
  }
  // Renames within one folder do not fail for want of space; should one fail all the same, the files not yet
  // renamed are left as they were and their temporary files removed.
  for (const [k, t] of targets.entries()) {
    try {
      renameSync(temporaries[k], t.path);
    } catch (e) {
      for (const rest of temporaries.slice(k)) rmSync(rest, { force: true });
      if (k === 0) throw cannotWrite(t.path, e);
      throw new ZopaError(
        "io",
        `cannot write ${t.path}: ${fileSystemReason(e)}; ${targets
          .slice(0, k)
          .map((x) => x.name)
          .join(", ")} had been written, the rest was left as it was`,
        { location: { file: t.path } },
      );
    }
  }
  const replaced = targets.filter((t) => t.existing).map((t) => t.name);
  if (replaced.length > 0)
    stderr().write(`zopa: replaced ${escapeText(replaced.join(", "))} in ${escapeText(folder)}\n`);
}

/** Removes the folders a failed write created (`mkdirSync`'s first created folder), which hold nothing else. */
function removeCreated(created: string | undefined): void {
  if (created === undefined) return;
  try {
    rmSync(created, { recursive: true, force: true });
  } catch {
    // The error reported is the write's.
  }
}

/**
 * Writes a complete temporary file (exclusive create, synced), keeping an existing target's permissions, and
 * returns its path. If anything fails after it was created, it is removed (and only it).
 */
function writeTemporary(temporary: string, text: string, existing: Stats | null): string {
  const fd = openSync(temporary, "wx", 0o666);
  try {
    if (existing) fchmodSync(fd, existing.mode & 0o7777);
    writeFileSync(fd, text);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw e;
  }
  closeSync(fd);
  return temporary;
}

export function choice<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw usageError(`${name} must be one of ${allowed.map((a) => `"${a}"`).join(", ")} (got "${value}")`);
  return value as T;
}

/** An output written piece by piece: `write` as results come, then `close` (or `abort` on failure). */
export interface StreamedOutput {
  write(text: string): void;
  /** Puts the output in place (a file: renamed over the target); says when an existing file was replaced. */
  close(): void;
  /** Drops what was written to a file (the target is left as it was); nothing to undo on a stream. */
  abort(): void;
}

/** Bytes gathered before a write: few system calls, bounded memory. */
const STREAM_CHUNK = 1 << 16;

/**
 * `emit` for output that comes piece by piece (a million NDJSON lines): the same targets and checks, written as
 * it comes in chunks of 64 KiB. A file goes to a temporary file beside it and is renamed into place by
 * `close`, so the target is replaced only by a complete output and a failure leaves it as it was.
 */
export function openOutput(output: string | undefined): StreamedOutput {
  const target = checkOutput(output);
  let pending: string[] = [];
  let size = 0;
  if (target.kind === "discard") return { write: () => {}, close: () => {}, abort: () => {} };
  if (target.kind === "stream") {
    const flush = () => {
      if (size === 0) return;
      target.stream.write(pending.join(""));
      pending = [];
      size = 0;
    };
    return {
      write(text) {
        pending.push(text);
        size += text.length;
        if (size >= STREAM_CHUNK) flush();
      },
      close: flush,
      abort: flush,
    };
  }
  if (target.kind !== "file") throw refusal(output!, "not a regular file");
  let created: string | undefined;
  let temporary: string;
  let fd: number;
  try {
    created = mkdirSync(dirname(target.path), { recursive: true });
    temporary = temporaryBeside(target.path);
    fd = openSync(temporary, "wx", 0o666);
    if (target.existing) fchmodSync(fd, target.existing.mode & 0o7777);
  } catch (e) {
    removeCreated(created);
    throw cannotWrite(output!, e, target.existing ? output : undefined);
  }
  let open = true;
  const abort = () => {
    if (!open) return;
    open = false;
    closeSync(fd);
    rmSync(temporary, { force: true });
    removeCreated(created);
  };
  const fail = (e: unknown): never => {
    abort();
    throw cannotWrite(output!, e, target.existing ? output : undefined);
  };
  const flush = () => {
    if (size === 0) return;
    const text = pending.join("");
    pending = [];
    size = 0;
    try {
      writeFileSync(fd, text);
    } catch (e) {
      fail(e);
    }
  };
  return {
    write(text) {
      pending.push(text);
      size += text.length;
      if (size >= STREAM_CHUNK) flush();
    },
    close() {
      flush();
      try {
        fsyncSync(fd);
      } catch (e) {
        fail(e);
      }
      open = false;
      closeSync(fd);
      try {
        renameSync(temporary, target.path);
      } catch (e) {
        rmSync(temporary, { force: true });
        removeCreated(created);
        throw cannotWrite(output!, e, target.existing ? output : undefined);
      }
      if (target.existing) stderr().write(`zopa: replaced ${escapeText(output!)}\n`);
    },
    abort,
  };
}
