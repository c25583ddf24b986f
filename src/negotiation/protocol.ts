/**
 * A protocol is a module behind one interface: it checks who may sit at the table and runs a session to
 * its end. SAOP and the mediated single-text protocol implement it; voting protocols such as MOPAC can be
 * added the same way.
 */
import type { CompiledSpace } from "../space/compile.ts";
import type { Agent } from "./agent.ts";
import type { NegotiationStatus } from "./result.ts";
import type { Failure, Session } from "./session.ts";

export interface ProtocolOutcome {
  status: NegotiationStatus;
  agreement: number | null;
  /** Rounds begun. */
  rounds: number;
  endedBy: string | null;
  failure: Failure | null;
}

export interface Protocol {
  readonly name: string;
  readonly kind: "saop" | "mediated";
  /** Fewest parties at the table. */
  readonly minParties: number;
  /** A reason the agents cannot play this protocol, or null. */
  check?(space: CompiledSpace, order: number[], agents: Agent[]): string | null;
  run(session: Session): ProtocolOutcome;
}
