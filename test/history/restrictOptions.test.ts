/** restrictOptions drops values and red-line conditions on the options it removes (src/scenario/variants.ts). */
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseScenario } from "../../src/scenario/parse.ts";
import { applyVariant } from "../../src/scenario/variants.ts";

const text = `
meta: { id: t, title: T }
issues:
  - { id: x, type: ordinal, options: [{ id: a }, { id: b }, { id: c }, { id: d }] }
parties:
  - id: p
    name: P
    preferences: { weights: { x: 1 }, values: { x: { a: 0, b: 0.3, c: 0.6, d: 1 } } }
    redLines:
      - { id: up, statement: s, status: inferred, requires: { issue: x, atLeast: b } }
      - { id: down, statement: s, status: inferred, requires: { issue: x, atMost: c } }
      - { id: list, statement: s, status: inferred, requires: { any: [{ issue: x, in: [b, d] }, { issue: x, notIn: [a, c] }] } }
variants:
  - id: cut
    description: b and c removed
    changes: [{ op: restrictOptions, issue: x, options: [a, d] }]
`;

test("restrictOptions keeps the variant valid and rewrites conditions onto the kept options", () => {
  const r = parseScenario(text);
  assert.ok(r.scenario, JSON.stringify(r.problems));
  const v = applyVariant(r.scenario, "cut");
  const p = v.parties[0];
  assert.deepEqual(p.preferences!.values.x, { a: 0, d: 1 });
  const req = Object.fromEntries(p.redLines!.map((rl) => [rl.id, rl.requires]));
  // atLeast b with b gone: the next kept option above is d. atMost c: the next kept option below is a.
  assert.deepEqual(req.up, { issue: "x", atLeast: "d" });
  assert.deepEqual(req.down, { issue: "x", atMost: "a" });
  assert.deepEqual(req.list, {
    any: [
      { issue: "x", in: ["d"] },
      { issue: "x", notIn: ["a"] },
    ],
  });
});
