/**
 * Per-agent results of a tournament, aggregated as rows stream by (memory grows with the agents and the
 * pairing slots, not the negotiations, except one Float64Array of scores per agent for the bootstrap): mean
 * score with a seeded 95 % bootstrap interval, mean utility and advantage, agreement rate, rounds, failures,
 * a ranking, and pairwise Wilcoxon signed-rank comparisons (paired by scenario, role and repetition) with
 * Holm-corrected p-values. Pure.
 */
import type { NegotiationRow } from "./row.ts";
import { CENTRE, lowerIsBetter, scoreOf } from "./scoring.ts";
import { sha256Hex } from "./sha256.ts";
import type { Scoring } from "./spec.ts";
import { bootstrapMeanInterval, holm, wilcoxonSignedRank } from "./statistics.ts";

export interface AgentSummary {
  agent: string;
  /** 1 for the best; agents without a score come last. */
  rank: number;
  /** Seats taken: one per negotiation and role (an agent playing itself takes two). */
  negotiations: number;
  /** Mean of the chosen score (null when no negotiation defines it). */
  meanScore: number | null;
  /** 95 % percentile bootstrap interval of the mean score, resampling the agent's negotiations. */
  ci95: [number, number] | null;
  meanUtility: number;
  meanAdvantage: number;
  /** Share of its negotiations that ended in agreement. */
  agreementRate: number;
  meanRounds: number;
  /** Negotiations the agent made fail (timeout, memory, error). */
  failures: number;
}

export interface Comparison {
  a: string;
  b: string;
  /** Paired slots (scenario, role, repetition) where both agents played. */
  pairs: number;
  /** Mean over the pairs of (a's mean score in the slot − b's). */
  meanDifference: number;
  /** Wilcoxon's W+ of the differences a − b. */
  statistic: number;
  z: number | null;
  method: "exact" | "normal";
  p: number;
  /** p after Holm's correction over all comparisons. */
  pHolm: number;
  /** The agent significantly better at the 5 % level after correction, or null. */
  better: string | null;
}

export interface TournamentStats {
  scoring: Scoring;
  lowerIsBetter: boolean;
  negotiations: number;
  agreements: number;
  failures: number;
  agents: AgentSummary[];
  comparisons: Comparison[];
}

/** What the summary reads of a row. */
export type SummaryRow = Pick<
  NegotiationRow,
  | "scenario"
  | "agents"
  | "repetition"
  | "status"
  | "error"
  | "utilities"
  | "advantage"
  | "welfare"
  | "nashDistance"
  | "rounds"
>;

class Growable {
  data = new Float64Array(64);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

/**
 * An agent's scores in one (scenario, role), by repetition − 1: two typed arrays instead of one map entry per
 * slot (a million slots take 16 MB, not a hundred).
 */
class SlotBlock {
  sum = new Float64Array(16);
  count = new Float64Array(16);
  add(repetition: number, score: number): void {
    const r = repetition - 1;
    if (r >= this.sum.length) {
      let size = this.sum.length * 2;
      while (size <= r) size *= 2;
      const sum = new Float64Array(size);
      const count = new Float64Array(size);
      sum.set(this.sum);
      count.set(this.count);
      this.sum = sum;
      this.count = count;
    }
    this.sum[r] += score;
    this.count[r]++;
  }
}

interface Tally {
  seats: number;
  scores: Growable;
  utility: number;
  advantage: number;
  agreements: number;
  rounds: number;
  failures: number;
  /** Slots by (scenario, role), then by repetition: the scores' sums and counts. */
  slots: Map<string, SlotBlock>;
  /** anl2025 scoring: the scores as centre (the rest, in `scores`, as edge). */
  centre: Growable;
}

export interface SummaryOptions {
  scoring: Scoring;
  /** Seed of the bootstrap (each agent's resampling is seeded from it and the agent's name). */
  seed: number;
  /** Agents in spec order (every one appears, even without negotiations). */
  agents: readonly string[];
  /** Bootstrap resamples; defaults to 1000. */
  resamples?: number;
}

/** Streams rows in with `add`; `finish` computes the summary. */
export class SummaryBuilder {
  private tallies = new Map<string, Tally>();
  private count = 0;
  private agreements = 0;
  private failures = 0;

  constructor(private options: SummaryOptions) {
    for (const a of options.agents) this.tally(a);
  }

  private tally(agent: string): Tally {
    let t = this.tallies.get(agent);
    if (!t) {
      t = {
        seats: 0,
        scores: new Growable(),
        utility: 0,
        advantage: 0,
        agreements: 0,
        rounds: 0,
        failures: 0,
        slots: new Map(),
        centre: new Growable(),
      };
      this.tallies.set(agent, t);
    }
    return t;
  }

  add(row: SummaryRow): void {
    this.count++;
    if (row.status === "agreement") this.agreements++;
    const failed = row.status === "timeout" || row.status === "memory" || row.status === "error";
    if (failed) this.failures++;
    for (const [party, agent] of Object.entries(row.agents)) {
      const t = this.tally(agent);
      t.seats++;
      t.utility += row.utilities[party];
      t.advantage += row.advantage[party];
      t.rounds += row.rounds;
      if (row.status === "agreement") t.agreements++;
      if (failed && row.error?.party === party) t.failures++;
      const score = scoreOf(row, party, this.options.scoring);
      if (score === null || !Number.isFinite(score)) continue;
      if (this.options.scoring === "anl2025" && party === CENTRE) t.centre.push(score);
      else t.scores.push(score);
      const key = `${row.scenario}\u0000${party}`;
      let block = t.slots.get(key);
      if (!block) t.slots.set(key, (block = new SlotBlock()));
      block.add(row.repetition, score);
    }
  }

  finish(): TournamentStats {
    const lower = lowerIsBetter(this.options.scoring);
    const agents: AgentSummary[] = [...this.tallies].map(([agent, t]) => {
      const { mean, ci95 } = this.meanScore(agent, t);
      const seats = Math.max(1, t.seats);
      return {
        agent,
        rank: 0,
        negotiations: t.seats,
        meanScore: mean,
        ci95,
        meanUtility: t.seats ? t.utility / seats : Number.NaN,
        meanAdvantage: t.seats ? t.advantage / seats : Number.NaN,
        agreementRate: t.seats ? t.agreements / seats : Number.NaN,
        meanRounds: t.seats ? t.rounds / seats : Number.NaN,
        failures: t.failures,
      };
    });
    const key = (a: AgentSummary) =>
      a.meanScore === null ? Number.POSITIVE_INFINITY : lower ? a.meanScore : -a.meanScore;
    agents.sort((x, y) => key(x) - key(y) || (x.agent < y.agent ? -1 : 1));
    agents.forEach((a, i) => {
      a.rank = i > 0 && key(agents[i - 1]) === key(a) ? agents[i - 1].rank : i + 1;
    });
    return {
      scoring: this.options.scoring,
      lowerIsBetter: lower,
      negotiations: this.count,
      agreements: this.agreements,
      failures: this.failures,
      agents,
      comparisons: this.compare(
        agents.map((a) => a.agent),
        lower,
      ),
    };
  }

  /** The seeded bootstrap interval and mean of some scores (null without any). */
  private interval(agent: string, scores: Float64Array, tag = "") {
    if (scores.length === 0) return null;
    let sum = 0;
    for (const s of scores) sum += s;
    const ci = bootstrapMeanInterval(scores, {
      seed: Number.parseInt(
        sha256Hex(`zopa-bootstrap-v1|${this.options.seed}|${agent}${tag}`).slice(0, 8),
        16,
      ),
      resamples: this.options.resamples,
    });
    return { mean: sum / scores.length, lo: ci.lo, hi: ci.hi };
  }

  /**
   * An agent's mean score and its interval. Under anl2025 scoring, (μ_centre + μ_edge) / 2 of its weighted
   * scores in each role, with the half-sum of the two roles' intervals (the mean of the role it played
   * when it played only one).
   */
  private meanScore(agent: string, t: Tally): { mean: number | null; ci95: [number, number] | null } {
    const edge = this.interval(agent, t.scores.view());
    const centre = this.interval(agent, t.centre.view(), "|centre");
    const both = centre && edge ? [centre, edge] : centre ? [centre] : edge ? [edge] : [];
    if (both.length === 0) return { mean: null, ci95: null };
    const half = (f: (x: { mean: number; lo: number; hi: number }) => number) =>
      both.reduce((s, x) => s + f(x), 0) / both.length;
    return { mean: half((x) => x.mean), ci95: [half((x) => x.lo), half((x) => x.hi)] };
  }

  /** Every pair of agents (in ranking order), paired by slot. */
  private compare(names: string[], lower: boolean): Comparison[] {
    const raw: (Omit<Comparison, "pHolm" | "better"> & { centre: number })[] = [];
    for (let i = 0; i < names.length; i++)
      for (let j = i + 1; j < names.length; j++) {
        const A = this.tallies.get(names[i])!.slots;
        const B = this.tallies.get(names[j])!.slots;
        const d: number[] = [];
        for (const [key, a] of A) {
          const b = B.get(key);
          if (!b) continue;
          const n = Math.min(a.sum.length, b.sum.length);
          for (let r = 0; r < n; r++)
            if (a.count[r] > 0 && b.count[r] > 0) d.push(a.sum[r] / a.count[r] - b.sum[r] / b.count[r]);
        }
        if (d.length === 0) continue;
        const test = wilcoxonSignedRank(d);
        raw.push({
          centre: (test.n * (test.n + 1)) / 4,
          a: names[i],
          b: names[j],
          pairs: d.length,
          meanDifference: d.reduce((s, x) => s + x, 0) / d.length,
          statistic: test.statistic,
          z: test.z,
          method: test.method,
          p: test.p,
        });
      }
    const adjusted = holm(raw.map((c) => c.p));
    // The direction is W+'s side of its null mean: above it, a's scores tend to be the larger.
    return raw.map(({ centre, ...c }, k) => ({
      ...c,
      pHolm: adjusted[k],
      better:
        adjusted[k] < 0.05 && c.statistic !== centre ? (c.statistic > centre !== lower ? c.a : c.b) : null,
    }));
  }
}
