/**
 * A simulated agreement's distances use the reference points `zopa analyze` reports: the frontier over all
 * outcomes, and the Nash and max-welfare points within the agreement zone. Checked by brute force over
 * every outcome of the examples.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { analyze } from "../../src/analysis/analyze.ts";
import { agentFromCatalog } from "../../src/negotiation/catalog.ts";
import { simulate } from "../../src/negotiation/simulate.ts";
import { loadScenario } from "../../src/scenario/load.ts";
import { applyVariant } from "../../src/scenario/variants.ts";
import { compileScenario } from "../../src/space/compile.ts";
import { decodeOutcome, utilityOf } from "../../src/space/outcome.ts";
import { REPO_ROOT } from "../support/shared.ts";

const dist = (a: number[], b: number[]) => Math.hypot(...a.map((x, k) => x - b[k]));

for (const [file, agents] of [
  ["examples/car-purchase.yaml", { buyer: "conceder", dealer: "boulware" }],
  ["examples/river-basin.yaml", { upstream: "conceder", downstream: "conceder" }],
] as const) {
  test(`distances of a simulated agreement on ${file} match the analysis and a brute-force frontier`, () => {
    const scenario = loadScenario(join(REPO_ROOT, file));
    // The river basin has no zone as stated; its flexible variant has one.
    const variant = file.includes("river") ? "upstream-flexible" : undefined;
    const a = analyze(scenario, { variant });
    const space = compileScenario(variant ? applyVariant(scenario, variant) : scenario, variant ?? null);
    const factories = Object.fromEntries(
      Object.entries(agents).map(([id, name]) => [id, agentFromCatalog(name)]),
    );
    const r = simulate(space, { agents: factories, rounds: 200, seed: 3 });
    assert.equal(r.status, "agreement", "the agents agree");
    const ids = a.negotiators;
    const at = ids.map((id) => space.parties.findIndex((p) => p.id === id));
    const u = at.map((k) => r.utilities[r.parties.findIndex((p) => p.index === k)]);
    // Brute force: every outcome's utilities, the non-dominated ones, the nearest of them.
    const points: number[][] = [];
    for (let x = 0; x < space.size; x++) {
      const d = decodeOutcome(space, x);
      points.push(at.map((k) => utilityOf(space.parties[k], d)));
    }
    const dominated = (p: number[]) =>
      points.some((q) => q.every((v, j) => v >= p[j]) && q.some((v, j) => v > p[j] + 1e-12));
    const frontier = points.filter((p) => !dominated(p));
    const pareto = Math.min(...frontier.map((p) => dist(u, p)));
    assert.ok(Math.abs(r.distances!.pareto - pareto) < 1e-9, `pareto ${r.distances!.pareto} vs ${pareto}`);
    const vec = (p: { utilities: Record<string, number> }) => ids.map((id) => p.utilities[id]);
    assert.ok(
      Math.abs(r.distances!.nash! - dist(u, vec(a.solutions.nash!))) < 1e-9,
      "Nash point as analyze reports it",
    );
    assert.ok(
      Math.abs(r.distances!.welfare - dist(u, vec(a.solutions.welfare!))) < 1e-9,
      "welfare point as analyze reports it",
    );
  });
}
