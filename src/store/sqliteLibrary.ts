/**
 * The server's library in SQLite (libsql): scenarios and tournament records in one file, each tournament's
 * results in its own SQLite tournament store beside it (`<file>.tournaments/<id>.db`), so that a result file
 * is the same file `zopa results` reads. `:memory:` keeps everything in memory (tests, throwaway servers).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "libsql";
import type { Library, ScenarioSummary, ScenarioVersion, TournamentRecord } from "./library.ts";
import { VersionConflict } from "./library.ts";
import { SqliteStore } from "./sqlite.ts";
import type { Store } from "./store.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS library_scenarios (
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  text TEXT NOT NULL,
  title TEXT,
  deleted INTEGER NOT NULL DEFAULT 0,
  saved_at TEXT NOT NULL,
  PRIMARY KEY (id, version)
);
CREATE TABLE IF NOT EXISTS library_tournaments (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, record TEXT NOT NULL);
`;

interface VersionRow {
  id: string;
  version: number;
  text: string;
  title: string | null;
  deleted: number;
  saved_at: string;
}

function plain<T>(row: unknown): T {
  if (row && typeof row === "object" && "_metadata" in row) {
    const { _metadata, ...rest } = row as Record<string, unknown>;
    return rest as T;
  }
  return row as T;
}

const versionOf = (r: VersionRow): ScenarioVersion => ({
  id: r.id,
  version: r.version,
  text: r.text,
  savedAt: r.saved_at,
});

/** A tournament id is opaque but becomes a file name: only [A-Za-z0-9_-] is ever accepted. */
export function safeId(id: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new Error(`invalid id "${id}"`);
  return id;
}

export class SqliteLibrary implements Library {
  private db: Database.Database;
  private memoryStores = new Map<string, SqliteStore>();

  constructor(readonly path: string) {
    this.db = new Database(path);
    if (path !== ":memory:") this.db.exec("PRAGMA journal_mode = WAL");
    this.db.exec("PRAGMA busy_timeout = 5000");
    this.db.exec(SCHEMA);
  }

  private latest(id: string): VersionRow | undefined {
    return plain<VersionRow | undefined>(
      this.db.prepare("SELECT * FROM library_scenarios WHERE id = ? ORDER BY version DESC LIMIT 1").get(id),
    );
  }

  private insert(id: string, version: number, text: string, title: string | null, deleted: boolean) {
    const savedAt = new Date().toISOString();
    this.db
      .prepare(
        "INSERT INTO library_scenarios (id, version, text, title, deleted, saved_at) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run(id, version, text, title, deleted ? 1 : 0, savedAt);
    return { id, version, text, savedAt };
  }

  async createScenario(id: string, text: string, title: string | null): Promise<ScenarioVersion> {
    return this.insert(id, 1, text, title, false);
  }

  async scenario(id: string, version?: number): Promise<ScenarioVersion | null> {
    const row =
      version === undefined
        ? this.latest(id)
        : plain<VersionRow | undefined>(
            this.db.prepare("SELECT * FROM library_scenarios WHERE id = ? AND version = ?").get(id, version),
          );
    return row && !row.deleted ? versionOf(row) : null;
  }

  async scenarios(): Promise<ScenarioSummary[]> {
    const rows = this.db
      .prepare(
        `SELECT s.* FROM library_scenarios s
         JOIN (SELECT id, MAX(version) AS v, MIN(saved_at) AS first FROM library_scenarios GROUP BY id) m
           ON m.id = s.id AND m.v = s.version
         WHERE s.deleted = 0 ORDER BY m.first, s.id`,
      )
      .all()
      .map((r) => plain<VersionRow>(r));
    return rows.map((r) => ({ id: r.id, version: r.version, title: r.title, savedAt: r.saved_at }));
  }

  /** Runs `write` in one transaction after checking the latest version (BEGIN IMMEDIATE: no interleaving). */
  private guarded<T>(id: string, ifVersion: number, write: (latest: VersionRow) => T): T | null {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const latest = this.latest(id);
      if (!latest || latest.deleted) {
        this.db.exec("ROLLBACK");
        return null;
      }
      if (latest.version !== ifVersion) throw new VersionConflict(id, ifVersion, latest.version);
      const out = write(latest);
      this.db.exec("COMMIT");
      return out;
    } catch (e) {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
      throw e;
    }
  }

  async replaceScenario(
    id: string,
    text: string,
    title: string | null,
    ifVersion: number,
  ): Promise<ScenarioVersion | null> {
    return this.guarded(id, ifVersion, (l) => this.insert(id, l.version + 1, text, title, false));
  }

  async deleteScenario(id: string, ifVersion: number): Promise<boolean> {
    return this.guarded(id, ifVersion, (l) => this.insert(id, l.version + 1, "", null, true)) !== null;
  }

  async versions(id: string): Promise<ScenarioVersion[]> {
    return this.db
      .prepare("SELECT * FROM library_scenarios WHERE id = ? ORDER BY version")
      .all(id)
      .map((r) => versionOf(plain<VersionRow>(r)));
  }

  async putTournament(record: TournamentRecord): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO library_tournaments (id, created_at, record) VALUES (?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET record = excluded.record`,
      )
      .run(record.id, record.createdAt, JSON.stringify(record));
  }

  async tournament(id: string): Promise<TournamentRecord | null> {
    const row = plain<{ record: string } | undefined>(
      this.db.prepare("SELECT record FROM library_tournaments WHERE id = ?").get(id),
    );
    return row ? JSON.parse(row.record) : null;
  }

  async tournaments(): Promise<TournamentRecord[]> {
    return this.db
      .prepare("SELECT record FROM library_tournaments ORDER BY created_at DESC, id")
      .all()
      .map((r) => JSON.parse(plain<{ record: string }>(r).record));
  }

  async openResults(id: string): Promise<Store> {
    safeId(id);
    if (this.path === ":memory:") {
      // One in-memory store per tournament, kept open for the server's life; close() is a no-op on it.
      let store = this.memoryStores.get(id);
      if (!store) {
        store = new SqliteStore(":memory:");
        this.memoryStores.set(id, store);
      }
      const held = store;
      return new Proxy(held, {
        get: (target, key) => (key === "close" ? async () => {} : Reflect.get(target, key, target)),
      });
    }
    const dir = `${this.path}.tournaments`;
    mkdirSync(dir, { recursive: true });
    return new SqliteStore(join(dir, `${id}.db`));
  }

  async close(): Promise<void> {
    for (const s of this.memoryStores.values()) await s.close();
    this.memoryStores.clear();
    this.db.close();
  }
}
