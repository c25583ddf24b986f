/** The library conformance suite against SQLite (a file, and in memory). PostgreSQL: test/integration/postgres.test.ts. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";
import { SqliteLibrary } from "../../src/store/sqliteLibrary.ts";
import { runLibrarySuite } from "./librarySuite.ts";

const dir = mkdtempSync(join(tmpdir(), "zopa-library-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
runLibrarySuite("SQLite (file)", async () => new SqliteLibrary(join(dir, `l${n++}.db`)));
runLibrarySuite("SQLite (:memory:)", async () => new SqliteLibrary(":memory:"));
