/**
 * SAOP, the stacked alternating offers protocol (GENIUS, GeniusWeb, NegMAS `SAOMechanism`): parties take
 * turns in a fixed order; on its turn a party answers the offer on the table (accept, or end the
 * negotiation) or makes its own offer, which rejects the one on the table. With n parties an offer is agreed
 * when the n − 1 others accept it in turn. A round is one turn of every party; the deadline is a number of
 * rounds and/or milliseconds.
 */
import type { Protocol } from "./protocol.ts";
import type { PartyAction, Pending, ProtocolMachine, ProtocolOutcome, Session } from "./session.ts";

export function protocolAlternatingOffers(): Protocol {
  return { name: "saop", kind: "saop", minParties: 2, start: (session) => new AlternatingOffers(session) };
}

const PROPOSE: readonly PartyAction["type"][] = ["offer", "end"];
const RESPOND: readonly PartyAction["type"][] = ["accept", "offer", "end"];

class AlternatingOffers implements ProtocolMachine {
  round = 1;
  outcome: ProtocolOutcome | null = null;
  private slot = 0;
  private current: { outcome: number; party: number } | null = null;
  private accepts = 0;
  private request: Pending | null = null;

  constructor(private readonly session: Session) {}

  next(): Pending | null {
    if (this.outcome) return null;
    const s = this.session;
    if (this.slot === 0) {
      if (s.pastDeadline(this.round)) return this.finish(this.round - 1);
    } else if (s.config.timeMs !== null && s.pastDeadline(this.round)) return this.finish(this.round);
    const party = s.config.order[this.slot];
    const current = this.current;
    const state = s.state(this.round, current);
    const id = s.space.parties[party].id;
    const kind = current === null ? "propose" : "respond";
    const allowed = current === null ? PROPOSE : RESPOND;
    const offer = current === null ? null : current.outcome;
    const from = current === null ? -1 : current.party;
    // One request object, refilled every turn: no allocation per action on the hot path.
    const p = this.request;
    if (p === null)
      return (this.request = {
        party: id,
        slot: this.slot,
        kind,
        allowed,
        round: this.round,
        offer,
        from,
        current: null,
        state,
      });
    p.party = id;
    p.slot = this.slot;
    p.kind = kind;
    p.allowed = allowed;
    p.round = this.round;
    p.offer = offer;
    p.from = from;
    p.state = state;
    return p;
  }

  private finish(rounds: number): null {
    this.outcome = { agreement: null, rounds, endedBy: { kind: "deadline" }, error: null };
    return null;
  }

  apply(p: Pending, action: PartyAction): void {
    const s = this.session;
    const party = s.config.order[p.slot];
    const time = p.state.time;
    if (action.type === "end") {
      s.record(this.round, time, party, "end", null);
      this.outcome = {
        agreement: null,
        rounds: this.round,
        endedBy: { kind: "walk-away", party: p.party, reason: action.reason ?? null },
        error: null,
      };
      return;
    }
    if (action.type === "accept") {
      const offer = p.offer!;
      s.record(this.round, time, party, "accept", offer);
      if (++this.accepts === s.config.order.length - 1) {
        this.outcome = { agreement: offer, rounds: this.round, endedBy: { kind: "agreement" }, error: null };
        return;
      }
    } else if (action.type === "offer") {
      s.record(this.round, time, party, "offer", action.outcome);
      this.current = { outcome: action.outcome, party };
      this.accepts = 0;
    }
    if (++this.slot === s.config.order.length) {
      this.slot = 0;
      this.round++;
    }
  }
}
