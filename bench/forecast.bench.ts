/**
 * Forecasting workloads: Bueno de Mesquita's model at scale, Monte Carlo of the compromise model, and Monte Carlo
 * of the two-level zone (the example scenario's constituencies, win-sets intersected per sample), and the honest
 * backtest protocol on the DEU training file (when ../shared is there).
 */
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runBdm } from "../src/forecast/bdmModel.ts";
import { bdmSettings } from "../src/forecast/bdmSettings.ts";
import { protocolBases, protocolLearners } from "../src/forecast/deuProtocolModels.ts";
import { type ForecastProblem, problemFromScenario } from "../src/forecast/forecastProblem.ts";
import { crossValidatedBacktest } from "../src/forecast/honestBacktest.ts";
import { monteCarlo } from "../src/forecast/monteCarlo.ts";
import { streamRandom } from "../src/forecast/random.ts";
import type { StakeholderIssue } from "../src/forecast/types.ts";
import { parseDeuTsv } from "../src/formats/stakeholders/deuTsv.ts";
import { monteCarloParallel } from "../src/runtime/monteCarloPool.ts";
import { parseScenario } from "../src/scenario/parse.ts";
import type { BenchRow } from "./main.ts";

function randomIssue(n: number, seed: number): StakeholderIssue {
  const random = streamRandom(seed, 0);
  return {
    id: "bench",
    actors: Array.from({ length: n }, (_, k) => ({
      name: `a${k}`,
      capability: 1 + 99 * random(),
      position: Math.round(100 * random()),
      salience: random(),
    })),
  };
}

/** 30 actors, every capability, position and salience uncertain (ranges and triangulars). */
function uncertainProblem(n: number): ForecastProblem {
  const slots: ForecastProblem["slots"] = [];
  const slot = (s: ForecastProblem["slots"][number]) => slots.push(s) - 1;
  const actors = Array.from({ length: n }, (_, k) => ({
    name: `a${k}`,
    capability: slot({
      label: `a${k}.capability`,
      spec: { range: [k + 1, 2 * (k + 1)] },
      lo: 0,
      hi: Infinity,
    }),
    position: slot({
      label: `a${k}.position`,
      spec: { triangular: [0, (k * 37) % 100, 100] },
      lo: 0,
      hi: 100,
    }),
    salience: slot({ label: `a${k}.salience`, spec: { range: [0.2, 1] }, lo: 0, hi: 1 }),
  }));
  return { slots, issues: [{ id: "x", scale: { min: 0, max: 100 }, actors }] };
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = fn();
  return { ms: performance.now() - t, value };
}

export default async function (): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const issue = randomIssue(100, 1);
  for (const preset of ["scholz", "jmckib"] as const) {
    const run = time(() => runBdm(issue, 50, bdmSettings(preset)));
    rows.push({
      workload: `BDM ${preset}, 100 actors × 50 rounds`,
      value: run.ms,
      unit: "ms",
      note: `${run.value.rounds.reduce((s, r) => s + r.moves.length, 0)} moves`,
    });
  }
  const problem = uncertainProblem(30);
  const seq = time(() => monteCarlo(problem, 0, "compromise", { samples: 100_000, seed: 1 }));
  rows.push({
    workload: "Monte Carlo compromise, 30 actors, 100,000 samples, 1 thread",
    value: seq.ms,
    unit: "ms",
    note: `${Math.round(100_000 / (seq.ms / 1000))} samples/s`,
  });
  const example = join(
    dirname(fileURLToPath(import.meta.url)),
    "..",
    "examples",
    "forecast-river-basin.yaml",
  );
  const river = problemFromScenario(
    parseScenario(readFileSync(example, "utf8"), { file: example }).scenario!,
  );
  const share = river.issues.findIndex((i) => i.id === "share");
  const zone = time(() => monteCarlo(river, share, "compromise", { samples: 100_000, seed: 1 }));
  rows.push({
    workload: "Monte Carlo two-level zone, river basin, 100,000 samples",
    value: zone.ms,
    unit: "ms",
    note: `${Math.round(100_000 / (zone.ms / 1000))} samples/s; zone open ${(100 * zone.value.zone!.probabilityOpen).toFixed(1)} %`,
  });
  const threads = availableParallelism();
  const t = performance.now();
  await monteCarloParallel(problem, [0], "compromise", {
    samples: 100_000,
    seed: 1,
    threads,
    batchSize: 10_000,
  });
  const ms = performance.now() - t;
  rows.push({
    workload: `Monte Carlo compromise, 30 actors, 100,000 samples, ${threads} workers`,
    value: ms,
    unit: "ms",
    note: `${Math.round(100_000 / (ms / 1000))} samples/s incl. worker start-up`,
  });
  // The honest protocol on the DEU training file (nested grouped CV, 5 folds × 5 seeds), when the data is there.
  const deu = join(
    dirname(fileURLToPath(import.meta.url)),
    "..",
    "..",
    "shared",
    "data",
    "deu",
    "deu3-train.tsv",
  );
  if (existsSync(deu)) {
    const issues = parseDeuTsv(readFileSync(deu, "utf8"), { file: deu });
    const cv = time(() =>
      crossValidatedBacktest(protocolBases(), protocolLearners(), issues, { folds: 5, seeds: 5 }),
    );
    rows.push({
      workload: "honest backtest, DEU III training file, nested grouped CV 5 folds × 5 seeds",
      value: cv.ms,
      unit: "ms",
      note: `selected ${cv.value.selected.name}, nested MAE ${cv.value.selected.mae.toFixed(2)}`,
    });
  }
  return rows;
}
