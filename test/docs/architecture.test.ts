import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { REPO_ROOT } from "../support/shared.ts";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** The core runs in a browser: no Node built-ins, no printing. I/O lives in load.ts, formats, cli, bench. */
const CORE = ["src/scenario", "src/space", "src/analysis", "src/forecast", "src/util"];
const ALLOWED_IO = new Set(["src/scenario/load.ts"]);

test("core modules import no Node built-ins and never print", () => {
  const offenders: string[] = [];
  for (const dir of CORE)
    for (const file of files(join(REPO_ROOT, dir))) {
      const rel = relative(REPO_ROOT, file);
      if (ALLOWED_IO.has(rel)) continue;
      const text = readFileSync(file, "utf8");
      if (/from\s+["']node:/.test(text) || /from\s+["'](fs|path|os|child_process)["']/.test(text))
        offenders.push(`${rel}: imports a Node built-in`);
      if (/\bconsole\.(log|error|warn|info)\(|process\.(stdout|stderr)/.test(text))
        offenders.push(`${rel}: prints`);
    }
  assert.deepEqual(offenders, []);
});

test("the core never imports a shell (cli, server, web), the Node runtime or the negotiation engine from analysis", () => {
  const offenders: string[] = [];
  for (const dir of CORE)
    for (const file of files(join(REPO_ROOT, dir))) {
      const text = readFileSync(file, "utf8");
      if (/from\s+["'][./]*\/?(cli|server|web)\//.test(text)) offenders.push(relative(REPO_ROOT, file));
      if (dir === "src/analysis" && /from\s+["']\.\.\/negotiation\//.test(text))
        offenders.push(relative(REPO_ROOT, file));
    }
  assert.deepEqual(offenders, []);
});
