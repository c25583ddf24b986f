/**
 * The performative agent: a posture, not a strategy to reach agreement. It makes a show of movement, trading
 * on the issues it cares least about and re-wording its offers (re-sending the same text), while never
 * leaving its own red lines, never dropping below a high floor of its own utility, and never offering
 * anything the other side could accept. "Could accept" is judged on the others' real acceptable sets (their
 * reservation values and red lines), so the agent asks for complete information: it models a party that
 * knows what the other side would take and avoids offering it.
 *
 * Each turn it re-sends its last offer with probability `rewordProbability`, else moves to a random
 * neighbour of its last or its opening offer (one issue changed, among its lower-weighted half of the issues
 * when possible) that stays above its floor (a quarter of the way down from its best utility, by default)
 * and outside every other party's acceptable set. It accepts only offers above its floor.
 */
import type { CompiledSpace } from "../space/compile.ts";
import { decodeOutcome, encodeOutcome } from "../space/outcome.ts";
import type { Agent, AgentView, TurnState } from "./agent.ts";
import { evaluatorOf, type PartyEvaluator } from "./evaluator.ts";

export interface PerformativeOptions {
  /** The floor as a share of the way from the agent's best utility down to max(worst, reservation). */
  floorShare?: number;
  rewordProbability?: number;
}

export function agentPerformative(options: PerformativeOptions = {}): Agent {
  const floorShare = options.floorShare ?? 0.25;
  const reword = options.rewordProbability ?? 0.25;
  let view: AgentView;
  let others: PartyEvaluator[] = [];
  let floor = 1;
  let last = -1;
  let cheapIssues: number[] = [];
  let allIssues: number[] = [];
  let opening = -1;
  let digits: Int32Array;
  const neighbours = (issues: number[], from: number[]): number[] => {
    const out: number[] = [];
    for (const x of from) {
      decodeOutcome(view.space, x, digits);
      for (const i of issues) {
        const keep = digits[i];
        for (let v = 0; v < view.space.radix[i]; v++) {
          if (v === keep) continue;
          digits[i] = v;
          const y = encodeOutcome(view.space, digits);
          if (y !== last && fits(y)) out.push(y);
        }
        digits[i] = keep;
      }
    }
    return out;
  };
  const outsideOthers = (x: number) => others.every((e) => !e.acceptable(x));
  const fits = (x: number) => view.acceptable(x) && view.utility(x) >= floor - 1e-12 && outsideOthers(x);
  return {
    name: "performative",
    needsCompleteInformation: true,
    // Its show is made of offers; a single-text protocol asks only for votes.
    protocols: ["saop"],
    init(v) {
      view = v;
      const space = v.complete as CompiledSpace;
      others = v.opponents.map((k) => evaluatorOf(space, k));
      const ev = v.evaluator;
      const low = Math.max(ev.worst, v.self.reservation);
      floor = ev.best - floorShare * (ev.best - low);
      const w = Array.from(v.self.weights);
      const order = w.map((_, i) => i).filter((i) => v.space.radix[i] > 1);
      order.sort((a, b) => w[a] - w[b] || a - b);
      cheapIssues = order.slice(0, Math.max(1, Math.ceil(order.length / 2)));
      allIssues = order;
      digits = new Int32Array(v.space.issues.length);
    },
    propose() {
      const index = view.index;
      if (last < 0) {
        // Its best acceptable outcome that the others would refuse (scanning down from the top).
        for (let p = index.size - 1; p >= 0 && index.utilities[p] >= floor - 1e-12; p--)
          if (outsideOthers(index.outcomes[p])) {
            last = index.outcomes[p];
            opening = last;
            break;
          }
        if (last < 0)
          return { type: "end", reason: "every outcome it could stand behind is acceptable to the others" };
        return last;
      }
      if (view.rng.next() < reword) return last;
      // Neighbours of its last offer (and of its opening, so it can swing back): cheap issues first.
      let candidates = neighbours(cheapIssues, [last, opening]);
      if (candidates.length === 0) candidates = neighbours(allIssues, [last, opening]);
      if (candidates.length) last = candidates[view.rng.int(candidates.length)];
      return last;
    },
    respond(_state: TurnState, offer: number) {
      return view.acceptable(offer) && view.utility(offer) >= floor - 1e-12 ? "accept" : "reject";
    },
  };
}
