/**
 * Tit-for-tat (after NegMAS's NaiveTitForTatNegotiator): the agent's aspiration level starts at its best
 * utility and moves by as much as the opponent last moved, measured in the agent's own utility of the
 * opponent's two latest offers (a concession is mirrored by a concession, a retraction by a retraction),
 * plus an optional constant `kindness` per turn. The level stays within [max(worst, reservation), best]. It
 * bids the least-valued outcome reaching the level and accepts by AC_next.
 */

import { acceptanceNext } from "./acceptance.ts";
import type { Agent } from "./agent.ts";
import { agentComposed, type BoaContext, type OfferingStrategy } from "./boa.ts";

export function offeringTitForTat(kindness = 0): OfferingStrategy {
  let ctx: BoaContext;
  let level = 1;
  let floor = 0;
  let best = 1;
  let seen = 0;
  return {
    name: kindness ? `offeringTitForTat(kindness=${kindness})` : "offeringTitForTat",
    init(c) {
      ctx = c;
      best = c.view.evaluator.best;
      floor = Math.max(c.view.evaluator.worst, c.view.self.reservation);
      level = best;
    },
    next() {
      const r = ctx.received;
      // Mirror the latest move of whoever made the latest offer, once per new offer.
      if (r.length > seen && r.length >= 2) {
        const last = r[r.length - 1];
        let prev = -1;
        for (let j = r.length - 2; j >= 0; j--)
          if (r[j].party === last.party) {
            prev = j;
            break;
          }
        if (prev >= 0) level -= last.utility - r[prev].utility;
      }
      if (r.length > seen) level -= kindness;
      seen = r.length;
      level = Math.min(best, Math.max(floor, level));
      const index = ctx.view.index;
      if (index.size === 0) return null;
      const p = index.lowerBound(level - 1e-12);
      return index.outcomes[p < index.size ? p : index.best()];
    },
  };
}

export function agentTitForTat(kindness = 0): Agent {
  return agentComposed({
    name: kindness ? `titForTat(kindness=${kindness})` : "titForTat",
    offering: offeringTitForTat(kindness),
    acceptance: acceptanceNext(),
  });
}
