/**
 * Every number the HTML report plots agrees with `zopa analyze` of the same input: the outcome cloud, the
 * zones, the Pareto frontier, the solution points, the reservation values and the utilities of the rounds'
 * positions and agreements. On the GENIUS shop fixture the seller's weights sum to 1.1 and its utilities are
 * capped at 1: no plotted number may exceed what the analysis says.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { type Analysis, analyze } from "../../src/analysis/analyze.ts";
import type { Point } from "../../src/analysis/point.ts";
import { loadScenarioFromPaths } from "../../src/formats/index.ts";
import { buildReportData, type UtilityPoint } from "../../src/report/html/data.ts";
import { readScenarioFile } from "../../src/scenario/load.ts";
import type { Round, Scenario } from "../../src/scenario/schema.ts";
import { REPO_ROOT } from "../support/shared.ts";

const EPS = 1e-9;

function geniusShop(): Scenario {
  return loadScenarioFromPaths([join(REPO_ROOT, "test", "formats", "fixtures", "genius-shop")]).scenario;
}

function carPurchase(): Scenario {
  const r = readScenarioFile(join(REPO_ROOT, "examples", "car-purchase.yaml"));
  assert.ok(r.scenario, JSON.stringify(r.problems));
  return r.scenario;
}

/**
 * Adds a timeline: in r1 every negotiator proposes its best outcome (as the analysis reports it); in r2 each
 * states only the first issue of its opponent's best, so the rest is completed and `range` spans the others.
 */
function withTimeline(scenario: Scenario, a: Analysis): Scenario {
  const best = (id: string) => a.parties.find((p) => p.id === id)!.best!;
  const [first] = scenario.issues;
  const other = (id: string) => a.negotiators.find((x) => x !== id)!;
  const timeline: Round[] = [
    {
      id: "r1",
      date: "2026-01-01",
      venue: "Room 1",
      positions: a.negotiators.map((id) => ({ party: id, outcome: best(id).outcome, sources: [] })),
    },
    {
      id: "r2",
      date: "2026-01-08",
      venue: "Room 1",
      positions: a.negotiators.map((id) => ({
        party: id,
        outcome: { [first.id]: best(other(id)).outcome[first.id] },
        sources: [],
      })),
    },
  ] as Round[];
  return { ...scenario, timeline };
}

/** Snaps to the report's grid, as the cloud and zones do. */
function snap(x: number, grid: number): number {
  return Math.round(x / grid) * grid;
}

function key(p: UtilityPoint): string {
  return `${p.x.toFixed(6)},${p.y.toFixed(6)}`;
}

function xy(p: Point, axes: [string, string]): UtilityPoint {
  return { x: p.utilities[axes[0]], y: p.utilities[axes[1]] };
}

/** Whether some frontier point weakly dominates p, up to `tol`. */
function dominatedBy(p: UtilityPoint, frontier: UtilityPoint[], tol: number): boolean {
  return frontier.some((f) => f.x >= p.x - tol && f.y >= p.y - tol);
}

function checkReport(name: string, load: () => Scenario): void {
  describe(`the report's numbers equal the analysis (${name})`, () => {
    const plain = load();
    const scenario = withTimeline(plain, analyze(plain));
    const data = buildReportData(scenario);
    const ids = [null, ...scenario.variants.map((v) => v.id)];
    const analyses = ids.map((v) => analyze(scenario, v ? { variant: v } : {}));
    const zoneAnalyses = ids.map((v) => analyze(scenario, { over: "zone", ...(v ? { variant: v } : {}) }));
    const base = analyses[0];
    const u = data.utilitySpace!;
    const axes = u.axes;
    const partyOf = (id: string) => base.parties.find((p) => p.id === id)!;

    test("the report's analyses (solution points included) are the analyses of `zopa analyze`", () => {
      assert.deepEqual(data.analyses, analyses);
      assert.deepEqual(axes, base.negotiators);
    });

    test("the plotted Pareto frontier is the analysis's frontier over all outcomes", () => {
      const expected = base.pareto.points.map((p) => xy(p, axes)).sort((a, b) => a.x - b.x || b.y - a.y);
      assert.equal(u.frontier.length, expected.length);
      u.frontier.forEach((p, r) => {
        assert.ok(Math.abs(p.x - expected[r].x) < EPS && Math.abs(p.y - expected[r].y) < EPS, `row ${r}`);
      });
    });

    test("the plotted reservation values are the analysis's", () => {
      assert.equal(u.reservation.x, partyOf(axes[0]).reservation);
      assert.equal(u.reservation.y, partyOf(axes[1]).reservation);
    });

    test("the outcome cloud lies between each party's worst and best utility and below the frontier", () => {
      const g = u.grid;
      const [bx, by] = [partyOf(axes[0]).best!, partyOf(axes[1]).best!];
      const [wx, wy] = [partyOf(axes[0]).worst!, partyOf(axes[1]).worst!];
      const maxX = Math.max(...u.cloud.map((p) => p.x));
      const maxY = Math.max(...u.cloud.map((p) => p.y));
      assert.ok(Math.abs(maxX - snap(bx.utilities[axes[0]], g)) < EPS, `cloud reaches x = ${maxX}`);
      assert.ok(Math.abs(maxY - snap(by.utilities[axes[1]], g)) < EPS, `cloud reaches y = ${maxY}`);
      assert.ok(Math.min(...u.cloud.map((p) => p.x)) >= snap(wx.utilities[axes[0]], g) - EPS);
      assert.ok(Math.min(...u.cloud.map((p) => p.y)) >= snap(wy.utilities[axes[1]], g) - EPS);
      const frontier = base.pareto.points.map((p) => xy(p, axes));
      for (const p of u.cloud) assert.ok(dominatedBy(p, frontier, g / 2 + EPS), `cloud point ${key(p)}`);
      const cloud = new Set(u.cloud.map(key));
      for (const f of frontier)
        assert.ok(cloud.has(key({ x: snap(f.x, g), y: snap(f.y, g) })), `frontier point ${key(f)}`);
    });

    test("each zone is the analysis's agreement zone of its variant", () => {
      const g = u.grid;
      zoneAnalyses.forEach((a, k) => {
        const zone = u.zones.find((z) => z.variant === ids[k]);
        assert.equal(zone === undefined, a.agreementZone.empty, `variant ${ids[k]}`);
        if (!zone) return;
        const frontier = a.pareto.points.map((p) => xy(p, axes));
        for (const p of zone.points) assert.ok(dominatedBy(p, frontier, g / 2 + EPS), `zone point ${key(p)}`);
        const points = new Set(zone.points.map(key));
        for (const f of frontier) assert.ok(points.has(key({ x: snap(f.x, g), y: snap(f.y, g) })));
        const rv = a.parties.filter((p) => axes.includes(p.id)).map((p) => p.reservation);
        for (const p of zone.points) assert.ok(p.x >= snap(rv[0], g) - EPS && p.y >= snap(rv[1], g) - EPS);
        if (a.agreementZone.outcomes)
          assert.deepEqual(
            new Set(
              a.agreementZone.outcomes.map((o) =>
                key({ x: snap(xy(o, axes).x, g), y: snap(xy(o, axes).y, g) }),
              ),
            ),
            points,
          );
      });
    });

    test("the rounds' positions have the analysis's utilities, and no range exceeds a party's best", () => {
      const h = data.history!;
      const r1 = h.positions.filter((p) => p.round === "r1");
      assert.equal(r1.length, base.negotiators.length);
      for (const p of r1) assert.deepEqual(p.utilities, partyOf(p.party).best!.utilities, p.party);
      for (const p of h.positions)
        for (const id of base.negotiators) {
          const best = partyOf(id).best!.utilities[id];
          const worst = partyOf(id).worst!.utilities[id];
          assert.ok(p.utilities[id] <= best + EPS && p.utilities[id] >= worst - EPS);
          const [lo, hi] = p.range[id];
          assert.ok(hi <= best + EPS, `${p.round} ${p.party}: ${id}'s range reaches ${hi} > ${best}`);
          assert.ok(lo >= worst - EPS, `${p.round} ${p.party}: ${id}'s range starts at ${lo} < ${worst}`);
        }
    });
  });
}

checkReport("GENIUS shop, capped", geniusShop);
checkReport("car purchase", carPurchase);
