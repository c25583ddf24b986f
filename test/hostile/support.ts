/**
 * Running the CLI in process for the hostile-input suite: `runCli` calls `main(["node", "zopa", …args], io)`
 * with string-capturing streams and times the run; `hashTree` fingerprints every file under a folder so a
 * test can show that no input changed.
 */
import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../src/cli/main.ts";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall-clock milliseconds the run took. */
  ms: number;
}

/** Runs `zopa …args` in process with its own captured streams. */
export async function runCli(
  args: readonly string[],
  env: Record<string, string> = {},
  stdin?: NodeJS.ReadableStream,
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const started = performance.now();
  const code = await main(["node", "zopa", ...args], {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env,
    ...(stdin ? { stdin } : {}),
  });
  return { code, stdout, stderr, ms: performance.now() - started };
}

/** Path → content hash (symlinks by their target, folders by their listing) for everything under `root`. */
export function hashTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (path: string): void => {
    const s = lstatSync(path);
    if (s.isSymbolicLink()) out.set(path, `link:${readlinkSync(path)}`);
    else if (s.isDirectory()) {
      const names = readdirSync(path).sort();
      out.set(path, `dir:${names.join("/")}`);
      for (const n of names) visit(join(path, n));
    } else if (s.isFile())
      out.set(path, `${s.size}:${createHash("sha256").update(readFileSync(path)).digest("hex")}`);
    else out.set(path, `special:${s.mode}`);
  };
  visit(root);
  return out;
}

/** The entries of `before` that differ in `after` (changed, removed or added), for an assertion message. */
export function treeChanges(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}
