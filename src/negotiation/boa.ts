/**
 * The BOA composition (Baarslag et al.): an agent = a bidding (offering) strategy + an acceptance condition
 * + optionally an opponent model. The composed agent plans its next bid once per turn; the acceptance
 * condition sees the offer, the planned bid and the offers received so far. Whatever the condition says, an
 * offer below the agent's reservation value or across its red lines is rejected. In a mediated protocol the
 * agent votes for a change of the text that does not lower its utility, or that its acceptance condition
 * would accept as an offer (so conceding agents let the text move over time).
 */
import type { Agent, AgentView, PublicAction, Response, TurnState } from "./agent.ts";

/** An offer received from another party, in own utility. */
export interface ReceivedOffer {
  outcome: number;
  party: number;
  time: number;
  utility: number;
}

export interface OpponentModel {
  readonly name: string;
  init?(view: AgentView): void;
  /** Called with every offer another party makes. */
  update(party: number, outcome: number, state: TurnState): void;
  /** Estimated utility of `outcome` for `party`, in [0, 1]. */
  utility(party: number, outcome: number): number;
}

export interface BoaContext {
  view: AgentView;
  model: OpponentModel | null;
  /** Offers received from the others, oldest first. */
  received: readonly ReceivedOffer[];
}

export interface OfferingStrategy {
  readonly name: string;
  init?(ctx: BoaContext): void;
  /** The bid to make now (an outcome index), or null to end the negotiation. */
  next(state: TurnState): number | null;
}

export interface AcceptanceInput {
  state: TurnState;
  offer: number;
  offerUtility: number;
  /** The bid the agent would make now (null when it would end the negotiation). */
  planned: number | null;
  plannedUtility: number;
  ctx: BoaContext;
}

export interface AcceptanceStrategy {
  readonly name: string;
  accept(input: AcceptanceInput): boolean;
}

export interface ComposedAgentOptions {
  name?: string;
  offering: OfferingStrategy;
  acceptance: AcceptanceStrategy;
  model?: OpponentModel | null;
  needsCompleteInformation?: boolean;
}

/** An agent from a bidding strategy, an acceptance condition and an optional opponent model. */
export function agentComposed(options: ComposedAgentOptions): Agent {
  const { offering, acceptance } = options;
  const model = options.model ?? null;
  const received: ReceivedOffer[] = [];
  let ctx: BoaContext;
  let view: AgentView;
  let plannedFor: TurnState | null = null;
  let planned: number | null = null;
  const plan = (state: TurnState): number | null => {
    if (plannedFor !== state) {
      planned = offering.next(state);
      plannedFor = state;
    }
    return planned;
  };
  const respond = (state: TurnState, offer: number): Response => {
    if (!view.acceptable(offer)) return "reject";
    const next = plan(state);
    const ok = acceptance.accept({
      state,
      offer,
      offerUtility: view.utility(offer),
      planned: next,
      plannedUtility: next === null ? Number.NEGATIVE_INFINITY : view.utility(next),
      ctx,
    });
    return ok ? "accept" : "reject";
  };
  return {
    name: options.name ?? `${offering.name}+${acceptance.name}${model ? `+${model.name}` : ""}`,
    needsCompleteInformation: options.needsCompleteInformation,
    init(v: AgentView) {
      view = v;
      ctx = { view, model, received };
      model?.init?.(view);
      offering.init?.(ctx);
    },
    observe(action: PublicAction, state: TurnState) {
      if (action.kind !== "offer" || action.party === view.party || action.party < 0) return;
      const outcome = action.outcome!;
      received.push({ outcome, party: action.party, time: action.time, utility: view.utility(outcome) });
      model?.update(action.party, outcome, state);
    },
    respond,
    ...(model ? { estimate: (party: number, outcome: number) => model.utility(party, outcome) } : {}),
    propose(state: TurnState) {
      const next = plan(state);
      plannedFor = null;
      return next;
    },
    // Mediated protocols: yes to a change that does not hurt, or that the acceptance condition would take.
    vote(state: TurnState, candidate: number, current: number) {
      if (view.utility(candidate) >= view.utility(current)) return true;
      return respond(state, candidate) === "accept";
    },
  };
}
