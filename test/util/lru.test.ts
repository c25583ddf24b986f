import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { analyze } from "../../src/tasks/analyze.ts";
import { parseGiven } from "../../src/tasks/input.ts";
import { hash30, SizedLru } from "../../src/util/lru.ts";

test("SizedLru keeps the most recently used entries within its size", () => {
  const lru = new SizedLru<string>(64, (_k, v) => v.length);
  lru.set("a", "x".repeat(4));
  lru.set("b", "x".repeat(4));
  assert.equal(lru.get("a"), "xxxx"); // a is now the most recent
  for (const k of ["c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q"])
    lru.set(k, "xxxx");
  assert.equal(lru.size, 16); // 16 × 4 = 64
  assert.equal(lru.get("b"), undefined); // the oldest went first
  assert.equal(lru.get("c"), "xxxx");
  lru.set("big", "x".repeat(5)); // over a sixteenth of the bound: not kept
  assert.equal(lru.get("big"), undefined);
});

test("SizedLru with secondSight keeps a key only when it is set a second time", () => {
  const lru = new SizedLru<number>(1000, () => 1, { secondSight: true, seenKept: 3 });
  lru.set("a", 1);
  assert.equal(lru.get("a"), undefined);
  lru.set("a", 1);
  assert.equal(lru.get("a"), 1);
  // Keys set once never enter; the doorkeeper forgets after `seenKept` distinct keys.
  for (let i = 0; i < 10; i++) lru.set(`k${i}`, i);
  assert.equal(lru.size, 1);
  assert.notEqual(hash30("k1"), hash30("k2"));
  assert.ok(Number.isInteger(hash30("any")) && hash30("any") >= 0 && hash30("any") < 2 ** 30);
});

const text = readFileSync(new URL("../../examples/car-purchase.yaml", import.meta.url), "utf8");

test("parseGiven reuses the parse of a text sent again, frozen, and answers stay the same", () => {
  const other = (n: number) => parseGiven(`${text}# ${n}\n`, "memo-test.yaml");
  const first = parseGiven(text, "memo-test.yaml");
  assert.equal(parseGiven(text, "memo-test.yaml"), first); // the last parse, at once
  other(1);
  const second = parseGiven(text, "memo-test.yaml"); // parsed again: kept from now on
  assert.notEqual(second, first);
  assert.deepEqual(second, first);
  other(2);
  assert.equal(parseGiven(text, "memo-test.yaml"), second);
  assert.ok(Object.isFrozen(second.scenario) && Object.isFrozen(second.scenario!.parties[0]));
  // Another name is another key: problems name their file.
  assert.notEqual(parseGiven(text, "other.yaml"), second);
  // Analysing the kept (frozen) scenario, its variants included, changes nothing and gives the same answer.
  const a = analyze({ scenario: text, name: "memo-test.yaml", allVariants: true });
  const b = analyze({ scenario: text, name: "memo-test.yaml", allVariants: true });
  assert.deepEqual(a, b);
  assert.deepEqual(parseGiven(text, "memo-test.yaml").scenario, first.scenario);
});
