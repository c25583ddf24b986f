/**
 * What the HTTP server keeps: a library of scenarios in which every version is kept (the latest one is the
 * scenario; a delete is a last, empty version), the records of many tournaments, and each tournament's
 * results as a tournament `Store`. One interface for every back end (SQLite: src/store/sqliteLibrary.ts;
 * PostgreSQL: src/store/pgLibrary.ts), checked by one conformance suite (test/store/librarySuite.ts).
 */
import type { Store } from "./store.ts";

/** One version of a stored scenario: the text exactly as it was sent (YAML or JSON). */
export interface ScenarioVersion {
  id: string;
  /** 1 for the first version, one more for each replacement. */
  version: number;
  text: string;
  /** ISO 8601 time the version was stored. */
  savedAt: string;
}

/** A scenario in the list: its latest version without the text, and its title when the text has one. */
export interface ScenarioSummary {
  id: string;
  version: number;
  title: string | null;
  savedAt: string;
}

/** Lifecycle of a tournament run by the server. */
export type TournamentStatus = "queued" | "running" | "done" | "cancelled" | "failed" | "interrupted";

/** What the server records about a tournament besides its results (which go to its Store). */
export interface TournamentRecord {
  id: string;
  name: string;
  status: TournamentStatus;
  /** The spec as posted, with stored scenarios resolved to their content. */
  spec: Record<string, unknown>;
  createdAt: string;
  /** Negotiations done and planned (for the status before the results). */
  done: number;
  total: number;
  /** Why it failed, for `failed`. */
  error: string | null;
}

/** A write that names a version that is no longer the latest (If-Match with a stale ETag). */
export class VersionConflict extends Error {
  constructor(
    readonly id: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`scenario "${id}" is at version ${actual}, not ${expected}`);
    this.name = "VersionConflict";
  }
}

export interface Library {
  /** Stores the first version of a new scenario under `id` (opaque, chosen by the caller). */
  createScenario(id: string, text: string, title: string | null): Promise<ScenarioVersion>;
  /** The latest version (or version `version`) of a scenario; null when unknown or deleted. */
  scenario(id: string, version?: number): Promise<ScenarioVersion | null>;
  /** Every scenario that is not deleted, latest version, in order of creation. */
  scenarios(): Promise<ScenarioSummary[]>;
  /**
   * Stores a new version when the latest is `ifVersion` (throws VersionConflict otherwise); null when the
   * scenario is unknown or deleted.
   */
  replaceScenario(
    id: string,
    text: string,
    title: string | null,
    ifVersion: number,
  ): Promise<ScenarioVersion | null>;
  /** Deletes a scenario (its versions are kept) when the latest is `ifVersion`; false when unknown. */
  deleteScenario(id: string, ifVersion: number): Promise<boolean>;
  /** Every version of a scenario (deleted ones included), oldest first. */
  versions(id: string): Promise<ScenarioVersion[]>;

  /** Records a tournament or updates its record. */
  putTournament(record: TournamentRecord): Promise<void>;
  tournament(id: string): Promise<TournamentRecord | null>;
  /** Every tournament, newest first. */
  tournaments(): Promise<TournamentRecord[]>;
  /** The results store of tournament `id` (created empty when new); the caller closes it. */
  openResults(id: string): Promise<Store>;
  close(): Promise<void>;
}
