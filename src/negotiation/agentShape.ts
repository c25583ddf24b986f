/**
 * Whether a value is an agent, as a factory must make it: one rule shared by the agent conformance suite
 * (src/testing/agentSuite.ts) and the agent sandbox's worker, which checks the real agent in its own thread.
 */

/** Why `x` is not an agent (a factory's product), or null. */
export function agentProblem(x: unknown): string | null {
  if (typeof x !== "object" || x === null)
    return `the factory returned ${x === null ? "null" : typeof x}, not an agent object`;
  const a = x as Record<string, unknown>;
  const missing: string[] = [];
  if (typeof a.name !== "string" || a.name === "") missing.push("a name (non-empty string)");
  if (typeof a.propose !== "function") missing.push("propose()");
  if (typeof a.respond !== "function") missing.push("respond()");
  for (const m of ["init", "vote", "observe"])
    if (a[m] !== undefined && typeof a[m] !== "function") missing.push(`${m} as a function (or left out)`);
  if (
    a.protocols !== undefined &&
    !(Array.isArray(a.protocols) && a.protocols.every((p) => p === "saop" || p === "mediated"))
  )
    missing.push('protocols as a list of "saop" and "mediated" (or left out)');
  return missing.length ? `the agent needs ${missing.join(", ")}` : null;
}
