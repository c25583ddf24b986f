/**
 * docs/extending.md stays true: its example agent is the fixture, byte for byte, and passes `zopa agent check`;
 * every check it lists is a check of the suites, and every check of the suites is listed.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import {
  AGENT_CHECKS,
  FORECAST_MODEL_CHECKS,
  FORMAT_CHECKS,
  PROTOCOL_CHECKS,
} from "../../src/testing/index.ts";
import { runCli } from "../support/cli.ts";
import { REPO_ROOT } from "../support/shared.ts";

const doc = readFileSync(join(REPO_ROOT, "docs", "extending.md"), "utf8");

test("docs/extending.md shows the example agent fixture exactly, and it passes zopa agent check", async () => {
  const m = /<!-- example: (\S+) -->\n```js\n([\s\S]*?)```/.exec(doc);
  assert.ok(m, "an example block marked <!-- example: FILE -->");
  const file = join(REPO_ROOT, m[1]);
  assert.equal(m[2], readFileSync(file, "utf8"), `${m[1]} and the page differ`);
  const r = await runCli(["agent", "check", file]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /all \d+ checks passed/);
});

test("docs/extending.md lists every check of every suite, in the suites' words", () => {
  for (const checks of [AGENT_CHECKS, PROTOCOL_CHECKS, FORMAT_CHECKS, FORECAST_MODEL_CHECKS])
    for (const name of Object.values(checks)) assert.ok(doc.includes(`| ${name} |`), `not listed: ${name}`);
});
