/** Edit distance between two short strings (Levenshtein, case-insensitive). */
export function editDistance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** The closest candidate to a mistyped name, when it is close enough to be a plausible typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  const limit = Math.max(2, Math.floor(name.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/** `unknown issue "withdrawl" (did you mean "withdrawal"?)`, or the list of valid names when none is close. */
export function unknownName(kind: string, name: string | number, candidates: string[]): string {
  const guess = closest(String(name), candidates);
  if (guess !== undefined) return `unknown ${kind} "${name}" (did you mean "${guess}"?)`;
  const shown = candidates.slice(0, 12).map((c) => `"${c}"`);
  const more = candidates.length > 12 ? `, … (${candidates.length} in all)` : "";
  return candidates.length === 0
    ? `unknown ${kind} "${name}" (none are defined)`
    : `unknown ${kind} "${name}" (expected one of ${shown.join(", ")}${more})`;
}
