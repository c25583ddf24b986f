/**
 * Deadlock diagnosis against brute force on random scenarios with many empty zones, on both paths: enumeration
 * (small spaces) and Pareto frontiers of restricted spaces (spaces beyond the enumeration limit, red lines of
 * single-issue conditions). Every blocking set really empties the zone and is minimal, and all minimal ones are
 * listed; every relaxation really opens the zone, is minimal, and reports the true opened size (when counted),
 * a Nash point of what it opens, the smallest reservation drops that suffice, and the single options whose
 * admission alone opens the zone.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { type Analysis, analyze } from "../../src/analysis/analyze.ts";
import { type Deadlock, minimalHittingSets } from "../../src/analysis/deadlock.ts";
import { isZopaError } from "../../src/errors.ts";
import { Oracle, type RandomScenario, scenarioArbitrary } from "./oracle.ts";
import { parsed } from "./randomParse.ts";

const TOLERANCE = 1e-9;

function bits(mask: number): number[] {
  const out: number[] = [];
  for (let b = 0; b < 31; b++) if (mask & (1 << b)) out.push(b);
  return out;
}

type Path = "enumeration" | "frontier";

/** The analysis on the chosen path, or null when that path does not apply (any/not red lines, large space). */
function analysed(s: RandomScenario, path: Path): Analysis | null {
  if (path === "enumeration") return analyze(parsed(s));
  try {
    return analyze(parsed(s), { enumerationLimit: 0 });
  } catch (e) {
    assert.ok(isZopaError(e, "size-limit") && /"any" or "not"/.test(e.message), String(e));
    return null;
  }
}

function checkBlockingSets(s: RandomScenario, oracle: Oracle, d: Deadlock): void {
  const bit = (key: string) => oracle.commitments.findIndex((c) => c.key === key);
  assert.deepEqual(
    d.commitments.map((c) => c.key),
    oracle.commitments.map((c) => c.key),
  );
  const masks = [...new Set(oracle.violations)];
  /** The set blocks when every outcome breaks one of its members. */
  const blocks = (set: number) => masks.every((m) => (m & set) !== 0);
  const listed = d.blockingSets.map((b) => {
    const mask = b.commitments.reduce((m, key) => m | (1 << bit(key)), 0);
    const where = `seed ${s.seed}: ${b.commitments.join(" + ")}`;
    assert.ok(blocks(mask), `${where} does not empty the zone`);
    for (const c of bits(mask)) assert.ok(!blocks(mask & ~(1 << c)), `${where} is not minimal`);
    assert.deepEqual([...b.parties].sort(), [...new Set(b.commitments.map((k) => k.split("/")[0]))].sort());
    return mask;
  });
  assert.equal(new Set(listed).size, listed.length, "a blocking set is listed twice");
  const K = oracle.commitments.length;
  if (d.complete && K <= 12) {
    const all: number[] = [];
    for (let set = 1; set < 1 << K; set++)
      if (blocks(set) && bits(set).every((c) => !blocks(set & ~(1 << c)))) all.push(set);
    assert.deepEqual(
      [...listed].sort((x, y) => x - y),
      all,
      `seed ${s.seed}`,
    );
  }
}

/** Counts of relaxations that lowered a reservation value and that listed widenings. */
interface Seen {
  drops: number;
  widenings: number;
}

function checkRelaxations(s: RandomScenario, oracle: Oracle, d: Deadlock, seen: Seen): void {
  const bit = (key: string) => oracle.commitments.findIndex((c) => c.key === key);
  const neg = oracle.negotiators;
  // The minimal relaxations by brute force: sets R whose removal opens the zone, no subset of which does.
  const opens = (set: number) => oracle.zoneWithout(set).length > 0;
  const masks = [...new Set(oracle.violations)];
  const minimal = masks.filter((m) => opens(m) && !masks.some((o) => o !== m && (o & m) === o));
  const listed = d.relaxations.map((r) => r.relax.reduce((m, key) => m | (1 << bit(key)), 0));
  if (d.complete && minimal.length <= 20)
    assert.deepEqual(
      [...listed].sort((x, y) => x - y),
      minimal.sort((x, y) => x - y),
      `seed ${s.seed}`,
    );
  d.relaxations.forEach((r, k) => {
    const R = listed[k];
    const where = `seed ${s.seed}: relaxing ${r.relax.join(" + ")}`;
    assert.ok(opens(R), `${where} opens nothing`);
    for (const c of bits(R)) assert.ok(!opens(R & ~(1 << c)), `${where} is not minimal`);
    // Reservation values in R are lowered to `to`; everything else holds.
    const rvs = bits(R).filter((c) => oracle.commitments[c].kind === "reservation");
    assert.equal(r.reservationDrops.length, rvs.length);
    const lowered = new Map(r.reservationDrops.map((x) => [x.party, x]));
    for (const c of rvs) {
      const drop = lowered.get(s.parties[oracle.commitments[c].party].id)!;
      assert.ok(Math.abs(drop.from - oracle.reservation(oracle.commitments[c].party)) <= TOLERANCE);
      assert.ok(drop.drop >= 0 && Math.abs(drop.from - drop.to - drop.drop) <= TOLERANCE);
    }
    const reserve = (p: number) => lowered.get(s.parties[p].id)?.to ?? oracle.reservation(p);
    const opened = oracle.zoneWithout(R).filter((x) =>
      rvs.every((c) => {
        const p = oracle.commitments[c].party;
        return oracle.utility(p, x) >= reserve(p) - TOLERANCE;
      }),
    );
    assert.ok(opened.length > 0, `${where}: the lowered reservation values open nothing`);
    if (r.opens.zoneSize !== null) assert.equal(r.opens.zoneSize, opened.length, `${where}: opened size`);
    // A Nash point of what it opens, with the lowered reservation values as disagreement point.
    assert.ok(r.opens.nash, `${where}: no Nash point`);
    const x = oracle.indexOfRecord(r.opens.nash.outcome);
    assert.ok(opened.includes(x), `${where}: the Nash point is not in the opened zone`);
    const product = (y: number) => neg.reduce((acc, p) => acc * (oracle.utility(p, y) - reserve(p)), 1);
    assert.ok(product(x) >= Math.max(...opened.map(product)) - TOLERANCE, `${where}: Nash is not optimal`);
    checkWidenings(oracle, r, R, where, seen);
    if (rvs.length === 0) return;
    seen.drops++;
    // Smallest drops: over the outcomes that meet every other commitment, the least largest shortfall.
    const shortfall = (y: number) =>
      Math.max(
        0,
        ...rvs.map((c) => {
          const p = oracle.commitments[c].party;
          return oracle.reservation(p) - oracle.utility(p, y);
        }),
      );
    const least = Math.min(...oracle.zoneWithout(R).map(shortfall));
    const largestDrop = Math.max(...r.reservationDrops.map((x) => x.drop));
    assert.ok(Math.abs(largestDrop - least) <= TOLERANCE, `${where}: drop ${largestDrop}, smallest ${least}`);
    if (rvs.length === 1 && least > 1e-6) {
      // Lowering the reservation value by a little less than the drop opens nothing.
      const p = oracle.commitments[rvs[0]].party;
      const almost = oracle.reservation(p) - (least - 1e-6);
      assert.ok(
        oracle.zoneWithout(R).every((y) => oracle.utility(p, y) < almost),
        where,
      );
    }
  });
}

/**
 * Widenings of a relaxed red line: admitting option o on issue i opens the outcomes that meet every other
 * commitment, take o on i and meet the red line's conditions on the other issues. When any are listed, they
 * are exactly the options that open something, most opening first, with the true counts.
 */
function checkWidenings(
  oracle: Oracle,
  r: Deadlock["relaxations"][number],
  R: number,
  where: string,
  seen: Seen,
): void {
  if (r.widenings.length === 0) return;
  seen.widenings++;
  const b = bits(R);
  assert.equal(b.length, 1, `${where}: widenings for a relaxation of several commitments`);
  const c = oracle.commitments[b[0]];
  assert.equal(c.kind, "redLine");
  const party = oracle.s.parties[c.party];
  const requires = party.redLines.find((rl) => `${party.id}/${rl.id}` === c.key)!.requires;
  const others = oracle.zoneWithout(R);
  const expected: string[] = [];
  oracle.s.issues.forEach((issue, i) => {
    issue.options.forEach((option, k) => {
      const n = others.filter((x) => {
        const d = oracle.outcomes[x];
        return d[i] === k && oracle.evaluateIgnoring(requires, d, i) && !oracle.evaluate(requires, d);
      }).length;
      if (n > 0) expected.push(`${issue.id}=${option}:${n}`);
    });
  });
  const counted = r.widenings.every((w) => w.opens !== null);
  const strip = (x: string) => (counted ? x : x.replace(/:(\d+|null)$/, ""));
  assert.deepEqual(
    r.widenings.map((w) => strip(`${w.issue}=${w.option}:${w.opens}`)).sort(),
    expected.map(strip).sort(),
    `${where}: widenings`,
  );
  for (const w of r.widenings) assert.equal(w.redLine, c.key);
  for (let k = 1; k < r.widenings.length; k++)
    if (counted)
      assert.ok(r.widenings[k - 1].opens! >= r.widenings[k].opens!, `${where}: widenings out of order`);
}

describe("deadlock diagnosis", () => {
  it("reports a deadlock exactly when the brute-force zone is empty", () => {
    let empty = 0;
    fc.assert(
      fc.property(scenarioArbitrary({ conflict: true }), (s) => {
        const oracle = new Oracle(s);
        const a = analyze(parsed(s));
        const isEmpty = oracle.zone().length === 0;
        if (isEmpty) empty++;
        assert.equal(a.agreementZone.empty, isEmpty, `seed ${s.seed}`);
        assert.equal(a.agreementZone.size, oracle.zone().length, `seed ${s.seed}`);
        assert.equal(a.deadlock === null, !isEmpty, `seed ${s.seed}`);
      }),
      { seed: 42, numRuns: 150 },
    );
    assert.ok(empty >= 30, `only ${empty} of 150 conflict scenarios had an empty zone`);
  });

  for (const path of ["enumeration", "frontier"] as const) {
    it(`(${path}) lists blocking sets that empty the zone, are minimal, and are all the minimal ones`, () => {
      let checked = 0;
      fc.assert(
        fc.property(scenarioArbitrary({ conflict: true }), (s) => {
          const oracle = new Oracle(s);
          if (oracle.zone().length > 0) return;
          const a = analysed(s, path);
          if (!a) return;
          assert.ok(a.deadlock, `seed ${s.seed}: no diagnosis`);
          checked++;
          checkBlockingSets(s, oracle, a.deadlock);
        }),
        { seed: 43, numRuns: 150 },
      );
      assert.ok(checked >= 20, `only ${checked} deadlocks checked`);
    });

    it(`(${path}) lists relaxations that open the zone, are minimal, with the opened size, a Nash point, the smallest drops and the widenings`, () => {
      const seen: Seen = { drops: 0, widenings: 0 };
      fc.assert(
        fc.property(scenarioArbitrary({ conflict: true }), (s) => {
          const oracle = new Oracle(s);
          if (oracle.zone().length > 0) return;
          const a = analysed(s, path);
          if (!a) return;
          assert.ok(a.deadlock, `seed ${s.seed}: no diagnosis`);
          checkRelaxations(s, oracle, a.deadlock, seen);
        }),
        { seed: 44, numRuns: 150 },
      );
      assert.ok(seen.drops >= 5, `only ${seen.drops} relaxations lowered a reservation value`);
      assert.ok(seen.widenings >= 5, `only ${seen.widenings} relaxations listed widenings`);
    });
  }

  it("finds the minimal hitting sets of a small family by hand", () => {
    // Family {a,b}, {b,c}, {a,c} (bits 1, 2, 4): every pair hits all three, no single element does.
    assert.deepEqual(minimalHittingSets([0b011, 0b110, 0b101]), {
      sets: [0b011, 0b101, 0b110],
      complete: true,
    });
    // Family {a}, {a,b}: {a} alone hits both; {b} misses {a}.
    assert.deepEqual(minimalHittingSets([0b01, 0b11]), { sets: [0b01], complete: true });
  });
});
