/**
 * Diagnostics of a negotiator, not only a deal rate: per agent and negotiation, its concession curve (own
 * utility of each of its offers over time), its first offer's utility, the monotonicity of its concessions
 * (steps that took back a concession are retractions), the share of its offers that were Pareto-optimal for
 * the parties at the table, how close its opponent model came when it keeps one (`opponentModelAccuracy`),
 * and, for LLM agents, its invalid-answer rate. Pure: read from a result and its space.
 */
import type { CompiledSpace } from "../space/compile.ts";
import { evaluatorOf } from "./evaluator.ts";
import { distancesOf, type NegotiationResult } from "./result.ts";
import type { SessionConfig } from "./session.ts";

/** Utilities closer than this to the Pareto frontier count as on it (rounding in sums of weights). */
const ON_FRONTIER = 1e-9;

export interface AgentDiagnostics {
  party: string;
  agent: string | null;
  /** Own utility of each own offer, in order, with the round and normalised time it was made at. */
  concessionCurve: { round: number; time: number; utility: number }[];
  /** Own utility of the first own offer; null without offers. */
  firstOfferUtility: number | null;
  /** Steps between consecutive own offers that raised own utility again (took a concession back). */
  retractions: number;
  /** 1 − retractions / steps (1 with fewer than two offers): 1 is a monotone concession curve. */
  monotonicity: number;
  /** Share of own offers on the Pareto frontier of the parties at the table; null without offers or frontier. */
  paretoShare: number | null;
  /**
   * How close the agent's opponent model came (agents with `estimate`, given the session): per opponent,
   * over that opponent's offers, at the end of the negotiation.
   */
  opponentModel?: { opponent: string; meanAbsError: number; pearson: number | null }[];
  /**
   * Invalid answers / all answers the agent gave (invalid ones included), for agents that report them (LLM
   * agents: trace entries with usage or invalid answers); null for the others.
   */
  invalidRate: number | null;
}

/**
 * The diagnostics of every party at the table. With the session (its agents), agents that keep an opponent
 * model also get its accuracy.
 */
export function diagnose(
  space: CompiledSpace,
  result: NegotiationResult,
  session?: { config: Pick<SessionConfig, "order" | "agents"> },
): AgentDiagnostics[] {
  const table = result.parties.filter((p) => p.agent !== null);
  const at = table.map((p) => p.index);
  const evaluators = at.map((k) => evaluatorOf(space, k));
  return table.map((p, j) => {
    const curve: AgentDiagnostics["concessionCurve"] = [];
    let onFrontier = 0;
    let frontierKnown = true;
    let answers = 0;
    let invalid = 0;
    let reports = false;
    for (const e of result.trace) {
      if (e.party !== p.id) continue;
      answers++;
      if (e.usage || e.invalid) reports = true;
      invalid += e.invalid?.length ?? 0;
      if (e.kind !== "offer" || e.outcome === null) continue;
      const x = e.outcome;
      curve.push({ round: e.round, time: e.time, utility: evaluators[j].utility(x) });
      const d = distancesOf(
        space,
        at,
        evaluators.map((ev) => ev.utility(x)),
      );
      if (d === null) frontierKnown = false;
      else if (d.pareto <= ON_FRONTIER) onFrontier++;
    }
    const error = result.error;
    if (error && error.party === p.id && error.kind === "invalid") {
      reports = true;
      const n = Number(/invalid answer (\d+) time/.exec(error.message)?.[1] ?? 1);
      invalid += n;
    }
    let retractions = 0;
    for (let k = 1; k < curve.length; k++)
      if (curve[k].utility > curve[k - 1].utility + ON_FRONTIER) retractions++;
    const steps = curve.length - 1;
    const out: AgentDiagnostics = {
      party: p.id,
      agent: p.agent,
      concessionCurve: curve,
      firstOfferUtility: curve.length ? curve[0].utility : null,
      retractions,
      monotonicity: steps > 0 ? 1 - retractions / steps : 1,
      paretoShare: curve.length && frontierKnown ? onFrontier / curve.length : null,
      // Each own trace entry is one valid answer; invalid ones come on top of them.
      invalidRate: reports ? invalid / (answers + invalid) : null,
    };
    const agent = session?.config.agents[session.config.order.indexOf(p.index)];
    if (agent?.estimate) {
      const estimate = agent.estimate.bind(agent);
      out.opponentModel = table
        .filter((o) => o.index !== p.index)
        .flatMap((o) => {
          const offers = result.trace
            .filter((e) => e.party === o.id && e.kind === "offer" && e.outcome !== null)
            .map((e) => e.outcome!);
          const acc = opponentModelAccuracy(space, o.index, (x) => estimate(o.index, x), offers);
          return acc ? [{ opponent: o.id, ...acc }] : [];
        });
    }
    return out;
  });
}

/**
 * How close an opponent model came: over `outcomes` (e.g. the opponent's offers), the mean absolute error
 * between the estimated and the true utilities of party `opponent`, and their Pearson correlation (null
 * when either is constant).
 */
export function opponentModelAccuracy(
  space: CompiledSpace,
  opponent: number,
  estimate: (outcome: number) => number,
  outcomes: readonly number[],
): { meanAbsError: number; pearson: number | null } | null {
  if (outcomes.length === 0) return null;
  const truth = evaluatorOf(space, opponent);
  const xs = outcomes.map(estimate);
  const ys = outcomes.map((o) => truth.utility(o));
  const n = outcomes.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  let abs = 0;
  for (let k = 0; k < n; k++) {
    sxy += (xs[k] - mx) * (ys[k] - my);
    sxx += (xs[k] - mx) ** 2;
    syy += (ys[k] - my) ** 2;
    abs += Math.abs(xs[k] - ys[k]);
  }
  return { meanAbsError: abs / n, pearson: sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null };
}
