/**
 * Pareto filtering of utility vectors under weak dominance: a point is dropped when another is at least as
 * good for every party and better for one. Points with identical vectors are all kept (they are distinct
 * outcomes; the field's frontier files list each).
 */

/** Whether a (row i) weakly dominates b (row j) in a row-major matrix with `dims` columns. */
export function dominates(m: Float64Array, dims: number, i: number, j: number): boolean {
  let strict = false;
  const a = i * dims;
  const b = j * dims;
  for (let d = 0; d < dims; d++) {
    const x = m[a + d];
    const y = m[b + d];
    if (x < y) return false;
    if (x > y) strict = true;
  }
  return strict;
}

/**
 * Utilities are compared on a grid of 1e-9 (in units of 1e-9, rounded): the same utility summed in another
 * order differs in its last bits (0.9 vs 0.9000000000000001), and that noise must neither keep a dominated
 * point nor break a tie (test/core/examples.test.ts: the car purchase has 10 frontier points, not 11).
 */
export const DOMINANCE_GRID = 1e9;

function snapped(m: Float64Array, length: number): Float64Array {
  const q = new Float64Array(length);
  for (let i = 0; i < length; i++) q[i] = Math.round(m[i] * DOMINANCE_GRID);
  return q;
}

/** Row indices (ascending by the first utility) of the non-dominated rows of a count × dims matrix. */
export function nonDominated(m: Float64Array, dims: number, count: number): Int32Array {
  if (count === 0) return new Int32Array(0);
  const q = snapped(m, count * dims);
  if (dims === 1) return nonDominated1(q, count);
  if (dims === 2) return nonDominated2(q, count);
  if (dims === 3) return nonDominated3(q, count);
  return nonDominatedN(q, dims, count);
}

function nonDominated1(m: Float64Array, count: number): Int32Array {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) if (m[i] > max) max = m[i];
  const out: number[] = [];
  for (let i = 0; i < count; i++) if (m[i] === max) out.push(i);
  return Int32Array.from(out);
}

/** Sweep by the first utility descending, keeping points that raise the best second utility seen. */
function nonDominated2(m: Float64Array, count: number): Int32Array {
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  order.sort((a, b) => m[2 * b] - m[2 * a] || m[2 * b + 1] - m[2 * a + 1]);
  const kept: number[] = [];
  let bestY = Number.NEGATIVE_INFINITY;
  let bestX = Number.NaN;
  for (let k = 0; k < count; k++) {
    const i = order[k];
    const x = m[2 * i];
    const y = m[2 * i + 1];
    if (y > bestY) {
      kept.push(i);
      bestY = y;
      bestX = x;
    } else if (y === bestY && x === bestX) kept.push(i);
  }
  kept.reverse();
  return Int32Array.from(kept);
}

/** Sort by utility sum descending, then test each point against the kept ones (move-to-front). */
function nonDominatedN(m: Float64Array, dims: number, count: number): Int32Array {
  const sums = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let s = 0;
    for (let d = 0; d < dims; d++) s += m[i * dims + d];
    sums[i] = s;
  }
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  order.sort((a, b) => sums[b] - sums[a] || lexDesc(m, dims, a, b));
  let kept: number[] = [];
  for (let k = 0; k < count; k++) {
    const i = order[k];
    let dominated = false;
    for (let j = 0; j < kept.length; j++) {
      if (dominates(m, dims, kept[j], i)) {
        dominated = true;
        if (j > 0) {
          const t = kept[j];
          kept[j] = kept[j - 1];
          kept[j - 1] = t;
        }
        break;
      }
    }
    if (dominated) continue;
    // Rounding can put a dominating point after the one it dominates: drop those.
    if (kept.some((j) => dominates(m, dims, i, j))) kept = kept.filter((j) => !dominates(m, dims, i, j));
    kept.push(i);
  }
  kept.sort((a, b) => m[a * dims] - m[b * dims] || a - b);
  return Int32Array.from(kept);
}

function lexDesc(m: Float64Array, dims: number, a: number, b: number): number {
  for (let d = 0; d < dims; d++) {
    const diff = m[b * dims + d] - m[a * dims + d];
    if (diff !== 0) return diff;
  }
  return a - b;
}

/**
 * Three parties in O(n log n): sweep by the first utility descending, one group of equal first utilities at a
 * time. A point is dominated by an earlier group iff some point there has second ≥ and third ≥ (a prefix
 * maximum of the third utility over second-utility ranks, in a Fenwick tree); within its own group it is a
 * two-party question. Frontiers can be the whole space (every outcome of ANAC 2016 AgentHp2 is
 * Pareto-optimal), so the quadratic filter is not an option.
 */
function nonDominated3(m: Float64Array, count: number): Int32Array {
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  order.sort((a, b) => m[3 * b] - m[3 * a] || m[3 * b + 1] - m[3 * a + 1] || m[3 * b + 2] - m[3 * a + 2]);
  // Rank of the second utility, descending: rank 0 is the largest.
  const ys = Float64Array.from({ length: count }, (_, i) => m[3 * i + 1])
    .sort()
    .reverse();
  const distinct: number[] = [];
  for (const y of ys) if (distinct.length === 0 || distinct[distinct.length - 1] !== y) distinct.push(y);
  const rankOf = (y: number): number => {
    let lo = 0;
    let hi = distinct.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (distinct[mid] > y) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // Fenwick tree of prefix maxima of the third utility over ranks 0..r (second utility ≥ y).
  const tree = new Float64Array(distinct.length + 1).fill(Number.NEGATIVE_INFINITY);
  const update = (r: number, z: number) => {
    for (let k = r + 1; k <= distinct.length; k += k & -k) if (tree[k] < z) tree[k] = z;
  };
  const query = (r: number): number => {
    let best = Number.NEGATIVE_INFINITY;
    for (let k = r + 1; k > 0; k -= k & -k) if (tree[k] > best) best = tree[k];
    return best;
  };
  const keep = new Uint8Array(count);
  let start = 0;
  while (start < count) {
    let end = start + 1;
    while (end < count && m[3 * order[end]] === m[3 * order[start]]) end++;
    // Within the group (sorted by second, then third, descending): the two-party sweep on (second, third).
    let bestZ = Number.NEGATIVE_INFINITY;
    let bestY = Number.NaN;
    for (let k = start; k < end; k++) {
      const i = order[k];
      const y = m[3 * i + 1];
      const z = m[3 * i + 2];
      const insideGroup = z > bestZ || (z === bestZ && y === bestY);
      if (z > bestZ) {
        bestZ = z;
        bestY = y;
      }
      // Earlier groups have a strictly larger first utility: ≥ on the other two suffices.
      if (insideGroup && query(rankOf(y)) < z) keep[i] = 1;
    }
    for (let k = start; k < end; k++) {
      const i = order[k];
      update(rankOf(m[3 * i + 1]), m[3 * i + 2]);
    }
    start = end;
  }
  const kept: number[] = [];
  for (let k = count - 1; k >= 0; k--) if (keep[order[k]]) kept.push(order[k]);
  return Int32Array.from(kept);
}
