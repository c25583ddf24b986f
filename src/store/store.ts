/**
 * Where tournament results live: one interface for every back end (SQLite now, PostgreSQL later), checked by
 * one conformance suite (test/tournament/storeSuite.ts). Asynchronous so that networked stores fit it.
 */
import type { Scenario } from "../scenario/schema.ts";
import type { RunSettings } from "../tournament/plan.ts";
import type { NegotiationRow } from "../tournament/row.ts";
import type { TournamentSpec } from "../tournament/spec.ts";

/** The tournament a store holds: enough to recognise its spec, label its results and plan it again. */
export interface StoredTournament {
  /** Hash of everything that decides the plan and its results (see `tournamentHash`). */
  hash: string;
  name: string;
  /** The spec file's path as given when the tournament started (for messages). */
  source: string | null;
  /** The spec as parsed (defaults filled in). */
  spec: TournamentSpec;
  settings: RunSettings;
  seed: number;
  /** Agent names in spec order. */
  agents: string[];
  /** Scenarios in spec order: content hash and the name the spec gives it. */
  scenarios: { key: string; label: string }[];
  /** Negotiations in the plan. */
  planned: number;
}

export interface Store {
  /** The tournament the store holds, or null when it holds none. */
  tournament(): Promise<StoredTournament | null>;
  /**
   * Records the tournament. A store holding a different one (another hash) refuses unless `replace`, which
   * drops every stored result first.
   */
  setTournament(t: StoredTournament, options?: { replace?: boolean }): Promise<void>;
  /** Stores scenarios by content hash (a hash stored already is kept). */
  putScenarios(list: readonly { key: string; label: string; scenario: Scenario }[]): Promise<void>;
  /** A stored scenario by content hash, or null. */
  scenario(key: string): Promise<Scenario | null>;
  /** Which of `ids` are stored. */
  storedIds(ids: readonly string[]): Promise<Set<string>>;
  /**
   * Stores rows in one transaction. A row whose id is stored already is left as it was (stored exactly
   * once). Returns how many rows were new.
   */
  write(rows: readonly NegotiationRow[]): Promise<number>;
  /** Rows stored. */
  count(): Promise<number>;
  /** Every stored row in plan order; traces only with `traces` (else `trace` is null). */
  rows(options?: { traces?: boolean }): AsyncIterable<NegotiationRow>;
  close(): Promise<void>;
}

/** A store holding another tournament than the one asked for. */
export class StoreMismatch extends Error {
  constructor(
    readonly held: StoredTournament,
    readonly wanted: StoredTournament,
  ) {
    super(`the store holds tournament "${held.name}" (${held.hash}), not "${wanted.name}" (${wanted.hash})`);
    this.name = "StoreMismatch";
  }
}
