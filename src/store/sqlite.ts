/**
 * The SQLite store (libsql, better-sqlite3's API): one file, WAL mode, rows written in batched transactions
 * with `INSERT … ON CONFLICT(id) DO NOTHING` so that each negotiation is stored exactly once, whoever writes
 * it and however often. Node only.
 */
import Database from "libsql";
import type { Scenario } from "../scenario/schema.ts";
import type { NegotiationRow } from "../tournament/row.ts";
import { type Store, type StoredTournament, StoreMismatch } from "./store.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS scenarios (key TEXT PRIMARY KEY, label TEXT NOT NULL, content TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS negotiations (
  id TEXT PRIMARY KEY,
  plan_index INTEGER NOT NULL,
  scenario TEXT NOT NULL,
  agents TEXT NOT NULL,
  repetition INTEGER NOT NULL,
  seed INTEGER NOT NULL,
  status TEXT NOT NULL,
  error TEXT,
  agreement TEXT,
  utilities TEXT NOT NULL,
  advantage TEXT NOT NULL,
  welfare REAL NOT NULL,
  pareto_distance REAL,
  nash_distance REAL,
  rounds INTEGER NOT NULL,
  time_ms REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS negotiations_plan ON negotiations (plan_index);
CREATE TABLE IF NOT EXISTS traces (id TEXT PRIMARY KEY, trace TEXT NOT NULL);
`;

interface DbRow {
  id: string;
  plan_index: number;
  scenario: string;
  agents: string;
  repetition: number;
  seed: number;
  status: NegotiationRow["status"];
  error: string | null;
  agreement: string | null;
  utilities: string;
  advantage: string;
  welfare: number;
  pareto_distance: number | null;
  nash_distance: number | null;
  rounds: number;
  time_ms: number;
  trace?: string | null;
}

/** libsql adds a `_metadata` key to rows: drop it. */
function clean<T>(row: unknown): T {
  if (row && typeof row === "object" && "_metadata" in row) {
    const { _metadata, ...rest } = row as Record<string, unknown>;
    return rest as T;
  }
  return row as T;
}

function rowOf(r: DbRow): NegotiationRow {
  return {
    id: r.id,
    index: r.plan_index,
    scenario: r.scenario,
    agents: JSON.parse(r.agents),
    repetition: r.repetition,
    seed: r.seed,
    status: r.status,
    error: r.error === null ? null : JSON.parse(r.error),
    agreement: r.agreement === null ? null : JSON.parse(r.agreement),
    utilities: JSON.parse(r.utilities),
    advantage: JSON.parse(r.advantage),
    welfare: r.welfare,
    paretoDistance: r.pareto_distance,
    nashDistance: r.nash_distance,
    rounds: r.rounds,
    timeMs: r.time_ms,
    trace: r.trace ? JSON.parse(r.trace) : null,
  };
}

/** Ids per `IN (…)` query (SQLite's default limit on bound parameters is 32766). */
const ID_CHUNK = 500;

export class SqliteStore implements Store {
  private db: Database.Database;
  private insertRow: Database.Statement;
  private insertTrace: Database.Statement;
  private writeMany: (rows: readonly NegotiationRow[]) => number;

  /** Opens (creating if needed) the store at `path` (":memory:" for a throwaway one). */
  constructor(readonly path: string) {
    this.db = new Database(path);
    this.db.exec("PRAGMA journal_mode = WAL");
    this.db.exec("PRAGMA synchronous = NORMAL");
    this.db.exec("PRAGMA busy_timeout = 5000");
    this.db.exec(SCHEMA);
    this.insertRow = this.db.prepare(
      `INSERT INTO negotiations (id, plan_index, scenario, agents, repetition, seed, status, error, agreement,
         utilities, advantage, welfare, pareto_distance, nash_distance, rounds, time_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`,
    );
    this.insertTrace = this.db.prepare(
      "INSERT INTO traces (id, trace) VALUES (?, ?) ON CONFLICT(id) DO NOTHING",
    );
    this.writeMany = this.db.transaction((rows: readonly NegotiationRow[]) => {
      let added = 0;
      for (const r of rows) {
        const changes = this.insertRow.run(
          r.id,
          r.index,
          r.scenario,
          JSON.stringify(r.agents),
          r.repetition,
          r.seed,
          r.status,
          r.error === null ? null : JSON.stringify(r.error),
          r.agreement === null ? null : JSON.stringify(r.agreement),
          JSON.stringify(r.utilities),
          JSON.stringify(r.advantage),
          r.welfare,
          r.paretoDistance,
          r.nashDistance,
          r.rounds,
          r.timeMs,
        ).changes;
        added += changes;
        if (changes > 0 && r.trace !== null) this.insertTrace.run(r.id, JSON.stringify(r.trace));
      }
      return added;
    });
  }

  async tournament(): Promise<StoredTournament | null> {
    const row = clean<{ value: string } | undefined>(
      this.db.prepare("SELECT value FROM meta WHERE key = 'tournament'").get(),
    );
    return row ? JSON.parse(row.value) : null;
  }

  async setTournament(t: StoredTournament, options: { replace?: boolean } = {}): Promise<void> {
    const held = await this.tournament();
    if (held && held.hash !== t.hash) {
      if (!options.replace) throw new StoreMismatch(held, t);
      this.db.exec("DELETE FROM negotiations; DELETE FROM traces; DELETE FROM scenarios;");
    }
    this.db
      .prepare(
        "INSERT INTO meta (key, value) VALUES ('tournament', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      )
      .run(JSON.stringify(t));
  }

  async putScenarios(list: readonly { key: string; label: string; scenario: Scenario }[]): Promise<void> {
    const put = this.db.prepare(
      "INSERT INTO scenarios (key, label, content) VALUES (?, ?, ?) ON CONFLICT(key) DO NOTHING",
    );
    this.db.transaction(() => {
      for (const s of list) put.run(s.key, s.label, JSON.stringify(s.scenario));
    })();
  }

  async scenario(key: string): Promise<Scenario | null> {
    const row = clean<{ content: string } | undefined>(
      this.db.prepare("SELECT content FROM scenarios WHERE key = ?").get(key),
    );
    return row ? JSON.parse(row.content) : null;
  }

  async storedIds(ids: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      const chunk = ids.slice(i, i + ID_CHUNK);
      const rows = this.db
        .prepare(`SELECT id FROM negotiations WHERE id IN (${chunk.map(() => "?").join(",")})`)
        .all(...chunk);
      for (const r of rows) out.add(clean<{ id: string }>(r).id);
    }
    return out;
  }

  async write(rows: readonly NegotiationRow[]): Promise<number> {
    return rows.length ? this.writeMany(rows) : 0;
  }

  async count(): Promise<number> {
    return clean<{ n: number }>(this.db.prepare("SELECT COUNT(*) AS n FROM negotiations").get()).n;
  }

  async *rows(options: { traces?: boolean } = {}): AsyncIterable<NegotiationRow> {
    const sql = options.traces
      ? "SELECT n.*, t.trace FROM negotiations n LEFT JOIN traces t ON t.id = n.id ORDER BY n.plan_index"
      : "SELECT * FROM negotiations ORDER BY plan_index";
    for (const r of this.db.prepare(sql).iterate()) yield rowOf(clean<DbRow>(r));
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
