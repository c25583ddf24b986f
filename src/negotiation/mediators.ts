/**
 * Mediators for the single-text protocol.
 * - `mediatorRandomFlip`: opens with a random text; proposes the text with one random issue set to another
 *   random option (GENIUS Simple Mediator, NegMAS VetoST with random proposals).
 * - `mediatorHillClimbing(objective)`: opens with a random text; proposes the single-issue change that most
 *   improves its objective over the parties at the table, among changes not yet rejected for this text:
 *   "pareto" (a change that no party loses from, most welfare gained: a climb toward the frontier) or "nash"
 *   (the largest Nash product Π(u − reservation), counted only where every party clears its reservation
 *   value, else the welfare). It knows the parties' utilities (the analyst's model); when no change improves,
 *   it flips at random.
 * - `mediatorParty(id)`: a mediator that is a party with its own preferences (the United States in the
 *   flagship scenario): opens with its own best outcome and proposes, among single-issue changes not yet
 *   rejected for this text, the one best for itself; it knows nothing of the others but their votes.
 */
import { decodeOutcome, encodeOutcome } from "../space/outcome.ts";
import { evaluatorOf, type PartyEvaluator } from "./evaluator.ts";
import type { Mediator, MediatorView } from "./singleText.ts";

function randomOutcome(view: MediatorView): number {
  const { space, rng } = view;
  const digits = Array.from(space.radix, (r) => rng.int(r));
  return encodeOutcome(space, digits);
}

function randomFlip(view: MediatorView, text: number): number {
  const { space, rng } = view;
  const flippable = space.issues.flatMap((_, i) => (space.radix[i] > 1 ? [i] : []));
  if (flippable.length === 0) return text;
  const digits = decodeOutcome(space, text);
  const i = flippable[rng.int(flippable.length)];
  const v = rng.int(space.radix[i] - 1);
  digits[i] = v >= digits[i] ? v + 1 : v;
  return encodeOutcome(space, digits);
}

/** Every outcome one issue away from `text`. */
function neighbours(view: MediatorView, text: number): number[] {
  const { space } = view;
  const digits = decodeOutcome(space, text);
  const out: number[] = [];
  for (let i = 0; i < space.issues.length; i++) {
    const keep = digits[i];
    for (let v = 0; v < space.radix[i]; v++) {
      if (v === keep) continue;
      digits[i] = v;
      out.push(encodeOutcome(space, digits));
    }
    digits[i] = keep;
  }
  return out;
}

export function mediatorRandomFlip(): Mediator {
  let view: MediatorView;
  return {
    name: "randomFlip",
    init(v) {
      view = v;
    },
    initial: () => randomOutcome(view),
    propose: (_state, text) => randomFlip(view, text),
  };
}

/**
 * Proposes the best-scoring untried neighbour; falls back to a random flip when none scores above the text.
 * `prepare` builds the scorer for one negotiation: `init` resets every piece of state, so one mediator object
 * can run negotiation after negotiation (on any space) with the same traces as a fresh one.
 */
function greedyMediator(
  name: string,
  party: string | undefined,
  opening: (view: MediatorView) => number,
  prepare: (view: MediatorView) => (text: number, candidate: number) => number,
): Mediator {
  let view: MediatorView;
  let score: (text: number, candidate: number) => number;
  let tried = new Set<number>();
  let at = -1;
  return {
    name,
    party,
    init(v) {
      view = v;
      score = prepare(v);
      tried = new Set();
      at = -1;
    },
    initial: () => opening(view),
    propose(_state, text) {
      if (text !== at) {
        tried = new Set();
        at = text;
      }
      let best = -1;
      let bestScore = 0;
      for (const x of neighbours(view, text)) {
        if (tried.has(x)) continue;
        const s = score(text, x);
        if (s > bestScore + 1e-12) {
          best = x;
          bestScore = s;
        }
      }
      if (best < 0) return randomFlip(view, text);
      tried.add(best);
      return best;
    },
  };
}

export function mediatorHillClimbing(objective: "pareto" | "nash" = "pareto"): Mediator {
  return greedyMediator(`hillClimbing(${objective})`, undefined, randomOutcome, (view) => {
    const evs: PartyEvaluator[] = view.negotiators.map((k) => evaluatorOf(view.space, k));
    const value = (x: number): number => {
      if (objective === "nash") {
        let product = 1;
        let ok = true;
        for (const p of evs) {
          const gain = p.utility(x) - p.reservation;
          if (gain <= 0) ok = false;
          product *= gain;
        }
        // Texts where someone is below its reservation value rank under every text where none is.
        if (ok) return 1 + product;
      }
      let welfare = 0;
      for (const p of evs) welfare += p.utility(x);
      return objective === "nash" ? welfare / evs.length - 1 : welfare;
    };
    return (text, x) => {
      if (objective === "pareto") for (const p of evs) if (p.utility(x) < p.utility(text) - 1e-12) return 0;
      return value(x) - value(text);
    };
  });
}

export function mediatorParty(id: string): Mediator {
  return greedyMediator(
    `party(${id})`,
    id,
    (view) => {
      const digits = view.space.parties[view.party].tables.map((t) => {
        let arg = 0;
        for (let v = 1; v < t.length; v++) if (t[v] > t[arg]) arg = v;
        return arg;
      });
      return encodeOutcome(view.space, digits);
    },
    (view) => {
      const own = evaluatorOf(view.space, view.party);
      // Its own gain, shifted so that a change it loses little on still beats a random flip.
      return (text, x) => 1 + own.utility(x) - own.utility(text);
    },
  );
}
