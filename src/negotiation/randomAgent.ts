/**
 * GeniusWeb's RandomParty: offers a uniformly random bid, drawing up to 20 times for one with utility above
 * 0.6, and accepts any offer with utility above 0.6. Draws are restricted to the agent's own acceptable
 * outcomes (GeniusWeb has no red lines): a draw that breaks a red line or the reservation value counts as a
 * failed try, and when no draw was acceptable it bids a random outcome of its own acceptable set.
 */
import type { Agent } from "./agent.ts";
import { agentComposed, type BoaContext, type OfferingStrategy } from "./boa.ts";

export const RANDOM_GOOD_UTILITY = 0.6;
export const RANDOM_TRIES = 20;

export function offeringRandom(): OfferingStrategy {
  let ctx: BoaContext;
  return {
    name: "offeringRandom",
    init(c) {
      ctx = c;
    },
    next() {
      const { view } = ctx;
      let bid = -1;
      for (let attempt = 0; attempt < RANDOM_TRIES; attempt++) {
        const x = view.rng.int(view.space.size);
        if (!view.acceptable(x)) continue;
        bid = x;
        if (view.utility(x) > RANDOM_GOOD_UTILITY) break;
      }
      if (bid >= 0) return bid;
      if (view.index.size === 0) return null;
      return view.index.outcomes[view.rng.int(view.index.size)];
    },
  };
}

export function agentRandom(): Agent {
  return agentComposed({
    name: "random",
    offering: offeringRandom(),
    acceptance: {
      name: "acceptanceAbove(0.6)",
      accept: (input) => input.offerUtility > RANDOM_GOOD_UTILITY,
    },
  });
}
