/**
 * An agent that concedes toward the estimated Nash point. It models each opponent with the frequency model,
 * computes the Pareto frontier of (own utility, estimated opponents' utilities) exactly by decomposition
 * (additive utilities: no enumeration, no scan of the space), takes the frontier point maximising
 * (u_self − reservation) · Π û_o as the estimated Nash point, and bids on that frontier: the point with the
 * least own utility that still reaches target(t) = u_nash + (u_best − u_nash)(1 − t^(1/e)) (GENIUS e,
 * default 1), i.e. the best estimated trade-off for the others at its current level. AC_next accepts.
 */
import { type Frontier, type FrontierSpace, frontierByDecomposition } from "../analysis/frontier.ts";
import { encodeOutcome } from "../space/outcome.ts";
import { acceptanceNext } from "./acceptance.ts";
import type { Agent } from "./agent.ts";
import { agentComposed, type BoaContext, type OfferingStrategy } from "./boa.ts";
import { type FrequencyModel, opponentModelFrequency } from "./frequencyModel.ts";
import { timeDependentTarget } from "./timeDependent.ts";

export function offeringNashSeeking(model: FrequencyModel, e = 1): OfferingStrategy {
  let ctx: BoaContext;
  let allowed: (Uint8Array | null)[] | undefined;
  let frontier: Frontier | null = null;
  let frontierAt = -1;
  let nashU = 0;
  return {
    name: `offeringNashSeeking(e=${e})`,
    init(c) {
      ctx = c;
      // Own conjunctive red lines restrict the options issue by issue.
      const self = c.view.self;
      if (self.redLines.length && self.redLines.every((rl) => rl.issueMasks)) {
        allowed = c.view.space.issues.map(() => null);
        for (const rl of self.redLines)
          rl.issueMasks!.forEach((m, i) => {
            if (!m) return;
            const prev = allowed![i];
            allowed![i] = prev ? prev.map((a, k) => a & m[k]) : m.slice();
          });
      }
    },
    next(state) {
      const { view } = ctx;
      if (view.index.size === 0) return null;
      const rv = view.self.reservation;
      if (frontierAt !== ctx.received.length) {
        // Re-estimate only when a new offer arrived.
        // Own tables and the opponents' modelled ones (a model has no cap).
        const modelled: FrontierSpace = {
          issues: view.space.issues,
          radix: view.space.radix,
          parties: [
            view.self,
            ...view.opponents.map((o) => ({ tables: model.tables(o), cap: Number.POSITIVE_INFINITY })),
          ],
        };
        const dims = 1 + view.opponents.length;
        frontier = frontierByDecomposition(
          modelled,
          Array.from({ length: dims }, (_, d) => d),
          { allowed },
        );
        let best = Number.NEGATIVE_INFINITY;
        nashU = view.evaluator.best;
        for (let r = 0; r < frontier.count; r++) {
          const own = frontier.utilities[r * dims];
          if (own < rv) continue;
          let p = own - rv;
          for (let d = 1; d < dims; d++) p *= frontier.utilities[r * dims + d];
          if (p > best) {
            best = p;
            nashU = own;
          }
        }
        frontierAt = ctx.received.length;
      }
      const f = frontier!;
      const dims = f.parties.length;
      const n = view.space.issues.length;
      const target = nashU + (view.evaluator.best - nashU) * timeDependentTarget(e, state.time);
      // The frontier point with the least own utility reaching the target (ties: most for the others).
      let pick = -1;
      let pickOwn = Number.POSITIVE_INFINITY;
      let pickOthers = Number.NEGATIVE_INFINITY;
      for (let r = 0; r < f.count; r++) {
        const own = f.utilities[r * dims];
        if (own < target - 1e-12) continue;
        let others = 0;
        for (let d = 1; d < dims; d++) others += f.utilities[r * dims + d];
        if (own < pickOwn - 1e-12 || (own <= pickOwn + 1e-12 && others > pickOthers)) {
          pick = r;
          pickOwn = own;
          pickOthers = others;
        }
      }
      if (pick >= 0) {
        const x = encodeOutcome(view.space, f.digits.subarray(pick * n, pick * n + n));
        if (view.acceptable(x)) return x;
      }
      const p = view.index.lowerBound(target - 1e-12);
      return view.index.outcomes[p < view.index.size ? p : view.index.best()];
    },
  };
}

export function agentNashSeeking(e = 1): Agent {
  const model = opponentModelFrequency();
  return agentComposed({
    name: e === 1 ? "nashSeeking" : `nashSeeking(e=${e})`,
    offering: offeringNashSeeking(model, e),
    acceptance: acceptanceNext(),
    model,
  });
}
