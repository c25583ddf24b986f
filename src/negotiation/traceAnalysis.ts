/**
 * History analysis of a trace, the same that applies to real rounds: per party, its offers' DANS move
 * classes and whether (and when) its offers entered the other side's acceptable set (acceptable to every
 * other party at the table: reservation value and red lines).
 */
import type { MoveClass } from "../analysis/moves.ts";
import type { CompiledSpace } from "../space/compile.ts";
import { evaluatorOf } from "./evaluator.ts";
import type { NegotiationResult } from "./result.ts";

export interface PartyTraceSummary {
  party: string;
  offers: number;
  moves: Record<MoveClass, number>;
  /** Offers acceptable to every other party at the table. */
  offersAcceptableToOthers: number;
  /** Round of the first such offer, or null. */
  firstAcceptableRound: number | null;
}

export function summarizeTrace(space: CompiledSpace, result: NegotiationResult): PartyTraceSummary[] {
  const table = result.parties.filter((p) => p.agent !== null);
  return table.map((p) => {
    const others = table.filter((o) => o.index !== p.index).map((o) => evaluatorOf(space, o.index));
    const moves: Record<MoveClass, number> = {
      silent: 0,
      nice: 0,
      fortunate: 0,
      concession: 0,
      selfish: 0,
      unfortunate: 0,
    };
    let offers = 0;
    let acceptable = 0;
    let first: number | null = null;
    for (const e of result.trace) {
      if (e.kind !== "offer" || e.party !== p.id || e.outcome === null) continue;
      offers++;
      if (e.move) moves[e.move]++;
      const x = e.outcome;
      if (others.every((o) => o.acceptable(x))) {
        acceptable++;
        first ??= e.round;
      }
    }
    return { party: p.id, offers, moves, offersAcceptableToOthers: acceptable, firstAcceptableRound: first };
  });
}
