/**
 * PostgreSQL back ends (`pg`): `PgStore`, the tournament Store of one tournament among many in the same
 * tables (keyed by tournament id), and `PgLibrary`, the server's library (scenario versions, tournament
 * records) whose results stores are PgStores. Rows are written in one transaction with
 * `ON CONFLICT DO NOTHING`, so each negotiation is stored exactly once, as in SQLite. A `schema` option keeps
 * every table in that schema (created if needed): tests use one of their own. Node only.
 */
import pg from "pg";
import type { Scenario } from "../scenario/schema.ts";
import type { NegotiationRow } from "../tournament/row.ts";
import type { Library, ScenarioSummary, ScenarioVersion, TournamentRecord } from "./library.ts";
import { VersionConflict } from "./library.ts";
import { type Store, type StoredTournament, StoreMismatch } from "./store.ts";

const TABLES = `
CREATE TABLE IF NOT EXISTS zopa_tournament_meta (tournament TEXT PRIMARY KEY, value JSON NOT NULL);
CREATE TABLE IF NOT EXISTS zopa_tournament_scenarios (
  tournament TEXT NOT NULL, key TEXT NOT NULL, label TEXT NOT NULL, content JSON NOT NULL,
  PRIMARY KEY (tournament, key));
CREATE TABLE IF NOT EXISTS zopa_negotiations (
  tournament TEXT NOT NULL,
  id TEXT NOT NULL,
  plan_index INTEGER NOT NULL,
  scenario TEXT NOT NULL,
  agents JSON NOT NULL,
  repetition INTEGER NOT NULL,
  seed BIGINT NOT NULL,
  status TEXT NOT NULL,
  error JSON,
  agreement JSON,
  utilities JSON NOT NULL,
  advantage JSON NOT NULL,
  welfare DOUBLE PRECISION NOT NULL,
  pareto_distance DOUBLE PRECISION,
  nash_distance DOUBLE PRECISION,
  rounds INTEGER NOT NULL,
  time_ms DOUBLE PRECISION NOT NULL,
  trace JSON,
  PRIMARY KEY (tournament, id));
CREATE INDEX IF NOT EXISTS zopa_negotiations_plan ON zopa_negotiations (tournament, plan_index);
CREATE TABLE IF NOT EXISTS zopa_library_scenarios (
  id TEXT NOT NULL, version INTEGER NOT NULL, text TEXT NOT NULL, title TEXT,
  deleted BOOLEAN NOT NULL DEFAULT FALSE, saved_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (id, version));
CREATE TABLE IF NOT EXISTS zopa_library_tournaments (
  id TEXT PRIMARY KEY, created_at TIMESTAMPTZ NOT NULL, record JSON NOT NULL);
`;

/** Quotes an identifier (a schema name from the caller's configuration, never from a request). */
function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A pool whose connections use `schema` (created with the tables on first use). */
export async function openPool(url: string, schema?: string): Promise<pg.Pool> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client's error (the server went away) must not crash the process: the next query reports it.
  pool.on("error", () => {});
  const client = await pool.connect();
  try {
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${ident(schema)}`);
    // Concurrent first starts race on CREATE TABLE IF NOT EXISTS: one advisory lock serialises them.
    await client.query("SELECT pg_advisory_lock(7310)");
    try {
      await client.query(TABLES);
    } finally {
      await client.query("SELECT pg_advisory_unlock(7310)");
    }
  } catch (e) {
    client.release();
    await pool.end();
    throw e;
  }
  client.release();
  return pool;
}

async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const out = await work(client);
    await client.query("COMMIT");
    return out;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

interface PgRow {
  id: string;
  plan_index: number;
  scenario: string;
  agents: Record<string, string>;
  repetition: number;
  seed: string;
  status: NegotiationRow["status"];
  error: NegotiationRow["error"];
  agreement: NegotiationRow["agreement"];
  utilities: Record<string, number>;
  advantage: Record<string, number>;
  welfare: number;
  pareto_distance: number | null;
  nash_distance: number | null;
  rounds: number;
  time_ms: number;
  trace?: unknown[] | null;
}

function rowOf(r: PgRow, traces: boolean): NegotiationRow {
  return {
    id: r.id,
    index: r.plan_index,
    scenario: r.scenario,
    agents: r.agents,
    repetition: r.repetition,
    seed: Number(r.seed),
    status: r.status,
    error: r.error,
    agreement: r.agreement,
    utilities: r.utilities,
    advantage: r.advantage,
    welfare: r.welfare,
    paretoDistance: r.pareto_distance,
    nashDistance: r.nash_distance,
    rounds: r.rounds,
    timeMs: r.time_ms,
    trace: traces ? ((r.trace ?? null) as NegotiationRow["trace"]) : null,
  };
}

/** Rows per INSERT statement (16 parameters each, well under PostgreSQL's 65535). */
const INSERT_CHUNK = 500;
/** Rows per page when reading. */
const PAGE = 2000;

/** The results of tournament `tournament` in PostgreSQL. `ownsPool`: close() ends the pool too. */
export class PgStore implements Store {
  constructor(
    private readonly pool: pg.Pool,
    readonly tournamentId: string,
    private readonly ownsPool = false,
  ) {}

  /** A store of its own pool on `url` (schema optional), for one tournament. */
  static async open(url: string, tournamentId: string, schema?: string): Promise<PgStore> {
    return new PgStore(await openPool(url, schema), tournamentId, true);
  }

  async tournament(): Promise<StoredTournament | null> {
    const r = await this.pool.query("SELECT value FROM zopa_tournament_meta WHERE tournament = $1", [
      this.tournamentId,
    ]);
    return r.rows.length ? (r.rows[0].value as StoredTournament) : null;
  }

  async setTournament(t: StoredTournament, options: { replace?: boolean } = {}): Promise<void> {
    await inTransaction(this.pool, async (c) => {
      const held = await c.query("SELECT value FROM zopa_tournament_meta WHERE tournament = $1 FOR UPDATE", [
        this.tournamentId,
      ]);
      const h = held.rows[0]?.value as StoredTournament | undefined;
      if (h && h.hash !== t.hash) {
        if (!options.replace) throw new StoreMismatch(h, t);
        for (const table of ["zopa_negotiations", "zopa_tournament_scenarios"])
          await c.query(`DELETE FROM ${table} WHERE tournament = $1`, [this.tournamentId]);
      }
      await c.query(
        `INSERT INTO zopa_tournament_meta (tournament, value) VALUES ($1, $2)
         ON CONFLICT (tournament) DO UPDATE SET value = excluded.value`,
        [this.tournamentId, JSON.stringify(t)],
      );
    });
  }

  async putScenarios(list: readonly { key: string; label: string; scenario: Scenario }[]): Promise<void> {
    if (!list.length) return;
    await inTransaction(this.pool, async (c) => {
      for (const s of list)
        await c.query(
          `INSERT INTO zopa_tournament_scenarios (tournament, key, label, content) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING`,
          [this.tournamentId, s.key, s.label, JSON.stringify(s.scenario)],
        );
    });
  }

  async scenario(key: string): Promise<Scenario | null> {
    const r = await this.pool.query(
      "SELECT content FROM zopa_tournament_scenarios WHERE tournament = $1 AND key = $2",
      [this.tournamentId, key],
    );
    return r.rows.length ? (r.rows[0].content as Scenario) : null;
  }

  async storedIds(ids: readonly string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const r = await this.pool.query(
      "SELECT id FROM zopa_negotiations WHERE tournament = $1 AND id = ANY($2::text[])",
      [this.tournamentId, ids],
    );
    return new Set(r.rows.map((x) => x.id as string));
  }

  async write(rows: readonly NegotiationRow[]): Promise<number> {
    if (!rows.length) return 0;
    return inTransaction(this.pool, async (c) => {
      let added = 0;
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        const chunk = rows.slice(i, i + INSERT_CHUNK);
        const values: unknown[] = [];
        const tuples = chunk.map((r, k) => {
          const json = (x: unknown) => (x === null ? null : JSON.stringify(x));
          values.push(
            this.tournamentId,
            r.id,
            r.index,
            r.scenario,
            JSON.stringify(r.agents),
            r.repetition,
            r.seed,
            r.status,
            json(r.error),
            json(r.agreement),
            JSON.stringify(r.utilities),
            JSON.stringify(r.advantage),
            r.welfare,
            r.paretoDistance,
            r.nashDistance,
            r.rounds,
            r.timeMs,
            json(r.trace),
          );
          return `(${Array.from({ length: 18 }, (_, j) => `$${k * 18 + j + 1}`).join(",")})`;
        });
        const res = await c.query(
          `INSERT INTO zopa_negotiations (tournament, id, plan_index, scenario, agents, repetition, seed, status,
             error, agreement, utilities, advantage, welfare, pareto_distance, nash_distance, rounds, time_ms, trace)
           VALUES ${tuples.join(",")} ON CONFLICT DO NOTHING`,
          values,
        );
        added += res.rowCount ?? 0;
      }
      return added;
    });
  }

  async count(): Promise<number> {
    const r = await this.pool.query(
      "SELECT COUNT(*)::int AS n FROM zopa_negotiations WHERE tournament = $1",
      [this.tournamentId],
    );
    return r.rows[0].n as number;
  }

  async *rows(options: { traces?: boolean } = {}): AsyncIterable<NegotiationRow> {
    const traces = options.traces ?? false;
    const columns = traces
      ? "*"
      : "tournament, id, plan_index, scenario, agents, repetition, seed, status, error, agreement, utilities, advantage, welfare, pareto_distance, nash_distance, rounds, time_ms";
    // Keyset pages by plan position: memory stays bounded however many rows the tournament has.
    let after = -1;
    for (;;) {
      const r = await this.pool.query(
        `SELECT ${columns} FROM zopa_negotiations WHERE tournament = $1 AND plan_index > $2
         ORDER BY plan_index LIMIT ${PAGE}`,
        [this.tournamentId, after],
      );
      for (const row of r.rows as PgRow[]) yield rowOf(row, traces);
      if (r.rows.length < PAGE) return;
      after = (r.rows[r.rows.length - 1] as PgRow).plan_index;
    }
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}

interface PgVersionRow {
  id: string;
  version: number;
  text: string;
  title: string | null;
  deleted: boolean;
  saved_at: Date;
}

const versionOf = (r: PgVersionRow): ScenarioVersion => ({
  id: r.id,
  version: r.version,
  text: r.text,
  savedAt: r.saved_at.toISOString(),
});

/** The server's library in PostgreSQL. */
export class PgLibrary implements Library {
  private constructor(private readonly pool: pg.Pool) {}

  static async open(url: string, schema?: string): Promise<PgLibrary> {
    return new PgLibrary(await openPool(url, schema));
  }

  async createScenario(id: string, text: string, title: string | null): Promise<ScenarioVersion> {
    const r = await this.pool.query(
      `INSERT INTO zopa_library_scenarios (id, version, text, title, deleted, saved_at)
       VALUES ($1, 1, $2, $3, FALSE, now()) RETURNING *`,
      [id, text, title],
    );
    return versionOf(r.rows[0]);
  }

  async scenario(id: string, version?: number): Promise<ScenarioVersion | null> {
    const r =
      version === undefined
        ? await this.pool.query(
            "SELECT * FROM zopa_library_scenarios WHERE id = $1 ORDER BY version DESC LIMIT 1",
            [id],
          )
        : await this.pool.query("SELECT * FROM zopa_library_scenarios WHERE id = $1 AND version = $2", [
            id,
            version,
          ]);
    const row = r.rows[0] as PgVersionRow | undefined;
    return row && !row.deleted ? versionOf(row) : null;
  }

  async scenarios(): Promise<ScenarioSummary[]> {
    const r = await this.pool.query(
      `SELECT s.* FROM zopa_library_scenarios s
       JOIN (SELECT id, MAX(version) AS v, MIN(saved_at) AS first FROM zopa_library_scenarios GROUP BY id) m
         ON m.id = s.id AND m.v = s.version
       WHERE NOT s.deleted ORDER BY m.first, s.id`,
    );
    return (r.rows as PgVersionRow[]).map((x) => ({
      id: x.id,
      version: x.version,
      title: x.title,
      savedAt: x.saved_at.toISOString(),
    }));
  }

  /** Checks the latest version under a row lock, then writes the next one. */
  private guarded(
    id: string,
    ifVersion: number,
    text: string,
    title: string | null,
    deleted: boolean,
  ): Promise<ScenarioVersion | null> {
    return inTransaction(this.pool, async (c) => {
      // Serialises writers of this id (the latest row is locked; a concurrent insert of the next version
      // would also collide on the primary key).
      await c.query("SELECT pg_advisory_xact_lock(hashtext($1))", [id]);
      const r = await c.query(
        "SELECT * FROM zopa_library_scenarios WHERE id = $1 ORDER BY version DESC LIMIT 1",
        [id],
      );
      const latest = r.rows[0] as PgVersionRow | undefined;
      if (!latest || latest.deleted) return null;
      if (latest.version !== ifVersion) throw new VersionConflict(id, ifVersion, latest.version);
      const w = await c.query(
        `INSERT INTO zopa_library_scenarios (id, version, text, title, deleted, saved_at)
         VALUES ($1, $2, $3, $4, $5, now()) RETURNING *`,
        [id, latest.version + 1, text, title, deleted],
      );
      return versionOf(w.rows[0]);
    });
  }

  replaceScenario(id: string, text: string, title: string | null, ifVersion: number) {
    return this.guarded(id, ifVersion, text, title, false);
  }

  async deleteScenario(id: string, ifVersion: number): Promise<boolean> {
    return (await this.guarded(id, ifVersion, "", null, true)) !== null;
  }

  async versions(id: string): Promise<ScenarioVersion[]> {
    const r = await this.pool.query("SELECT * FROM zopa_library_scenarios WHERE id = $1 ORDER BY version", [
      id,
    ]);
    return (r.rows as PgVersionRow[]).map(versionOf);
  }

  async putTournament(record: TournamentRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO zopa_library_tournaments (id, created_at, record) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET record = excluded.record`,
      [record.id, record.createdAt, JSON.stringify(record)],
    );
  }

  async tournament(id: string): Promise<TournamentRecord | null> {
    const r = await this.pool.query("SELECT record FROM zopa_library_tournaments WHERE id = $1", [id]);
    return r.rows.length ? (r.rows[0].record as TournamentRecord) : null;
  }

  async tournaments(): Promise<TournamentRecord[]> {
    const r = await this.pool.query(
      "SELECT record FROM zopa_library_tournaments ORDER BY created_at DESC, id",
    );
    return r.rows.map((x) => x.record as TournamentRecord);
  }

  async openResults(id: string): Promise<Store> {
    return new PgStore(this.pool, id);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
