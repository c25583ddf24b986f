/**
 * A protocol is a module behind one interface: it checks who may sit at the table and starts the state
 * machine (`ProtocolMachine`) that runs a session one action at a time. SAOP and the mediated single-text
 * protocol implement it; voting protocols such as MOPAC can be added the same way.
 */
import type { CompiledSpace } from "../space/compile.ts";
import type { Agent } from "./agent.ts";
import type { ProtocolMachine, Session } from "./session.ts";

export type { ProtocolMachine, ProtocolOutcome } from "./session.ts";

export interface Protocol {
  readonly name: string;
  readonly kind: "saop" | "mediated";
  /** Fewest parties at the table. */
  readonly minParties: number;
  /** A reason the agents cannot play this protocol, or null (outside parties are null). */
  check?(space: CompiledSpace, order: number[], agents: (Agent | null)[]): string | null;
  /** The protocol's state machine over a session (called once the agents are initialised). */
  start(session: Session): ProtocolMachine;
}
