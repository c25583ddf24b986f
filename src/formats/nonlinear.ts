/**
 * ANAC 2014 nonlinear GENIUS profiles (`<utility_space type="nonlinear">`): integer issues and utility
 * functions made of hyper-rectangles. Our scenario model is linear additive and cannot express them, so the
 * loader refuses them ("not supported yet"); this module evaluates them directly, searches an approximate
 * Pareto frontier (their spaces hold 10^10–10^50 bids) and reads the `pareto.xml` files (CSV lines `uA, uB`)
 * that ship with them, so the two can be compared by hypervolume.
 *
 * U(bid) = Σ_ufun weight · aggregate(utility of each rectangle the bid lies in) / maxutility, capped at 1.
 * A rectangle holds when every INCLUDES range holds and no EXCLUDES range does; aggregation is sum, max or min.
 */
import { FormatError } from "./formatError.ts";
import { attr, childrenNamed, describeElement, numberAttr, parseXml, type XmlElement } from "./xml.ts";

interface Range {
  /** Position of the issue in the profile's issue list. */
  issue: number;
  min: number;
  max: number;
}

interface Rectangle {
  utility: number;
  includes: Range[];
  excludes: Range[];
}

interface Ufun {
  weight: number;
  aggregation: "sum" | "max" | "min";
  rectangles: Rectangle[];
}

export interface NonlinearIssue {
  index: number;
  name: string;
  lower: number;
  upper: number;
}

export interface NonlinearProfile {
  file: string;
  issues: NonlinearIssue[];
  maxUtility: number;
  ufuns: Ufun[];
  reservation: number | null;
  discount: number | null;
}

function where(el: XmlElement): string {
  return `${describeElement(el)} (line ${el.line})`;
}

function descendants(el: XmlElement, name: string, out: XmlElement[] = []): XmlElement[] {
  for (const c of el.children) {
    if (c.name.toLowerCase() === name) out.push(c);
    descendants(c, name, out);
  }
  return out;
}

/** Reads a nonlinear hyper-rectangle profile. Throws FormatError when it is not one or is malformed. */
export function readNonlinearProfile(text: string, file: string): NonlinearProfile {
  const root = parseXml(text);
  if (root?.name.toLowerCase() !== "utility_space")
    throw new FormatError(file, root ? where(root) : null, "not a GENIUS profile (root <utility_space>)");
  const issueEls = descendants(root, "issue");
  const issues = issueEls.map((el): NonlinearIssue => {
    const issue = {
      index: numberAttr(el, "index"),
      name: attr(el, "name") ?? "",
      lower: numberAttr(el, "lowerbound"),
      upper: numberAttr(el, "upperbound"),
    };
    if (![issue.index, issue.lower, issue.upper].every(Number.isInteger))
      throw new FormatError(file, where(el), "nonlinear profiles need integer issues with integer bounds");
    return issue;
  });
  const position = new Map(issues.map((i, k) => [i.index, k]));
  const utilityEl = descendants(root, "utility")[0];
  if (!utilityEl)
    throw new FormatError(file, where(root), "no <utility maxutility> element: not a nonlinear profile");
  const maxUtility = numberAttr(utilityEl, "maxutility");
  if (!(maxUtility > 0))
    throw new FormatError(file, where(utilityEl), "maxutility must be a positive number");
  const range = (el: XmlElement): Range => {
    const k = position.get(numberAttr(el, "index"));
    if (k === undefined) throw new FormatError(file, where(el), "refers to no issue of the profile");
    const min = numberAttr(el, "min");
    const max = numberAttr(el, "max");
    if (!Number.isFinite(min) || !Number.isFinite(max))
      throw new FormatError(file, where(el), "needs numeric min and max");
    return { issue: k, min, max };
  };
  const ufuns = childrenNamed(utilityEl, "ufun").map((u): Ufun => {
    const aggregation = (attr(u, "aggregation") ?? "sum").toLowerCase();
    if (aggregation !== "sum" && aggregation !== "max" && aggregation !== "min")
      throw new FormatError(file, where(u), `unknown aggregation "${aggregation}" (sum, max or min)`);
    const weight = attr(u, "weight") === undefined ? 1 : numberAttr(u, "weight");
    const rectangles = childrenNamed(u, "hyperRectangle").map((r) => ({
      utility: numberAttr(r, "utility"),
      includes: childrenNamed(r, "INCLUDES").map(range),
      excludes: childrenNamed(r, "EXCLUDES").map(range),
    }));
    for (const [k, r] of rectangles.entries())
      if (!Number.isFinite(r.utility))
        throw new FormatError(file, where(childrenNamed(u, "hyperRectangle")[k]), "utility is not a number");
    return { weight, aggregation, rectangles };
  });
  if (ufuns.length === 0) throw new FormatError(file, where(utilityEl), "no <ufun> element");
  const single = (name: string): number | null => {
    const el = descendants(root, name)[0];
    return el ? numberAttr(el, "value") : null;
  };
  return {
    file,
    issues,
    maxUtility,
    ufuns,
    reservation: single("reservation"),
    discount: single("discount_factor"),
  };
}

/** A profile's utility of a bid given as issue values (in the profile's issue order). */
export function nonlinearUtility(profile: NonlinearProfile, bid: ArrayLike<number>): number {
  let total = 0;
  for (const u of profile.ufuns) {
    let agg = u.aggregation === "sum" ? 0 : Number.NaN;
    for (const r of u.rectangles) {
      let inside = true;
      for (const c of r.includes)
        if (bid[c.issue] < c.min || bid[c.issue] > c.max) {
          inside = false;
          break;
        }
      if (inside)
        for (const c of r.excludes)
          if (bid[c.issue] >= c.min && bid[c.issue] <= c.max) {
            inside = false;
            break;
          }
      if (!inside) continue;
      if (u.aggregation === "sum") agg += r.utility;
      else if (Number.isNaN(agg)) agg = r.utility;
      else agg = u.aggregation === "max" ? Math.max(agg, r.utility) : Math.min(agg, r.utility);
    }
    total += u.weight * (Number.isNaN(agg) ? 0 : agg);
  }
  return Math.min(1, total / profile.maxUtility);
}

/** The `pareto.xml` of an ANAC 2014 folder: CSV lines `uA, uB` (not XML). */
export function readParetoCsv(text: string, file: string): [number, number][] {
  const out: [number, number][] = [];
  text.split(/\r?\n/).forEach((line, k) => {
    if (line.trim() === "") return;
    const parts = line.split(",").map((s) => Number(s.trim()));
    if (parts.length !== 2 || !parts.every(Number.isFinite))
      throw new FormatError(file, `line ${k + 1}`, `expected "uA, uB", got "${line.trim()}"`);
    out.push([parts[0], parts[1]]);
  });
  return out;
}

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FrontierSearchOptions {
  /** Scalarisation directions λ·uA + (1 − λ)·uB, evenly spaced (default 21). */
  directions?: number;
  /** Random starts per direction (default 4). */
  restarts?: number;
  seed?: number;
}

/**
 * An approximate two-party Pareto frontier by seeded coordinate ascent on weighted sums of the utilities;
 * every bid evaluated on the way is a candidate. Returns the non-dominated utility pairs, ascending in uA.
 */
export function approximateFrontier(
  a: NonlinearProfile,
  b: NonlinearProfile,
  options: FrontierSearchOptions = {},
): [number, number][] {
  const issues = a.issues;
  if (b.issues.length !== issues.length || b.issues.some((i, k) => i.index !== issues[k].index))
    throw new FormatError(b.file, null, `its issues differ from ${a.file}'s`);
  const directions = options.directions ?? 21;
  const restarts = options.restarts ?? 4;
  const random = rng(options.seed ?? 1);
  const points: [number, number][] = [];
  const bid = new Int32Array(issues.length);
  for (let d = 0; d < directions; d++) {
    const lambda = directions === 1 ? 0.5 : d / (directions - 1);
    for (let r = 0; r < restarts; r++) {
      issues.forEach((issue, k) => {
        bid[k] = issue.lower + Math.floor(random() * (issue.upper - issue.lower + 1));
      });
      let ua = nonlinearUtility(a, bid);
      let ub = nonlinearUtility(b, bid);
      let score = lambda * ua + (1 - lambda) * ub;
      points.push([ua, ub]);
      for (let improved = true; improved; ) {
        improved = false;
        for (let k = 0; k < issues.length; k++) {
          const keep = bid[k];
          let bestValue = keep;
          for (let v = issues[k].lower; v <= issues[k].upper; v++) {
            if (v === keep) continue;
            bid[k] = v;
            const xa = nonlinearUtility(a, bid);
            const xb = nonlinearUtility(b, bid);
            points.push([xa, xb]);
            const s = lambda * xa + (1 - lambda) * xb;
            if (s > score + 1e-12) {
              score = s;
              bestValue = v;
              ua = xa;
              ub = xb;
              improved = true;
            }
          }
          bid[k] = bestValue;
        }
      }
    }
  }
  return paretoOf(points);
}

/** The non-dominated pairs (weak dominance, duplicates dropped), ascending in the first utility. */
export function paretoOf(points: [number, number][]): [number, number][] {
  const sorted = [...points].sort((p, q) => q[0] - p[0] || q[1] - p[1]);
  const out: [number, number][] = [];
  let bestY = Number.NEGATIVE_INFINITY;
  for (const p of sorted)
    if (p[1] > bestY) {
      out.push(p);
      bestY = p[1];
    }
  return out.reverse();
}

/** Area dominated by a set of utility pairs, above the reference point (0, 0). */
export function hypervolume2d(points: [number, number][]): number {
  const front = paretoOf(points.filter((p) => p[0] > 0 && p[1] > 0));
  let area = 0;
  let x0 = 0;
  // Ascending in x, descending in y: each point adds the strip from the previous x to its own.
  for (let k = 0; k < front.length; k++) {
    const [x, y] = front[k];
    area += (x - x0) * y;
    x0 = x;
  }
  return area;
}
