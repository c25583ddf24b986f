/**
 * Monte Carlo over uncertain inputs: draw every uncertain slot, forecast, and summarise the forecasts'
 * distribution and which inputs move them most (Pearson correlation with the forecast, and the swing: the
 * change in the forecast per standard deviation of the input under a linear fit). Pure and sequential; see
 * runtime/monteCarloPool.ts for worker threads. Sample k always uses stream k of the seed, so batches can run anywhere.
 */
import {
  type ForecastProblem,
  issueSlots,
  issueWithValues,
  nominalValues,
  type ProblemIssue,
} from "./forecastProblem.ts";
import { between, type IntervalSet, intersect, measure } from "./interval.ts";
import { forecastWith, type ModelName } from "./models.ts";
import { streamRandom } from "./random.ts";
import { isFixed, packSpecs, samplePacked } from "./uncertain.ts";
import { winSet } from "./winSet.ts";

export interface MonteCarloTask {
  problem: ForecastProblem;
  issue: number;
  model: ModelName;
  rounds?: number;
  seed: number;
  start: number;
  count: number;
}

/** A batch's forecasts and, per uncertain input, the sums that correlations need (additive across batches). */
export interface SampleBatch {
  start: number;
  forecasts: Float64Array;
  sumX: Float64Array;
  sumXX: Float64Array;
  sumXY: Float64Array;
  /** Samples whose two-level zone is non-empty, and the sum of its width (issues with constituencies). */
  zoneOpen: number;
  zoneWidth: number;
}

/**
 * Whether the two-level zone of the issue is open at these slot values, and its width (clipped to the scale). The
 * hot path of every sample: it only intersects the win-sets with the scale, which gives the zone of
 * `twoLevelZone(…, q, scale)` without its per-party directions and diagnosis.
 */
export function zoneAt(
  issue: ProblemIssue,
  values: Float64Array,
): { open: boolean; width: number } | undefined {
  if (!issue.constituencies || issue.statusQuo === undefined) return undefined;
  const q = values[issue.statusQuo];
  let zone: IntervalSet = between(issue.scale.min, issue.scale.max);
  for (const c of issue.constituencies) {
    if (c.members.length === 0 || zone.length === 0) continue;
    const members = c.members.map((m) => ({
      name: m.name,
      position: values[m.position],
      weight: values[m.weight],
      veto: m.veto,
    }));
    zone = intersect(
      zone,
      winSet(members, q, c.rule === "unanimity" ? { rule: "unanimity" } : { rule: "quota", quota: c.quota }),
    );
  }
  return { open: zone.length > 0, width: measure(zone) };
}

/** Default samples per batch; sequential and threaded runs split alike, so their sums agree to the last bit. */
export const DEFAULT_BATCH = 5000;

/** The uncertain slots an issue depends on, in slot order. */
export function uncertainSlots(problem: ForecastProblem, issue: number): number[] {
  return issueSlots(problem.issues[issue])
    .filter((s) => !isFixed(problem.slots[s].spec))
    .sort((a, b) => a - b);
}

/** The compromise model straight from slot values (the hot path: no objects per sample). */
function compromiseFromSlots(
  cap: Int32Array,
  pos: Int32Array,
  sal: Int32Array,
  values: Float64Array,
): number {
  let num = 0;
  let den = 0;
  for (let a = 0; a < cap.length; a++) {
    const w = values[cap[a]] * values[sal[a]];
    num += w * values[pos[a]];
    den += w;
  }
  return den > 0 ? num / den : Number.NaN;
}

export function sampleBatch(task: MonteCarloTask): SampleBatch {
  const { problem, seed, start, count } = task;
  const issue = problem.issues[task.issue];
  const inputs = uncertainSlots(problem, task.issue);
  const m = inputs.length;
  const packed = packSpecs(inputs.map((i) => problem.slots[i]));
  const values = nominalValues(problem);
  const cap = Int32Array.from(issue.actors, (a) => a.capability);
  const pos = Int32Array.from(issue.actors, (a) => a.position);
  const sal = Int32Array.from(issue.actors, (a) => a.salience);
  const forecasts = new Float64Array(count);
  const draw = new Float64Array(m);
  const sumX = new Float64Array(m);
  const sumXX = new Float64Array(m);
  const sumXY = new Float64Array(m);
  let zoneOpen = 0;
  let zoneWidth = 0;
  for (let k = 0; k < count; k++) {
    const random = streamRandom(seed, start + k);
    for (let j = 0; j < m; j++) {
      const v = samplePacked(packed, j, random);
      values[inputs[j]] = v;
      draw[j] = v;
    }
    const y =
      task.model === "compromise"
        ? compromiseFromSlots(cap, pos, sal, values)
        : forecastWith(task.model, issueWithValues(issue, values), { rounds: task.rounds });
    forecasts[k] = y;
    const zone = zoneAt(issue, values);
    if (zone?.open) {
      zoneOpen++;
      zoneWidth += zone.width;
    }
    for (let j = 0; j < m; j++) {
      sumX[j] += draw[j];
      sumXX[j] += draw[j] * draw[j];
      sumXY[j] += draw[j] * y;
    }
  }
  return { start, forecasts, sumX, sumXX, sumXY, zoneOpen, zoneWidth };
}

/** The batches a run of `samples` is cut into. */
export function batchTasks(
  base: Omit<MonteCarloTask, "start" | "count">,
  samples: number,
  batchSize = DEFAULT_BATCH,
): MonteCarloTask[] {
  const tasks: MonteCarloTask[] = [];
  for (let start = 0; start < samples; start += batchSize)
    tasks.push({ ...base, start, count: Math.min(batchSize, samples - start) });
  return tasks;
}

export interface Sensitivity {
  input: string;
  correlation: number;
  /** Forecast change per standard deviation of the input (linear fit). */
  swing: number;
}

export interface MonteCarloSummary {
  issue: string;
  model: ModelName;
  samples: number;
  /** The forecast at nominal inputs (midpoints, modes, means). */
  nominal: number;
  mean: number;
  sd: number;
  min: number;
  max: number;
  quantiles: { p5: number; p25: number; p50: number; p75: number; p95: number };
  histogram: { lo: number; hi: number; counts: number[] };
  /** Uncertain inputs by decreasing |correlation|. */
  sensitivity: Sensitivity[];
  /** For issues with constituencies: share of samples with a non-empty two-level zone, and its mean width then. */
  zone?: { probabilityOpen: number; meanWidth: number };
}

function quantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo]);
}

/** Joins batches (in any order) and summarises. */
export function summarise(
  problem: ForecastProblem,
  issue: number,
  model: ModelName,
  batches: readonly SampleBatch[],
  options: { rounds?: number; bins?: number } = {},
): MonteCarloSummary {
  const inputs = uncertainSlots(problem, issue);
  const m = inputs.length;
  const ordered = [...batches].sort((a, b) => a.start - b.start);
  const n = ordered.reduce((s, b) => s + b.forecasts.length, 0);
  const y = new Float64Array(n);
  const sumX = new Float64Array(m);
  const sumXX = new Float64Array(m);
  const sumXY = new Float64Array(m);
  let offset = 0;
  for (const b of ordered) {
    y.set(b.forecasts, offset);
    offset += b.forecasts.length;
    for (let j = 0; j < m; j++) {
      sumX[j] += b.sumX[j];
      sumXX[j] += b.sumXX[j];
      sumXY[j] += b.sumXY[j];
    }
  }
  let mean = 0;
  for (const v of y) mean += v / n;
  let vy = 0;
  for (const v of y) vy += (v - mean) ** 2;
  const sd = Math.sqrt(vy / Math.max(1, n - 1));
  const sorted = Float64Array.from(y).sort();
  const bins = options.bins ?? 20;
  const lo = sorted[0];
  const hi = sorted[n - 1];
  const counts = new Array(bins).fill(0);
  for (const v of y) counts[hi > lo ? Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins)) : 0]++;
  const sensitivity: Sensitivity[] = inputs.map((slot, j) => {
    const mx = sumX[j] / n;
    const sxx = sumXX[j] - n * mx * mx;
    const sxy = sumXY[j] - n * mx * mean;
    const correlation =
      sxx > 1e-12 * sumXX[j] && vy > 0 ? Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * vy))) : 0;
    return { input: problem.slots[slot].label, correlation, swing: correlation * sd };
  });
  sensitivity.sort((a, b) => Math.abs(b.correlation) - Math.abs(a.correlation));
  const open = ordered.reduce((s, b) => s + b.zoneOpen, 0);
  const width = ordered.reduce((s, b) => s + b.zoneWidth, 0);
  const hasZone = zoneAt(problem.issues[issue], nominalValues(problem)) !== undefined;
  const nominal = forecastWith(model, issueWithValues(problem.issues[issue], nominalValues(problem)), {
    rounds: options.rounds,
  });
  return {
    issue: problem.issues[issue].id,
    model,
    samples: n,
    nominal,
    mean,
    sd,
    min: lo,
    max: hi,
    quantiles: {
      p5: quantile(sorted, 0.05),
      p25: quantile(sorted, 0.25),
      p50: quantile(sorted, 0.5),
      p75: quantile(sorted, 0.75),
      p95: quantile(sorted, 0.95),
    },
    histogram: { lo, hi, counts },
    sensitivity,
    ...(hasZone ? { zone: { probabilityOpen: open / n, meanWidth: open > 0 ? width / open : 0 } } : {}),
  };
}

/** Runs every sample in this thread (browsers, tests, small runs), batch by batch as the workers would. */
export function monteCarlo(
  problem: ForecastProblem,
  issue: number,
  model: ModelName,
  options: { samples: number; seed: number; rounds?: number; batchSize?: number },
): MonteCarloSummary {
  const tasks = batchTasks(
    { problem, issue, model, rounds: options.rounds, seed: options.seed },
    options.samples,
    options.batchSize,
  );
  return summarise(problem, issue, model, tasks.map(sampleBatch), { rounds: options.rounds });
}
