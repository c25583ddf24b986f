/** docs/limits.md lists every maximum of src/util/limits.ts, as it is. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { LIMITS } from "../../src/util/limits.ts";
import { REPO_ROOT } from "../support/shared.ts";

test("docs/limits.md's table is src/util/limits.ts", () => {
  const doc = readFileSync(join(REPO_ROOT, "docs", "limits.md"), "utf8");
  const table = doc.slice(doc.indexOf("| limit |"), doc.indexOf("<!-- end of the limits table -->")).trim();
  const rows = Object.entries(LIMITS).map(
    ([k, l]) =>
      `| \`${k}\` | ${l.max.toLocaleString("en-US")} | ${l.what} | ${l.where.map((w) => (w.includes("`") ? w : `\`${w}\``)).join(", ")} |`,
  );
  assert.equal(table, ["| limit | maximum | what | where |", "|---|---|---|---|", ...rows].join("\n"));
});
