/**
 * The Pareto frontier of a compiled space over chosen parties.
 * - `frontierByDecomposition`: exact for additive utilities without enumerating the space: the frontier of
 *   a sum over independent issues is the Pareto-pruned Minkowski sum of the per-issue point sets, built
 *   issue by issue. Issues may be restricted to allowed options (conjunctive red lines).
 * - `frontierOfOutcomes`: the frontier of an explicit set of enumerated outcomes.
 */

import { ZopaError } from "../errors.ts";
import type { CompiledSpace } from "../space/compile.ts";
import type { Enumeration } from "../space/enumerate.ts";
import { decodeOutcome } from "../space/outcome.ts";
import { capUtility, type UtilityModel } from "../space/utility.ts";
import { nonDominated } from "./nonDominated.ts";

export interface Frontier {
  /** Party indices (into space.parties): the columns of `utilities`. */
  parties: number[];
  count: number;
  /** count × parties.length utilities, row-major, rows ascending by the first party's utility. */
  utilities: Float64Array;
  /** count × issues per-issue option indices, row-major. */
  digits: Int32Array;
}

export interface DecompositionOptions {
  /** Per issue, the allowed options (1) or null for all. */
  allowed?: (Uint8Array | null)[];
  /** Stop with a size-limit ZopaError when an intermediate frontier exceeds this many points. */
  maxPoints?: number;
}

/** What the decomposition reads: the issues' sizes and, per party, its tables and cap. */
export interface FrontierSpace {
  issues: readonly unknown[];
  radix: Int32Array;
  parties: readonly UtilityModel[];
}

/**
 * Exact Pareto frontier for additive utilities by Pareto-pruned Minkowski sums, issue by issue; utilities
 * capped as `utilityOf` caps them.
 */
export function frontierByDecomposition(
  space: FrontierSpace,
  parties: number[],
  options: DecompositionOptions = {},
): Frontier {
  const dims = parties.length;
  const n = space.issues.length;
  const maxPoints = options.maxPoints ?? 1.2e7;
  const tables = parties.map((k) => space.parties[k].tables);
  let util = new Float64Array(dims); // one point at the origin
  let count = 1;
  const parents: Int32Array[] = [];
  const choices: Int32Array[] = [];
  for (let i = 0; i < n; i++) {
    // This issue's own non-dominated options (a dominated option can never be on the frontier of the sum).
    const mask = options.allowed?.[i] ?? null;
    const opts: number[] = [];
    for (let k = 0; k < space.radix[i]; k++) if (!mask || mask[k]) opts.push(k);
    const own = new Float64Array(opts.length * dims);
    opts.forEach((k, j) => {
      for (let d = 0; d < dims; d++) own[j * dims + d] = tables[d][i][k];
    });
    const keptOpts = Array.from(nonDominated(own, dims, opts.length), (j) => opts[j]);
    const m = keptOpts.length;
    const candidates = new Float64Array(count * m * dims);
    for (let a = 0; a < count; a++)
      for (let b = 0; b < m; b++) {
        const row = (a * m + b) * dims;
        for (let d = 0; d < dims; d++) candidates[row + d] = util[a * dims + d] + tables[d][i][keptOpts[b]];
      }
    const kept = nonDominated(candidates, dims, count * m);
    if (kept.length > maxPoints)
      throw new ZopaError(
        "size-limit",
        `the Pareto frontier grows past ${maxPoints} points at issue ${i + 1} of ${n}`,
      );
    const next = new Float64Array(kept.length * dims);
    const parent = new Int32Array(kept.length);
    const choice = new Int32Array(kept.length);
    kept.forEach((c, r) => {
      for (let d = 0; d < dims; d++) next[r * dims + d] = candidates[c * dims + d];
      parent[r] = Math.floor(c / m);
      choice[r] = keptOpts[c % m];
    });
    parents.push(parent);
    choices.push(choice);
    util = next;
    count = kept.length;
  }
  const digits = new Int32Array(count * n);
  for (let r = 0; r < count; r++) {
    let p = r;
    for (let i = n - 1; i >= 0; i--) {
      digits[r * n + i] = choices[i][p];
      p = parents[i][p];
    }
  }
  return capFrontier(space, { parties, count, utilities: util, digits });
}

/**
 * The decomposition sums uncapped tables (the cap applies to the total, so it cannot be split by issue).
 * Capping is monotone, so the capped frontier lies within the uncapped one: cap its points with the space's
 * `capUtility` and drop those that capping made dominated.
 */
function capFrontier(space: FrontierSpace, f: Frontier): Frontier {
  const models = f.parties.map((k) => space.parties[k]);
  const dims = models.length;
  let changed = false;
  for (let r = 0; r < f.count; r++)
    for (let d = 0; d < dims; d++) {
      const u = f.utilities[r * dims + d];
      const capped = capUtility(models[d], u);
      if (capped !== u) {
        f.utilities[r * dims + d] = capped;
        changed = true;
      }
    }
  if (!changed) return f;
  const keep = new Uint8Array(f.count);
  for (const r of nonDominated(f.utilities, dims, f.count)) keep[r] = 1;
  return filterFrontier(f, space.issues.length, (r) => keep[r] === 1);
}

/** Pareto frontier of the enumerated outcomes for which `include(index)` holds (all when omitted). */
export function frontierOfOutcomes(
  space: CompiledSpace,
  enumeration: Enumeration,
  parties: number[],
  include?: (index: number) => boolean,
): Frontier {
  const dims = parties.length;
  const slots = parties.map((k) => {
    const s = enumeration.parties.indexOf(k);
    if (s < 0) throw new Error(`party ${space.parties[k].id} was not enumerated`);
    return s;
  });
  const indices: number[] = [];
  for (let x = 0; x < enumeration.size; x++) if (!include || include(x)) indices.push(x);
  const m = new Float64Array(indices.length * dims);
  indices.forEach((x, r) => {
    for (let d = 0; d < dims; d++) m[r * dims + d] = enumeration.utilities[slots[d]][x];
  });
  const kept = nonDominated(m, dims, indices.length);
  return subsetOf(space, parties, kept, (r) => indices[r], m);
}

function subsetOf(
  space: CompiledSpace,
  parties: number[],
  kept: Int32Array,
  outcomeOf: (row: number) => number,
  m: Float64Array,
): Frontier {
  const dims = parties.length;
  const n = space.issues.length;
  const utilities = new Float64Array(kept.length * dims);
  const digits = new Int32Array(kept.length * n);
  const tmp = new Int32Array(n);
  kept.forEach((row, r) => {
    for (let d = 0; d < dims; d++) utilities[r * dims + d] = m[row * dims + d];
    decodeOutcome(space, outcomeOf(row), tmp);
    digits.set(tmp, r * n);
  });
  return { parties, count: kept.length, utilities, digits };
}

/** The frontier rows for which `keep(row)` holds. */
export function filterFrontier(f: Frontier, n: number, keep: (row: number) => boolean): Frontier {
  const dims = f.parties.length;
  const rows: number[] = [];
  for (let r = 0; r < f.count; r++) if (keep(r)) rows.push(r);
  const utilities = new Float64Array(rows.length * dims);
  const digits = new Int32Array(rows.length * n);
  rows.forEach((row, r) => {
    utilities.set(f.utilities.subarray(row * dims, row * dims + dims), r * dims);
    digits.set(f.digits.subarray(row * n, row * n + n), r * n);
  });
  return { parties: f.parties, count: rows.length, utilities, digits };
}

/** Pareto frontier of chosen rows of a sample (approximations for spaces too large to enumerate). */
export function frontierOfRows(
  space: CompiledSpace,
  sample: { utilities: Float64Array[]; parties: number[]; digits: Int32Array },
  parties: number[],
  rows: number[],
): Frontier {
  const dims = parties.length;
  const n = space.issues.length;
  const slots = parties.map((k) => sample.parties.indexOf(k));
  const m = new Float64Array(rows.length * dims);
  rows.forEach((s, r) => {
    for (let d = 0; d < dims; d++) m[r * dims + d] = sample.utilities[slots[d]][s];
  });
  const kept = nonDominated(m, dims, rows.length);
  const utilities = new Float64Array(kept.length * dims);
  const digits = new Int32Array(kept.length * n);
  kept.forEach((row, r) => {
    for (let d = 0; d < dims; d++) utilities[r * dims + d] = m[row * dims + d];
    digits.set(sample.digits.subarray(rows[row] * n, rows[row] * n + n), r * n);
  });
  return { parties, count: kept.length, utilities, digits };
}
