/**
 * The summary of repeated negotiations, kept in constant memory: each result is added as it comes and can then
 * be dropped (a million negotiations never sit in memory at once). What `zopa simulate --repeat` prints as text
 * and as the NDJSON summary line.
 */
import type { NegotiationResult, NegotiationStatus } from "./result.ts";

export interface RepeatSummary {
  /** Negotiations added. */
  runs: number;
  protocol: string;
  firstSeed: number;
  lastSeed: number;
  /** The parties as the first result lists them (ids and agents). */
  parties: { id: string; agent: string | null }[];
  statuses: Record<NegotiationStatus, number>;
  /** Sums over every run (utilities per party, in the parties' order). */
  sumRounds: number;
  sumUtilities: number[];
  /** Agreements with distances measured, and the sums of those distances. */
  measured: number;
  sumParetoDistance: number;
  sumWelfareDistance: number;
  /** The first result that failed on an agent, without its trace (for its status line). */
  firstFailure: NegotiationResult | null;
}

export function emptySummary(): RepeatSummary {
  return {
    runs: 0,
    protocol: "",
    firstSeed: 0,
    lastSeed: 0,
    parties: [],
    statuses: { agreement: 0, "no-agreement": 0, timeout: 0, memory: 0, error: 0 },
    sumRounds: 0,
    sumUtilities: [],
    measured: 0,
    sumParetoDistance: 0,
    sumWelfareDistance: 0,
    firstFailure: null,
  };
}

/** Adds one result to the summary (in place) and returns the summary. */
export function addResult(s: RepeatSummary, r: NegotiationResult): RepeatSummary {
  if (s.runs === 0) {
    s.protocol = r.protocol;
    s.firstSeed = r.seed;
    s.parties = r.parties.map((p) => ({ id: p.id, agent: p.agent }));
    s.sumUtilities = r.utilities.map(() => 0);
  }
  s.runs++;
  s.lastSeed = r.seed;
  s.statuses[r.status]++;
  s.sumRounds += r.rounds;
  for (let j = 0; j < s.sumUtilities.length; j++) s.sumUtilities[j] += r.utilities[j] ?? 0;
  if (r.status === "agreement" && r.distances) {
    s.measured++;
    s.sumParetoDistance += r.distances.pareto;
    s.sumWelfareDistance += r.distances.welfare;
  }
  if (r.error !== null && s.firstFailure === null) s.firstFailure = { ...r, trace: [] };
  return s;
}

/** Negotiations that failed on an agent (timeout, memory, error). */
export function failureCount(s: RepeatSummary): number {
  return s.statuses.timeout + s.statuses.memory + s.statuses.error;
}

/** `2 timeout, 1 memory`: the failures by status, for messages. */
export function failureKinds(s: RepeatSummary): string {
  return (["timeout", "memory", "error"] as const)
    .filter((k) => s.statuses[k] > 0)
    .map((k) => `${s.statuses[k]} ${k}`)
    .join(", ");
}

/** The summary as plain JSON: means instead of sums (NDJSON's last line). */
export function summaryJson(s: RepeatSummary) {
  const mean = (x: number, n: number) => (n > 0 ? x / n : null);
  return {
    runs: s.runs,
    seeds: [s.firstSeed, s.lastSeed],
    statuses: s.statuses,
    agreementRate: mean(s.statuses.agreement, s.runs),
    meanRounds: mean(s.sumRounds, s.runs),
    meanUtilities: Object.fromEntries(s.parties.map((p, j) => [p.id, mean(s.sumUtilities[j], s.runs)])),
    meanParetoDistance: mean(s.sumParetoDistance, s.measured),
    meanWelfareDistance: mean(s.sumWelfareDistance, s.measured),
  };
}
