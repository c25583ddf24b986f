/**
 * Exact nearest-neighbour distances to a fixed point set by a static k-d tree. Used by `distribution` when the
 * frontier is large (tens of thousands of points and more), where queries find a near point at once and
 * prune most of the tree; small frontiers far from the queries are better served by a grid or a scan.
 */

export interface KdTree {
  dims: number;
  /** Points, row-major, reordered so that every subtree is a contiguous range with its root at the middle. */
  points: Float64Array;
  /** Splitting dimension of the subtree whose root is at each position. */
  split: Int8Array;
  /** Bounding box of the subtree whose root is at each position: `low` and `high` corners, row-major. */
  low: Float64Array;
  high: Float64Array;
  /** Position (in `points`) of the nearest point found by the last query; -1 before any. */
  found: number;
  /** Subtrees visited by every query so far (the work done, for callers that bound it). */
  visits: number;
}

export function buildKdTree(points: Float64Array, dims: number, count: number): KdTree {
  const order = new Int32Array(count);
  for (let r = 0; r < count; r++) order[r] = r;
  const split = new Int8Array(count);
  const stack: [number, number][] = [[0, count]];
  while (stack.length > 0) {
    const [lo, hi] = stack.pop()!;
    if (hi - lo <= 1) continue;
    let axis = 0;
    let spread = -1;
    for (let d = 0; d < dims; d++) {
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (let k = lo; k < hi; k++) {
        const v = points[order[k] * dims + d];
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (max - min > spread) {
        spread = max - min;
        axis = d;
      }
    }
    const mid = (lo + hi) >> 1;
    selectNth(order, lo, hi - 1, mid, (r) => points[r * dims + axis]);
    split[mid] = axis;
    stack.push([lo, mid], [mid + 1, hi]);
  }
  const sorted = new Float64Array(count * dims);
  for (let k = 0; k < count; k++)
    for (let d = 0; d < dims; d++) sorted[k * dims + d] = points[order[k] * dims + d];
  const low = new Float64Array(count * dims);
  const high = new Float64Array(count * dims);
  // Subtree boxes bottom-up: a subtree [lo, hi) has its root at mid = (lo + hi) >> 1.
  const box = (lo: number, hi: number): number => {
    const mid = (lo + hi) >> 1;
    for (let d = 0; d < dims; d++) low[mid * dims + d] = high[mid * dims + d] = sorted[mid * dims + d];
    for (const [a, b] of [
      [lo, mid],
      [mid + 1, hi],
    ]) {
      if (a >= b) continue;
      const c = box(a, b);
      for (let d = 0; d < dims; d++) {
        if (low[c * dims + d] < low[mid * dims + d]) low[mid * dims + d] = low[c * dims + d];
        if (high[c * dims + d] > high[mid * dims + d]) high[mid * dims + d] = high[c * dims + d];
      }
    }
    return mid;
  };
  if (count > 0) box(0, count);
  return { dims, points: sorted, split, low, high, found: -1, visits: 0 };
}

/** Squared distance from `q` to the point at `position` of the tree, summed as the search sums it. */
export function squaredDistanceTo(tree: KdTree, position: number, q: ArrayLike<number>): number {
  let d2 = 0;
  for (let d = 0; d < tree.dims; d++) {
    const g = tree.points[position * tree.dims + d] - q[d];
    d2 += g * g;
  }
  return d2;
}

/**
 * Squared distance from `q` to its nearest point in the tree (`best` bounds the search from above: pass the
 * squared distance to a known point, e.g. the previous query's nearest, to prune from the start). Subtrees
 * are pruned by their split plane and by their bounding box. Sets `tree.found` when it finds a point nearer
 * than `best`.
 */
export function nearestSquaredDistance(
  tree: KdTree,
  q: ArrayLike<number>,
  best = Number.POSITIVE_INFINITY,
): number {
  const { dims, points, split, low, high } = tree;
  const visit = (lo: number, hi: number): void => {
    if (lo >= hi) return;
    tree.visits++;
    const mid = (lo + hi) >> 1;
    // Prune by the subtree's bounding box.
    let b2 = 0;
    for (let d = 0; d < dims && b2 < best; d++) {
      const v = q[d];
      const a = low[mid * dims + d];
      const z = high[mid * dims + d];
      const g = v < a ? a - v : v > z ? v - z : 0;
      b2 += g * g;
    }
    if (b2 >= best) return;
    let d2 = 0;
    for (let d = 0; d < dims && d2 < best; d++) {
      const g = points[mid * dims + d] - q[d];
      d2 += g * g;
    }
    if (d2 < best) {
      best = d2;
      tree.found = mid;
    }
    if (hi - lo === 1) return;
    const axis = split[mid];
    const diff = q[axis] - points[mid * dims + axis];
    if (diff < 0) {
      visit(lo, mid);
      if (diff * diff < best) visit(mid + 1, hi);
    } else {
      visit(mid + 1, hi);
      if (diff * diff < best) visit(lo, mid);
    }
  };
  visit(0, points.length / dims);
  return best;
}

/** Reorders order[lo..hi] so that position `nth` holds the element of that rank by key (Hoare's quickselect). */
function selectNth(order: Int32Array, lo: number, hi: number, nth: number, key: (r: number) => number): void {
  while (hi > lo) {
    const pivot = key(order[(lo + hi) >> 1]);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (key(order[i]) < pivot) i++;
      while (key(order[j]) > pivot) j--;
      if (i <= j) {
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
        i++;
        j--;
      }
    }
    if (nth <= j) hi = j;
    else if (nth >= i) lo = i;
    else return;
  }
}
