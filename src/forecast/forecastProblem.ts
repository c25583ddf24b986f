/**
 * A forecasting problem as flat data (it crosses to worker threads): every input quantity is a slot (a fixed
 * or uncertain number with its allowed range), and each issue lists its actors by slot index. Built from a
 * scenario's `stakeholders` or from imported stakeholder tables.
 */
import type { Issue, Scenario, UncertainNumber } from "../scenario/schema.ts";
import type { StakeholderIssue } from "./types.ts";
import { nominalValue } from "./uncertain.ts";

export interface Slot {
  label: string;
  spec: UncertainNumber;
  lo: number;
  hi: number;
}

export interface ProblemActor {
  name: string;
  capability: number;
  position: number;
  salience: number;
}

/** A party's constituency on one issue, by slot: members with a stance on the issue. */
export interface ProblemConstituency {
  party: string;
  rule: "unanimity" | "quota";
  quota: number;
  members: { name: string; position: number; weight: number; veto: boolean }[];
}

export interface ProblemIssue {
  id: string;
  /** Constituencies (scenarios only), for the two-level zone under uncertainty. */
  constituencies?: ProblemConstituency[];
  scale: { min: number; max: number };
  actors: ProblemActor[];
  /** Slot of the status quo, when given. */
  statusQuo?: number;
  /** Option id → scale point (ordinal and categorical issues). */
  points?: Record<string, number>;
}

export interface ForecastProblem {
  slots: Slot[];
  issues: ProblemIssue[];
}

/** Option id → point on the issue's scale: explicit `scales`, else 0, 1, … for ordinal issues. */
export function scalePoints(scenario: Scenario, issue: Issue): Record<string, number> | undefined {
  if (issue.type === "integer" || issue.type === "real") return undefined;
  const explicit = scenario.stakeholders?.scales[issue.id];
  if (explicit) return explicit;
  return issue.type === "ordinal" ? Object.fromEntries(issue.options.map((o, k) => [o.id, k])) : undefined;
}

function scaleOf(issue: Issue, points: Record<string, number> | undefined): { min: number; max: number } {
  if (issue.type === "integer" || issue.type === "real") return { min: issue.min, max: issue.max };
  const xs = Object.values(points ?? { a: 0 });
  return { min: Math.min(...xs), max: Math.max(...xs) };
}

/** The problem posed by a (validated) scenario's stakeholders: one issue per scenario issue someone takes a stance on. */
export function problemFromScenario(scenario: Scenario): ForecastProblem {
  const slots: Slot[] = [];
  const slot = (label: string, spec: UncertainNumber, lo: number, hi: number) =>
    slots.push({ label, spec, lo, hi }) - 1;
  const actors = scenario.stakeholders?.actors ?? [];
  const capability = new Map(
    actors.map((a) => [a.id, slot(`${a.id}.capability`, a.capability, 0, Infinity)]),
  );
  const issues: ProblemIssue[] = [];
  for (const issue of scenario.issues) {
    const stances = actors.filter((a) => issue.id in a.stances);
    if (stances.length === 0) continue;
    const points = scalePoints(scenario, issue);
    const scale = scaleOf(issue, points);
    const asPoint = (v: UncertainNumber | string): UncertainNumber =>
      typeof v === "string" ? (points?.[v] ?? Number.NaN) : v;
    const sq = scenario.stakeholders?.statusQuo[issue.id];
    issues.push({
      id: issue.id,
      scale,
      points,
      statusQuo:
        sq === undefined ? undefined : slot(`statusQuo.${issue.id}`, asPoint(sq), scale.min, scale.max),
      actors: stances.map((a) => {
        const stance = a.stances[issue.id];
        return {
          name: a.id,
          capability: capability.get(a.id)!,
          position: slot(`${a.id}.${issue.id}.position`, asPoint(stance.position), scale.min, scale.max),
          salience: slot(`${a.id}.${issue.id}.salience`, stance.salience, 0, 1),
        };
      }),
    });
    const added = issues[issues.length - 1];
    const positionOf = new Map(added.actors.map((a) => [a.name, a.position]));
    const constituencies = (scenario.constituencies ?? []).map((c) => ({
      party: c.party,
      rule: c.rule,
      quota: c.quota,
      members: c.members.flatMap((m) => {
        const position = positionOf.get(m.stakeholder);
        if (position === undefined) return [];
        const weight =
          m.weight === undefined
            ? capability.get(m.stakeholder)!
            : slot(`${c.party}.${m.stakeholder}.weight`, m.weight, 0, Infinity);
        return [{ name: m.stakeholder, position, weight, veto: c.rule === "unanimity" || m.veto === true }];
      }),
    }));
    if (constituencies.some((c) => c.members.length > 0)) added.constituencies = constituencies;
  }
  return { slots, issues };
}

/**
 * The scale of an imported issue: its own, else the span of the positions; NaN ends when no actor takes a position
 * (there is nothing to place on it, and ±Infinity would pass for a range).
 */
export function importedScale(issue: StakeholderIssue): { min: number; max: number } {
  if (issue.scale) return issue.scale;
  if (issue.actors.length === 0) return { min: Number.NaN, max: Number.NaN };
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const a of issue.actors) {
    min = Math.min(min, a.position);
    max = Math.max(max, a.position);
  }
  return { min, max };
}

/** A problem with fixed inputs from imported tables (BDM, KTAB, DEU). */
export function problemFromIssues(input: readonly StakeholderIssue[]): ForecastProblem {
  const slots: Slot[] = [];
  const slot = (label: string, v: number) => slots.push({ label, spec: v, lo: -Infinity, hi: Infinity }) - 1;
  const issues = input.map(
    (issue): ProblemIssue => ({
      id: issue.id,
      scale: importedScale(issue),
      actors: issue.actors.map((a) => ({
        name: a.name,
        capability: slot(`${a.name}.capability`, a.capability),
        position: slot(`${a.name}.${issue.id}.position`, a.position),
        salience: slot(`${a.name}.${issue.id}.salience`, a.salience),
      })),
    }),
  );
  return { slots, issues };
}

export function nominalValues(problem: ForecastProblem): Float64Array {
  return Float64Array.from(problem.slots, (s) => nominalValue(s.spec));
}

/** The issue's actors with the given slot values. */
export function issueWithValues(issue: ProblemIssue, values: ArrayLike<number>): StakeholderIssue {
  return {
    id: issue.id,
    scale: issue.scale,
    actors: issue.actors.map((a) => ({
      name: a.name,
      capability: values[a.capability],
      position: values[a.position],
      salience: values[a.salience],
    })),
  };
}

/** Slots an issue's forecast and zone depend on. */
export function issueSlots(issue: ProblemIssue): number[] {
  const slots = issue.actors.flatMap((a) => [a.capability, a.position, a.salience]);
  if (issue.statusQuo !== undefined) slots.push(issue.statusQuo);
  for (const c of issue.constituencies ?? []) for (const m of c.members) slots.push(m.weight);
  return [...new Set(slots)];
}
