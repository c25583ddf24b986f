/**
 * Time-dependent tactics, exactly as the reference platforms compute them (../shared/reference/strategies.md).
 * Convention: GENIUS's concession exponent e: the normalised target is 1 − t^(1/e); e < 1 is Boulware,
 * e > 1 Conceder, e = 1 Linear, e = 0 Hardliner (target ≡ 1).
 *
 * - `geniusBilateral` (GENIUS `agents/TimeDependentAgent`): p(t) = Pmin + (Pmax − Pmin)(1 − t^(1/e)) with
 *   Pmax the best utility and Pmin = max(worst utility, reservation value); the bid nearest p(t); AC_next.
 *   On a round deadline t = (r − 1)/(R − 1) for round r of R (the AAMAS 2014 discrete timeline), so the last
 *   round bids at Pmin.
 * - `geniusMultilateral` (GENIUS `AbstractTimeDependentNegotiationParty`): target 1 − t'^(1/e) without
 *   scaling, t' = t − 1/R = (r − 1)/R; the bid nearest the target; accepts when u(next bid) < u(last
 *   received), strict, on discounted utilities.
 * - `geniusWeb` (GeniusWeb `TimeDependentParty`): ft = round6(1 − t^(1/e)) (1 when e = 0), goal =
 *   clamp(min + (max − min)·ft, min, max), min = max(worst, reservation value); a *random* bid with utility in
 *   [goal − tolerance, goal], tolerance = the smallest gap between an issue's best and second-best weighted
 *   value; the max-utility bids when none; accepts if u(last received) ≥ u(next bid). t = (r − 1)/R.
 *
 * Bids come from the agent's index of its own acceptable outcomes, so a target below the reservation value
 * bids the least acceptable outcome instead.
 */

import { acceptanceNext } from "./acceptance.ts";
import type { Agent, TurnState } from "./agent.ts";
import { agentComposed, type BoaContext, type OfferingStrategy } from "./boa.ts";

export type TimeDependentVariant = "geniusBilateral" | "geniusMultilateral" | "geniusWeb";

/** The normalised target 1 − t^(1/e) (1 when e = 0): the test-vector table of strategies.md. */
export function timeDependentTarget(e: number, t: number): number {
  if (e === 0) return 1;
  return 1 - Math.min(1, Math.max(0, t)) ** (1 / e);
}

/** GENIUS bilateral p(t) = Pmin + (Pmax − Pmin)(1 − f(t)), f(t) = t^(1/e) (k = 0; f ≡ 0 when e = 0). */
export function geniusBilateralTarget(e: number, t: number, pMin: number, pMax: number): number {
  return pMin + (pMax - pMin) * timeDependentTarget(e, t);
}

/** GeniusWeb `getUtilityGoal`: round6(1 − t^(1/e)) scaled into [min, max]. */
export function geniusWebUtilityGoal(e: number, t: number, min: number, max: number): number {
  const ft = e === 0 ? 1 : Math.round(timeDependentTarget(e, t) * 1e6) / 1e6;
  return Math.min(max, Math.max(min, min + (max - min) * ft));
}

/** GENIUS bilateral discrete time: t = (r − 1)/(R − 1) on a round deadline (1 when R = 1). */
export function geniusBilateralTime(state: TurnState): number {
  if (state.rounds === null) return state.time;
  const t = state.rounds > 1 ? (state.round - 1) / (state.rounds - 1) : 1;
  return Math.min(1, Math.max(t, state.timeMs !== null ? state.elapsedMs / state.timeMs : 0));
}

/** GeniusWeb tolerance: the smallest gap between an issue's best and second-best weighted value (≤ 1). */
export function geniusWebTolerance(tables: readonly Float64Array[]): number {
  let tol = 1;
  for (const t of tables) {
    if (t.length < 2) continue;
    const sorted = Float64Array.from(t).sort();
    tol = Math.min(tol, sorted[sorted.length - 1] - sorted[sorted.length - 2]);
  }
  return tol;
}

export interface TimeDependentOptions {
  /** GENIUS concession exponent (target 1 − t^(1/e)). */
  e: number;
  variant?: TimeDependentVariant;
  name?: string;
}

/** The bidding half of a time-dependent agent. */
export function offeringTimeDependent(options: TimeDependentOptions): OfferingStrategy {
  const { e } = options;
  const variant = options.variant ?? "geniusBilateral";
  let ctx: BoaContext;
  let pMin = 0;
  let pMax = 1;
  let tolerance = 0;
  return {
    name: options.name ?? `offeringTimeDependent(${variant},e=${e})`,
    init(c) {
      ctx = c;
      const ev = c.view.evaluator;
      pMax = ev.best;
      pMin = Math.max(ev.worst, c.view.self.reservation);
      tolerance = geniusWebTolerance(c.view.self.tables);
    },
    next(state) {
      const index = ctx.view.index;
      if (index.size === 0) return null;
      if (variant === "geniusBilateral")
        return index.outcomes[
          index.nearest(geniusBilateralTarget(e, geniusBilateralTime(state), pMin, pMax))
        ];
      if (variant === "geniusMultilateral")
        return index.outcomes[index.nearest(timeDependentTarget(e, state.time))];
      const goal = geniusWebUtilityGoal(e, state.time, pMin, pMax);
      let lo = index.lowerBound(goal - tolerance);
      let hi = index.upperBound(goal);
      if (lo >= hi) {
        lo = index.best();
        hi = index.size;
      }
      return index.outcomes[lo + ctx.view.rng.int(hi - lo)];
    },
  };
}

/** Offering presets (GENIUS bilateral): Boulware e = 0.2, Linear 1, Conceder 2, Hardliner 0. */
export const offeringBoulware = (variant?: TimeDependentVariant) =>
  offeringTimeDependent({ e: 0.2, variant, name: "offeringBoulware" });
export const offeringLinear = (variant?: TimeDependentVariant) =>
  offeringTimeDependent({ e: 1, variant, name: "offeringLinear" });
export const offeringConceder = (variant?: TimeDependentVariant) =>
  offeringTimeDependent({ e: 2, variant, name: "offeringConceder" });
export const offeringHardliner = (variant?: TimeDependentVariant) =>
  offeringTimeDependent({ e: 0, variant, name: "offeringHardliner" });

/** A complete time-dependent agent of the given platform variant: its bidding plus its acceptance rule. */
export function agentTimeDependent(options: TimeDependentOptions): Agent {
  const variant = options.variant ?? "geniusBilateral";
  return agentComposed({
    name: options.name ?? `timeDependent(${variant},e=${options.e})`,
    offering: offeringTimeDependent(options),
    acceptance:
      variant === "geniusMultilateral"
        ? acceptanceNext({ strict: true, discounted: true })
        : acceptanceNext(),
  });
}
