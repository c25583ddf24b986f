/**
 * History analysis against hand calculations on test/history/fixture.yaml.
 * Buyer U = 0.6·v(price) + 0.4·v(terms), v(price) low 1 / mid .5 / high 0, v(terms) a 1 / b 0, RV .35.
 * Seller U = 0.7·v(price) + 0.3·v(terms), v(price) low 0 / mid .6 / high 1, v(terms) a 0 / b 1, RV .3,
 * red line price ≥ mid. Outcomes (buyer, seller): low,a (1, 0); low,b (.6, .3); mid,a (.7, .42);
 * mid,b (.3, .72); high,a (.4, .7); high,b (0, 1). Zone: mid,a and high,a (low breaks the red line,
 * mid,b and high,b fall below the buyer's .35).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { analyzeHistory } from "../../src/history/history.ts";
import { parseScenario } from "../../src/scenario/parse.ts";
import { REPO_ROOT } from "../support/shared.ts";

const TOL = 1e-9;
function load(text = readFileSync(join(REPO_ROOT, "test/history/fixture.yaml"), "utf8")) {
  const r = parseScenario(text);
  assert.ok(r.scenario, JSON.stringify(r.problems));
  return r.scenario;
}
const close = (a: number, b: number, msg?: string) =>
  assert.ok(Math.abs(a - b) < TOL, `${msg ?? ""} ${a} ≠ ${b}`);

const h = analyzeHistory(load());
const pos = (round: string, party: string) => {
  const p = h.positions.find((x) => x.round === round && x.party === party);
  assert.ok(p, `${round}/${party}`);
  return p;
};

test("partial positions are completed: stated, then carried, then the proposer's best option", () => {
  assert.deepEqual(pos("r1", "buyer").outcome, { price: "low", terms: "a" });
  assert.deepEqual(pos("r1", "buyer").basis, { price: "stated", terms: "proposer-best" });
  assert.deepEqual(pos("r1", "seller").outcome, { price: "high", terms: "b" });
  // r2 seller states only price; terms b is carried from r1.
  assert.deepEqual(pos("r2", "seller").outcome, { price: "mid", terms: "b" });
  assert.deepEqual(pos("r2", "seller").basis, { price: "stated", terms: "carried" });
  // r3 seller states terms; price mid is carried from r2.
  assert.deepEqual(pos("r3", "seller").outcome, { price: "mid", terms: "a" });
  // The buyer never states terms: the proposer-best option a every time.
  assert.equal(pos("r3", "buyer").basis.terms, "proposer-best");
});

test("utilities of each position to every party match the hand calculation", () => {
  const expected: [string, string, number, number][] = [
    ["r1", "buyer", 1, 0],
    ["r1", "seller", 0, 1],
    ["r2", "buyer", 0.7, 0.42],
    ["r2", "seller", 0.3, 0.72],
    ["r3", "seller", 0.7, 0.42],
    ["r3", "buyer", 1, 0],
  ];
  for (const [r, p, ub, us] of expected) {
    close(pos(r, p).utilities.buyer, ub, `${r}/${p} buyer`);
    close(pos(r, p).utilities.seller, us, `${r}/${p} seller`);
  }
});

test("utility ranges span the completions of the issues the round did not state", () => {
  // r2 buyer states price mid: terms free → buyer .3..7, seller .42..72.
  const r = pos("r2", "buyer").range;
  close(r.buyer[0], 0.3);
  close(r.buyer[1], 0.7);
  close(r.seller[0], 0.42);
  close(r.seller[1], 0.72);
  // r2 seller: terms carried, so not fixed by this round → same span.
  close(pos("r2", "seller").range.seller[0], 0.42);
});

test("moves carry the DANS class of (Δself, Δother)", () => {
  assert.equal(pos("r1", "buyer").move, null);
  const b2 = pos("r2", "buyer").move!;
  close(b2.deltaSelf, -0.3);
  close(b2.deltaOthers.seller, 0.42);
  assert.equal(b2.class, "concession");
  const s2 = pos("r2", "seller").move!;
  close(s2.deltaSelf, -0.28);
  close(s2.deltaOthers.buyer, 0.3);
  assert.equal(s2.class, "concession");
  const s3 = pos("r3", "seller").move!;
  close(s3.deltaSelf, -0.3);
  close(s3.deltaOthers.buyer, 0.4);
  assert.equal(s3.class, "concession");
  const b3 = pos("r3", "buyer").move!;
  close(b3.deltaSelf, 0.3);
  close(b3.deltaOthers.seller, -0.42);
  assert.equal(b3.class, "selfish");
  assert.equal(b3.from, "r2");
});

test("acceptability to the other side and distance to the zone (base)", () => {
  const base = (r: string, p: string) => pos(r, p).variants[0];
  assert.equal(h.variants[0], null);
  assert.equal(base("r1", "buyer").zoneSize, 2);
  const a = base("r1", "buyer").acceptableTo.seller;
  assert.deepEqual(a, { acceptable: false, brokenRedLines: ["floor"], belowReservation: true });
  // (low,a) → nearest zone outcome mid,a: one issue; utility distance √(.3² + .42²).
  assert.equal(base("r1", "buyer").distance.issues, 1);
  close(base("r1", "buyer").distance.utility!, Math.sqrt(0.09 + 0.1764));
  // (high,b) = (0, 1) → high,a (.4, .7): √(.16 + .09) = .5.
  assert.equal(base("r1", "seller").distance.issues, 1);
  close(base("r1", "seller").distance.utility!, 0.5);
  assert.equal(base("r2", "buyer").inZone, true);
  assert.deepEqual(base("r2", "buyer").distance, { issues: 0, utility: 0 });
  // (mid,b): buyer .3 < .35.
  assert.deepEqual(base("r2", "seller").acceptableTo.buyer, {
    acceptable: false,
    brokenRedLines: [],
    belowReservation: true,
  });
});

test("under a variant that removes an option, positions using it are outside its space", () => {
  const j = h.variants.indexOf("no-high");
  const ev = pos("r1", "seller").variants[j];
  assert.equal(ev.inSpace, false);
  assert.deepEqual(ev.acceptableTo, {});
  // The variant's zone is mid,a alone; (high,b) differs from it on both issues.
  assert.equal(ev.zoneSize, 1);
  assert.deepEqual(ev.distance, { issues: 2, utility: null });
  assert.equal(pos("r2", "buyer").variants[j].inZone, true);
});

test("per-party aggregates: concessions, net and gross, and whether a position ever reached the other side", () => {
  const buyer = h.aggregates.find((a) => a.party === "buyer")!;
  assert.equal(buyer.positions, 3);
  assert.equal(buyer.moves.concession, 1);
  assert.equal(buyer.moves.selfish, 1);
  close(buyer.netConcession, 0);
  close(buyer.grossConcession, 0.3);
  close(buyer.otherGain.seller, 0);
  assert.equal(buyer.everAcceptableTo[""].seller, true);
  const seller = h.aggregates.find((a) => a.party === "seller")!;
  assert.equal(seller.moves.concession, 2);
  close(seller.netConcession, 0.58);
  close(seller.grossConcession, 0.58);
  close(seller.otherGain.buyer, 0.7);
  assert.equal(seller.everAcceptableTo[""].buyer, true);
  assert.equal(seller.everInZone[""], true);
});

test("agreed results are completed with the status quo and located in each variant's zone", () => {
  const r = h.results.find((x) => x.round === "r3")!;
  assert.deepEqual(r.outcome, { price: "mid", terms: "a" });
  close(r.utilities!.buyer, 0.7);
  assert.deepEqual(
    r.variants.map((v) => v.inZone),
    [true, true],
  );
});

test("validation: positions must name known parties and options", () => {
  const text = readFileSync(join(REPO_ROOT, "test/history/fixture.yaml"), "utf8").replace(
    "{ party: buyer, outcome: { price: mid } }",
    "{ party: buyr, outcome: { price: cheap } }",
  );
  const r = parseScenario(text);
  assert.equal(r.scenario, undefined);
  const messages = r.problems.map((p) => `${p.path.join(".")}: ${p.message}`);
  assert.ok(
    messages.some((m) => m.startsWith("timeline.1.positions.0.party") && m.includes("buyr")),
    messages.join("\n"),
  );
  assert.ok(
    messages.some((m) => m.includes("timeline.1.positions.0.outcome.price") && m.includes("cheap")),
    messages.join("\n"),
  );
});
