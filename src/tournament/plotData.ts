/**
 * What the tournament report plots, gathered as rows stream by (pure): each agent's score distribution
 * (a histogram over shared bins, and its quantiles) and the outcomes of one bilateral scenario on its
 * utility plane (distinct final utility pairs per pairing of agents, with counts). Memory grows with the
 * agents' seats (one number each, as the summary's bootstrap needs anyway) and the distinct outcomes, not
 * with everything a row holds.
 */
import type { NegotiationRow } from "./row.ts";
import { scoreOf } from "./scoring.ts";
import type { Scoring } from "./spec.ts";

export interface ScoreDistribution {
  agent: string;
  /** Scores counted (seats with a defined score). */
  n: number;
  /** Histogram over the bins shared by every agent: share of the agent's scores in each. */
  bins: { x0: number; x1: number; count: number; share: number }[];
  /** 5th, 25th, 50th, 75th, 95th percentiles (nearest rank), or null without scores. */
  quantiles: [number, number, number, number, number] | null;
  mean: number | null;
}

export interface PlaneOutcome {
  /** Final utilities of the x and y parties. */
  x: number;
  y: number;
  /** The agents in the x and y roles. */
  agentX: string;
  agentY: string;
  agreement: boolean;
  /** Negotiations that ended here with these agents. */
  count: number;
}

export interface TournamentPlotData {
  scoring: Scoring;
  distributions: ScoreDistribution[];
  /** The outcomes of one bilateral scenario, or null when the tournament has none. */
  plane: {
    scenario: string;
    axes: [string, string];
    outcomes: PlaneOutcome[];
  } | null;
}

const BINS = 20;

class Scores {
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
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export class PlotDataBuilder {
  private scores = new Map<string, Scores>();
  private outcomes = new Map<string, PlaneOutcome>();

  /**
   * `agents` in spec order; `plane` the content hash of the scenario whose outcomes are plotted, with its two
   * parties at the table (x, y).
   */
  constructor(
    private options: {
      scoring: Scoring;
      agents: readonly string[];
      plane: { key: string; label: string; axes: [string, string] } | null;
    },
  ) {
    for (const a of options.agents) this.scores.set(a, new Scores());
  }

  add(row: NegotiationRow): void {
    for (const [party, agent] of Object.entries(row.agents)) {
      const s = scoreOf(row, party, this.options.scoring);
      if (s === null || !Number.isFinite(s)) continue;
      let list = this.scores.get(agent);
      if (!list) this.scores.set(agent, (list = new Scores()));
      list.push(s);
    }
    const plane = this.options.plane;
    if (plane && row.scenario === plane.key) {
      const [px, py] = plane.axes;
      const x = row.utilities[px];
      const y = row.utilities[py];
      const agentX = row.agents[px];
      const agentY = row.agents[py];
      const agreement = row.status === "agreement";
      const key = `${x}\u0000${y}\u0000${agentX}\u0000${agentY}\u0000${agreement}`;
      const seen = this.outcomes.get(key);
      if (seen) seen.count++;
      else this.outcomes.set(key, { x, y, agentX, agentY, agreement, count: 1 });
    }
  }

  finish(): TournamentPlotData {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const s of this.scores.values())
      for (let i = 0; i < s.length; i++) {
        if (s.data[i] < lo) lo = s.data[i];
        if (s.data[i] > hi) hi = s.data[i];
      }
    if (!(hi > lo)) {
      // One value (or none): one bin around it.
      lo = Number.isFinite(lo) ? lo - 0.5 : 0;
      hi = lo + 1;
    }
    const width = (hi - lo) / BINS;
    const distributions = [...this.scores].map(([agent, s]): ScoreDistribution => {
      const values = s.data.slice(0, s.length).sort();
      const counts = new Array<number>(BINS).fill(0);
      let sum = 0;
      for (const v of values) {
        counts[Math.min(BINS - 1, Math.floor((v - lo) / width))]++;
        sum += v;
      }
      return {
        agent,
        n: values.length,
        bins: counts.map((count, k) => ({
          x0: lo + k * width,
          x1: k === BINS - 1 ? hi : lo + (k + 1) * width,
          count,
          share: values.length ? count / values.length : 0,
        })),
        quantiles: values.length
          ? [
              percentile(values, 5),
              percentile(values, 25),
              percentile(values, 50),
              percentile(values, 75),
              percentile(values, 95),
            ]
          : null,
        mean: values.length ? sum / values.length : null,
      };
    });
    const plane = this.options.plane;
    return {
      scoring: this.options.scoring,
      distributions,
      plane: plane
        ? {
            scenario: plane.label,
            axes: plane.axes,
            outcomes: [...this.outcomes.values()].sort((a, b) => b.count - a.count),
          }
        : null,
    };
  }
}
