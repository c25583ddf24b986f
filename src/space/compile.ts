/**
 * Compile a validated scenario to an outcome space: issues as ordered value lists, outcomes as mixed-radix
 * integer indices (last issue fastest), each party's utility as per-issue tables of weighted values in
 * typed arrays, and red lines as predicate trees whose single-issue parts are option masks.
 */

import { issueDomain } from "../scenario/domain.ts";
import type {
  Issue,
  IssueValue,
  OutcomeSpec,
  Party,
  Predicate,
  Preferences,
  Reservation,
  Scenario,
} from "../scenario/schema.ts";
import { capUtility } from "./utility.ts";

export interface CompiledIssue {
  id: string;
  name: string;
  type: Issue["type"];
  /** Option ids, or numbers for integer and real issues, in order. */
  values: IssueValue[];
  /** Display labels, parallel to `values`. */
  labels: string[];
}

/** A predicate over outcomes, with every single-issue part folded into an option mask. */
export type CompiledPredicate =
  | { kind: "mask"; issue: number; allowed: Uint8Array }
  | { kind: "all"; parts: CompiledPredicate[] }
  | { kind: "any"; parts: CompiledPredicate[] }
  | { kind: "not"; part: CompiledPredicate };

export interface CompiledRedLine {
  /** `party/redLine`, unique in the space. */
  key: string;
  id: string;
  party: string;
  statement: string;
  status: "stated" | "reported" | "inferred";
  confidence?: "high" | "medium" | "low";
  sources: string[];
  predicate: CompiledPredicate;
  /**
   * When the red line is a conjunction of single-issue conditions: per issue, the allowed options (null when
   * the issue is unconstrained). Such red lines shrink the space issue by issue.
   */
  issueMasks: (Uint8Array | null)[] | null;
}

export interface CompiledParty {
  id: string;
  name: string;
  role: "principal" | "mediator" | "observer";
  veto: boolean;
  hasPreferences: boolean;
  /** Per issue, per option: weight × value. A party's utility is the sum over issues. */
  tables: Float64Array[];
  /** Reservation value; 0 when none was given. */
  reservation: number;
  redLines: CompiledRedLine[];
  /** Weights after normalisation, per issue. */
  weights: Float64Array;
  /**
   * Utilities above this are cut to it: 1 (times the discount) for GENIUS profiles whose weights are used as
   * given (`weightsAsGiven`), +Infinity otherwise. Utilities are min(Σ tables, cap), computed in utility.ts only.
   */
  cap: number;
  /** The factor d^t applied to the tables and the reservation value (1 without discounting). */
  discountApplied: number;
}

export interface CompileOptions {
  /** Normalised time t in [0, 1]: each party's utilities and reservation value are multiplied by d^t. */
  time?: number;
}

export interface CompiledSpace {
  scenarioId: string;
  title: string;
  /** The variant applied, or null for the base scenario. */
  variant: string | null;
  issues: CompiledIssue[];
  /** Number of values of each issue. */
  radix: Int32Array;
  /** Place value of each issue in an outcome index (last issue 1). */
  strides: Float64Array;
  /** Number of outcomes (exact up to 2^53). */
  size: number;
  parties: CompiledParty[];
  /** Indices (into `parties`) of the parties whose acceptance an agreement needs and who have preferences. */
  negotiators: number[];
}

/** Per enumerated value, the value function (after `normalize`), without the weight. */
export function valueTable(issue: Issue, domain: IssueValue[], prefs: Preferences): Float64Array {
  const fn = prefs.values[issue.id];
  const out = new Float64Array(domain.length);
  if (fn === undefined) return out;
  if ("piecewise" in fn && Array.isArray(fn.piecewise)) {
    const pts = fn.piecewise as [number, number][];
    domain.forEach((x, k) => {
      out[k] = piecewise(pts, x as number);
    });
  } else {
    const table = fn as Record<string, number>;
    domain.forEach((id, k) => {
      out[k] = table[String(id)] ?? 0;
    });
  }
  if (prefs.normalize) {
    let max = 0;
    for (const v of out) max = Math.max(max, v);
    if (max > 1) for (let k = 0; k < out.length; k++) out[k] /= max;
  }
  return out;
}

/** Linear interpolation between points sorted by x, flat beyond the ends. */
export function piecewise(points: readonly (readonly [number, number])[], x: number): number {
  if (x <= points[0][0]) return points[0][1];
  const last = points[points.length - 1];
  if (x >= last[0]) return last[1];
  for (let k = 1; k < points.length; k++) {
    const [x1, y1] = points[k];
    if (x <= x1) {
      const [x0, y0] = points[k - 1];
      return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
    }
  }
  return last[1];
}

function valueIndex(issue: CompiledIssue, value: IssueValue): number {
  if (typeof value === "number" && typeof issue.values[0] === "number") {
    // Numeric issues: the nearest enumerated value.
    let best = 0;
    for (let k = 1; k < issue.values.length; k++)
      if (Math.abs((issue.values[k] as number) - value) < Math.abs((issue.values[best] as number) - value))
        best = k;
    return best;
  }
  return issue.values.indexOf(value);
}

function compilePredicate(
  pred: Predicate,
  issues: CompiledIssue[],
  byId: Map<string, number>,
): CompiledPredicate {
  if ("all" in pred)
    return fold(
      "all",
      pred.all.map((p) => compilePredicate(p, issues, byId)),
    );
  if ("any" in pred)
    return fold(
      "any",
      pred.any.map((p) => compilePredicate(p, issues, byId)),
    );
  if ("not" in pred) {
    const inner = compilePredicate(pred.not, issues, byId);
    if (inner.kind === "mask")
      return { kind: "mask", issue: inner.issue, allowed: inner.allowed.map((a) => 1 - a) };
    return { kind: "not", part: inner };
  }
  const i = byId.get(pred.issue)!;
  const issue = issues[i];
  const n = issue.values.length;
  const allowed = new Uint8Array(n);
  const numeric = issue.type === "integer" || issue.type === "real";
  const rank = (v: IssueValue): number => (numeric ? (v as number) : issue.values.indexOf(v));
  for (let k = 0; k < n; k++) {
    const v = issue.values[k];
    let ok: boolean;
    if ("in" in pred)
      ok = pred.in.some((x) => x === v || (numeric && Math.abs((x as number) - (v as number)) < 1e-9));
    else if ("notIn" in pred)
      ok = !pred.notIn.some((x) => x === v || (numeric && Math.abs((x as number) - (v as number)) < 1e-9));
    else if ("atLeast" in pred) ok = rank(v) >= rank(pred.atLeast) - (numeric ? 1e-9 : 0);
    else ok = rank(v) <= rank((pred as { atMost: IssueValue }).atMost) + (numeric ? 1e-9 : 0);
    allowed[k] = ok ? 1 : 0;
  }
  return { kind: "mask", issue: i, allowed };
}

/** Merges single-issue parts on the same issue into one mask (AND for `all`, OR for `any`). */
function fold(kind: "all" | "any", parts: CompiledPredicate[]): CompiledPredicate {
  const masks = new Map<number, Uint8Array>();
  const rest: CompiledPredicate[] = [];
  for (const p of parts) {
    if (p.kind !== "mask") {
      rest.push(p);
      continue;
    }
    const prev = masks.get(p.issue);
    if (!prev) masks.set(p.issue, p.allowed.slice());
    else
      for (let k = 0; k < prev.length; k++)
        prev[k] = kind === "all" ? prev[k] & p.allowed[k] : prev[k] | p.allowed[k];
  }
  const merged: CompiledPredicate[] = [
    ...[...masks].map(([issue, allowed]) => ({ kind: "mask" as const, issue, allowed })),
    ...rest,
  ];
  return merged.length === 1 ? merged[0] : { kind, parts: merged };
}

/** Per-issue masks when the predicate is a conjunction of single-issue conditions; otherwise null. */
function conjunctiveMasks(pred: CompiledPredicate, issueCount: number): (Uint8Array | null)[] | null {
  const out: (Uint8Array | null)[] = new Array(issueCount).fill(null);
  const parts = pred.kind === "all" ? pred.parts : [pred];
  for (const p of parts) {
    if (p.kind !== "mask") return null;
    const prev = out[p.issue];
    if (!prev) out[p.issue] = p.allowed.slice();
    else for (let k = 0; k < prev.length; k++) prev[k] &= p.allowed[k];
  }
  return out;
}

/** Whether the outcome with these per-issue option indices satisfies the predicate. */
export function evalPredicate(pred: CompiledPredicate, digits: ArrayLike<number>): boolean {
  switch (pred.kind) {
    case "mask":
      return pred.allowed[digits[pred.issue]] === 1;
    case "all":
      return pred.parts.every((p) => evalPredicate(p, digits));
    case "any":
      return pred.parts.some((p) => evalPredicate(p, digits));
    case "not":
      return !evalPredicate(pred.part, digits);
  }
}

function reservationValue(
  res: Reservation | undefined,
  party: CompiledParty,
  issues: CompiledIssue[],
  scenario: Scenario,
): number {
  if (res === undefined) return 0;
  if (typeof res === "number") return res;
  if (res.value !== undefined) return res.value;
  return utilityOfSpec(res.outcome as OutcomeSpec, party, issues, scenario);
}

/** Utility of an outcome given by ids/numbers; numeric values off the grid use the exact value function. */
function utilityOfSpec(
  outcome: OutcomeSpec,
  party: CompiledParty,
  issues: CompiledIssue[],
  scenario: Scenario,
): number {
  const source = scenario.parties.find((p) => p.id === party.id)!;
  let u = 0;
  issues.forEach((issue, i) => {
    const value = outcome[issue.id];
    if (value === undefined) return;
    const fn = source.preferences?.values[issue.id];
    if (typeof value === "number" && fn && "piecewise" in fn && Array.isArray(fn.piecewise)) {
      let v = piecewise(fn.piecewise as [number, number][], value);
      if (source.preferences?.normalize) {
        const max = Math.max(...(fn.piecewise as [number, number][]).map((p) => p[1]));
        if (max > 1) v /= max;
      }
      u += party.weights[i] * party.discountApplied * v;
    } else u += party.tables[i][valueIndex(issue, value)];
  });
  return capUtility(party, u);
}

function compileParty(
  party: Party,
  issues: Issue[],
  compiled: CompiledIssue[],
  byId: Map<string, number>,
  options: CompileOptions = {},
): CompiledParty {
  const veto = party.veto ?? party.role === "principal";
  const prefs = party.preferences;
  const weights = new Float64Array(issues.length);
  const tables: Float64Array[] = [];
  const factor =
    options.time !== undefined && party.discount !== undefined ? party.discount ** options.time : 1;
  if (prefs) {
    let sum = 0;
    for (const w of Object.values(prefs.weights)) sum += w;
    if (prefs.weightsAsGiven) sum = 1;
    issues.forEach((issue, i) => {
      weights[i] = (prefs.weights[issue.id] ?? 0) / sum;
      const values = valueTable(issue, compiled[i].values, prefs);
      tables.push(values.map((v) => weights[i] * v * factor));
    });
  } else for (const c of compiled) tables.push(new Float64Array(c.values.length));
  const redLines = (party.redLines ?? []).map((rl): CompiledRedLine => {
    const predicate = compilePredicate(rl.requires, compiled, byId);
    return {
      key: `${party.id}/${rl.id}`,
      id: rl.id,
      party: party.id,
      statement: rl.statement,
      status: rl.status,
      confidence: rl.confidence,
      sources: rl.sources ?? [],
      predicate,
      issueMasks: conjunctiveMasks(predicate, compiled.length),
    };
  });
  return {
    id: party.id,
    name: party.name,
    role: party.role,
    veto,
    hasPreferences: prefs !== undefined,
    tables,
    reservation: 0,
    redLines,
    weights,
    cap: prefs?.weightsAsGiven ? factor : Number.POSITIVE_INFINITY,
    discountApplied: factor,
  };
}

/** Compiles a validated scenario (apply a variant first with `applyVariant`). */
export function compileScenario(
  scenario: Scenario,
  variant: string | null = null,
  options: CompileOptions = {},
): CompiledSpace {
  const byId = new Map(scenario.issues.map((issue, i) => [issue.id, i]));
  const issues: CompiledIssue[] = scenario.issues.map((issue) => {
    const values = issueDomain(issue);
    const labels =
      issue.type === "categorical" || issue.type === "ordinal"
        ? issue.options.map((o) => o.label ?? o.id)
        : values.map((v) => String(Math.round((v as number) * 1e9) / 1e9));
    return { id: issue.id, name: issue.name ?? issue.id, type: issue.type, values, labels };
  });
  const radix = Int32Array.from(issues.map((i) => i.values.length));
  const strides = new Float64Array(issues.length);
  let size = 1;
  for (let i = issues.length - 1; i >= 0; i--) {
    strides[i] = size;
    size *= radix[i];
  }
  const parties = scenario.parties.map((p) => compileParty(p, scenario.issues, issues, byId, options));
  scenario.parties.forEach((p, k) => {
    const res = reservationValue(p.reservation, parties[k], issues, scenario);
    // A reservation outcome's utility is already discounted; a reservation number is discounted here.
    const given =
      p.reservation !== undefined && (typeof p.reservation === "number" || p.reservation.value !== undefined);
    parties[k].reservation = given ? res * parties[k].discountApplied : res;
  });
  const negotiators = parties.flatMap((p, k) => (p.veto && p.hasPreferences ? [k] : []));
  return {
    scenarioId: scenario.meta.id,
    title: scenario.meta.title,
    variant,
    issues,
    radix,
    strides,
    size,
    parties,
    negotiators,
  };
}
