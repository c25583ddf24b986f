/**
 * The approximate analysis of ANAC 2014 nonlinear (hyper-rectangle) scenarios, checked against a brute-force
 * oracle: on spaces small enough to enumerate every bid, the exact Pareto frontier, Nash point, zone, best and
 * worst bids and distribution are computed independently here and compared with `searchFrontier` and
 * `analyzeNonlinear`. The hand-made fixture (test/formats/fixtures/nonlinear-pair) uses sum, max and min
 * aggregation, an EXCLUDES range, a ufun weight, reservation values and a discount factor; random profiles
 * generated below cover more shapes.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { isZopaError } from "../../src/errors.ts";
import { loadInputFromPaths, loadScenarioFromPaths } from "../../src/formats/index.ts";
import {
  type NonlinearProfile,
  type NonlinearScenario,
  nonlinearUtility,
  paretoOf,
  readNonlinearProfile,
  searchFrontier,
} from "../../src/formats/nonlinear.ts";
import { analyzeNonlinear } from "../../src/formats/nonlinearAnalysis.ts";
import { mulberry32 } from "../../src/util/random.ts";

const PAIR = join("test", "formats", "fixtures", "nonlinear-pair");

function pair(): NonlinearScenario {
  const loaded = loadInputFromPaths([PAIR]);
  assert.equal(loaded.kind, "nonlinear");
  if (loaded.kind !== "nonlinear") throw new Error("unreachable");
  return loaded.nonlinear;
}

interface Bid {
  bid: Int32Array;
  ua: number;
  ub: number;
}

/** Every bid of the space with both utilities (last issue fastest). */
function enumerate(s: NonlinearScenario): Bid[] {
  const sizes = s.issues.map((i) => i.upper - i.lower + 1);
  const total = sizes.reduce((x, y) => x * y, 1);
  const out: Bid[] = [];
  for (let x = 0; x < total; x++) {
    const bid = new Int32Array(sizes.length);
    let rest = x;
    for (let k = sizes.length - 1; k >= 0; k--) {
      bid[k] = s.issues[k].lower + (rest % sizes[k]);
      rest = Math.floor(rest / sizes[k]);
    }
    out.push({
      bid,
      ua: nonlinearUtility(s.parties[0].profile, bid),
      ub: nonlinearUtility(s.parties[1].profile, bid),
    });
  }
  return out;
}

/** Exact frontier by pairwise dominance (quadratic, independent of the code under test). */
function bruteFrontier(bids: Bid[]): [number, number][] {
  const keep = bids.filter(
    (p) => !bids.some((q) => q.ua >= p.ua && q.ub >= p.ub && (q.ua > p.ua || q.ub > p.ub)),
  );
  const distinct = new Map(keep.map((p) => [`${p.ua},${p.ub}`, [p.ua, p.ub] as [number, number]]));
  return [...distinct.values()].sort((p, q) => p[0] - q[0]);
}

/** A random nonlinear profile over integer issues 0..size−1 (XML text, read by the real reader). */
function randomProfile(
  random: () => number,
  sizes: number[],
  rectangles: number,
  name: string,
): NonlinearProfile {
  const int = (n: number) => Math.floor(random() * n);
  const range = (tag: string) => {
    const k = int(sizes.length);
    const lo = int(sizes[k]);
    return `<${tag} index="${k + 1}" min="${lo}" max="${lo + int(sizes[k] - lo)}"/>`;
  };
  const ufun = (aggregation: string, weight: number) => {
    let body = "";
    for (let j = 0; j < rectangles; j++)
      body += `<hyperRectangle utility="${1 + int(50)}">${range("INCLUDES")}${random() < 0.5 ? range("INCLUDES") : ""}${random() < 0.3 ? range("EXCLUDES") : ""}</hyperRectangle>`;
    return `<ufun weight="${weight}" aggregation="${aggregation}">${body}</ufun>`;
  };
  const issues = sizes
    .map(
      (s, k) =>
        `<issue etype="integer" index="${k + 1}" name="i${k + 1}" type="integer" vtype="integer" lowerbound="0" upperbound="${s - 1}"/>`,
    )
    .join("");
  const aggregation = ["sum", "max", "min"][int(3)];
  const xml = `<utility_space type="nonlinear"><objective>${issues}<utility maxutility="100">${ufun("sum", 1)}${ufun(aggregation, 0.5)}</utility></objective><reservation value="0.2"/></utility_space>`;
  return readNonlinearProfile(xml, name);
}

function randomScenario(seed: number): NonlinearScenario {
  const random = mulberry32(seed);
  const sizes = Array.from({ length: 4 }, () => 2 + Math.floor(random() * 5));
  const a = randomProfile(random, sizes, 6, "a.xml");
  const b = randomProfile(random, sizes, 6, "b.xml");
  return {
    id: `random-${seed}`,
    title: `random ${seed}`,
    files: [],
    issues: a.issues.map((i) => ({ id: `i${i.index}`, name: i.name, lower: i.lower, upper: i.upper })),
    parties: [
      { id: "a", name: "a", profile: a },
      { id: "b", name: "b", profile: b },
    ],
  };
}

function samePairs(actual: [number, number][], expected: [number, number][], what: string): void {
  assert.equal(
    actual.length,
    expected.length,
    `${what}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`,
  );
  actual.forEach((p, k) => {
    assert.ok(
      Math.abs(p[0] - expected[k][0]) <= 1e-12 && Math.abs(p[1] - expected[k][1]) <= 1e-12,
      `${what}: point ${k} ${p} vs ${expected[k]}`,
    );
  });
}

describe("nonlinear frontier search against brute force", () => {
  test("the fixture: hand-checked utilities and the exact frontier for several seeds", () => {
    const s = pair();
    const [buyer, seller] = s.parties.map((p) => p.profile);
    // Hand calculation. Bid (1, 2, 3): buyer 40 + 30 + 20 = 90 (max ufun: nothing) → 0.9; seller: nothing
    // but the 15-rectangle (x2 = 2, x1 = 1) → 15/90. Bid (3, 0, 4): buyer 0.5·max(20, 14) = 10 (EXCLUDES
    // x1 ∈ [3, 4] kills the 20) → 0.1; seller 35 + 25 + min(15) = 75 → 75/90.
    assert.equal(nonlinearUtility(buyer, [1, 2, 3]), 0.9);
    assert.equal(nonlinearUtility(seller, [1, 2, 3]), 15 / 90);
    assert.equal(nonlinearUtility(buyer, [3, 0, 4]), 0.1);
    assert.equal(nonlinearUtility(seller, [3, 0, 4]), 75 / 90);
    // min aggregation: (3, 1, 5) lies in both min rectangles: min(15, 10) = 10 → (35 + 25 + 15 + 10) / 90.
    assert.equal(nonlinearUtility(seller, [3, 1, 5]), 85 / 90);
    const exact = bruteFrontier(enumerate(s));
    assert.ok(exact.length >= 4, "a non-trivial frontier");
    for (const seed of [1, 2, 3, 4, 5]) {
      const found = searchFrontier(buyer, seller, { seed }).points;
      samePairs(
        found.map((p) => [p.ua, p.ub]),
        exact,
        `seed ${seed}`,
      );
      for (const p of found) {
        assert.equal(nonlinearUtility(buyer, p.bid), p.ua);
        assert.equal(nonlinearUtility(seller, p.bid), p.ub);
      }
    }
  });

  test("random profiles (sum / max / min, EXCLUDES): the search finds the exact frontier", () => {
    for (let seed = 1; seed <= 30; seed++) {
      const s = randomScenario(seed);
      const exact = bruteFrontier(enumerate(s));
      const found = searchFrontier(s.parties[0].profile, s.parties[1].profile, { seed: 1 }).points;
      samePairs(
        found.map((p) => [p.ua, p.ub]),
        exact,
        `random scenario ${seed}`,
      );
    }
  });

  test("paretoOf agrees with the pairwise oracle", () => {
    const bids = enumerate(randomScenario(99));
    samePairs(paretoOf(bids.map((b) => [b.ua, b.ub])), bruteFrontier(bids), "paretoOf");
  });
});

describe("analyzeNonlinear: the Analysis contract, checked against brute force", () => {
  const s = pair();
  const all = enumerate(s);
  const rv = [0.3, 0.25];
  const inZone = (b: Bid) => b.ua >= rv[0] - 1e-9 && b.ub >= rv[1] - 1e-9;

  test("fields agree with the oracle", () => {
    // A sample of 1 bid: the frontier comes from the search alone.
    const a = analyzeNonlinear(s, { seed: 1, sample: 1 });
    assert.equal(a.version, 1);
    assert.equal(a.space.size, 120);
    assert.deepEqual(
      a.space.issues.map((i) => [i.id, i.name, i.size]),
      [
        ["x_1", "x 1", 5],
        ["x_2", "x 2", 4],
        ["x_3", "x 3", 6],
      ],
    );
    assert.equal(a.space.enumerated, false);
    assert.equal(a.agreementZone.exact, false);
    assert.equal(a.agreementZone.outcomes, null);
    assert.equal(a.deadlock, null);
    assert.deepEqual(a.negotiators, ["buyer", "seller"]);
    assert.match(a.notes[0], /^APPROXIMATION: .*nonlinear.*21 directions × 4 random starts, seed 1/);
    assert.match(a.scenario.title, /approximate/);
    assert.ok(a.notes.some((n) => /^ESTIMATE: .*(agreement zone|reservation values)/.test(n)));
    assert.ok(a.notes.some((n) => /^ESTIMATE: distribution/.test(n)));

    // Frontier: the exact one, each point's utilities those of its outcome.
    const exact = bruteFrontier(all);
    const pairs = a.pareto.points.map((p) => [p.utilities.buyer, p.utilities.seller] as [number, number]);
    samePairs(pairs, exact, "frontier");
    assert.equal(a.pareto.size, exact.length);
    for (const p of a.pareto.points) {
      const bid = ["x_1", "x_2", "x_3"].map((id) => p.outcome[id] as number);
      assert.equal(nonlinearUtility(s.parties[0].profile, bid), p.utilities.buyer);
      assert.equal(nonlinearUtility(s.parties[1].profile, bid), p.utilities.seller);
    }

    // Best: the best utility of any bid. Reservation values as the profiles give them.
    assert.equal(a.parties[0].best?.utilities.buyer, Math.max(...all.map((b) => b.ua)));
    assert.equal(a.parties[1].best?.utilities.seller, Math.max(...all.map((b) => b.ub)));
    assert.deepEqual(
      a.parties.map((p) => p.reservation),
      rv,
    );

    // Nash over the zone: argmax of the product of gains over every bid in the zone.
    const zone = all.filter(inZone);
    const nash = Math.max(...zone.map((b) => (b.ua - rv[0]) * (b.ub - rv[1])));
    const n = a.solutions.nash;
    assert.ok(n);
    assert.ok(Math.abs((n.utilities.buyer - rv[0]) * (n.utilities.seller - rv[1]) - nash) <= 1e-12);
    const welfare = Math.max(...zone.map((b) => b.ua + b.ub));
    const w = a.solutions.welfare;
    assert.ok(w && Math.abs(w.utilities.buyer + w.utilities.seller - welfare) <= 1e-12);
    assert.equal(a.agreementZone.empty, false);

    // Opposition: the equal-utility frontier point's distance to (1, 1).
    const eq = exact.reduce((best, p) => (Math.abs(p[0] - p[1]) < Math.abs(best[0] - best[1]) ? p : best));
    assert.ok(Math.abs((a.metrics.opposition ?? -1) - Math.hypot(1 - eq[0], 1 - eq[1])) <= 1e-12);
  });

  test("estimates from the sample come close to the exact zone size and distribution", () => {
    const a = analyzeNonlinear(s, { seed: 3, sample: 20_000 });
    const zoneCount = all.filter(inZone).length;
    // 20,000 draws: the standard error of the zone share is below 0.0036; allow 0.02 (5 sigma) = 2.4 bids.
    assert.ok(
      Math.abs(a.agreementZone.size - zoneCount) <= 0.02 * 120,
      `${a.agreementZone.size} vs ${zoneCount}`,
    );
    const exact = bruteFrontier(all);
    const meanDistance =
      all.reduce((sum, b) => sum + Math.min(...exact.map(([x, y]) => Math.hypot(b.ua - x, b.ub - y))), 0) /
      all.length;
    assert.ok(
      Math.abs((a.metrics.distribution ?? -1) - meanDistance) <= 0.01,
      `${a.metrics.distribution} vs ${meanDistance}`,
    );
    // With the whole space drawn many times over, the worst sampled bid is the worst bid.
    assert.equal(a.parties[0].worst?.utilities.buyer, Math.min(...all.map((b) => b.ua)));
    assert.equal(a.parties[1].worst?.utilities.seller, Math.min(...all.map((b) => b.ub)));
  });

  test("deterministic: the same seed gives the same analysis", () => {
    assert.deepEqual(analyzeNonlinear(s, { seed: 7 }), analyzeNonlinear(s, { seed: 7 }));
  });

  test("--time discounts utilities and reservation values by d^t (buyer d = 0.8, seller none)", () => {
    const base = analyzeNonlinear(s, { seed: 1 });
    const late = analyzeNonlinear(s, { seed: 1, time: 1 });
    assert.ok(Math.abs(late.parties[0].reservation - 0.3 * 0.8) <= 1e-12);
    assert.equal(late.parties[1].reservation, 0.25);
    late.pareto.points.forEach((p, k) => {
      assert.ok(Math.abs(p.utilities.buyer - 0.8 * base.pareto.points[k].utilities.buyer) <= 1e-12);
      assert.equal(p.utilities.seller, base.pareto.points[k].utilities.seller);
    });
    assert.ok(late.notes.some((n) => /Discount factors: buyer 0\.8, seller none/.test(n)));
  });

  test("reservation values nobody can meet: an empty zone, labelled, with no solutions", () => {
    const high: NonlinearScenario = {
      ...s,
      parties: s.parties.map((p) => ({ ...p, profile: { ...p.profile, reservation: 0.95 } })),
    };
    assert.ok(!all.some((b) => b.ua >= 0.95 && b.ub >= 0.95), "the oracle agrees that no bid qualifies");
    const a = analyzeNonlinear(high);
    assert.equal(a.agreementZone.empty, true);
    assert.equal(a.agreementZone.size, 0);
    assert.equal(a.solutions.nash, null);
    assert.equal(a.deadlock, null);
    assert.match(a.verdict, /No agreement zone found \(approximate/);
    assert.ok(a.notes.some((n) => /^APPROXIMATION: no bid found meets both reservation values/.test(n)));
    // Over the whole frontier (GENIUS style) there are solutions again.
    assert.ok(analyzeNonlinear(high, { solutionsOver: "all" }).solutions.nash);
  });

  test("a space beyond 2^53: the exact size is in the notes", () => {
    const random = mulberry32(5);
    const sizes = Array.from({ length: 20 }, () => 10);
    const a = randomProfile(random, sizes, 10, "a.xml");
    const b = randomProfile(random, sizes, 10, "b.xml");
    const big: NonlinearScenario = {
      id: "big",
      title: "big",
      files: [],
      issues: a.issues.map((i) => ({ id: `i${i.index}`, name: i.name, lower: i.lower, upper: i.upper })),
      parties: [
        { id: "a", name: "a", profile: a },
        { id: "b", name: "b", profile: b },
      ],
    };
    const r = analyzeNonlinear(big, { sample: 500, directions: 3, restarts: 1 });
    assert.equal(r.space.size, 1e20);
    assert.ok(r.notes.some((n) => n.includes(`exactly 1${"0".repeat(20)} outcomes`)));
    assert.match(r.notes[0], /3 directions × 1 random starts/);
  });
});

describe("loading nonlinear GENIUS scenarios", () => {
  test("loadInputFromPaths returns the domain's issues and two parties named after their files", () => {
    const s = pair();
    assert.equal(s.id, "pair-domain");
    assert.deepEqual(
      s.parties.map((p) => p.id),
      ["buyer", "seller"],
    );
    assert.deepEqual(
      s.issues.map((i) => [i.lower, i.upper]),
      [
        [0, 4],
        [0, 3],
        [1, 6],
      ],
    );
  });

  test("loadScenarioFromPaths refuses them, saying only `zopa analyze` supports them", () =>
    assert.throws(
      () => loadScenarioFromPaths([PAIR]),
      (e: unknown) =>
        isZopaError(e, "unsupported") &&
        /buyer\.xml: <utility_space> \(line 3\): nonlinear.*only `zopa analyze` supports them/.test(
          e.message,
        ),
    ));

  test("one profile, a linear profile among nonlinear ones, no domain: clear errors", () => {
    const fx = (...p: string[]) => join("test", "formats", "fixtures", ...p);
    assert.throws(
      () => loadInputFromPaths([fx("nonlinear")]),
      (e: unknown) =>
        isZopaError(e, "format", "unsupported") && /exactly two profiles, but 1 was given/.test(e.message),
    );
    assert.throws(
      () => loadInputFromPaths([fx("nonlinear-pair"), fx("genius-shop", "buyer-prof.xml")]),
      (e: unknown) =>
        isZopaError(e, "format", "unsupported") &&
        /buyer-prof\.xml: the inputs mix a nonlinear/.test(e.message),
    );
    assert.throws(
      () => loadInputFromPaths([fx("nonlinear-pair", "buyer.xml"), fx("nonlinear-pair", "seller.xml")]),
      /no GENIUS domain file/,
    );
    assert.throws(
      () =>
        loadInputFromPaths([
          fx("nonlinear", "grid-domain.xml"),
          fx("nonlinear-pair", "buyer.xml"),
          fx("nonlinear-pair", "seller.xml"),
        ]),
      /buyer\.xml: <utility_space> \(line 3\): its issues .* differ from the domain's/,
    );
  });
});
