/**
 * Bargaining solutions and scenario metrics on a set of candidate utility vectors (normally a Pareto
 * frontier). Each returns the chosen row, or -1 when there is no candidate. Ties go to the higher utility
 * sum, then to the earlier row, so results are deterministic.
 */

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
 * nearest frontier point. `columns[d][x]` is party d's utility of outcome x. For two parties the frontier
 * is sorted by the first utility and searched outward from the nearest x, stopping when no closer point
 * can exist.
 */
export function distribution(frontier: Candidates, columns: Float64Array[], size: number): number | null {
  if (frontier.count === 0 || size === 0) return null;
  const dims = frontier.dims;
  const f = frontier.utilities;
  let total = 0;
  if (dims === 2) return distribution2(frontier, columns[0], columns[1], size);
  for (let x = 0; x < size; x++) {
    let best = Number.POSITIVE_INFINITY;
    for (let r = 0; r < frontier.count; r++) {
      let d2 = 0;
      for (let d = 0; d < dims; d++) d2 += (f[r * dims + d] - columns[d][x]) ** 2;
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
function distribution2(frontier: Candidates, xs: Float64Array, ys: Float64Array, size: number): number {
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
    }
  starts[G * G] = lists.length;
  const cand = Int32Array.from(lists);
  let total = 0;
  for (let x = 0; x < size; x++) {
    const qx = xs[x];
    const qy = ys[x];
    const cx = Math.min(G - 1, Math.floor((qx - x0) / w));
    const cy = Math.min(G - 1, Math.floor((qy - y0) / h));
    const cell = cy * G + cx;
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
