import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { SCORINGS } from "../../src/tournament/spec.ts";
import { REPO_ROOT } from "../support/shared.ts";

const doc = readFileSync(join(REPO_ROOT, "docs", "tournaments.md"), "utf8");

test("docs/tournaments.md shows examples/tournament.yaml exactly (which the CLI tests run)", () => {
  const block = doc.match(/```yaml\n([\s\S]*?)```/)?.[1];
  assert.equal(block, readFileSync(join(REPO_ROOT, "examples", "tournament.yaml"), "utf8"));
});

test("docs/tournament-json.md names every field the results JSON has", async () => {
  const json = readFileSync(join(REPO_ROOT, "docs", "tournament-json.md"), "utf8");
  const { zopa } = await import("./support.ts");
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(join(tmpdir(), "zopa-docs-"));
  try {
    const db = join(dir, "t.db");
    assert.equal(
      (
        await zopa(
          "tournament",
          join(REPO_ROOT, "examples", "tournament.yaml"),
          "--store",
          db,
          "--workers",
          "0",
        )
      ).code,
      0,
    );
    const results = JSON.parse((await zopa("results", db, "--format", "json")).out);
    const keys = new Set<string>();
    const walk = (x: unknown, depth: number) => {
      if (depth > 2 || x === null || typeof x !== "object") return;
      if (Array.isArray(x)) return walk(x[0], depth);
      for (const [k, v] of Object.entries(x)) {
        keys.add(k);
        if (!["agents", "utilities", "advantage", "agreement"].includes(k) || depth === 0) walk(v, depth + 1);
      }
    };
    walk(results, 0);
    for (const k of keys) assert.match(json, new RegExp(`"${k}"`), `docs/tournament-json.md lacks "${k}"`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const s of SCORINGS) assert.match(doc, new RegExp(s));
});
