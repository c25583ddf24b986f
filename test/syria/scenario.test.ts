/**
 * What follows logically from the sourced inputs of examples/syria-israel-2026/scenario.yaml.
 * The zone checks use an independent brute-force oracle over the raw scenario (its own predicate evaluator
 * and utility sums), not the compiled space.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { analyze } from "../../src/analysis/analyze.ts";
import { assumptionsOf } from "../../src/analysis/assumptions.ts";
import { analyzeHistory } from "../../src/history/history.ts";
import { readScenarioFile } from "../../src/scenario/load.ts";
import type { OutcomeSpec, Predicate, Scenario } from "../../src/scenario/schema.ts";
import { applyVariant } from "../../src/scenario/variants.ts";
import { REPO_ROOT } from "../support/shared.ts";

const FILE = join(REPO_ROOT, "examples/syria-israel-2026/scenario.yaml");
const loaded = readScenarioFile(FILE);
const scenario = loaded.scenario as Scenario;

type Outcome = Record<string, string>;

function holds(p: Predicate, o: Outcome, s: Scenario): boolean {
  if ("all" in p) return p.all.every((q) => holds(q, o, s));
  if ("any" in p) return p.any.some((q) => holds(q, o, s));
  if ("not" in p) return !holds(p.not, o, s);
  const v = o[p.issue];
  if ("in" in p) return p.in.includes(v);
  if ("notIn" in p) return !p.notIn.includes(v);
  const issue = s.issues.find((i) => i.id === p.issue) as { options: { id: string }[] };
  const rank = (x: unknown) => issue.options.findIndex((opt) => opt.id === x);
  return "atLeast" in p ? rank(v) >= rank(p.atLeast) : rank(v) <= rank((p as { atMost: string }).atMost);
}

function utility(s: Scenario, partyId: string, o: OutcomeSpec): number {
  const prefs = s.parties.find((p) => p.id === partyId)!.preferences!;
  let u = 0;
  for (const [issue, w] of Object.entries(prefs.weights))
    u += w * ((prefs.values[issue] as Record<string, number>)[String(o[issue])] ?? 0);
  return u;
}

/** Whether every principal accepts the outcome: red lines hold and utility ≥ reservation (status-quo outcome). */
function acceptable(s: Scenario, o: Outcome): boolean {
  return s.parties
    .filter((p) => p.role === "principal")
    .every((p) => {
      if (!(p.redLines ?? []).every((rl) => holds(rl.requires, o, s))) return false;
      const res = p.reservation as { outcome?: OutcomeSpec };
      const rv = res?.outcome ? utility(s, p.id, res.outcome) : 0;
      return utility(s, p.id, o) >= rv - 1e-9;
    });
}

/** Brute force: every outcome of the (variant) scenario, counting the acceptable ones. */
function oracleZoneSize(s: Scenario): number {
  const domains = s.issues.map((i) => (i as { options: { id: string }[] }).options.map((o) => o.id));
  let count = 0;
  const o: Outcome = {};
  const walk = (k: number) => {
    if (k === domains.length) {
      if (acceptable(s, o)) count++;
      return;
    }
    for (const v of domains[k]) {
      o[s.issues[k].id] = v;
      walk(k + 1);
    }
  };
  walk(0);
  return count;
}

const base = analyze(scenario);
const deesc = analyze(scenario, { variant: "de-escalation-only" });

test("the scenario is valid and every factual element cites a declared source", () => {
  assert.ok(scenario, JSON.stringify(loaded.problems));
  const sourceIds = new Set(scenario.sources.map((s) => s.id));
  for (const p of scenario.parties)
    for (const rl of p.redLines ?? []) {
      assert.ok((rl.sources ?? []).length > 0, `${p.id}/${rl.id} has no source`);
      assert.ok(rl.confidence, `${p.id}/${rl.id} has no confidence`);
    }
  for (const r of scenario.timeline ?? []) {
    assert.ok((r.sources ?? []).length > 0, `round ${r.id} has no source`);
    for (const pos of r.positions ?? []) assert.ok((pos.sources ?? []).length > 0, `${r.id}/${pos.party}`);
    for (const a of r.attendees ?? []) assert.ok((a.sources ?? []).length > 0, `${r.id}: ${a.name}`);
  }
  for (const c of scenario.claims ?? []) {
    assert.ok((c.claimedIn ?? []).length > 0 && (c.sources ?? []).length > 0, `claim ${c.id}`);
    for (const id of [...(c.claimedIn ?? []), ...(c.sources ?? [])]) assert.ok(sourceIds.has(id), id);
  }
  for (const v of scenario.variants) assert.ok((v.sources ?? []).length > 0, `variant ${v.id}`);
  // The Golan is outside the talks; so is the US–Israeli war on Iran (regional context since the 2026 update).
  assert.deepEqual(
    (scenario.outOfScope ?? []).map((x) => x.id),
    ["golan", "iran-war"],
  );
  for (const x of scenario.outOfScope ?? [])
    for (const id of x.sources ?? []) assert.ok(sourceIds.has(id), `${x.id}: ${id}`);
  assert.ok(!scenario.issues.some((i) => /golan/i.test(i.id)), "the Golan must not be an issue");
});

test("preferences and reservations are marked as assumptions with a rationale", () => {
  const a = assumptionsOf(scenario);
  for (const party of ["syria", "israel"]) {
    const mine = a.filter((x) => x.party === party);
    assert.equal(mine.length, 2, `${party}: preferences and reservation`);
    for (const x of mine) assert.ok(x.rationale && x.rationale.length > 10, x.what);
  }
});

test("the report's own claims are in the ledger with their status against the sources", () => {
  const claims = new Map((scenario.claims ?? []).map((c) => [c.id, c]));
  assert.equal(claims.get("direct-talks-april")?.status, "unsupported");
  assert.ok(claims.get("direct-talks-april")?.claimedIn?.includes("seed"));
  assert.equal(claims.get("other-syrian-demands")?.status, "unsupported");
});

test("stated red lines: the zone is empty, and each withdrawal pair is a blocking set", () => {
  // Syria requires troops = full; Israel requires troops = stay: no outcome satisfies both, and neither alone
  // excludes everything, so the pair must be a minimal blocking set. Likewise Syria's Hermon part vs Israel's.
  assert.equal(base.agreementZone.empty, true);
  assert.equal(oracleZoneSize(scenario), 0);
  const sets = base.deadlock!.blockingSets.map((b) => [...b.commitments].sort().join(" + "));
  assert.ok(sets.includes("israel/stay-in-buffer-zone + syria/withdrawal-pre-dec-8"), sets.join("; "));
  assert.ok(sets.includes("israel/hermon + syria/withdrawal-pre-dec-8"), sets.join("; "));
  assert.ok(sets.includes("israel/demilitarised-south + syria/no-demilitarised-south"), sets.join("; "));
});

test("de-escalation only: the zone matches brute force and contains the Paris January 2026 outcome", () => {
  const applied = applyVariant(scenario, "de-escalation-only");
  assert.equal(deesc.agreementZone.empty, false);
  assert.equal(deesc.agreementZone.size, oracleZoneSize(applied));
  const paris = scenario.timeline!.find((r) => r.id === "paris-jan-6")!;
  const outcome = { ...scenario.statusQuo, ...paris.result!.agreed } as Outcome;
  assert.ok(acceptable(applied, outcome), "the oracle rejects the Paris outcome");
  const h = analyzeHistory(scenario, { variants: [null, "de-escalation-only"] });
  const result = h.results.find((r) => r.round === "paris-jan-6")!;
  assert.deepEqual(
    result.variants.map((v) => v.inZone),
    [false, true],
  );
});

test("september-2025 draft: the Sweida corridor pair blocks, as Reuters reports it derailed the deal", () => {
  const a = analyze(scenario, { variant: "september-2025-draft" });
  assert.equal(a.agreementZone.empty, true);
  const sets = a.deadlock!.blockingSets.map((b) => [...b.commitments].sort().join(" + "));
  assert.ok(sets.includes("israel/sweida-corridor + syria/no-sweida-corridor"), sets.join("; "));
});

test("Hermon as the only issue: exactly one blocking set, the two Hermon commitments", () => {
  const a = analyze(scenario, { variant: "hermon-only-left" });
  assert.deepEqual(
    a.deadlock!.blockingSets.map((b) => [...b.commitments].sort()),
    [["israel/hermon", "syria/withdrawal-pre-dec-8"]],
  );
});

test("incentives cannot open a zone that red lines on other issues close", () => {
  // The economic option adds value but no red line mentions the economic issue.
  const a = analyze(scenario, { variant: "us-incentives" });
  assert.equal(a.agreementZone.empty, true);
  assert.deepEqual(a.deadlock!.blockingSets, base.deadlock!.blockingSets);
});
