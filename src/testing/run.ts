/**
 * How the suites run a negotiation: one place that knows the simulation driver and the result's shape, so
 * the suites follow the negotiation engine as it changes.
 */
import type { NegotiationResult } from "../negotiation/result.ts";
import { type SimulationOptions, simulateAsync } from "../negotiation/simulate.ts";
import type { CompiledSpace } from "../space/compile.ts";

/**
 * One negotiation to its end, through the asynchronous driver: agents may answer with Promises (a synchronous
 * agent takes the same path, so a trace does not depend on which driver ran it).
 */
export function runNegotiation(space: CompiledSpace, options: SimulationOptions): Promise<NegotiationResult> {
  return simulateAsync(space, options);
}

/** The agent (or mediator) error that ended a negotiation, or null. */
export function agentErrorOf(r: NegotiationResult): NegotiationResult["error"] {
  return r.error;
}
