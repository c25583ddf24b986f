/**
 * A brute-force oracle for small random scenarios, independent of src/ except for the scenario format.
 *
 * Scenarios are built so that exact arithmetic is possible: issue weights are small integers a_i (normalised by
 * the tool with `normalize: true`) and option values are tenths b/10, so party p's utility of an outcome is
 * exactly U_p / (10 · A_p) with the integer U_p = Σ_i a_i · b_i and A_p = Σ_i a_i. Reservation values are
 * twentieths r/20 (u ≥ r/20 ⇔ 2·U_p ≥ A_p · r) or the utility of a reservation outcome. Every comparison the
 * oracle makes (dominance, reservation values) is between integers, so it has no rounding at all.
 */
import fc from "fast-check";
import type { PredicateInput } from "../../src/scenario/schema.ts";

// Show the failing assertion in reports (node's reporter does not print the error's cause).
fc.configureGlobal({ includeErrorInReport: true });

/** mulberry32: a tiny seeded generator, so that a fast-check seed fully determines a scenario. */
export function rng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const x = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return Math.floor(x * n);
  };
}

export interface OracleIssue {
  id: string;
  ordinal: boolean;
  options: string[];
}

export type Reserve = { kind: "none" } | { kind: "value"; r: number } | { kind: "outcome"; digits: number[] };

export interface OracleParty {
  id: string;
  principal: boolean;
  /** Integer weights per issue. */
  weights: number[];
  /** Integer values (tenths) per issue, per option. */
  values: number[][];
  reserve: Reserve;
  redLines: { id: string; requires: PredicateInput }[];
}

export interface RandomScenario {
  seed: number;
  issues: OracleIssue[];
  parties: OracleParty[];
  /** The scenario document, as a plain object (serialise with JSON.stringify). */
  input: Record<string, unknown>;
}

export interface GenerateOptions {
  /** Higher reservation values and more red lines: many empty zones, for the deadlock diagnosis. */
  conflict?: boolean;
}

function predicate(r: (n: number) => number, issues: OracleIssue[], depth: number): PredicateInput {
  if (depth < 2 && r(10) < 4) {
    const kind = r(3);
    if (kind === 2) return { not: predicate(r, issues, depth + 1) };
    const parts = Array.from({ length: 1 + r(3) }, () => predicate(r, issues, depth + 1));
    return kind === 0 ? { all: parts } : { any: parts };
  }
  const issue = issues[r(issues.length)];
  const n = issue.options.length;
  const kind = r(4);
  if (kind >= 2 && issue.ordinal) {
    const target = issue.options[r(n)];
    return kind === 2 ? { issue: issue.id, atLeast: target } : { issue: issue.id, atMost: target };
  }
  const subset = issue.options.filter(() => r(2) === 1);
  if (subset.length === 0) subset.push(issue.options[r(n)]);
  return kind === 1 ? { issue: issue.id, notIn: subset } : { issue: issue.id, in: subset };
}

/** A random scenario: 1–5 issues of 1–5 options, 2–4 parties, random weights, values, reservations, red lines. */
export function randomScenario(seed: number, options: GenerateOptions = {}): RandomScenario {
  const r = rng(seed);
  const issues: OracleIssue[] = Array.from({ length: 1 + r(5) }, (_, i) => ({
    id: `i${i}`,
    ordinal: r(10) < 6,
    options: Array.from({ length: 1 + r(5) }, (_, k) => `o${k}`),
  }));
  const parties: OracleParty[] = Array.from({ length: 2 + r(3) }, (_, p) => {
    const weights = issues.map(() => r(5));
    if (!weights.some((w) => w > 0)) weights[r(issues.length)] = 1 + r(4);
    const values = issues.map((issue) => issue.options.map(() => r(11)));
    const kind = r(10);
    const reserve: Reserve =
      kind < 2
        ? { kind: "none" }
        : kind < 4
          ? { kind: "outcome", digits: issues.map((issue) => r(issue.options.length)) }
          : { kind: "value", r: options.conflict ? 4 + r(15) : r(11) };
    const redLines = Array.from({ length: r(options.conflict ? 4 : 3) }, (_, j) => ({
      id: `r${j}`,
      requires: predicate(r, issues, 0),
    }));
    return { id: `p${p}`, principal: p < 2 || r(2) === 0, weights, values, reserve, redLines };
  });
  const input = {
    zopa: 1,
    meta: { id: `random-${seed}`, title: `Random scenario ${seed}` },
    issues: issues.map((i) => ({
      id: i.id,
      type: i.ordinal ? "ordinal" : "categorical",
      options: i.options.map((id) => ({ id })),
    })),
    parties: parties.map((p) => ({
      id: p.id,
      name: `Party ${p.id}`,
      role: p.principal ? "principal" : "mediator",
      ...(p.reserve.kind === "value" ? { reservation: p.reserve.r / 20 } : {}),
      ...(p.reserve.kind === "outcome"
        ? {
            reservation: {
              outcome: Object.fromEntries(
                issues.map((issue, i) => [
                  issue.id,
                  issue.options[(p.reserve as { digits: number[] }).digits[i]],
                ]),
              ),
            },
          }
        : {}),
      preferences: {
        normalize: true,
        weights: Object.fromEntries(issues.map((issue, i) => [issue.id, p.weights[i]])),
        values: Object.fromEntries(
          issues.map((issue, i) => [
            issue.id,
            Object.fromEntries(issue.options.map((o, k) => [o, p.values[i][k] / 10])),
          ]),
        ),
      },
      ...(p.redLines.length > 0
        ? {
            redLines: p.redLines.map((rl) => ({
              id: rl.id,
              statement: `red line ${rl.id} of ${p.id}`,
              status: "stated",
              requires: rl.requires,
            })),
          }
        : {}),
    })),
  };
  return { seed, issues, parties, input };
}

/** A fast-check arbitrary of random scenarios (the seed shows in counterexamples). */
export function scenarioArbitrary(options: GenerateOptions = {}): fc.Arbitrary<RandomScenario> {
  return fc.integer({ min: 0, max: 0x7fffffff }).map((seed) => {
    const s = randomScenario(seed, options);
    // Counterexamples print as the seed: `randomScenario(seed)` rebuilds the scenario.
    Object.defineProperty(s, fc.toStringMethod, {
      value: () => `randomScenario(${seed})`,
      enumerable: false,
    });
    return s;
  });
}

export interface OracleCommitment {
  key: string;
  party: number;
  kind: "redLine" | "reservation";
  /** Whether the outcome satisfies the commitment. */
  holds: (digits: number[]) => boolean;
}

/** Exact truths about a random scenario, by brute force. */
export class Oracle {
  readonly size: number;
  /** Per-issue option indices of every outcome, in the tool's index order (last issue fastest). */
  readonly outcomes: number[][] = [];
  /** Parties whose acceptance an agreement needs (all have preferences here). */
  readonly negotiators: number[];
  /** U[p][x]: the integer utility numerator of party p for outcome x. */
  readonly U: number[][];
  readonly A: number[];
  readonly commitments: OracleCommitment[];
  /** Per outcome, the bitmask (over `commitments`) of the commitments it breaks. */
  readonly violations: number[];

  constructor(readonly s: RandomScenario) {
    const radix = s.issues.map((i) => i.options.length);
    this.size = radix.reduce((a, b) => a * b, 1);
    for (let x = 0; x < this.size; x++) {
      const digits: number[] = new Array(radix.length);
      let rest = x;
      for (let i = radix.length - 1; i >= 0; i--) {
        digits[i] = rest % radix[i];
        rest = Math.floor(rest / radix[i]);
      }
      this.outcomes.push(digits);
    }
    this.negotiators = s.parties.flatMap((p, k) => (p.principal ? [k] : []));
    this.A = s.parties.map((p) => p.weights.reduce((a, b) => a + b, 0));
    this.U = s.parties.map((_, p) => this.outcomes.map((d) => this.utilityNumerator(p, d)));
    const commitments: OracleCommitment[] = [];
    for (const p of this.negotiators)
      for (const rl of s.parties[p].redLines)
        commitments.push({
          key: `${s.parties[p].id}/${rl.id}`,
          party: p,
          kind: "redLine",
          holds: (d) => this.evaluate(rl.requires, d),
        });
    for (const p of this.negotiators)
      if (this.reservationPositive(p))
        commitments.push({
          key: `${s.parties[p].id}/reservation`,
          party: p,
          kind: "reservation",
          holds: (d) => this.meetsReservation(p, this.utilityNumerator(p, d)),
        });
    this.commitments = commitments;
    this.violations = this.outcomes.map((d) =>
      commitments.reduce((mask, c, bit) => (c.holds(d) ? mask : mask | (1 << bit)), 0),
    );
  }

  utilityNumerator(p: number, digits: number[]): number {
    const party = this.s.parties[p];
    let u = 0;
    digits.forEach((k, i) => {
      u += party.weights[i] * party.values[i][k];
    });
    return u;
  }

  /** The utility as a float, from the exact numerator. */
  utility(p: number, x: number): number {
    return this.U[p][x] / (10 * this.A[p]);
  }

  /** The reservation value as a float. */
  reservation(p: number): number {
    const res = this.s.parties[p].reserve;
    if (res.kind === "none") return 0;
    if (res.kind === "value") return res.r / 20;
    return this.utilityNumerator(p, res.digits) / (10 * this.A[p]);
  }

  reservationPositive(p: number): boolean {
    const res = this.s.parties[p].reserve;
    if (res.kind === "none") return false;
    if (res.kind === "value") return res.r > 0;
    return this.utilityNumerator(p, res.digits) > 0;
  }

  /** Exact: U/(10A) ≥ reservation. */
  meetsReservation(p: number, u: number): boolean {
    const res = this.s.parties[p].reserve;
    if (res.kind === "none") return true;
    if (res.kind === "value") return 2 * u >= this.A[p] * res.r;
    return u >= this.utilityNumerator(p, res.digits);
  }

  evaluate(pred: PredicateInput, digits: number[]): boolean {
    if ("all" in pred) return pred.all.every((q) => this.evaluate(q, digits));
    if ("any" in pred) return pred.any.some((q) => this.evaluate(q, digits));
    if ("not" in pred) return !this.evaluate(pred.not, digits);
    const i = this.s.issues.findIndex((issue) => issue.id === pred.issue);
    const options = this.s.issues[i].options;
    const k = digits[i];
    const here = options[k];
    if ("in" in pred) return pred.in.includes(here);
    if ("notIn" in pred) return !pred.notIn.includes(here);
    if ("atLeast" in pred) return k >= options.indexOf(pred.atLeast as string);
    return k <= options.indexOf(pred.atMost as string);
  }

  /**
   * The predicate with its conditions on issue `i` taken as met (true under an even number of `not`s): for a
   * red line made of single-issue conditions, whether the outcome meets its conditions on the other issues.
   */
  evaluateIgnoring(pred: PredicateInput, digits: number[], i: number, polarity = true): boolean {
    if ("all" in pred) return pred.all.every((q) => this.evaluateIgnoring(q, digits, i, polarity));
    if ("any" in pred) return pred.any.some((q) => this.evaluateIgnoring(q, digits, i, polarity));
    if ("not" in pred) return !this.evaluateIgnoring(pred.not, digits, i, !polarity);
    if (this.s.issues[i].id === pred.issue) return polarity;
    return this.evaluate(pred, digits);
  }

  /** Outcomes meeting every commitment. */
  zone(): number[] {
    const out: number[] = [];
    for (let x = 0; x < this.size; x++) if (this.violations[x] === 0) out.push(x);
    return out;
  }

  /** Outcomes meeting every commitment whose bit is not in `relaxed`. */
  zoneWithout(relaxed: number): number[] {
    const out: number[] = [];
    for (let x = 0; x < this.size; x++) if ((this.violations[x] & ~relaxed) === 0) out.push(x);
    return out;
  }

  /** Weak-dominance frontier of the given outcomes over `parties`, by the naive O(n²) filter (ties kept). */
  frontier(outcomes: number[], parties: number[] = this.negotiators): number[] {
    const U = this.U;
    return outcomes.filter(
      (x) =>
        !outcomes.some((y) => {
          let strict = false;
          for (const p of parties) {
            if (U[p][y] < U[p][x]) return false;
            if (U[p][y] > U[p][x]) strict = true;
          }
          return strict;
        }),
    );
  }

  /** `o1,o0,o2`: an outcome's options in issue order. */
  key(x: number): string {
    return this.outcomes[x].map((k, i) => this.s.issues[i].options[k]).join(",");
  }

  keyOfRecord(outcome: Record<string, unknown>): string {
    return this.s.issues.map((issue) => String(outcome[issue.id])).join(",");
  }

  /** The index of an outcome given as { issueId: optionId }, or -1 when an option is unknown. */
  indexOfRecord(outcome: Record<string, unknown>): number {
    let x = 0;
    for (const issue of this.s.issues) {
      const k = issue.options.indexOf(String(outcome[issue.id]));
      if (k < 0) return -1;
      x = x * issue.options.length + k;
    }
    return x;
  }
}

/** Sorted multiset of outcome keys, for comparing frontiers as sets of outcomes with duplicates. */
export function sortedKeys(keys: string[]): string[] {
  return [...keys].sort();
}
