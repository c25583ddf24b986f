import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { REPO_ROOT } from "../support/shared.ts";

test("src/tournament is pure: no Node built-ins, no printing, nothing from runtime, store, report or the shells", () => {
  const dir = join(REPO_ROOT, "src", "tournament");
  const offenders: string[] = [];
  for (const name of readdirSync(dir)) {
    const text = readFileSync(join(dir, name), "utf8");
    if (/from\s+["']node:/.test(text)) offenders.push(`${name}: imports a Node built-in`);
    if (/\bconsole\.|process\./.test(text)) offenders.push(`${name}: prints or reads the process`);
    if (/from\s+["']\.\.\/(runtime|store|report|cli|tasks|server|web)\//.test(text))
      offenders.push(`${name}: imports upward`);
  }
  assert.deepEqual(offenders, []);
});

test("src/store does not import the runtime or the shells", () => {
  const dir = join(REPO_ROOT, "src", "store");
  for (const name of readdirSync(dir))
    assert.doesNotMatch(
      readFileSync(join(dir, name), "utf8"),
      /from\s+["']\.\.\/(runtime|cli|tasks|server|web)\//,
      name,
    );
});
