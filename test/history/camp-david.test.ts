/**
 * examples/camp-david-1978: a negotiation whose outcome is known. What follows from the sourced red lines
 * alone is tested as such; what also needs the (assumed) preferences is marked.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { analyze } from "../../src/analysis/analyze.ts";
import { analyzeHistory } from "../../src/history/history.ts";
import { readScenarioFile } from "../../src/scenario/load.ts";
import type { Predicate, Scenario } from "../../src/scenario/schema.ts";
import { applyVariant } from "../../src/scenario/variants.ts";
import { REPO_ROOT } from "../support/shared.ts";

const loaded = readScenarioFile(join(REPO_ROOT, "examples/camp-david-1978/scenario.yaml"));
const scenario = loaded.scenario as Scenario;
const treaty = {
  ...scenario.statusQuo,
  ...scenario.timeline!.find((r) => r.id === "treaty")!.result!.agreed,
};

function holds(p: Predicate, o: Record<string, unknown>): boolean {
  if ("all" in p) return p.all.every((q) => holds(q, o));
  if ("any" in p) return p.any.some((q) => holds(q, o));
  if ("not" in p) return !holds(p.not, o);
  if ("in" in p) return p.in.includes(o[p.issue] as string);
  if ("notIn" in p) return !p.notIn.includes(o[p.issue] as string);
  throw new Error("ordered conditions are not used in this scenario");
}

function brokenRedLines(s: Scenario, o: Record<string, unknown>): string[] {
  return s.parties.flatMap((p) =>
    (p.redLines ?? []).filter((rl) => !holds(rl.requires, o)).map((rl) => `${p.id}/${rl.id}`),
  );
}

test("the scenario is valid and its red lines cite sources", () => {
  assert.ok(scenario, JSON.stringify(loaded.problems));
  for (const p of scenario.parties) for (const rl of p.redLines ?? []) assert.ok(rl.sources?.length, rl.id);
});

test("as stated on arrival, the two settlements red lines alone block agreement", () => {
  const a = analyze(scenario);
  assert.equal(a.agreementZone.empty, true);
  assert.deepEqual(
    a.deadlock!.blockingSets.map((b) => [...b.commitments].sort()),
    [["egypt/settlements", "israel/settlements"]],
  );
  // The treaty breaks exactly Israel's settlements red line as stated.
  assert.deepEqual(brokenRedLines(scenario, treaty), ["israel/settlements"]);
});

test("once the Knesset decides the settlements, the treaty meets every red line", () => {
  const v = applyVariant(scenario, "knesset-decides");
  assert.deepEqual(brokenRedLines(v, treaty), []);
});

test("with the documented preferences, the treaty is in the zone and is its Nash point", () => {
  // Depends on the assumed weights as well as the red lines (see docs/camp-david.md).
  const a = analyze(scenario, { variant: "knesset-decides" });
  assert.equal(a.agreementZone.empty, false);
  assert.deepEqual(a.solutions.nash!.outcome, treaty);
  const h = analyzeHistory(scenario, { variants: ["knesset-decides"] });
  assert.equal(h.results.find((r) => r.round === "treaty")!.variants[0].inZone, true);
});

test("linkage to the West Bank, as before decoupling, blocks with Israel's no-linkage red line", () => {
  const a = analyze(scenario, { variant: "linked" });
  const sets = a.deadlock!.blockingSets.map((b) => [...b.commitments].sort().join(" + "));
  assert.ok(sets.includes("egypt/palestinian-link + israel/no-linkage"), sets.join("; "));
});
