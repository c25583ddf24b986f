/**
 * Bargaining solutions and scenario metrics on a set of candidate utility vectors (normally a Pareto
 * frontier). Each returns the chosen row, or -1 when there is no candidate. Ties go to the higher utility
 * sum, then to the earlier row, so results are deterministic.
 */
import { mulberry32 } from "../util/random.ts";
import { buildKdTree, type KdTree, nearestSquaredDistance, squaredDistanceTo } from "./nearestPoint.ts";

/** Frontiers larger than this use a k-d tree for `distribution` (dense frontiers: queries prune well). */
const KD_TREE_FROM = 20_000;

/** Rows of a count × dims matrix of utilities. */
export interface Candidates {
  dims: number;
  count: number;
  utilities: Float64Array;
}

const TIE = 1e-12;

function sumRow(c: Candidates, r: number): number {
  let s = 0;
  for (let d = 0; d < c.dims; d++) s += c.utilities[r * c.dims + d];
  return s;
}

/** argmax of score(row), ties (within 1e-12) to the larger utility sum, then the earlier row. */
function argmax(c: Candidates, score: (r: number) => number): number {
  let best = -1;
  let bestScore = Number.NEGATIVE_INFINITY;
  let bestSum = Number.NEGATIVE_INFINITY;
  for (let r = 0; r < c.count; r++) {
    const s = score(r);
    if (Number.isNaN(s)) continue;
    const sum = sumRow(c, r);
    if (s > bestScore + TIE || (Math.abs(s - bestScore) <= TIE && sum > bestSum + TIE)) {
      best = r;
      bestScore = s;
      bestSum = sum;
    }
  }
  return best;
}

/**
 * Nash bargaining point: argmax Π (u_i − d_i). With `requireGains` (the default) only rows where every
 * party gets at least d_i compete; GENIUS allows every row, so a product of negative gains can win.
 */
export function nashPoint(c: Candidates, disagreement: ArrayLike<number>, requireGains = true): number {
  return argmax(c, (r) => {
    let p = 1;
    for (let d = 0; d < c.dims; d++) {
      const gain = c.utilities[r * c.dims + d] - disagreement[d];
      if (requireGains && gain < -1e-9) return Number.NaN;
      p *= gain;
    }
    return p;
  });
}

/**
 * Kalai–Smorodinsky point: the candidate nearest the line from the disagreement point d to the ideal point
 * (each party's best utility among the candidates): argmax min_i (u_i − d_i) / (ideal_i − d_i). Parties whose
 * ideal equals d are left out of the minimum.
 */
export function kalaiSmorodinskyPoint(c: Candidates, disagreement: ArrayLike<number>): number {
  if (c.count === 0) return -1;
  const ideal = idealPoint(c);
  return argmax(c, (r) => {
    let m = Number.POSITIVE_INFINITY;
    for (let d = 0; d < c.dims; d++) {
      const range = ideal[d] - disagreement[d];
      if (range <= 1e-12) continue;
      m = Math.min(m, (c.utilities[r * c.dims + d] - disagreement[d]) / range);
    }
    return m === Number.POSITIVE_INFINITY ? 0 : m;
  });
}

/** Each party's best utility among the candidates. */
export function idealPoint(c: Candidates): Float64Array {
  const ideal = new Float64Array(c.dims).fill(Number.NEGATIVE_INFINITY);
  for (let r = 0; r < c.count; r++)
    for (let d = 0; d < c.dims; d++) ideal[d] = Math.max(ideal[d], c.utilities[r * c.dims + d]);
  return ideal;
}

/** Equal-utility point (GENIUS / ANL "Kalai"): argmin Σ_{i<j} |u_i − u_j|, no normalisation. */
export function equalUtilityPoint(c: Candidates): number {
  return argmax(c, (r) => {
    let s = 0;
    for (let a = 0; a < c.dims; a++)
      for (let b = a + 1; b < c.dims; b++)
        s += Math.abs(c.utilities[r * c.dims + a] - c.utilities[r * c.dims + b]);
    return -s;
  });
}

/** Egalitarian point: argmax min_i (u_i − d_i). */
export function egalitarianPoint(c: Candidates, disagreement: ArrayLike<number>): number {
  return argmax(c, (r) => {
    let m = Number.POSITIVE_INFINITY;
    for (let d = 0; d < c.dims; d++) m = Math.min(m, c.utilities[r * c.dims + d] - disagreement[d]);
    return m;
  });
}

/** Utilitarian (max social welfare) point: argmax Σ_i u_i. */
export function welfarePoint(c: Candidates): number {
  return argmax(c, (r) => sumRow(c, r));
}

/** Euclidean distance from row r to (1, …, 1). */
export function distanceToIdeal(c: Candidates, r: number): number {
  let s = 0;
  for (let d = 0; d < c.dims; d++) s += (1 - c.utilities[r * c.dims + d]) ** 2;
  return Math.sqrt(s);
}

/** GENIUS `opposition`: distance from the equal-utility point of the frontier to (1, …, 1). */
export function opposition(frontier: Candidates): number | null {
  const r = equalUtilityPoint(frontier);
  return r < 0 ? null : distanceToIdeal(frontier, r);
}

/** NegMAS-style opposition: the smallest distance of any frontier point to (1, …, 1). */
export function oppositionMinDistance(frontier: Candidates): number | null {
  if (frontier.count === 0) return null;
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < frontier.count; r++) best = Math.min(best, distanceToIdeal(frontier, r));
  return best;
}

/** NegoLog-style opposition: the distance of the max-welfare point to (1, …, 1). */
export function oppositionWelfare(frontier: Candidates): number | null {
  const r = welfarePoint(frontier);
  return r < 0 ? null : distanceToIdeal(frontier, r);
}

/**
 * GENIUS `distribution` (bid distribution): the mean over all outcomes of the Euclidean distance to the
 * nearest frontier point. `columns[d][x]` is party d's utility of outcome x. Up to five parties a uniform
 * grid limits each query to the few frontier points that can be nearest; beyond, every point is checked.
 */
export function distribution(
  frontier: Candidates,
  columns: Float64Array[],
  size: number,
  tick?: OutcomeTick,
  budget = Number.POSITIVE_INFINITY,
): number | null {
  if (frontier.count === 0 || size === 0) return null;
  const dims = frontier.dims;
  if (frontier.count > KD_TREE_FROM) return distributionKd(frontier, columns, size, tick, budget);
  // Two parties: a dense frontier (over 20,000 points) has most outcomes near it, where the tree is fastest.
  if (dims === 2 && frontier.count > KD_TREE_FROM) return distributionKd(frontier, columns, size, tick);
  if (dims === 2) return distribution2(frontier, columns[0], columns[1], size, tick);
  if (dims === 3) return distributionGrid(frontier, columns, size, tick, budget);
  const f = frontier.utilities;
  let total = 0;
  // Four or more parties: an outward scan on the first utility, with the full distance.
  const F = frontier.count;
  const order = Array.from({ length: F }, (_, r) => r).sort((a, b) => f[a * dims] - f[b * dims]);
  const sorted = new Float64Array(F * dims);
  order.forEach((r, k) => sorted.set(f.subarray(r * dims, r * dims + dims), k * dims));
  const q = new Float64Array(dims);
  for (let x = 0; x < size; x++) {
    if (tick && (x & TICK_MASK) === 0) tick(x);
    for (let d = 0; d < dims; d++) q[d] = columns[d][x];
    let lo = 0;
    let hi = F;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid * dims] < q[0]) lo = mid + 1;
      else hi = mid;
    }
    let best = Number.POSITIVE_INFINITY;
    for (let k = lo; k < F; k++) {
      const dx = sorted[k * dims] - q[0];
      if (dx * dx >= best) break;
      let d2 = dx * dx;
      for (let d = 1; d < dims && d2 < best; d++) d2 += (sorted[k * dims + d] - q[d]) ** 2;
      if (d2 < best) best = d2;
    }
    for (let k = lo - 1; k >= 0; k--) {
      const dx = q[0] - sorted[k * dims];
      if (dx * dx >= best) break;
      let d2 = dx * dx;
      for (let d = 1; d < dims && d2 < best; d++) d2 += (sorted[k * dims + d] - q[d]) ** 2;
      if (d2 < best) best = d2;
    }
    total += Math.sqrt(best);
  }
  return total / size;
}

/**
 * Called with the number of outcomes done, every 2^20 outcomes, by the long loops (the distribution metric,
 * enumeration): the caller reports progress and may throw to stop (an aborted signal).
 */
export type OutcomeTick = (done: number) => void;

/** `tick` is called when the outcome index has these bits clear (every 2^20 outcomes). */
export const TICK_MASK = (1 << 20) - 1;

/**
 * A grid cell that would keep more candidate points than this sends its queries to the k-d tree instead.
 * Cells along a dense frontier keep thousands (one integer issue of 10^6 values: every outcome on the
 * frontier, 10^11 checks in all), and their queries lie near the frontier, where the tree finds the nearest
 * point in about log F steps; cells away from it keep few points, where the tree would visit many (a small
 * frontier far from the outcomes), so there the grid answers.
 */
const GRID_LIST_MAX = 64;

/**
 * Nearest squared distance through a k-d tree built on first use; each query starts from the previous
 * query's nearest point (neighbouring outcomes, last issue fastest, have near nearest points).
 */
function lazyNearest(frontier: Candidates): {
  nearest: (q: ArrayLike<number>) => number;
  visits: () => number;
} {
  let tree: KdTree | null = null;
  const nearest = (q: ArrayLike<number>): number => {
    tree ??= buildKdTree(frontier.utilities, frontier.dims, frontier.count);
    const prev = tree.found;
    if (prev < 0) return nearestSquaredDistance(tree, q);
    return nearestSquaredDistance(tree, q, squaredDistanceTo(tree, prev, q));
  };
  return { nearest, visits: () => tree?.visits ?? 0 };
}

/** Mean nearest-point distance through the k-d tree: O(F log F) to build, about O(log F) per outcome. */
function distributionKd(
  frontier: Candidates,
  columns: Float64Array[],
  size: number,
  tick?: OutcomeTick,
  budget = Number.POSITIVE_INFINITY,
): number | null {
  const dims = frontier.dims;
  const tree = buildKdTree(frontier.utilities, dims, frontier.count);
  const q = new Float64Array(dims);
  let sum = 0;
  for (let x = 0; x < size; x++) {
    if (tick && (x & TICK_MASK) === 0) tick(x);
    // Over budget: the caller estimates from a subsample instead (the count is deterministic).
    if ((x & 0xfff) === 0 && tree.visits > budget) return null;
    for (let d = 0; d < dims; d++) q[d] = columns[d][x];
    // Neighbouring outcomes (last issue fastest) have near nearest points: the previous one bounds the search.
    const prev = tree.found;
    if (prev < 0) sum += Math.sqrt(nearestSquaredDistance(tree, q));
    else {
      const bound = squaredDistanceTo(tree, prev, q);
      const d2 = nearestSquaredDistance(tree, q, bound);
      if (d2 >= bound) tree.found = prev;
      sum += Math.sqrt(d2);
    }
  }
  return sum / size;
}

/**
 * n-party distribution (3 to 5 parties) through a uniform grid over the bounding box, as in the two-party
 * case: each cell keeps the frontier points that can be nearest to some point of the cell. Exact.
 */
function distributionGrid(
  frontier: Candidates,
  columns: Float64Array[],
  size: number,
  tick?: OutcomeTick,
  budget = Number.POSITIVE_INFINITY,
): number | null {
  const dims = frontier.dims;
  const f = frontier.utilities;
  const F = frontier.count;
  const lo = new Float64Array(dims).fill(Number.POSITIVE_INFINITY);
  const hi = new Float64Array(dims).fill(Number.NEGATIVE_INFINITY);
  for (let d = 0; d < dims; d++) {
    const col = columns[d];
    for (let x = 0; x < size; x++) {
      const v = col[x];
      if (v < lo[d]) lo[d] = v;
      if (v > hi[d]) hi[d] = v;
    }
  }
  const cellBudget = Math.max(64, Math.min(1 << 16, Math.floor(size / 8), Math.floor(3e7 / Math.max(F, 1))));
  const G = Math.max(2, Math.floor(cellBudget ** (1 / dims)));
  const width = Array.from(lo, (l, d) => (hi[d] - l) / G || 1);
  const cells = G ** dims;
  const starts = new Int32Array(cells + 1);
  const long = new Uint8Array(cells);
  const lists: number[] = [];
  const coord = new Int32Array(dims);
  for (let cell = 0; cell < cells; cell++) {
    let rest = cell;
    for (let d = 0; d < dims; d++) {
      coord[d] = rest % G;
      rest = Math.floor(rest / G);
    }
    let bound = Number.POSITIVE_INFINITY;
    for (let r = 0; r < F; r++) {
      let far = 0;
      for (let d = 0; d < dims; d++) {
        const a = lo[d] + coord[d] * width[d];
        const p = f[r * dims + d];
        const g = Math.max(Math.abs(p - a), Math.abs(p - a - width[d]));
        far += g * g;
      }
      if (far < bound) bound = far;
    }
    starts[cell] = lists.length;
    for (let r = 0; r < F; r++) {
      let near = 0;
      for (let d = 0; d < dims; d++) {
        const a = lo[d] + coord[d] * width[d];
        const p = f[r * dims + d];
        const g = p < a ? a - p : p > a + width[d] ? p - a - width[d] : 0;
        near += g * g;
      }
      if (near <= bound) lists.push(r);
    }
    if (lists.length - starts[cell] > GRID_LIST_MAX) {
      lists.length = starts[cell];
      long[cell] = 1;
    }
  }
  starts[cells] = lists.length;
  const cellOf = (x: number): number => {
    let cell = 0;
    for (let d = dims - 1; d >= 0; d--)
      cell = cell * G + Math.min(G - 1, Math.floor((columns[d][x] - lo[d]) / width[d]));
    return cell;
  };
  const cand = Int32Array.from(lists);
  const { nearest, visits } = lazyNearest(frontier);
  const q = new Float64Array(dims);
  let total = 0;
  for (let x = 0; x < size; x++) {
    if (tick && (x & TICK_MASK) === 0) tick(x);
    // Over budget: the caller estimates from a subsample instead (the count is deterministic).
    if ((x & 0xfff) === 0 && visits() > budget) return null;
    const cell = cellOf(x);
    if (long[cell]) {
      for (let d = 0; d < dims; d++) q[d] = columns[d][x];
      total += Math.sqrt(nearest(q));
      continue;
    }
    let best = Number.POSITIVE_INFINITY;
    for (let j = starts[cell]; j < starts[cell + 1]; j++) {
      const r = cand[j];
      let d2 = 0;
      for (let d = 0; d < dims; d++) {
        const g = f[r * dims + d] - columns[d][x];
        d2 += g * g;
      }
      if (d2 < best) best = d2;
    }
    total += Math.sqrt(best);
  }
  return total / size;
}

/**
 * Two-party distribution through a uniform grid over the utility square: each cell keeps the frontier points
 * that can be nearest to some point of the cell (those whose distance to the cell is at most the smallest
 * farthest-distance of any frontier point), so a query checks a handful of points. Exact.
 */
function distribution2(
  frontier: Candidates,
  xs: Float64Array,
  ys: Float64Array,
  size: number,
  tick?: OutcomeTick,
): number {
  const f = frontier.utilities;
  const F = frontier.count;
  let x0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (let x = 0; x < size; x++) {
    const a = xs[x];
    const b = ys[x];
    if (a < x0) x0 = a;
    if (a > x1) x1 = a;
    if (b < y0) y0 = b;
    if (b > y1) y1 = b;
  }
  const G = Math.max(
    8,
    Math.min(256, Math.floor(Math.sqrt(size) / 8), Math.floor(4e7 / Math.max(F, 1) / 256)),
  );
  const w = (x1 - x0) / G || 1;
  const h = (y1 - y0) / G || 1;
  const starts = new Int32Array(G * G + 1);
  const long = new Uint8Array(G * G);
  const lists: number[] = [];
  const far = new Float64Array(F);
  for (let cy = 0; cy < G; cy++)
    for (let cx = 0; cx < G; cx++) {
      const ax = x0 + cx * w;
      const bx = ax + w;
      const ay = y0 + cy * h;
      const by = ay + h;
      let bound = Number.POSITIVE_INFINITY;
      for (let r = 0; r < F; r++) {
        const px = f[2 * r];
        const py = f[2 * r + 1];
        const fx = Math.max(Math.abs(px - ax), Math.abs(px - bx));
        const fy = Math.max(Math.abs(py - ay), Math.abs(py - by));
        far[r] = fx * fx + fy * fy;
        if (far[r] < bound) bound = far[r];
      }
      starts[cy * G + cx] = lists.length;
      for (let r = 0; r < F; r++) {
        const px = f[2 * r];
        const py = f[2 * r + 1];
        const nx = px < ax ? ax - px : px > bx ? px - bx : 0;
        const ny = py < ay ? ay - py : py > by ? py - by : 0;
        if (nx * nx + ny * ny <= bound) lists.push(r);
      }
      if (lists.length - starts[cy * G + cx] > GRID_LIST_MAX) {
        lists.length = starts[cy * G + cx];
        long[cy * G + cx] = 1;
      }
    }
  starts[G * G] = lists.length;
  const cellOf = (x: number): number =>
    Math.min(G - 1, Math.floor((ys[x] - y0) / h)) * G + Math.min(G - 1, Math.floor((xs[x] - x0) / w));
  const cand = Int32Array.from(lists);
  const { nearest } = lazyNearest(frontier);
  const q = new Float64Array(2);
  let total = 0;
  for (let x = 0; x < size; x++) {
    if (tick && (x & TICK_MASK) === 0) tick(x);
    const qx = xs[x];
    const qy = ys[x];
    const cell = cellOf(x);
    if (long[cell]) {
      q[0] = qx;
      q[1] = qy;
      total += Math.sqrt(nearest(q));
      continue;
    }
    let best = Number.POSITIVE_INFINITY;
    for (let j = starts[cell]; j < starts[cell + 1]; j++) {
      const r = cand[j];
      const dx = f[2 * r] - qx;
      const dy = f[2 * r + 1] - qy;
      const d2 = dx * dx + dy * dy;
      if (d2 < best) best = d2;
    }
    total += Math.sqrt(best);
  }
  return total / size;
}

/** k-d tree subtrees visited per outcome (on average) beyond which `distributionWithin` subsamples (3+ parties). */
export const KD_VISITS_PER_OUTCOME = 32;

/** Work (outcomes × frontier points) above which `distributionWithin` estimates from a subsample. */
export const DISTRIBUTION_WORK_LIMIT = 3e8;

/**
 * `distribution`, exact when it is cheap (two parties; three with a frontier of at most 20,000 points; or
 * outcomes × frontier points within `workLimit`); otherwise the mean over a seeded uniform subsample of the
 * outcomes (at least 2,000), reported as such. A dense frontier makes every exact query expensive.
 */
export function distributionWithin(
  frontier: Candidates,
  columns: Float64Array[],
  size: number,
  workLimit = DISTRIBUTION_WORK_LIMIT,
  seed = 1,
  tick?: OutcomeTick,
): { value: number | null; sampled: number | null } {
  const cheap =
    frontier.dims === 2 ||
    (frontier.dims === 3 && frontier.count <= KD_TREE_FROM) ||
    size * frontier.count <= workLimit;
  if (cheap) {
    // Three parties: the k-d tree's queries cost little near a frontier but up to F each far from a small one
    // (a frontier of 7,500 points under 10^7 outcomes: a minute); beyond KD_VISITS_PER_OUTCOME subtrees per
    // outcome on average, the subsample below takes over.
    const budget = frontier.dims >= 3 ? KD_VISITS_PER_OUTCOME * size : Number.POSITIVE_INFINITY;
    const value = distribution(frontier, columns, size, tick, budget);
    if (value !== null) return { value, sampled: null };
  }
  const m = Math.min(size, Math.max(2000, Math.floor(workLimit / Math.max(frontier.count, 1))));
  const rand = mulberry32(seed);
  const sub = columns.map(() => new Float64Array(m));
  for (let s = 0; s < m; s++) {
    const x = Math.floor(rand() * size);
    for (let d = 0; d < columns.length; d++) sub[d][s] = columns[d][x];
  }
  // Progress in outcomes of the whole space: the subsample's queries stand for all of them.
  const scaled = tick && ((done: number) => tick(Math.floor((done / m) * size)));
  return { value: distribution(frontier, sub, m, scaled), sampled: m };
}
