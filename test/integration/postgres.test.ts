/**
 * The PostgreSQL back ends against a real PostgreSQL (ZOPA_PG_URL, default the one scripts/services.sh
 * starts): the tournament Store conformance suite, the Library conformance suite, and the server's scenario
 * library and tournaments over HTTP with `--store postgres://…`. Every run uses schemas of its own (one per
 * library, since a library starts empty) and drops them afterwards. Skipped, with the reason, when PostgreSQL
 * does not answer.
 */
import { randomBytes } from "node:crypto";
import { after, describe } from "node:test";
import pg from "pg";
import { PgLibrary, PgStore } from "../../src/store/postgres.ts";
import { scenarioLibraryTests } from "../server/scenariosCases.ts";
import { useServer } from "../server/support.ts";
import { tournamentTests } from "../server/tournamentsCases.ts";
import { runLibrarySuite } from "../store/librarySuite.ts";
import { runStoreSuite } from "../tournament/storeSuite.ts";

const URL_ = process.env.ZOPA_PG_URL ?? "postgres://postgres:zopa@127.0.0.1:5432/postgres";

async function unavailable(): Promise<string | false> {
  const client = new pg.Client({ connectionString: URL_, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return false;
  } catch (e) {
    return `PostgreSQL does not answer at ${URL_.replace(/:[^:@/]*@/, ":***@")} (${(e as Error).message}); bash scripts/services.sh start`;
  } finally {
    await client.end().catch(() => {});
  }
}

const skip = await unavailable();
const prefix = `zopa_test_${process.pid}_${randomBytes(3).toString("hex")}`;
const schemas: string[] = [];
let k = 0;
const schema = () => {
  const name = `${prefix}_${k++}`;
  schemas.push(name);
  return name;
};

after(async () => {
  if (skip || !schemas.length) return;
  const client = new pg.Client({ connectionString: URL_ });
  await client.connect();
  try {
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  } finally {
    await client.end();
  }
});

describe("PostgreSQL back ends", { skip }, () => {
  const storeSchema = schema();
  runStoreSuite("PostgreSQL", async () => PgStore.open(URL_, `t${k++}`, storeSchema));
  runLibrarySuite("PostgreSQL", async () => PgLibrary.open(URL_, schema()));

  describe("the server with --store postgres://", () => {
    const api = useServer({ store: `${URL_}${URL_.includes("?") ? "&" : "?"}schema=${schema()}` });
    scenarioLibraryTests(api);
    tournamentTests(api);
  });
});
