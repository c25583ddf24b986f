/** Plain-text summaries of simulation results (pure functions returning strings). */
import {
  addResult,
  emptySummary,
  failureCount,
  failureKinds,
  type RepeatSummary,
} from "../negotiation/repeatSummary.ts";
import type { NegotiationResult } from "../negotiation/result.ts";
import { summarizeTrace } from "../negotiation/traceAnalysis.ts";
import type { CompiledSpace } from "../space/compile.ts";
import { decodeOutcome } from "../space/outcome.ts";

const f3 = (x: number) => (Math.round(x * 1000) / 1000).toFixed(3);

function describeOutcome(space: CompiledSpace, x: number): string {
  const d = decodeOutcome(space, x);
  return space.issues.map((issue, i) => `${issue.name}: ${issue.labels[d[i]]}`).join("; ");
}

/** How an agent failed, by the error's kind. */
const FAILED = {
  timeout: "timed out",
  memory: "ran out of memory",
  invalid: "returned an invalid value",
  error: "threw",
} as const;

function statusLine(r: NegotiationResult): string {
  const e = r.error;
  if (e)
    return `Failed: agent ${e.agent} (${e.party}) ${FAILED[e.kind]} in ${e.step}, round ${e.round}: ${e.message}`;
  const by = r.endedBy;
  switch (by.kind) {
    case "agreement":
      return `Agreement in round ${r.rounds} (t = ${f3(r.time)}).`;
    case "deadline":
      return `No agreement: the deadline passed after ${r.rounds} round(s).`;
    case "walk-away":
      return `No agreement: ${by.party} ended the negotiation in round ${r.rounds}${by.reason ? ` (${by.reason})` : ""}.`;
    case "failure":
      return `Failed in round ${r.rounds}.`;
  }
}

export function renderSimulation(space: CompiledSpace, r: NegotiationResult): string {
  const lines: string[] = [];
  lines.push(
    `${space.title}${space.variant ? ` (variant ${space.variant})` : ""}: ${r.protocol}, seed ${r.seed}`,
  );
  lines.push(
    `Agents: ${r.parties
      .filter((p) => p.agent)
      .map((p) => `${p.id}=${p.agent}${p.completeInformation ? " (complete information)" : ""}`)
      .join(", ")}`,
  );
  lines.push(statusLine(r));
  if (r.agreement !== null) lines.push(`Agreement: ${describeOutcome(space, r.agreement)}`);
  lines.push(
    `${r.utilitiesAre === "agreement" ? "Utilities" : "Utilities (reservation values)"}: ${r.parties.map((p, j) => `${p.id} ${f3(r.utilities[j])}${r.discountedUtilities[j] !== r.utilities[j] ? ` (discounted ${f3(r.discountedUtilities[j])})` : ""}`).join(", ")}`,
  );
  if (r.distances)
    lines.push(
      `Distance to the Pareto frontier ${f3(r.distances.pareto)}, to the Nash point ${r.distances.nash === null ? "n/a" : f3(r.distances.nash)}, to the max-welfare point ${f3(r.distances.welfare)}`,
    );
  const table = r.parties.filter((p) => p.agent !== null).map((p) => p.id);
  if (r.protocol.startsWith("mediated")) {
    // A proposal is adopted when the next |table| entries are all acceptances of it.
    const proposals = r.trace.filter((e, k) => k > 0 && e.kind === "offer" && !table.includes(e.party));
    const adopted = proposals.filter((e) => {
      const votes = r.trace.slice(e.step + 1, e.step + 1 + table.length);
      return (
        votes.length === table.length && votes.every((v) => v.kind === "accept" && v.outcome === e.outcome)
      );
    });
    lines.push(`Mediator: ${proposals.length} proposal(s), ${adopted.length} adopted by every party`);
  }
  for (const s of summarizeTrace(space, r)) {
    const moves = Object.entries(s.moves)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ");
    lines.push(
      `${s.party}: ${s.offers} offer(s)${moves ? ` (${moves})` : ""}; ${s.offersAcceptableToOthers} acceptable to the other side${s.firstAcceptableRound !== null ? `, first in round ${s.firstAcceptableRound}` : ""}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Summary of repeated runs: agreement rate, mean utilities and rounds. */
export function renderRepeated(space: CompiledSpace, results: NegotiationResult[]): string {
  const summary = emptySummary();
  for (const r of results) addResult(summary, r);
  return renderRepeatSummary(space, summary);
}

/** The same from a summary kept as the runs came (constant memory: `zopa simulate --repeat`). */
export function renderRepeatSummary(space: CompiledSpace, s: RepeatSummary): string {
  const n = s.runs;
  const agreed = s.statuses.agreement;
  const lines = [
    `${space.title}: ${s.protocol}, ${n} runs (seeds ${s.firstSeed}…${s.lastSeed})`,
    `Agents: ${s.parties
      .filter((p) => p.agent)
      .map((p) => `${p.id}=${p.agent}`)
      .join(", ")}`,
    `Agreements: ${agreed} of ${n} (${f3(agreed / n)}); mean rounds ${f3(s.sumRounds / n)}`,
    `Mean utilities: ${s.parties.map((p, j) => `${p.id} ${f3(s.sumUtilities[j] / n)}`).join(", ")}`,
  ];
  const failures = failureCount(s);
  if (failures && s.firstFailure) {
    lines.push(`Failures: ${failures} (${failureKinds(s)}; first: ${statusLine(s.firstFailure)})`);
  }
  if (s.measured)
    lines.push(
      `Mean distance of agreements to the Pareto frontier ${f3(s.sumParetoDistance / s.measured)}, to the max-welfare point ${f3(s.sumWelfareDistance / s.measured)}`,
    );
  return `${lines.join("\n")}\n`;
}
