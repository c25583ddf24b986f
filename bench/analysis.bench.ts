/** Core analysis throughput on seeded synthetic two-party linear additive spaces. */
import { performance } from "node:perf_hooks";
import { analyzeSpace } from "../src/analysis/analyze.ts";
import { frontierByDecomposition } from "../src/analysis/frontier.ts";
import { compileScenario } from "../src/space/compile.ts";
import { enumerateSpace } from "../src/space/enumerate.ts";
import { syntheticScenario } from "../src/space/synthetic.ts";
import type { BenchRow } from "./main.ts";

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const r = f();
  return [r, (performance.now() - t0) / 1000];
}

function best<T>(runs: number, f: () => T): [T, number] {
  let out: [T, number] | null = null;
  for (let k = 0; k < runs; k++) {
    const r = time(f);
    if (!out || r[1] < out[1]) out = r;
  }
  return out!;
}

export default async function (): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const [label, issues, runs] of [
    ["10^4", 4, 5],
    ["10^6", 6, 3],
    ["10^7", 7, 1],
  ] as const) {
    const scenario = syntheticScenario({ optionsPerIssue: Array(issues).fill(10), seed: 7 });
    const [frontierOnly, tf] = best(runs, () => {
      const space = compileScenario(scenario);
      const f = frontierByDecomposition(space, space.negotiators);
      return f.count;
    });
    rows.push({
      workload: `${label} outcomes: compile + Pareto frontier (decomposition)`,
      value: tf,
      unit: "s",
      note: `${frontierOnly} points`,
    });
    const [, te] = best(runs, () => enumerateSpace(compileScenario(scenario), {}));
    rows.push({
      workload: `${label} outcomes: enumerate utilities`,
      value: 10 ** issues / te / 1e6,
      unit: "M outcomes/s",
    });
    const [a, ta] = best(runs, () => analyzeSpace(compileScenario(scenario), { maxParetoPoints: 0 }));
    rows.push({
      workload: `${label} outcomes: full analysis (zone, frontier, solutions, metrics)`,
      value: ta,
      unit: "s",
      note: `distribution ${a.metrics.distribution?.toFixed(4)}; NegMAS 10^6 frontier: 8.1 s`,
    });
  }
  const three = syntheticScenario({ optionsPerIssue: Array(8).fill(7), parties: 3, seed: 7 });
  const [a3, t3] = time(() => analyzeSpace(compileScenario(three), { maxParetoPoints: 0 }));
  rows.push({
    workload: "3 parties, 7^8 = 5,764,801 outcomes: full analysis",
    value: t3,
    unit: "s",
    note: `${a3.pareto.size} frontier points`,
  });
  // Issue 16: one integer issue of 10^6 values (every outcome on the frontier: the distribution's grid was
  // quadratic, > 60 s before), and three parties over 216^3 ≈ 1.0e7 outcomes (linear, opposed).
  const [one, t1] = time(() =>
    analyzeSpace(compileScenario(linearScenario([999_999], 2)), { maxParetoPoints: 0 }),
  );
  rows.push({
    workload: "2 parties, one integer issue of 10^6 values: full analysis",
    value: t1,
    unit: "s",
    note: `${one.pareto.size} frontier points; before: > 60 s`,
  });
  const [tri, tt] = time(() =>
    analyzeSpace(compileScenario(linearScenario([216, 216, 216], 3)), { maxParetoPoints: 0 }),
  );
  rows.push({
    workload: "3 parties, 216^3 = 10,077,696 outcomes (linear): full analysis",
    value: tt,
    unit: "s",
    note: `${tri.pareto.size} frontier points; distribution ${tri.notes.some((n) => n.includes("distribution is the mean")) ? "subsampled" : "exact"}`,
  });
  const blocked = syntheticScenario({ optionsPerIssue: Array(15).fill(10), seed: 7, reservation: 0.9 });
  const [ab, tb] = time(() => analyzeSpace(compileScenario(blocked), { maxParetoPoints: 0 }));
  rows.push({
    workload: "10^15 outcomes, both reservation values 0.9: zone + deadlock diagnosis",
    value: tb,
    unit: "s",
    note: `zone ${ab.agreementZone.empty ? "empty" : "open"}; ${ab.deadlock?.relaxations.length ?? 0} relaxations`,
  });
  const huge = syntheticScenario({ optionsPerIssue: Array(15).fill(10), seed: 7 });
  const [a, th] = time(() => analyzeSpace(compileScenario(huge), { maxParetoPoints: 0 }));
  rows.push({
    workload: "10^15 outcomes: exact frontier + solutions (decomposition)",
    value: th,
    unit: "s",
    note: `${a.pareto.size} frontier points; NegMAS cannot`,
  });
  return rows;
}

/** Linear opposed values on every issue: issue i rises for party k when k + i is even, else falls. */
function linearScenario(sizes: number[], parties: number) {
  const s = syntheticScenario({ optionsPerIssue: sizes, parties, seed: 3 });
  s.parties.forEach((p, k) => {
    const prefs = p.preferences as { values: Record<string, Record<string, number>> };
    s.issues.forEach((issue, i) => {
      const n = sizes[i];
      const up = (k + i) % 2 === 0;
      prefs.values[issue.id] = Object.fromEntries(
        Array.from({ length: n }, (_, o) => [`o${o}`, up ? o / (n - 1) : 1 - o / (n - 1)]),
      );
    });
  });
  return s;
}
