/**
 * The NegMAS-style aspiration agent. Convention: NegMAS's aspiration exponent (the inverse of GENIUS's e):
 * target(t) = u_min' + (u_max − u_min')·(1 − t^exponent), u_min' = max(worst utility, reservation value);
 * Boulware exponent 4, Linear 1, Conceder 0.25. It bids the least-valued outcome that still reaches the
 * target (the best one when none does) and accepts any offer that reaches the target now.
 */

import { acceptanceTarget } from "./acceptance.ts";
import type { Agent } from "./agent.ts";
import { agentComposed, type BoaContext, type OfferingStrategy } from "./boa.ts";

export function aspirationTarget(exponent: number, t: number, uMin: number, uMax: number): number {
  return uMin + (uMax - uMin) * (1 - Math.min(1, Math.max(0, t)) ** exponent);
}

export const ASPIRATION_PRESETS = { boulware: 4, linear: 1, conceder: 0.25 } as const;

function bounds(ctx: BoaContext): [number, number] {
  const ev = ctx.view.evaluator;
  return [Math.max(ev.worst, ctx.view.self.reservation), ev.best];
}

/** Aspiration bidding with a NegMAS exponent. */
export function offeringAspiration(exponent: number): OfferingStrategy {
  let ctx: BoaContext;
  let uMin = 0;
  let uMax = 1;
  return {
    name: `offeringAspiration(${exponent})`,
    init(c) {
      ctx = c;
      [uMin, uMax] = bounds(c);
    },
    next(state) {
      const index = ctx.view.index;
      if (index.size === 0) return null;
      const p = index.lowerBound(aspirationTarget(exponent, state.time, uMin, uMax) - 1e-12);
      return index.outcomes[p < index.size ? p : index.best()];
    },
  };
}

export function agentAspiration(exponent: number = ASPIRATION_PRESETS.boulware): Agent {
  return agentComposed({
    name: `aspiration(${exponent})`,
    offering: offeringAspiration(exponent),
    acceptance: acceptanceTarget("acceptanceAspiration", ({ state, ctx }) => {
      const [lo, hi] = bounds(ctx);
      return aspirationTarget(exponent, state.time, lo, hi) - 1e-12;
    }),
  });
}
