/**
 * A party's outcomes sorted by its own utility, so that "the outcome nearest my target" is a binary search
 * (O(log n)) instead of a scan of the space. Only outcomes acceptable to the party (reservation value and
 * red lines) are indexed: an agent that bids from its index never offers what it would itself refuse.
 *
 * Spaces up to `INDEX_LIMIT` outcomes get an exact index. Larger spaces get a *sampled* index: a seeded
 * uniform sample of `sampleSize` outcomes plus the party's best outcome, filtered and sorted the same way.
 * Bids then come from the sample: the nearest sampled utility, not the nearest in the whole space. The
 * index says which it is (`kind`).
 */
import type { CompiledSpace } from "../space/compile.ts";
import { encodeOutcome } from "../space/outcome.ts";
import { evaluatorOf, type PartyEvaluator } from "./evaluator.ts";
import { createRandom } from "./random.ts";

/** Spaces up to this many outcomes are indexed exactly. */
export const INDEX_LIMIT = 4e6;
/** Outcomes drawn for a sampled index. */
export const DEFAULT_SAMPLE_SIZE = 200_000;

export class OutcomeIndex {
  constructor(
    readonly kind: "exact" | "sampled",
    readonly party: number,
    /** Outcome indices, ascending by the party's utility (ties by outcome index). */
    readonly outcomes: Float64Array,
    /** The utilities, ascending, parallel to `outcomes`. */
    readonly utilities: Float64Array,
  ) {}

  get size(): number {
    return this.outcomes.length;
  }

  /** First position whose utility is ≥ u (size when none). */
  lowerBound(u: number): number {
    const a = this.utilities;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (a[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First position whose utility is > u (size when none). */
  upperBound(u: number): number {
    const a = this.utilities;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (a[mid] <= u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Position of the outcome whose utility is nearest `target` (GENIUS `getBidNearUtility`); on a tie in
   * distance the higher utility, and among equal utilities the lowest outcome index. -1 when empty.
   */
  nearest(target: number): number {
    const n = this.utilities.length;
    if (n === 0) return -1;
    const p = this.lowerBound(target);
    if (p === 0) return 0;
    if (p === n) return this.lowerBound(this.utilities[n - 1]);
    const above = this.utilities[p] - target;
    const below = target - this.utilities[p - 1];
    return below < above ? this.lowerBound(this.utilities[p - 1]) : p;
  }

  /** Position of the first outcome with the highest utility (-1 when empty). */
  best(): number {
    const n = this.utilities.length;
    return n === 0 ? -1 : this.lowerBound(this.utilities[n - 1]);
  }
}

export interface IndexOptions {
  /** Rebuild instead of using the per-space cache (benchmarks of cold starts). */
  fresh?: boolean;
  /** Above this many outcomes, sample (default INDEX_LIMIT). */
  limit?: number;
  sampleSize?: number;
  /** Use this evaluator of the party (saves rebuilding one). */
  evaluator?: PartyEvaluator;
}

const cache = new WeakMap<CompiledSpace, Map<number, OutcomeIndex>>();

/** The sorted index of party `k`'s acceptable outcomes (cached per space unless `fresh`). */
export function outcomeIndexOf(space: CompiledSpace, k: number, options: IndexOptions = {}): OutcomeIndex {
  const cacheable = !options.fresh && options.limit === undefined && options.sampleSize === undefined;
  if (cacheable) {
    const hit = cache.get(space)?.get(k);
    if (hit) return hit;
  }
  const ev = options.evaluator ?? evaluatorOf(space, k, options.fresh);
  const limit = options.limit ?? INDEX_LIMIT;
  const index =
    Number.isSafeInteger(space.size) && space.size <= limit && ev.values
      ? exactIndex(space, k, ev)
      : sampledIndex(space, k, ev, options.sampleSize ?? DEFAULT_SAMPLE_SIZE);
  if (cacheable) {
    let m = cache.get(space);
    if (!m) cache.set(space, (m = new Map()));
    m.set(k, index);
  }
  return index;
}

function exactIndex(space: CompiledSpace, k: number, ev: PartyEvaluator): OutcomeIndex {
  const values = ev.values!;
  const mask = ev.acceptableMask!;
  let count = 0;
  for (let x = 0; x < space.size; x++) count += mask[x];
  const order = new Uint32Array(count);
  let j = 0;
  for (let x = 0; x < space.size; x++) if (mask[x]) order[j++] = x;
  const sorted = sortByValue(order, values);
  const outcomes = new Float64Array(count);
  const utilities = new Float64Array(count);
  for (let r = 0; r < count; r++) {
    outcomes[r] = sorted[r];
    utilities[r] = values[sorted[r]];
  }
  return new OutcomeIndex("exact", k, outcomes, utilities);
}

/**
 * `items` (ascending) sorted stably by `values[item]`: an LSD radix sort (three passes of 11 bits) on the
 * values rounded to float32, then an insertion pass on the exact values, which only has to fix the rare
 * neighbours that float32 rounding merged. Several times faster than a comparator sort.
 */
export function sortByValue(items: Uint32Array, values: Float64Array): Uint32Array {
  const n = items.length;
  const f = new Float32Array(n);
  for (let r = 0; r < n; r++) f[r] = values[items[r]] + 0; // -0 → +0
  let key = new Uint32Array(f.buffer);
  // Order-preserving map to unsigned: flip the sign bit of positives, every bit of negatives.
  for (let r = 0; r < n; r++) {
    const h = key[r];
    key[r] = h & 0x80000000 ? ~h >>> 0 : (h | 0x80000000) >>> 0;
  }
  let idx = Uint32Array.from(items);
  let key2 = new Uint32Array(n);
  let idx2 = new Uint32Array(n);
  const count = new Uint32Array(2048);
  for (let shift = 0; shift < 33; shift += 11) {
    count.fill(0);
    for (let r = 0; r < n; r++) count[(key[r] >>> shift) & 2047]++;
    if (n === 0 || count[(key[0] >>> shift) & 2047] === n) continue; // every key shares this digit
    let sum = 0;
    for (let d = 0; d < 2048; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let r = 0; r < n; r++) {
      const pos = count[(key[r] >>> shift) & 2047]++;
      key2[pos] = key[r];
      idx2[pos] = idx[r];
    }
    let t = key;
    key = key2;
    key2 = t;
    t = idx;
    idx = idx2;
    idx2 = t;
  }
  // Many distinct values closer than float32 can tell apart would make this quadratic: fall back then.
  let moves = 0;
  for (let r = 1; r < n; r++) {
    const x = idx[r];
    const v = values[x];
    let j = r - 1;
    while (j >= 0 && (values[idx[j]] > v || (values[idx[j]] === v && idx[j] > x))) {
      idx[j + 1] = idx[j];
      j--;
    }
    idx[j + 1] = x;
    moves += r - 1 - j;
    if (moves > 16 * n + 1024) return Uint32Array.from(items).sort((a, b) => values[a] - values[b] || a - b);
  }
  return idx;
}

function sampledIndex(space: CompiledSpace, k: number, ev: PartyEvaluator, sampleSize: number): OutcomeIndex {
  const rng = createRandom(0x5a3b1e + k);
  const n = space.issues.length;
  const digits = new Int32Array(n);
  const picked = new Set<number>();
  // The party's best outcome (best option on every issue) is always included.
  space.parties[k].tables.forEach((t, i) => {
    let arg = 0;
    for (let v = 1; v < t.length; v++) if (t[v] > t[arg]) arg = v;
    digits[i] = arg;
  });
  const bestOutcome = encodeOutcome(space, digits);
  if (ev.acceptable(bestOutcome)) picked.add(bestOutcome);
  for (let s = 0; s < sampleSize; s++) {
    for (let i = 0; i < n; i++) digits[i] = rng.int(space.radix[i]);
    const x = encodeOutcome(space, digits);
    if (!picked.has(x) && ev.acceptable(x)) picked.add(x);
  }
  const list = Float64Array.from(picked).sort();
  const us = list.map((x) => ev.utility(x));
  const order = Array.from(list.keys()).sort((a, b) => us[a] - us[b]);
  return new OutcomeIndex(
    "sampled",
    k,
    Float64Array.from(order, (r) => list[r]),
    Float64Array.from(order, (r) => us[r]),
  );
}
