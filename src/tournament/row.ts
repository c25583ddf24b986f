/** One finished negotiation as a tournament stores it (plain JSON: a worker returns it, the store keeps it). */
import type { IssueValue } from "../scenario/schema.ts";
import type { RowError, RowStatus } from "./scoring.ts";

export interface NegotiationRow {
  id: string;
  /** Position in the plan. */
  index: number;
  /** The scenario's content hash. */
  scenario: string;
  /** Party id → agent name, in turn order. */
  agents: Record<string, string>;
  repetition: number;
  seed: number;
  status: RowStatus;
  /** The failing agent and why (status timeout, memory or error); null otherwise. */
  error: RowError | null;
  /** The agreement as issue → option; null without one. */
  agreement: Record<string, IssueValue> | null;
  /** Party id → utility (reservation value without agreement; 0 for a failing agent). */
  utilities: Record<string, number>;
  /** Party id → advantage. */
  advantage: Record<string, number>;
  /** Sum of the utilities of the parties at the table. */
  welfare: number;
  /** Distance of the final utilities to the Pareto frontier (null when too large to build). */
  paretoDistance: number | null;
  /** Distance of the final utilities to the Nash point of the agreement zone (null when there is none). */
  nashDistance: number | null;
  /** Rounds begun. */
  rounds: number;
  /** Wall-clock milliseconds the negotiation took (the only field that differs between runs). */
  timeMs: number;
  /** The trace (SAOP actions as JSON), only when traces were asked for. */
  trace: unknown[] | null;
}
