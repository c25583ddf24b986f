/**
 * Property-based fuzzing of every reader (test/hostile/readers.ts): generated inputs are read or refused with
 * a ZopaError, never another exception, each within 5 s. 60 inputs per reader here (600 in all), seeded so a
 * failure repeats; `npm run fuzz` runs the long campaign (scripts/fuzz.ts).
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { cleanUp, fuzzReader, READERS } from "./readers.ts";

const RUNS = 60;
const SEED = 20261204;
after(cleanUp);

describe("fuzzing the readers: read or a ZopaError, never another exception", () => {
  for (const reader of READERS)
    it(`${reader.name}: ${RUNS} inputs`, () => {
      const t = fuzzReader(reader, RUNS, SEED, 5_000);
      assert.equal(t.inputs, RUNS);
      assert.equal(t.failed, 0);
      assert.ok(t.refused > 0, `${reader.name}: some mutated inputs should be refused`);
    });
});
