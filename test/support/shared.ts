/** Locates ../shared/data beside the repository; tests that need it skip with a one-line reason without it. */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Absolute path of ../shared/data (or $ZOPA_SHARED_DATA), or null when absent. */
export function sharedDataDir(): string | null {
  const dir = process.env.ZOPA_SHARED_DATA ?? join(REPO_ROOT, "..", "shared", "data");
  return existsSync(dir) ? dir : null;
}

/** Absolute path of ../shared (sources, reference), or null when absent. */
export function sharedDir(): string | null {
  const dir = join(REPO_ROOT, "..", "shared");
  return existsSync(dir) ? dir : null;
}

/** `{ skip: reason }` for node:test when shared data is missing, else `{}`. */
export function needsShared(what = "shared data"): { skip?: string } {
  return sharedDataDir() ? {} : { skip: `${what} not found at ../shared/data (a fresh clone has none)` };
}
