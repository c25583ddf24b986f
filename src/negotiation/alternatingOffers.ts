/**
 * SAOP, the stacked alternating offers protocol (GENIUS, GeniusWeb, NegMAS `SAOMechanism`): parties take
 * turns in a fixed order; on its turn a party answers the offer on the table (accept, or end the
 * negotiation) or makes its own offer, which rejects the one on the table. With n parties an offer is agreed
 * when the n − 1 others accept it in turn. A round is one turn of every party; the deadline is a number of
 * rounds and/or milliseconds.
 */
import type { Protocol, ProtocolOutcome } from "./protocol.ts";
import { AgentFailure, isThenable, type Session } from "./session.ts";

export function protocolAlternatingOffers(): Protocol {
  return { name: "saop", kind: "saop", minParties: 2, run: runAlternatingOffers };
}

function runAlternatingOffers(session: Session): ProtocolOutcome {
  const { order, agents } = session.config;
  const n = order.length;
  let current: { outcome: number; party: number } | null = null;
  let accepts = 0;
  let round = 1;
  try {
    session.open();
    for (; ; round++) {
      if (session.pastDeadline(round)) return end("deadline", round - 1);
      for (let slot = 0; slot < n; slot++) {
        if (slot > 0 && session.config.timeMs !== null && session.pastDeadline(round))
          return end("deadline", round);
        const party = order[slot];
        const agent = agents[slot];
        const state = session.state(round, current);
        if (current !== null) {
          const offer = current.outcome;
          const from = current.party;
          const answer = session.call(slot, "respond", round, () => agent.respond(state, offer, from));
          if (answer === "end") {
            session.record(round, state.time, party, "end", null);
            return { ...end("ended", round), endedBy: session.space.parties[party].id };
          }
          if (answer === "accept") {
            session.record(round, state.time, party, "accept", offer);
            if (++accepts === n - 1) return { ...end("agreement", round), agreement: offer };
            continue;
          }
          if (answer !== "reject")
            throw new AgentFailure(
              session.failureOf(
                slot,
                "respond",
                round,
                "invalid",
                isThenable(answer)
                  ? "returned a Promise; agents must answer synchronously"
                  : `answered ${JSON.stringify(answer)}; expected "accept", "reject" or "end"`,
              ),
            );
        }
        const proposed = session.call(slot, "propose", round, () => agent.propose(state));
        if (proposed === null) {
          session.record(round, state.time, party, "end", null);
          return { ...end("ended", round), endedBy: session.space.parties[party].id };
        }
        const outcome = session.checkOutcome(slot, "propose", round, proposed);
        session.record(round, state.time, party, "offer", outcome);
        current = { outcome, party };
        accepts = 0;
      }
    }
  } catch (e) {
    if (e instanceof AgentFailure) return { ...end("failed", round), failure: e.failure };
    throw e;
  }
}

function end(status: ProtocolOutcome["status"], rounds: number): ProtocolOutcome {
  return { status, agreement: null, rounds, endedBy: null, failure: null };
}
