/** Runs the CLI in process (`main(argv, io)`) with captured output and, optionally, text on standard input. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { main } from "../../src/cli/main.ts";
import { REPO_ROOT } from "../support/shared.ts";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `zopa <args>` in process, from the repository root's point of view (paths relative to it). */
export async function cli(args: string[], stdin?: string): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(["node", "zopa", ...args], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: Readable.from(stdin === undefined ? [] : [stdin]),
    env: {},
  });
  return { code, stdout, stderr };
}

/** The parsed stdout of a successful `--format json` run. */
export async function cliJson(args: string[], stdin?: string): Promise<unknown> {
  const r = await cli([...args, "--format", "json"], stdin);
  if (r.code !== 0) throw new Error(`zopa ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** A task's result as the JSON the CLI would print (undefined fields dropped). */
export const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

export const at = (path: string): string => join(REPO_ROOT, path);
export const text = (path: string): string => readFileSync(at(path), "utf8");

/** A folder's files by name, as the HTTP API sends them. */
export function filesOf(folder: string): Record<string, string> {
  return Object.fromEntries(readdirSync(at(folder)).map((n) => [n, text(join(folder, n))]));
}

export const CAR = "examples/car-purchase.yaml";
export const RIVER = "examples/river-basin.yaml";
export const FORECAST_RIVER = "examples/forecast-river-basin.yaml";
export const HISTORY = "test/history/fixture.yaml";
export const SHOP = "test/formats/fixtures/genius-shop";
export const MARKET = "test/formats/fixtures/geniusweb-market";
