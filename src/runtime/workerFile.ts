/**
 * Where a worker thread's entry file is, whatever the working folder and however this module was loaded: the
 * `.js` file beside the module in the build, or the `.ts` file beside it from source, where the thread needs
 * tsx's loader too. tsx is found with `createRequire` from the module's own URL, not `import.meta.resolve`:
 * a module that piscina loads in its worker goes through tsx's CommonJS transform, where `import.meta` has a
 * `url` but no `resolve`. tsx is a devDependency, so the build never asks for it.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

export interface WorkerFile {
  /** The entry's file URL (href). */
  filename: string;
  /** `--import <tsx loader>` when the entry is TypeScript. */
  execArgv?: string[];
}

/** The worker entry named `name` (without extension) beside the module at `moduleUrl`. */
export function workerFileBeside(moduleUrl: string, name: string): WorkerFile {
  if (!new URL(moduleUrl).pathname.endsWith(".ts"))
    return { filename: new URL(`./${name}.js`, moduleUrl).href };
  const tsx = pathToFileURL(createRequire(moduleUrl).resolve("tsx")).href;
  return { filename: new URL(`./${name}.ts`, moduleUrl).href, execArgv: ["--import", tsx] };
}

/**
 * The first argument of `new Worker(...)` for a worker file, and whether it is code. A plain Worker does not
 * apply an `--import` loader to its own entry file (piscina's workers do: their entry is piscina's .js), so
 * from source the worker starts from a one-line bootstrap that registers tsx (its API, found from
 * `moduleUrl`), then imports the entry.
 */
export function workerStart(file: WorkerFile, moduleUrl: string): { entry: URL | string; eval: boolean } {
  if (!file.execArgv) return { entry: new URL(file.filename), eval: false };
  const api = JSON.stringify(tsxEsmApi(moduleUrl));
  const entry = JSON.stringify(file.filename);
  return {
    entry: `import(${api}).then((m) => { (m.register ?? m.default.register)(); return import(${entry}); });`,
    eval: true,
  };
}

/** The URL of tsx's ESM API (`tsx/esm/api` under the import condition), read from tsx's package.json. */
function tsxEsmApi(moduleUrl: string): string {
  const pkg = createRequire(moduleUrl).resolve("tsx/package.json");
  const exports = JSON.parse(readFileSync(pkg, "utf8")).exports as Record<
    string,
    { import?: { default?: string } }
  >;
  const path = exports["./esm/api"]?.import?.default;
  if (!path) throw new Error(`tsx at ${pkg} has no ESM API (tsx/esm/api)`);
  return new URL(path, pathToFileURL(pkg)).href;
}
