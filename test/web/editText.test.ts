import assert from "node:assert/strict";
import { test } from "node:test";
import { parseScenario } from "../../src/scenario/parse.ts";
import { INIT_TEMPLATE } from "../../src/scenario/template.ts";
import { offsetOfLine, problemsByLine, setAtPath } from "../../src/web/editText.ts";

test("a form edit lands at its path and keeps the YAML's comments", () => {
  const text = setAtPath(INIT_TEMPLATE, ["meta", "title"], "A new title");
  assert.match(text, /title: A new title/);
  assert.match(text, /# Documents that back claims/);
  assert.equal(parseScenario(text).scenario?.meta.title, "A new title");
});

test("errors are grouped by their line, and a line's offset finds it in the text", () => {
  const bad = INIT_TEMPLATE.replace("reservation: 0.2", "reservation: 7");
  const problems = parseScenario(bad).problems.filter((p) => p.severity === "error");
  assert.ok(problems.length > 0);
  const byLine = problemsByLine(problems);
  const line = [...byLine.keys()][0];
  const at = offsetOfLine(bad, line);
  assert.match(bad.slice(at, bad.indexOf("\n", at)), /reservation: 7/);
});
