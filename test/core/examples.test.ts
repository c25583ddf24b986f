/**
 * The two bundled examples, checked against hand calculations (tolerance 1e-9 on utilities).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { type Analysis, analyze } from "../../src/analysis/analyze.ts";
import type { Point } from "../../src/analysis/point.ts";
import { loadScenario } from "../../src/scenario/load.ts";
import { REPO_ROOT } from "../support/shared.ts";

const TOLERANCE = 1e-9;
const car = loadScenario(join(REPO_ROOT, "examples", "car-purchase.yaml"));
const river = loadScenario(join(REPO_ROOT, "examples", "river-basin.yaml"));

function close(
  actual: number | null | undefined,
  expected: number,
  what: string,
  tolerance = TOLERANCE,
): void {
  assert.ok(
    typeof actual === "number" && Math.abs(actual - expected) <= tolerance,
    `${what}: expected ${expected}, got ${actual}`,
  );
}

/** `price/warranty/delivery` style key of a point's outcome, in the scenario's issue order. */
function key(p: Point | null, issues: string[]): string {
  assert.ok(p, "expected a point");
  return issues.map((i) => p.outcome[i]).join("/");
}

function utilities(p: Point | null, ids: string[]): number[] {
  assert.ok(p, "expected a point");
  return ids.map((id) => p.utilities[id]);
}

function closeAll(actual: number[], expected: number[], what: string): void {
  assert.equal(actual.length, expected.length, what);
  actual.forEach((x, k) => close(x, expected[k], `${what}[${k}]`));
}

/*
 * Car purchase by hand. Buyer: 0.6·price + 0.3·warranty + 0.1·delivery; dealer: 0.7·price + 0.2·warranty +
 * 0.1·delivery. Weighted values:
 *   buyer  price low .6, mid .3, high 0;  warranty none 0, one_year .18, two_years .3;  delivery pickup 0, delivered .1
 *   dealer price low 0, mid .42, high .7; warranty none .2, one_year .1, two_years 0;   delivery pickup .1, delivered 0
 * The 18 outcomes (buyer, dealer):
 *   high/none/pickup (0, 1)     high/none/delivered (.1, .9)    high/one/pickup (.18, .9)   high/one/delivered (.28, .8)
 *   high/two/pickup (.3, .8)    high/two/delivered (.4, .7)     mid/none/pickup (.3, .72)   mid/none/delivered (.4, .62)
 *   mid/one/pickup (.48, .62)   mid/one/delivered (.58, .52)    mid/two/pickup (.6, .52)    mid/two/delivered (.7, .42)
 *   low/none/pickup (.6, .3)    low/none/delivered (.7, .2)     low/one/pickup (.78, .2)    low/one/delivered (.88, .1)
 *   low/two/pickup (.9, .1)     low/two/delivered (1, 0)
 * Zone: buyer ≥ .3, dealer ≥ .4, warranty ≠ two_years → the four mid/none|one outcomes.
 */
const CAR_ISSUES = ["price", "warranty", "delivery"];
const CAR_IDS = ["buyer", "dealer"];

describe("examples/car-purchase.yaml (checked by hand)", () => {
  const a: Analysis = analyze(car);

  it("has 3 × 3 × 2 = 18 outcomes and an agreement zone of 4", () => {
    assert.equal(a.space.size, 18);
    assert.equal(a.agreementZone.size, 4);
    assert.equal(a.agreementZone.empty, false);
    assert.deepEqual(a.negotiators, CAR_IDS);
  });

  it("lists the zone's outcomes: mid price, no warranty or one year, either delivery", () => {
    const zone = a.agreementZone.outcomes!.map((p) => [key(p, CAR_ISSUES), ...utilities(p, CAR_IDS)]);
    const expected: [string, number, number][] = [
      ["mid/none/pickup", 0.3, 0.72], // buyer .3 meets its reservation value .3 exactly
      ["mid/none/delivered", 0.4, 0.62],
      ["mid/one_year/pickup", 0.48, 0.62],
      ["mid/one_year/delivered", 0.58, 0.52],
    ];
    assert.deepEqual(
      zone.map((z) => z[0]),
      expected.map((e) => e[0]),
    );
    zone.forEach((z, k) => closeAll(z.slice(1) as number[], expected[k].slice(1) as number[], String(z[0])));
  });

  it("has a Pareto frontier of 10 points over all outcomes (high/none/delivered (.1, .9) is dominated by (.18, .9))", () => {
    // Non-dominated from the table above, by buyer utility ascending.
    const expected: [string, number, number][] = [
      ["high/none/pickup", 0, 1],
      ["high/one_year/pickup", 0.18, 0.9],
      ["high/two_years/pickup", 0.3, 0.8],
      ["high/two_years/delivered", 0.4, 0.7],
      ["mid/one_year/pickup", 0.48, 0.62],
      ["mid/two_years/pickup", 0.6, 0.52],
      ["mid/two_years/delivered", 0.7, 0.42],
      ["low/one_year/pickup", 0.78, 0.2],
      ["low/two_years/pickup", 0.9, 0.1],
      ["low/two_years/delivered", 1, 0],
    ];
    assert.equal(a.pareto.over, "all");
    assert.equal(a.pareto.size, 10);
    assert.deepEqual(
      a.pareto.points.map((p) => key(p, CAR_ISSUES)),
      expected.map((e) => e[0]),
    );
    a.pareto.points.forEach((p, k) =>
      closeAll(utilities(p, CAR_IDS), expected[k].slice(1) as number[], expected[k][0]),
    );
  });

  it("has a frontier of 3 points over the zone: (.3, .72), (.48, .62), (.58, .52); (.4, .62) is dominated", () => {
    const z = analyze(car, { over: "zone" });
    assert.equal(z.pareto.size, 3);
    assert.deepEqual(
      z.pareto.points.map((p) => key(p, CAR_ISSUES)),
      ["mid/none/pickup", "mid/one_year/pickup", "mid/one_year/delivered"],
    );
  });

  it("puts Nash, Kalai–Smorodinsky, egalitarian and welfare at mid/one_year/pickup (.48, .62)", () => {
    // d = (.3, .4); on the zone's frontier:
    //   Nash product: (.3,.72) 0·.32 = 0; (.48,.62) .18·.22 = .0396; (.58,.52) .28·.12 = .0336 → (.48, .62)
    //   KS: ideal (.58, .72), ranges (.28, .32): min(.18/.28 = .643, .22/.32 = .6875) = .643 beats
    //       min(1, .12/.32 = .375) and min(0, 1) → (.48, .62)
    //   egalitarian min gain: 0, min(.18, .22) = .18, min(.28, .12) = .12 → (.48, .62)
    //   welfare: 1.02, 1.10, 1.10: a tie, broken towards the earlier row (lower buyer utility) → (.48, .62)
    for (const name of ["nash", "kalaiSmorodinsky", "egalitarian", "welfare"] as const) {
      assert.equal(key(a.solutions[name], CAR_ISSUES), "mid/one_year/pickup", name);
      closeAll(utilities(a.solutions[name], CAR_IDS), [0.48, 0.62], name);
    }
  });

  it("puts the equal-utility point at mid/one_year/delivered (.58, .52)", () => {
    // |u_B − u_D|: .42, .14, .06 → (.58, .52)
    assert.equal(key(a.solutions.equalUtility, CAR_ISSUES), "mid/one_year/delivered");
    closeAll(utilities(a.solutions.equalUtility, CAR_IDS), [0.58, 0.52], "equalUtility");
  });

  it("has opposition √(.4² + .48²) = √.3904 ≈ 0.62482", () => {
    // GENIUS: the equal-utility point of the whole frontier, |u_B − u_D| smallest at (.6, .52) (.08), to (1, 1).
    close(a.metrics.opposition, Math.sqrt(0.4 ** 2 + 0.48 ** 2), "opposition");
    // The nearest frontier point to (1, 1) is the same (.6, .52); (.7, .42) is √(.09 + .3364) ≈ .653 away.
    close(a.metrics.oppositionMinDistance, Math.sqrt(0.3904), "oppositionMinDistance");
    // Max welfare on the whole frontier: 1.12 at (.6, .52) and (.7, .42), tie to the earlier row (.6, .52).
    close(a.metrics.oppositionWelfare, Math.sqrt(0.3904), "oppositionWelfare");
  });

  it("has distribution (8 off-frontier distances) / 18 ≈ 0.029789", () => {
    // Distances of the 8 outcomes off the frontier to their nearest frontier point:
    //   (.1,.9)→(.18,.9) .08; (.28,.8)→(.3,.8) .02; (.3,.72)→(.3,.8) .08; (.4,.62)→(.48,.62) .08;
    //   (.58,.52)→(.6,.52) .02; (.6,.3)→(.7,.42) √(.01 + .0144); (.7,.2)→(.78,.2) .08; (.88,.1)→(.9,.1) .02
    const total = 0.08 + 0.02 + 0.08 + 0.08 + 0.02 + Math.sqrt(0.0244) + 0.08 + 0.02;
    close(a.metrics.distribution, total / 18, "distribution");
  });

  it("finds no deadlock, and reports each party's best and worst outcomes", () => {
    assert.equal(a.deadlock, null);
    const buyer = a.parties.find((p) => p.id === "buyer")!;
    const dealer = a.parties.find((p) => p.id === "dealer")!;
    assert.equal(key(buyer.best, CAR_ISSUES), "low/two_years/delivered");
    assert.equal(key(buyer.worst, CAR_ISSUES), "high/none/pickup");
    assert.equal(key(dealer.best, CAR_ISSUES), "high/none/pickup");
    close(buyer.reservation, 0.3, "buyer reservation");
    close(dealer.reservation, 0.4, "dealer reservation");
  });

  it("opens 4 more outcomes when the dealer drops its warranty policy (generous-dealer)", () => {
    // Two-year warranties in reach: high/two/pickup (.3, .8), high/two/delivered (.4, .7), mid/two/pickup
    // (.6, .52), mid/two/delivered (.7, .42) all meet (.3, .4).
    const v = analyze(car, { variant: "generous-dealer" });
    assert.equal(v.scenario.variant, "generous-dealer");
    assert.equal(v.agreementZone.size, 8);
    // Nash with d = (.3, .4) over the 8: (.3,.72) 0, (.4,.62) .022, (.48,.62) .0396, (.58,.52) .0336,
    // (.3,.8) 0, (.4,.7) .03, (.6,.52) .036, (.7,.42) .008 → still mid/one_year/pickup.
    assert.equal(key(v.solutions.nash, CAR_ISSUES), "mid/one_year/pickup");
  });
});

/*
 * River basin by hand. Upstream: 0.5·share + 0.3·dam + 0.2·fund; downstream: 0.6·share + 0.3·dam + 0.1·fund.
 *   upstream   share s40 0, s50 .2, s60 .4, s70 .5;  dam joint .06, upstream .3;  fund none 0, small .1, large .2
 *   downstream share s40 .6, s50 .42, s60 .18, s70 0; dam joint .3, upstream 0;   fund none 0, small .05, large .1
 * Upstream requires share ≥ s60, downstream share ≤ s50: every outcome breaks one of the two. Both
 * reservation values are .3. The bank is a mediator without a veto: none of its commitments count.
 */
const RIVER_ISSUES = ["share", "dam", "fund"];
const UP = "upstream/sixty-percent";
const DOWN = "downstream/half-the-river";

describe("examples/river-basin.yaml (checked by hand)", () => {
  const a = analyze(river);

  it("has 4 × 2 × 3 = 24 outcomes and an empty zone, with the two principals as negotiators", () => {
    assert.equal(a.space.size, 24);
    assert.equal(a.agreementZone.size, 0);
    assert.equal(a.agreementZone.empty, true);
    assert.deepEqual(a.negotiators, ["upstream", "downstream"]);
    for (const p of Object.values(a.solutions)) assert.equal(p, null);
  });

  it("lists the four commitments of the negotiators: two red lines, two reservation values", () => {
    assert.deepEqual(
      a.deadlock!.commitments.map((c) => c.key),
      [UP, DOWN, "upstream/reservation", "downstream/reservation"],
    );
  });

  it("has exactly one blocking set: the two red lines together", () => {
    // No single commitment empties the zone, the reservation values alone do not (s50/joint/large gives
    // (.46, .82)), and neither red line with the other side's reservation does (s60/joint/none (.46, .48),
    // s50/joint/large (.46, .82)).
    assert.deepEqual(a.deadlock!.blockingSets, [
      { commitments: [UP, DOWN], parties: ["upstream", "downstream"] },
    ]);
    assert.equal(a.deadlock!.complete, true);
  });

  it("has two relaxations: dropping upstream's red line opens 8 outcomes, downstream's opens 6", () => {
    // Drop sixty-percent (share s40/s50 allowed, both ≥ .3):
    //   s40: only dam=upstream (.3 + fund ≥ .3): 3 outcomes; s50: joint needs fund ≥ small (.36, .46): 2,
    //   dam=upstream: 3 (.5–.7 vs downstream .42–.52) → 8. Nash with d = (.3, .3):
    //   s50/upstream/large (.7, .52): .4·.22 = .088 beats s50/joint/large (.46, .82): .16·.52 = .0832.
    // Drop half-the-river (share s60/s70): s60/joint: 3 (downstream .48–.58); s60/upstream: downstream ≤ .28;
    //   s70/joint: 3 (downstream .3–.4); s70/upstream: downstream ≤ .1 → 6. Nash: s60/joint/large (.66, .58):
    //   .36·.28 = .1008.
    const [first, second] = a.deadlock!.relaxations;
    assert.equal(a.deadlock!.relaxations.length, 2);
    assert.deepEqual(first.relax, [UP]);
    assert.deepEqual(first.parties, ["upstream"]);
    assert.deepEqual(first.reservationDrops, []);
    assert.equal(first.opens.zoneSize, 8);
    assert.equal(key(first.opens.nash, RIVER_ISSUES), "s50/upstream/large");
    closeAll(
      utilities(first.opens.nash, ["upstream", "downstream"]),
      [0.7, 0.52],
      "nash after dropping sixty-percent",
    );
    assert.deepEqual(second.relax, [DOWN]);
    assert.equal(second.opens.zoneSize, 6);
    assert.equal(key(second.opens.nash, RIVER_ISSUES), "s60/joint/large");
    closeAll(
      utilities(second.opens.nash, ["upstream", "downstream"]),
      [0.66, 0.58],
      "nash after dropping half-the-river",
    );
  });

  it("opens with the verdict naming both red lines, the one blocking set and the cheapest relaxation (drop sixty-percent: 8 outcomes beat half-the-river's 6)", () => {
    assert.equal(
      a.verdict,
      'No agreement zone: 1 set of commitments blocks a deal: Upstream\'s red line "sixty-percent" and Downstream\'s red line "half-the-river" cannot both hold. The cheapest relaxation that opens a zone: drop Upstream\'s red line "sixty-percent" (opens 8 of 24 outcomes; 1 other gives up as few).',
    );
  });

  it("opens a zone of 5 outcomes in the upstream-flexible variant (share s50 only)", () => {
    // Red lines share ≥ s50 and ≤ s50 leave s50: joint/none (.26) fails upstream's .3, the other five pass
    // (joint/small .36, joint/large .46, upstream/* .5–.7; downstream .42–.82).
    const v = analyze(river, { variant: "upstream-flexible" });
    assert.equal(v.agreementZone.size, 5);
    assert.equal(v.deadlock, null);
    assert.deepEqual(
      v.agreementZone.outcomes!.map((p) => key(p, RIVER_ISSUES)),
      ["s50/joint/small", "s50/joint/large", "s50/upstream/none", "s50/upstream/small", "s50/upstream/large"],
    );
    // Nash with d = (.3, .3): (.36,.77) .0282, (.46,.82) .0832, (.5,.42) .024, (.6,.47) .051, (.7,.52) .088.
    assert.equal(key(v.solutions.nash, RIVER_ISSUES), "s50/upstream/large");
    assert.match(v.verdict, /^Agreement is possible: 5 of 24 outcomes/);
  });
});
