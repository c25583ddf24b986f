/**
 * The library a `--store` value names, loading only its back end: `pg` for a postgres:// URL, libsql for a file.
 */
import { ZopaError } from "../errors.ts";
import type { Library } from "./library.ts";

/** A postgres:// URL's `schema` parameter (ours, not libpq's) taken out: the tables go to that schema. */
export function schemaOf(url: string): { url: string; schema?: string } {
  const u = new URL(url);
  const schema = u.searchParams.get("schema") ?? undefined;
  if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema))
    throw new ZopaError("usage", `--store: schema "${schema}" takes letters, digits and _ only`);
  u.searchParams.delete("schema");
  return { url: u.toString(), schema };
}

/**
 * The library a `--store` value names: a postgres:// URL (`?schema=NAME` keeps the tables in that schema),
 * else an SQLite file (":memory:" for none).
 */
export async function openLibrary(store: string): Promise<Library> {
  if (/^postgres(ql)?:\/\//.test(store)) {
    const { url, schema } = schemaOf(store);
    const { PgLibrary } = await import("./postgres.ts");
    return PgLibrary.open(url, schema);
  }
  const { SqliteLibrary } = await import("./sqliteLibrary.ts");
  return new SqliteLibrary(store);
}
