/** Structural equality for plain data (objects, arrays, typed arrays, numbers with NaN), with the first difference. */

/** Null when `a` and `b` are equal, else the path and the two values of the first difference. */
export function firstDifference(a: unknown, b: unknown, path = ""): string | null {
  if (Object.is(a, b) || a === b) return null;
  const here = path === "" ? "(value)" : path;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null)
    return `${here}: ${show(a)} vs ${show(b)}`;
  if (Array.isArray(a) !== Array.isArray(b) || ArrayBuffer.isView(a) !== ArrayBuffer.isView(b))
    return `${here}: ${show(a)} vs ${show(b)}`;
  if (Array.isArray(a) || ArrayBuffer.isView(a)) {
    const x = a as unknown as ArrayLike<unknown>;
    const y = b as unknown as ArrayLike<unknown>;
    // The common part first: the first element that differs says more than the lengths.
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const d = firstDifference(x[i], y[i], `${path}[${i}]`);
      if (d) return d;
    }
    return x.length !== y.length ? `${here}: length ${x.length} vs ${y.length}` : null;
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${here}: objects of different kinds`;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  for (const k of new Set([...ka, ...kb])) {
    if (!(k in a) || !(k in b))
      return `${path === "" ? k : `${path}.${k}`}: ${k in a ? "present" : "missing"} vs ${k in b ? "present" : "missing"}`;
    const d = firstDifference(
      (a as Record<string, unknown>)[k],
      (b as Record<string, unknown>)[k],
      path === "" ? k : `${path}.${k}`,
    );
    if (d) return d;
  }
  return null;
}

function show(x: unknown): string {
  if (x === undefined) return "undefined";
  if (typeof x === "number") return String(x);
  const s = JSON.stringify(x);
  return s === undefined ? String(x) : s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
