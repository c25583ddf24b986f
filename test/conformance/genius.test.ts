/**
 * Classic GENIUS scenarios against the reference note's checked values (GENIUS semantics: Nash over the whole
 * frontier with d = reservation values, "Kalai" = equal-utility point, undiscounted utilities), GENIUS's own
 * two opposition outputs, and the empty agreement zones of Lunch and JapanTrip with their deadlock diagnosis.
 * Published values carry 4 decimals: checked to 5e-5; GENIUS's own opposition outputs to 1e-12.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { analyze } from "../../src/analysis/analyze.ts";
import { needsShared } from "../support/shared.ts";
import { distinctVectors, genius, utilities } from "./support.ts";

const skip = needsShared("GENIUS scenarios");
const TABLE = 5e-5;

function near(actual: number[], expected: number[], what: string, tol = TABLE): void {
  assert.equal(actual.length, expected.length, what);
  actual.forEach((x, k) =>
    assert.ok(
      Math.abs(x - expected[k]) <= tol,
      `${what}: got ${actual.map((v) => v.toFixed(5)).join(", ")}, expected ${expected.join(", ")}`,
    ),
  );
}

interface Row {
  name: string;
  files: [string, string, ...string[]];
  size: number;
  /** Distinct utility vectors on the frontier; omitted where the note's value disagrees (see below). */
  pareto?: number;
  nash: number[];
  kalai?: number[];
  opposition?: number;
  zone: number | "all";
}

const ROWS: Row[] = [
  {
    name: "2010 ItexvsCypress",
    files: [
      "anac2010_ItexvsCypress",
      "ItexvsCypress_domain.xml",
      "ItexvsCypress_Cypress.xml",
      "ItexvsCypress_Itex.xml",
    ],
    size: 180,
    pareto: 18,
    nash: [0.6705, 0.7215],
    kalai: [0.6705, 0.7215],
    opposition: 0.4315,
    zone: 180,
  },
  {
    name: "2010 EnglandZimbabwe",
    files: ["anac2010_EnglandZimbabwe", "EnglandZimbabwe_domain.xml", "England.xml", "Zimbabwe.xml"],
    size: 576,
    pareto: 25,
    nash: [0.9109, 0.7332],
    kalai: [0.8223, 0.7866],
    opposition: 0.2777,
    zone: 576,
  },
  {
    name: "2011 Car",
    files: ["anac2011_Car", "adg.xml", "adg_deal.xml", "adg_deal2.xml"],
    size: 15625,
    pareto: 53,
    nash: [0.9403, 0.9296],
    kalai: [0.9335, 0.9316],
    opposition: 0.0954,
    zone: "all",
  },
  {
    name: "2011 Laptop",
    files: ["anac2011_Laptop", "laptop_domain.xml", "laptop_buyer_utility.xml", "laptop_seller_utility.xml"],
    size: 27,
    pareto: 4,
    nash: [1.0, 0.8151],
    kalai: [0.874, 0.874],
    opposition: 0.1782,
    zone: "all",
  },
  {
    name: "2011 NiceOrDie",
    files: ["anac2011_NiceOrDie", "NiceOrDie.xml", "NiceOrDie1.xml", "NiceOrDie2.xml"],
    size: 3,
    pareto: 3,
    nash: [0.16, 1.0],
    kalai: [0.299, 0.299],
    opposition: 0.9914,
    zone: "all",
  },
  {
    name: "2012 EnergySmall-A",
    files: [
      "anac2012_EnergySmall",
      "EnergySmall-A-domain.xml",
      "EnergySmall-A-prof1.xml",
      "EnergySmall-A-prof2.xml",
    ],
    size: 15625,
    pareto: 92,
    nash: [0.6869, 0.7054],
    kalai: [0.6879, 0.7013],
    opposition: 0.432,
    zone: 1595,
  },
  {
    name: "2012 FiftyFifty-A",
    files: [
      "anac2012_FiftyFifty",
      "FiftyFifty-A-domain.xml",
      "FiftyFifty-A-prof1.xml",
      "FiftyFifty-A-prof2.xml",
    ],
    size: 11,
    pareto: 11,
    nash: [0.5, 0.5],
    kalai: [0.5, 0.5],
    opposition: Math.SQRT1_2, // published as .7071
    zone: 1,
  },
  {
    name: "2013 Kitchen",
    files: ["anac2013_Kitchen", "Kitchen-domain.xml", "Kitchen-husband.xml", "Kitchen-wife.xml"],
    size: 15625,
    pareto: 80,
    nash: [0.9483, 0.9763],
    kalai: [0.9549, 0.956],
    opposition: 0.063,
    zone: "all",
  },
  {
    name: "2013 Lunch",
    files: ["anac2013_Lunch", "Lunch.xml", "Lunch_util1.xml", "Lunch_util2.xml"],
    size: 3840,
    pareto: 38,
    nash: [0.7235, 0.6797],
    kalai: [0.7195, 0.6871],
    opposition: 0.4203,
    zone: 0,
  },
  {
    name: "partydomain party1/2/3",
    files: [
      "genius_partydomain",
      "party_domain.xml",
      "party1_utility.xml",
      "party2_utility.xml",
      "party3_utility.xml",
    ],
    size: 3072,
    nash: [0.785, 0.9286, 0.7177],
    kalai: [0.8008, 0.7584, 0.8082],
    zone: "all",
  },
  {
    name: "2015 killer_robot util1-3",
    files: [
      "anac2015_killer_robot",
      "KillerRobot.xml",
      "KillerRobot_util1.xml",
      "KillerRobot_util2.xml",
      "KillerRobot_util3.xml",
    ],
    size: 240000,
    pareto: 200,
    nash: [0.9431, 0.8277, 0.8774],
    zone: "all",
  },
];

describe("GENIUS checked values (reference note)", skip, () => {
  for (const row of ROWS)
    test(row.name, () => {
      const [folder, domain, ...profiles] = row.files;
      const scenario = genius(folder, domain, ...profiles);
      const a = analyze(scenario, { solutionsOver: "all" });
      const ids = a.negotiators;
      assert.equal(ids.length, profiles.length);
      assert.equal(a.space.size, row.size, "size");
      // The field counts distinct utility vectors; identical vectors from different bids count once.
      if (row.pareto !== undefined)
        assert.equal(distinctVectors(a.pareto.points, ids), row.pareto, "Pareto points");
      near(utilities(a.solutions.nash, ids), row.nash, "Nash");
      if (row.kalai) near(utilities(a.solutions.equalUtility, ids), row.kalai, "Kalai (equal utility)");
      if (row.opposition !== undefined) near([a.metrics.opposition!], [row.opposition], "opposition");
      assert.equal(a.agreementZone.size, row.zone === "all" ? row.size : row.zone, "zone size");
    });

  test("GENIUS's own opposition: laptop seller vs buyer", () => {
    const a = analyze(
      genius("anac2011_Laptop", "laptop_domain.xml", "laptop_seller_utility.xml", "laptop_buyer_utility.xml"),
    );
    assert.equal(a.space.size, 27);
    near([a.metrics.opposition!], [0.17815654562134564], "opposition", 1e-12);
  });

  test("GENIUS's own opposition: party domain kh vs cath", () => {
    const a = analyze(
      genius("genius_partydomain", "party_domain.xml", "party_utility_kh.xml", "party_utility_cath.xml"),
    );
    assert.equal(a.space.size, 3072);
    near([a.metrics.opposition!], [0.16125630169667857], "opposition", 1e-12);
  });

  test("Lunch: empty zone, Nash only under the GENIUS switch, deadlock diagnosed", () => {
    const scenario = genius("anac2013_Lunch", "Lunch.xml", "Lunch_util1.xml", "Lunch_util2.xml");
    const a = analyze(scenario);
    assert.equal(a.agreementZone.empty, true);
    assert.equal(a.solutions.nash, null, "no Nash point inside an empty zone by default");
    assert.ok(a.deadlock, "a deadlock diagnosis");
    // Both reservation values (0.8) together empty the zone; neither alone does.
    assert.deepEqual(
      a.deadlock.blockingSets.map((s) => [...s.commitments].sort()),
      [["Lunch_util1/reservation", "Lunch_util2/reservation"]],
    );
    assert.match(a.verdict, /^No agreement zone/);
  });

  test("JapanTrip: three parties with RV 0.9, empty zone, deadlock diagnosed", () => {
    const scenario = genius(
      "anac2016_JapanTrip",
      "JapanTrip.xml",
      "JapanTrip_util1.xml",
      "JapanTrip_util2.xml",
      "JapanTrip_util3.xml",
    );
    const a = analyze(scenario);
    assert.equal(a.space.size, 240);
    assert.equal(a.agreementZone.size, 0);
    assert.ok(a.deadlock && a.deadlock.blockingSets.length > 0, "blocking sets");
    for (const set of a.deadlock.blockingSets) {
      assert.ok(set.commitments.length >= 2, "no single reservation value empties the zone alone");
      assert.ok(set.commitments.every((c) => c.endsWith("/reservation")));
    }
    assert.match(a.verdict, /^No agreement zone/);
  });
});
