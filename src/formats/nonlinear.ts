/**
 * ANAC 2014 nonlinear GENIUS profiles (`<utility_space type="nonlinear">`): integer issues and utility
 * functions made of hyper-rectangles. Our scenario model is linear additive and cannot express them, so
 * `loadScenarioFromPaths` refuses them; `loadInputFromPaths` pairs them with their domain (`nonlinearScenarioOf`)
 * for the approximate analysis (nonlinearAnalysis.ts). This module evaluates them directly, searches an
 * approximate Pareto frontier (their spaces hold 10^10–10^40 bids) and reads the `pareto.xml` files (CSV lines
 * `uA, uB`) that ship with them, so the two can be compared by hypervolume.
 *
 * U(bid) = Σ_ufun weight · aggregate(utility of each rectangle the bid lies in) / maxutility, capped at 1.
 * A rectangle holds when every INCLUDES range holds and no EXCLUDES range does; aggregation is sum, max or min.
 */

import { formatError } from "../errors.ts";
import { mulberry32 } from "../util/random.ts";
import type { GeniusDomain } from "./genius.ts";
import { baseName, IdAllocator, slugify } from "./ids.ts";
import { attr, childrenNamed, describeElement, numberAttr, parseXml, where, type XmlElement } from "./xml.ts";

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
  /** The root element and its line, for messages. */
  where: string;
  issues: NonlinearIssue[];
  maxUtility: number;
  ufuns: Ufun[];
  reservation: number | null;
  discount: number | null;
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
  return nonlinearProfileOf(parseXml(text, file), file);
}

/** `readNonlinearProfile` on an already parsed root element (null: the file held no element). */
export function nonlinearProfileOf(root: XmlElement | null, file: string): NonlinearProfile {
  if (root?.name.toLowerCase() !== "utility_space")
    throw formatError(file, root ? where(root) : null, "not a GENIUS profile (root <utility_space>)");
  const issueEls = descendants(root, "issue");
  const issues = issueEls.map((el): NonlinearIssue => {
    const issue = {
      index: numberAttr(el, "index"),
      name: attr(el, "name") ?? "",
      lower: numberAttr(el, "lowerbound"),
      upper: numberAttr(el, "upperbound"),
    };
    if (![issue.index, issue.lower, issue.upper].every(Number.isInteger))
      throw formatError(file, where(el), "nonlinear profiles need integer issues with integer bounds");
    return issue;
  });
  const position = new Map(issues.map((i, k) => [i.index, k]));
  const utilityEl = descendants(root, "utility")[0];
  if (!utilityEl)
    throw formatError(file, where(root), "no <utility maxutility> element: not a nonlinear profile");
  const maxUtility = numberAttr(utilityEl, "maxutility");
  if (!(maxUtility > 0)) throw formatError(file, where(utilityEl), "maxutility must be a positive number");
  const range = (el: XmlElement): Range => {
    const k = position.get(numberAttr(el, "index"));
    if (k === undefined) throw formatError(file, where(el), "refers to no issue of the profile");
    const min = numberAttr(el, "min");
    const max = numberAttr(el, "max");
    if (!Number.isFinite(min) || !Number.isFinite(max))
      throw formatError(file, where(el), "needs numeric min and max");
    return { issue: k, min, max };
  };
  const ufuns = childrenNamed(utilityEl, "ufun").map((u): Ufun => {
    const aggregation = (attr(u, "aggregation") ?? "sum").toLowerCase();
    if (aggregation !== "sum" && aggregation !== "max" && aggregation !== "min")
      throw formatError(file, where(u), `unknown aggregation "${aggregation}" (sum, max or min)`);
    const weight = attr(u, "weight") === undefined ? 1 : numberAttr(u, "weight");
    const rectangles = childrenNamed(u, "hyperRectangle").map((r) => ({
      utility: numberAttr(r, "utility"),
      includes: childrenNamed(r, "INCLUDES").map(range),
      excludes: childrenNamed(r, "EXCLUDES").map(range),
    }));
    for (const [k, r] of rectangles.entries())
      if (!Number.isFinite(r.utility))
        throw formatError(file, where(childrenNamed(u, "hyperRectangle")[k]), "utility is not a number");
    return { weight, aggregation, rectangles };
  });
  if (ufuns.length === 0) throw formatError(file, where(utilityEl), "no <ufun> element");
  const single = (name: string): number | null => {
    const el = descendants(root, name)[0];
    return el ? numberAttr(el, "value") : null;
  };
  return {
    file,
    where: where(root),
    issues,
    maxUtility,
    ufuns,
    reservation: single("reservation"),
    discount: single("discount_factor"),
  };
}

/** A nonlinear GENIUS scenario: the domain's integer issues and two profiles, with ids as the importer gives. */
export interface NonlinearScenario {
  id: string;
  title: string;
  files: string[];
  issues: { id: string; name: string; lower: number; upper: number }[];
  /** Party ids come from the profile file names, as for linear GENIUS profiles. */
  parties: { id: string; name: string; profile: NonlinearProfile }[];
}

/**
 * Pairs a GENIUS domain with its nonlinear profiles. The approximate analysis is two-party, and every profile
 * must list the domain's integer issues in the domain's order with the same bounds (the utility is evaluated
 * on one bid layout). Throws FormatError otherwise.
 */
export function nonlinearScenarioOf(
  domain: GeniusDomain,
  profiles: NonlinearProfile[],
): { scenario: NonlinearScenario; warnings: string[] } {
  if (profiles.length !== 2)
    throw formatError(
      profiles.map((p) => p.file).join(", "),
      null,
      `the approximate analysis of nonlinear profiles handles exactly two profiles, but ${profiles.length} ${profiles.length === 1 ? "was" : "were"} given: name the domain and two profiles`,
    );
  const issues = domain.issues.map((i) => {
    if (i.type !== "integer")
      throw formatError(domain.file, describeElement(i.el), "nonlinear scenarios need integer issues");
    return { index: i.index, name: i.name, lower: i.lower, upper: i.upper };
  });
  for (const p of profiles) {
    const same =
      p.issues.length === issues.length &&
      p.issues.every(
        (q, k) => q.index === issues[k].index && q.lower === issues[k].lower && q.upper === issues[k].upper,
      );
    if (!same)
      throw formatError(
        p.file,
        p.where,
        `its issues (index and bounds, in order) differ from the domain's (${domain.file})`,
      );
  }
  const issueIds = new IdAllocator();
  const partyIds = new IdAllocator();
  const title = domain.name && domain.name !== "root" ? domain.name : baseName(domain.file);
  return {
    scenario: {
      id: slugify(baseName(domain.file)),
      title,
      files: [domain.file, ...profiles.map((p) => p.file)],
      issues: issues.map((i) => ({
        id: issueIds.take(i.name),
        name: i.name,
        lower: i.lower,
        upper: i.upper,
      })),
      parties: profiles.map((p) => ({
        id: partyIds.take(baseName(p.file)),
        name: baseName(p.file),
        profile: p,
      })),
    },
    warnings: [],
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
      throw formatError(file, `line ${k + 1}`, `expected "uA, uB", got "${line.trim()}"`);
    out.push([parts[0], parts[1]]);
  });
  return out;
}

export interface FrontierSearchOptions {
  /** Scalarisation directions λ·uA + (1 − λ)·uB, evenly spaced (default 21). */
  directions?: number;
  /** Random starts per direction (default 4). */
  restarts?: number;
  seed?: number;
}

/** A bid found by the search with both parties' utilities. */
export interface FrontierBid {
  /** Issue values in the profiles' issue order. */
  bid: Int32Array;
  ua: number;
  ub: number;
}

/** The search's result: the non-dominated bids found, ascending in uA, and how many bids it evaluated. */
export interface FrontierSearch {
  points: FrontierBid[];
  evaluations: number;
  directions: number;
  restarts: number;
  seed: number;
}

/**
 * Non-dominated archive (weak dominance, equal vectors kept once: the first found), ascending in uA and so
 * descending in uB. Insertion is a binary search plus the removal of the contiguous run it dominates.
 */
class ParetoArchive {
  readonly points: FrontierBid[] = [];

  offer(bid: Int32Array, ua: number, ub: number): void {
    const p = this.points;
    let lo = 0;
    let hi = p.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (p[mid].ua < ua) lo = mid + 1;
      else hi = mid;
    }
    // p[lo] is the first point with uA ≥ ua: it has the largest uB among those, so it alone can dominate.
    if (lo < p.length && p[lo].ub >= ub) return;
    // Points before lo have uA < ua; those with uB ≤ ub are dominated, contiguous just before lo.
    // p[lo] itself is dominated when it has the same uA (and, from the test above, a lower uB).
    const to = lo < p.length && p[lo].ua === ua ? lo + 1 : lo;
    let from = lo;
    while (from > 0 && p[from - 1].ub <= ub) from--;
    p.splice(from, to - from, { bid: bid.slice(), ua, ub });
  }
}

/**
 * An approximate two-party Pareto frontier by seeded coordinate ascent on weighted sums λ·uA + (1 − λ)·uB
 * (`directions` evenly spaced λ, `restarts` random starts each); every bid evaluated on the way is a
 * candidate. Returns the non-dominated bids found, ascending in uA.
 */
export function searchFrontier(
  a: NonlinearProfile,
  b: NonlinearProfile,
  options: FrontierSearchOptions = {},
): FrontierSearch {
  const issues = a.issues;
  if (b.issues.length !== issues.length || b.issues.some((i, k) => i.index !== issues[k].index))
    throw formatError(b.file, null, `its issues differ from ${a.file}'s`);
  const directions = options.directions ?? 21;
  const restarts = options.restarts ?? 4;
  const seed = options.seed ?? 1;
  const random = mulberry32(seed);
  const archive = new ParetoArchive();
  let evaluations = 0;
  const bid = new Int32Array(issues.length);
  for (let d = 0; d < directions; d++) {
    const lambda = directions === 1 ? 0.5 : d / (directions - 1);
    for (let r = 0; r < restarts; r++) {
      issues.forEach((issue, k) => {
        bid[k] = issue.lower + Math.floor(random() * (issue.upper - issue.lower + 1));
      });
      const ua = nonlinearUtility(a, bid);
      const ub = nonlinearUtility(b, bid);
      evaluations++;
      let score = lambda * ua + (1 - lambda) * ub;
      archive.offer(bid, ua, ub);
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
            evaluations++;
            archive.offer(bid, xa, xb);
            const s = lambda * xa + (1 - lambda) * xb;
            if (s > score + 1e-12) {
              score = s;
              bestValue = v;
              improved = true;
            }
          }
          bid[k] = bestValue;
        }
      }
    }
  }
  return { points: archive.points, evaluations, directions, restarts, seed };
}

/** The non-dominated bids among `points` (weak dominance, equal vectors kept once: the first), ascending in uA. */
export function paretoBids(points: FrontierBid[]): FrontierBid[] {
  const archive = new ParetoArchive();
  for (const p of points) archive.offer(p.bid, p.ua, p.ub);
  return archive.points;
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
