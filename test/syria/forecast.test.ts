/**
 * The flagship scenario's stakeholders and constituencies: every input is sourced or marked an assumption, and
 * the forecasts and two-level zones follow from the inputs. Expected values are computed here by hand from the
 * raw YAML (own nominal values, own compromise formula, own interval arithmetic), not by the library.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { forecastScenario } from "../../src/forecast/scenarioForecast.ts";
import { readScenarioFile } from "../../src/scenario/load.ts";
import type { Scenario, UncertainNumber } from "../../src/scenario/schema.ts";
import { REPO_ROOT } from "../support/shared.ts";

const FILE = join(REPO_ROOT, "examples/syria-israel-2026/scenario.yaml");
const loaded = readScenarioFile(FILE);
const scenario = loaded.scenario as Scenario;
const st = scenario.stakeholders!;
const forecasts = forecastScenario(scenario);
const byIssue = new Map(forecasts.map((f) => [f.issue, f]));

/** Nominal value of an uncertain input: the number, the midpoint of a range, the mode, the mean. */
function nominal(u: UncertainNumber): number {
  if (typeof u === "number") return u;
  if ("range" in u) return (u.range[0] + u.range[1]) / 2;
  if ("triangular" in u) return u.triangular[1];
  return u.normal.mean;
}

/** A stakeholder's nominal ideal point on an issue, through the scenario's explicit scale. */
function position(actor: string, issue: string): number | undefined {
  const stance = st.actors.find((a) => a.id === actor)!.stances[issue];
  if (!stance) return undefined;
  return typeof stance.position === "string" ? st.scales[issue][stance.position] : nominal(stance.position);
}

function statusQuo(issue: string): number {
  const q = st.statusQuo[issue];
  return typeof q === "string" ? st.scales[issue][q] : q;
}

test("stakeholders: every input is sourced or an assumption with a rationale; categorical issues are mapped", () => {
  assert.ok(scenario, JSON.stringify(loaded.problems));
  const sourceIds = new Set(scenario.sources.map((s) => s.id));
  const principals = new Set(["israel", "syria"]);
  assert.ok(st.actors.length >= 12, "Israeli, Syrian and outside stakeholders");
  for (const a of st.actors) {
    // Capabilities are never sourced: every actor carries a rationale for its capability.
    assert.ok(a.rationale && a.rationale.length > 20, `${a.id}: capability needs a rationale`);
    for (const id of a.sources ?? []) assert.ok(sourceIds.has(id), `${a.id}: unknown source ${id}`);
    if (a.party !== undefined) assert.ok(principals.has(a.party), `${a.id}: only principals carry party`);
    for (const [issue, s] of Object.entries(a.stances)) {
      for (const id of s.sources ?? [])
        assert.ok(sourceIds.has(id), `${a.id}.${issue}: unknown source ${id}`);
      if (!(s.sources && s.sources.length > 0))
        assert.ok(
          s.rationale && s.rationale.length > 10,
          `${a.id}.${issue}: unsourced stance needs a rationale`,
        );
    }
  }
  // The coalition partners are not named in the fact base: the file must say so.
  const farRight = st.actors.find((a) => a.id === "far-right")!;
  assert.equal(farRight.sources, undefined);
  assert.match(farRight.rationale!, /ASSUMPTION.*does not name/s);
  for (const c of scenario.constituencies ?? [])
    assert.ok(c.rationale && /ASSUMPTION/.test(c.rationale), `constituency of ${c.party}`);
  for (const issue of scenario.issues)
    if (issue.type === "categorical" && st.actors.some((a) => issue.id in a.stances))
      assert.deepEqual(
        Object.keys(st.scales[issue.id]).sort(),
        issue.options.map((o) => o.id).sort(),
        `${issue.id}: explicit scale for every option`,
      );
  // The stakeholder status quo is the scenario's own.
  for (const [issue, q] of Object.entries(st.statusQuo)) assert.equal(q, scenario.statusQuo![issue]);
});

test("every forecast lies within the range of the stakeholders' positions", () => {
  assert.equal(forecasts.length, scenario.issues.length);
  for (const f of forecasts) {
    const xs = f.actors.map((a) => a.position);
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    for (const [model, x] of Object.entries(f.forecasts))
      assert.ok(x >= lo - 1e-9 && x <= hi + 1e-9, `${f.issue}/${model}: ${x} outside [${lo}, ${hi}]`);
    // The weighted median is an actor's position.
    assert.ok(xs.includes(f.forecasts["weighted-median"]), f.issue);
    // Nash is found by bisection: within its tolerance.
    if (f.nash !== undefined)
      assert.ok(f.nash >= lo - 1e-6 && f.nash <= hi + 1e-6, `${f.issue}/nash ${f.nash}`);
  }
});

test("airspace: the compromise is the capability × salience weighted mean, by hand", () => {
  // Two stakeholders: Israel's government at the no-fly zone, Syria's at sovereign monitored airspace.
  const take = ["israel-gov", "syria-gov"].map((id) => {
    const a = st.actors.find((x) => x.id === id)!;
    return { w: nominal(a.capability) * nominal(a.stances.airspace.salience), x: position(id, "airspace")! };
  });
  const expected = take.reduce((s, a) => s + a.w * a.x, 0) / take.reduce((s, a) => s + a.w, 0);
  assert.equal(byIssue.get("airspace")!.actors.length, 2);
  assert.ok(Math.abs(byIssue.get("airspace")!.forecasts.compromise - expected) < 1e-9);
});

test("demilitarisation: the two-level zone is the intersection of the veto players' preferred sets, by hand", () => {
  // Unanimity: member i prefers x to q iff x lies strictly between q and 2x_i − q. Members without a stance
  // (the Sweida Druze here) do not vote on the issue.
  const q = statusQuo("demilitarisation");
  let lo = Number.NEGATIVE_INFINITY;
  let hi = Number.POSITIVE_INFINITY;
  const voters: string[] = [];
  for (const c of scenario.constituencies!) {
    assert.equal(c.rule, "unanimity");
    for (const m of c.members) {
      const x = position(m.stakeholder, "demilitarisation");
      if (x === undefined) continue;
      voters.push(m.stakeholder);
      lo = Math.max(lo, Math.min(q, 2 * x - q));
      hi = Math.min(hi, Math.max(q, 2 * x - q));
    }
  }
  assert.deepEqual(voters.sort(), ["far-right", "israel-gov", "syria-gov"]);
  // q = 0 (no new limits); Syria's government at 37.5 (between heavy equipment back and 1974) bounds it at 75.
  assert.deepEqual({ lo, hi }, { lo: 0, hi: 75 });
  const zone = byIssue.get("demilitarisation")!.zone!;
  assert.deepEqual(zone.zone, [{ lo, hi }]);
  assert.equal(zone.diagnosis, undefined);
  // Israel's September draft (Sinai-style zones, 75) sits on the edge of what Syria's government would ratify.
  assert.equal(st.scales.demilitarisation["sinai-zones"], hi);
});

test("troops and Hermon: Israel's veto players sit at the status quo, so the zone is empty and Israel blocks", () => {
  for (const issue of ["troops", "hermon"]) {
    const q = statusQuo(issue);
    const members = scenario.constituencies!.find((c) => c.party === "israel")!.members;
    for (const m of members) assert.equal(position(m.stakeholder, issue), q, `${m.stakeholder} on ${issue}`);
    const zone = byIssue.get(issue)!.zone!;
    assert.deepEqual(zone.zone, []);
    // q is the scale's low end: only a move up is possible, and both Israeli veto players block it.
    assert.deepEqual(
      zone.diagnosis!.map((d) => d.direction),
      ["up"],
    );
    assert.deepEqual(zone.diagnosis![0].blockers.map((b) => `${b.party}/${b.member}`).sort(), [
      "israel/far-right",
      "israel/israel-gov",
    ]);
  }
});

test("Sweida: the Syrian government and the Druze leadership sit on opposite sides of the status quo", () => {
  const q = statusQuo("sweida");
  const gov = position("syria-gov", "sweida")!;
  const druze = position("sweida-druze", "sweida")!;
  assert.ok((gov - q) * (druze - q) < 0, "opposite sides: no move pleases both veto players");
  const syria = byIssue.get("sweida")!.zone!.parties.find((p) => p.party === "syria")!;
  assert.deepEqual(syria.winSet, []);
  const blockers = byIssue
    .get("sweida")!
    .zone!.diagnosis!.flatMap((d) =>
      d.blockers.filter((b) => b.party === "syria").map((b) => `${d.direction}/${b.member}`),
    )
    .sort();
  assert.deepEqual(blockers, ["down/sweida-druze", "up/syria-gov"]);
});
