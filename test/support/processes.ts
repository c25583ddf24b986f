/** Helpers for tests that run real processes against a tournament store: hang limits and stored-row counts. */
import Database from "libsql";

/** Resolves as `p` does within `ms`, else fails naming `what` (a hanging process is a bug). */
export async function exitsWithin<T>(p: Promise<T>, what: string, ms = 60_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not exit within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Rows in a SQLite tournament store and how many distinct ids they have (0, 0 when it cannot be read yet). */
export function storedRows(db: string): { n: number; distinct: number } {
  try {
    const conn = new Database(db, { readonly: true });
    try {
      const r = conn.prepare("SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS d FROM negotiations").get() as {
        n: number;
        d: number;
      };
      return { n: r.n, distinct: r.d };
    } finally {
      conn.close();
    }
  } catch {
    return { n: 0, distinct: 0 };
  }
}
