/**
 * Runs the `zopa` command line in this process: `runCli(args)` is `zopa ...args` as a user types it, through
 * `main(argv, io)` with string-capturing streams, so a CLI test costs milliseconds instead of a tsx process.
 * `spawnCli(args)` runs the real binary (node bin/zopa.js) for the few smoke tests that need a process.
 *
 * Relative paths in `args` resolve against process.cwd(), which is the repository root when the tests run
 * (scripts/test.mjs and `npm test` run from there); nothing here changes directory, since tests in one file
 * may run concurrently.
 */
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { Readable } from "node:stream";
import type { CliIo, OutputStream } from "../../src/cli/io.ts";
import { main } from "../../src/cli/main.ts";
import { REPO_ROOT } from "./shared.ts";

/** What one run of the command line did: its exit code and everything it wrote. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Standard input (nothing, at end of file, when absent). */
  stdin?: string;
  /**
   * Environment variables, on top of this process's (as a spawned process would inherit them), except
   * ZOPA_DEBUG: a developer's own setting does not change what the tests see unless a test sets it here.
   */
  env?: Record<string, string | undefined>;
  /**
   * The directory relative paths resolve against. An in-process run cannot change directory (tests run
   * concurrently), so it must be process.cwd(); it is checked, not changed. Pass absolute paths, or use
   * `spawnCli`, to run elsewhere.
   */
  cwd?: string;
}

/** A stream that keeps what is written to it (a terminal it is not: no progress bars). */
export function captureStream(): OutputStream & { text(): string } {
  const chunks: string[] = [];
  return {
    isTTY: false,
    write(chunk: string | Uint8Array) {
      chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      return true;
    },
    text: () => chunks.join(""),
  };
}

/** This process's environment without ZOPA_DEBUG, then `env`. */
function environment(env: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { ...process.env, ZOPA_DEBUG: undefined, ...env };
}

/** Runs `zopa ...args` in this process and resolves with its exit code, stdout and stderr. */
export async function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  if (options.cwd !== undefined && resolve(options.cwd) !== process.cwd())
    throw new Error(
      `runCli runs in this process and cannot change directory to ${options.cwd} (the tests run in ${process.cwd()}); pass absolute paths or use spawnCli`,
    );
  const stdout = captureStream();
  const stderr = captureStream();
  const io: CliIo = {
    stdout,
    stderr,
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    env: environment(options.env),
  };
  const code = await main(["node", "zopa", ...args], io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** Options for a real `zopa` process. */
export interface SpawnOptions {
  stdin?: string;
  /** As for runCli: this process's environment without ZOPA_DEBUG, then these. */
  env?: Record<string, string | undefined>;
  /** Defaults to the repository root. */
  cwd?: string;
  /** Node options placed before bin/zopa.js (e.g. `--import` of a fixture). */
  nodeArgs?: readonly string[];
}

/** Runs `node bin/zopa.js ...args` as a process (a smoke test of the real binary). */
export function spawnCli(args: readonly string[], options: SpawnOptions = {}): Promise<CliRun> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [...(options.nodeArgs ?? []), resolve(REPO_ROOT, "bin/zopa.js"), ...args],
      { cwd: options.cwd ?? REPO_ROOT, env: environment(options.env) },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
    child.stdin?.end(options.stdin ?? "");
  });
}
