import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, it } from "node:test";
import { SqliteStore } from "../../src/store/sqlite.ts";
import { row, runStoreSuite, tournamentRecord } from "./storeSuite.ts";

const dir = mkdtempSync(join(tmpdir(), "zopa-store-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

runStoreSuite("SQLite (file)", async () => new SqliteStore(join(dir, `s${n++}.db`)));
runStoreSuite("SQLite (:memory:)", async () => new SqliteStore(":memory:"));

it("SqliteStore keeps its rows across closing and opening the file, in WAL mode", async () => {
  const file = join(dir, "reopen.db");
  const s = new SqliteStore(file);
  await s.setTournament(tournamentRecord("h"));
  await s.write([row("a", 0), row("b", 1)]);
  assert.ok(existsSync(`${file}-wal`), "a write-ahead log beside the file");
  await s.close();
  const again = new SqliteStore(file);
  assert.equal(await again.count(), 2);
  assert.equal((await again.tournament())?.hash, "h");
  await again.close();
});
