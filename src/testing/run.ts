/**
 * How the suites run a negotiation: one place that knows the simulation driver and the result's shape, so
 * the suites follow the negotiation engine as it changes.
 */

import type { NegotiationResult } from "../negotiation/result.ts";
import { type SimulationOptions, simulate } from "../negotiation/simulate.ts";
import type { CompiledSpace } from "../space/compile.ts";

/** One negotiation to its end (agents may answer with Promises where the engine supports them). */
export async function runNegotiation(
  space: CompiledSpace,
  options: SimulationOptions,
): Promise<NegotiationResult> {
  return simulate(space, options);
}

/** The agent (or mediator) error that ended a negotiation, or null. */
export function agentErrorOf(
  r: NegotiationResult,
): { party: string; agent: string; step: string; round: number; kind: string; message: string } | null {
  const f = r.failure;
  return f ? { ...f, message: f.error } : null;
}
