/**
 * History analysis: the rounds of a scenario's `timeline`, each party's reported position evaluated against
 * the model. Per position: the utility to every party, acceptability to each negotiator and distance to the
 * agreement zone under each variant, and the DANS move class from the party's previous position.
 *
 * Partial positions (a party states only some issues) are completed explicitly, issue by issue:
 * 1. stated: the value the party stated at this round;
 * 2. carried: else the value it last stated at an earlier round (a position stands until restated);
 * 3. proposer-best: else the option best for the proposer (a party is taken to want what it values most
 *    on issues it has never spoken about; ties go to the first option in the issue's order).
 * Alongside the completed outcome, `range` gives each party's utility over every completion of the issues
 * in (2) and (3), so a reader can see how much the completion rule matters. See docs/history.md.
 */

import { classifyMove, type MoveClass } from "../analysis/moves.ts";
import type { IssueValue, OutcomeSpec, Round, Scenario } from "../scenario/schema.ts";
import { applyVariant } from "../scenario/variants.ts";
import { type Commitment, commitmentsOf, UTILITY_EPSILON } from "../space/commitments.ts";
import { type CompiledSpace, compileScenario, evalPredicate } from "../space/compile.ts";
import { enumerateSpace } from "../space/enumerate.ts";
import { decodeOutcome } from "../space/outcome.ts";
import { utilityOf, utilityRangeOf } from "../space/utility.ts";

export type IssueSource = "stated" | "carried" | "proposer-best";

export interface Acceptability {
  /** Whether the outcome satisfies the party's red lines and reservation value. */
  acceptable: boolean;
  /** Ids of the party's red lines the outcome breaks. */
  brokenRedLines: string[];
  /** Whether the outcome falls below the party's reservation value. */
  belowReservation: boolean;
}

export interface VariantEvaluation {
  /** The variant id, or null for the base scenario. */
  variant: string | null;
  /** False when the outcome uses an option the variant removed: it is outside the variant's space. */
  inSpace: boolean;
  /** Negotiator id → acceptability under the variant; empty when not in the space. */
  acceptableTo: Record<string, Acceptability>;
  /** Whether the outcome lies in the variant's agreement zone. */
  inZone: boolean;
  zoneSize: number;
  /**
   * Distance to the nearest zone outcome: `issues` is how many issues must change (Hamming distance);
   * `utility` is the Euclidean distance in the negotiators' utility space (variant utilities; null when
   * the outcome is outside the variant's space). Both null when the zone is empty.
   */
  distance: { issues: number | null; utility: number | null };
}

export interface Move {
  /** The round of the party's previous position. */
  from: string;
  deltaSelf: number;
  /** Other party id → change in its utility. */
  deltaOthers: Record<string, number>;
  /**
   * DANS class (Hindriks, Jonker & Tykhonov 2007) from Δself and Δother, where "other" is the single other
   * negotiator, or the mean over the other negotiators when there are several.
   */
  class: MoveClass;
}

export interface PositionEvaluation {
  round: string;
  date: string;
  party: string;
  summary?: string;
  status?: "stated" | "reported" | "inferred";
  confidence?: "high" | "medium" | "low";
  sources: string[];
  /** The completed outcome (every issue). */
  outcome: Record<string, IssueValue>;
  /** Issue id → where its value came from. */
  basis: Record<string, IssueSource>;
  /** Party id → utility of the completed outcome (base scenario preferences). */
  utilities: Record<string, number>;
  /** Party id → [min, max] utility over every completion of the issues this round did not state. */
  range: Record<string, [number, number]>;
  /** The move from the party's previous position; null for its first. */
  move: Move | null;
  variants: VariantEvaluation[];
}

export interface ResultEvaluation {
  round: string;
  date: string;
  summary: string;
  /** The agreed (partial) outcome completed with the status quo; null without `agreed` or `statusQuo`. */
  outcome: Record<string, IssueValue> | null;
  utilities: Record<string, number> | null;
  variants: VariantEvaluation[];
}

export interface PartyAggregate {
  party: string;
  positions: number;
  moves: Record<MoveClass, number>;
  /** Own utility of the first position minus that of the last: positive when the party ended lower. */
  netConcession: number;
  /** Sum of own-utility drops over all moves (concessions and unfortunate moves). */
  grossConcession: number;
  /** Other negotiator id → its utility under the last position minus under the first. */
  otherGain: Record<string, number>;
  /**
   * Per variant id ("" for the base): other negotiator id → whether any position was acceptable to it;
   * null when no position lay in the variant's space.
   */
  everAcceptableTo: Record<string, Record<string, boolean | null>>;
  /** Per variant id ("" for the base): whether any position lay in the agreement zone. */
  everInZone: Record<string, boolean>;
}

export interface RoundSummary {
  id: string;
  date: string;
  endDate?: string;
  approximate?: boolean;
  venue: string;
  level?: string;
  mediators: string[];
  attendees: { party: string; name: string; title?: string; confidence?: string }[];
  confidence?: string;
  sources: string[];
  note?: string;
}

export interface History {
  version: 1;
  scenario: { id: string; title: string };
  /** Party ids whose acceptance an agreement needs (base scenario). */
  negotiators: string[];
  /** The variants evaluated: null is the base scenario. */
  variants: (string | null)[];
  completion: "stated > carried > proposer-best";
  rounds: RoundSummary[];
  positions: PositionEvaluation[];
  results: ResultEvaluation[];
  aggregates: PartyAggregate[];
  notes: string[];
}

export interface HistoryOptions {
  /** Variants to evaluate positions under; defaults to the base scenario (null) and every variant. */
  variants?: (string | null)[];
}

/** A compiled variant with its zone listed, for distance and acceptability queries. */
interface VariantContext {
  variant: string | null;
  space: CompiledSpace;
  commitments: Commitment[];
  /** Outcome indices of the zone. */
  zone: number[];
  /** Per zone outcome, its per-issue values (as ids/numbers) and negotiator utilities. */
  zoneValues: IssueValue[][];
  zoneUtilities: Float64Array[];
}

function variantContext(scenario: Scenario, variant: string | null): VariantContext {
  const applied = variant === null ? scenario : applyVariant(scenario, variant);
  const space = compileScenario(applied, variant);
  const commitments = commitmentsOf(space);
  const e = enumerateSpace(space, { parties: space.negotiators, commitments });
  const zone: number[] = [];
  const v = e.violations;
  for (let x = 0; x < e.size; x++) if (!v || v[x] === 0) zone.push(x);
  const digits = new Int32Array(space.issues.length);
  const zoneValues = zone.map((x) => {
    decodeOutcome(space, x, digits);
    return space.issues.map((issue, i) => issue.values[digits[i]]);
  });
  const zoneUtilities = zone.map((x) => Float64Array.from(e.utilities.map((u) => u[x])));
  return { variant, space, commitments, zone, zoneValues, zoneUtilities };
}

function sameValue(a: IssueValue, b: IssueValue): boolean {
  return a === b || (typeof a === "number" && typeof b === "number" && Math.abs(a - b) < 1e-9);
}

/** Per-issue option indices in `space`, or null when some value is not among the space's options. */
function digitsIn(space: CompiledSpace, outcome: Record<string, IssueValue>): Int32Array | null {
  const digits = new Int32Array(space.issues.length);
  for (let i = 0; i < space.issues.length; i++) {
    const k = space.issues[i].values.findIndex((v) => sameValue(v, outcome[space.issues[i].id]));
    if (k < 0) return null;
    digits[i] = k;
  }
  return digits;
}

/** Acceptability of one outcome to one party of a compiled space. */
export function acceptabilityOf(space: CompiledSpace, partyIndex: number, digits: Int32Array): Acceptability {
  const party = space.parties[partyIndex];
  const brokenRedLines = party.redLines
    .filter((rl) => !evalPredicate(rl.predicate, digits))
    .map((rl) => rl.id);
  const belowReservation = utilityOf(party, digits) < party.reservation - UTILITY_EPSILON;
  return { acceptable: brokenRedLines.length === 0 && !belowReservation, brokenRedLines, belowReservation };
}

function evaluateIn(ctx: VariantContext, outcome: Record<string, IssueValue>): VariantEvaluation {
  const { space } = ctx;
  const digits = digitsIn(space, outcome);
  const acceptableTo: Record<string, Acceptability> = {};
  let inZone = false;
  let utility: number | null = null;
  if (digits) {
    for (const k of space.negotiators) acceptableTo[space.parties[k].id] = acceptabilityOf(space, k, digits);
    inZone = Object.values(acceptableTo).every((a) => a.acceptable);
    const own = space.negotiators.map((k) => utilityOf(space.parties[k], digits));
    for (const zu of ctx.zoneUtilities) {
      let d = 0;
      for (let j = 0; j < own.length; j++) d += (own[j] - zu[j]) ** 2;
      d = Math.sqrt(d);
      if (utility === null || d < utility) utility = d;
    }
  }
  let issues: number | null = null;
  const values = space.issues.map((issue) => outcome[issue.id]);
  for (const zv of ctx.zoneValues) {
    let d = 0;
    for (let i = 0; i < zv.length; i++) if (!sameValue(zv[i], values[i])) d++;
    if (issues === null || d < issues) issues = d;
    if (issues === 0) break;
  }
  return {
    variant: ctx.variant,
    inSpace: digits !== null,
    acceptableTo,
    inZone,
    zoneSize: ctx.zone.length,
    distance: { issues, utility },
  };
}

function partyUtilities(space: CompiledSpace, digits: Int32Array): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of space.parties) if (p.hasPreferences) out[p.id] = utilityOf(p, digits);
  return out;
}

/** Index of the proposer's best option on issue i (first on ties); the status quo or first option without preferences. */
function proposerBest(space: CompiledSpace, partyIndex: number, i: number, statusQuo?: OutcomeSpec): number {
  const party = space.parties[partyIndex];
  if (!party.hasPreferences || party.weights[i] === 0) {
    const sq = statusQuo?.[space.issues[i].id];
    const k = sq === undefined ? -1 : space.issues[i].values.findIndex((v) => sameValue(v, sq));
    if (!party.hasPreferences || k >= 0) return Math.max(k, 0);
  }
  const t = party.tables[i];
  let best = 0;
  for (let k = 1; k < t.length; k++) if (t[k] > t[best] + 1e-12) best = k;
  return best;
}

/** Min and max of each party's utility when the issues not marked fixed range over all their options. */
function utilityRanges(
  space: CompiledSpace,
  digits: Int32Array,
  fixed: boolean[],
): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const p of space.parties) if (p.hasPreferences) out[p.id] = utilityRangeOf(p, digits, fixed);
  return out;
}

function mean(xs: number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

const MOVE_CLASSES: MoveClass[] = ["concession", "selfish", "fortunate", "unfortunate", "nice", "silent"];

/** Analyses the scenario's timeline. A scenario without one gives an empty history. */
export function analyzeHistory(scenario: Scenario, options: HistoryOptions = {}): History {
  const base = compileScenario(scenario);
  const variantIds = options.variants ?? [null, ...scenario.variants.map((v) => v.id)];
  const contexts = variantIds.map((v) => variantContext(scenario, v));
  const negotiators = base.negotiators.map((k) => base.parties[k].id);
  const partyIndex = new Map(base.parties.map((p, k) => [p.id, k]));
  const rounds: Round[] = scenario.timeline ?? [];
  const notes: string[] = [];
  if (rounds.length === 0) notes.push("The scenario has no timeline: nothing to analyse.");

  const lastStated = new Map<string, Record<string, IssueValue>>();
  const previous = new Map<string, PositionEvaluation>();
  const positions: PositionEvaluation[] = [];
  for (const round of rounds) {
    for (const pos of round.positions ?? []) {
      const k = partyIndex.get(pos.party)!;
      const carried = lastStated.get(pos.party) ?? {};
      const basis: Record<string, IssueSource> = {};
      const digits = new Int32Array(base.issues.length);
      const fixed: boolean[] = [];
      base.issues.forEach((issue, i) => {
        const stated = pos.outcome[issue.id];
        const value = stated ?? carried[issue.id];
        const idx = value === undefined ? -1 : issue.values.findIndex((v) => sameValue(v, value));
        if (idx >= 0) {
          digits[i] = idx;
          basis[issue.id] = stated !== undefined ? "stated" : "carried";
          fixed.push(stated !== undefined);
        } else {
          digits[i] = proposerBest(base, k, i, scenario.statusQuo);
          basis[issue.id] = "proposer-best";
          fixed.push(false);
        }
      });
      lastStated.set(pos.party, { ...carried, ...pos.outcome });
      const outcome: Record<string, IssueValue> = {};
      base.issues.forEach((issue, i) => {
        outcome[issue.id] = issue.values[digits[i]];
      });
      const utilities = partyUtilities(base, digits);
      const prev = previous.get(pos.party);
      let move: Move | null = null;
      if (prev && base.parties[k].hasPreferences) {
        const deltaSelf = utilities[pos.party] - prev.utilities[pos.party];
        const deltaOthers: Record<string, number> = {};
        for (const id of Object.keys(utilities))
          if (id !== pos.party) deltaOthers[id] = utilities[id] - prev.utilities[id];
        const others = negotiators.filter((id) => id !== pos.party);
        move = {
          from: prev.round,
          deltaSelf,
          deltaOthers,
          class: classifyMove(deltaSelf, mean(others.map((id) => deltaOthers[id]))),
        };
      }
      const evaluation: PositionEvaluation = {
        round: round.id,
        date: round.date,
        party: pos.party,
        summary: pos.summary,
        status: pos.status,
        confidence: pos.confidence,
        sources: pos.sources ?? [],
        outcome,
        basis,
        utilities,
        range: utilityRanges(base, digits, fixed),
        move,
        variants: contexts.map((ctx) => evaluateIn(ctx, outcome)),
      };
      positions.push(evaluation);
      previous.set(pos.party, evaluation);
    }
  }

  const results: ResultEvaluation[] = rounds
    .filter((r) => r.result)
    .map((r) => {
      const agreed = r.result!.agreed;
      let outcome: Record<string, IssueValue> | null = null;
      if (agreed && scenario.statusQuo) outcome = { ...scenario.statusQuo, ...agreed };
      const digits = outcome ? digitsIn(base, outcome) : null;
      return {
        round: r.id,
        date: r.date,
        summary: r.result!.summary,
        outcome,
        utilities: digits ? partyUtilities(base, digits) : null,
        variants: outcome ? contexts.map((ctx) => evaluateIn(ctx, outcome)) : [],
      };
    });
  if (rounds.some((r) => r.result?.agreed) && !scenario.statusQuo)
    notes.push("Agreed results are not evaluated: the scenario gives no `statusQuo` to complete them with.");

  const aggregates = [...new Set(positions.map((p) => p.party))].map((party) =>
    aggregateOf(party, positions, negotiators, variantIds),
  );

  return {
    version: 1,
    scenario: { id: scenario.meta.id, title: scenario.meta.title },
    negotiators,
    variants: variantIds,
    completion: "stated > carried > proposer-best",
    rounds: rounds.map((r) => ({
      id: r.id,
      date: r.date,
      endDate: r.endDate,
      approximate: r.approximate,
      venue: r.venue,
      level: r.level,
      mediators: r.mediators ?? [],
      attendees: (r.attendees ?? []).map((a) => ({
        party: a.party,
        name: a.name,
        title: a.title,
        confidence: a.confidence,
      })),
      confidence: r.confidence,
      sources: r.sources ?? [],
      note: r.note,
    })),
    positions,
    results,
    aggregates,
    notes,
  };
}

function aggregateOf(
  party: string,
  positions: PositionEvaluation[],
  negotiators: string[],
  variantIds: (string | null)[],
): PartyAggregate {
  const mine = positions.filter((p) => p.party === party);
  const moves = Object.fromEntries(MOVE_CLASSES.map((c) => [c, 0])) as Record<MoveClass, number>;
  let grossConcession = 0;
  for (const p of mine)
    if (p.move) {
      moves[p.move.class]++;
      if (p.move.deltaSelf < 0) grossConcession -= p.move.deltaSelf;
    }
  const first = mine[0];
  const last = mine[mine.length - 1];
  const others = negotiators.filter((id) => id !== party);
  const otherGain: Record<string, number> = {};
  for (const id of others)
    if (first.utilities[id] !== undefined) otherGain[id] = last.utilities[id] - first.utilities[id];
  const everAcceptableTo: Record<string, Record<string, boolean | null>> = {};
  const everInZone: Record<string, boolean> = {};
  variantIds.forEach((v, j) => {
    const key = v ?? "";
    const inSpace = mine.some((p) => p.variants[j].inSpace);
    everAcceptableTo[key] = Object.fromEntries(
      others.map((id) => [
        id,
        inSpace ? mine.some((p) => p.variants[j].acceptableTo[id]?.acceptable === true) : null,
      ]),
    );
    everInZone[key] = mine.some((p) => p.variants[j].inZone);
  });
  const self = (p: PositionEvaluation) => p.utilities[party] ?? 0;
  return {
    party,
    positions: mine.length,
    moves,
    netConcession: self(first) - self(last),
    grossConcession,
    otherGain,
    everAcceptableTo,
    everInZone,
  };
}
