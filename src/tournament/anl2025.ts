/**
 * The ANL 2025 rule set (docs/tournaments.md, "ANL 2025"): sequential multi-deal negotiations. A centre
 * negotiates with n edges one after another, each a bilateral SAOP negotiation over that edge's own issues;
 * the centre's utility is over the combination of deals (no deal on some edges included), each edge's over
 * its own deal. Pure: generation, the centre's utility, the view a plain bilateral agent gets of each
 * sub-negotiation, the run of one multi-deal negotiation (one stored row) and the score.
 *
 * A multi-deal scenario travels as ONE Zopa scenario (the "container"), so that stores, worker pools and
 * content hashes handle it like any other: issues `e{k}-…` belong to edge k; party `c` (the centre) weighs
 * each edge's block by λ_k (its block's share of its weights) and within the block by its side utility
 * s_k; party `e{k}` weighs only its own block. The combination rule (`max` or `linear`) is part of the plan
 * (`PlannedNegotiation.multideal`), as a preset's deadline is.
 */
import type { AgentFactory } from "../negotiation/agent.ts";
import type { Scenario } from "../scenario/schema.ts";
import { mulberry32 } from "../util/random.ts";
import type { PlannedNegotiation, RunSettings } from "./plan.ts";
import {
  type Family,
  familyValues,
  int,
  pickFamily,
  type Rand,
  r4,
  type Values,
  weights,
} from "./presets.ts";
import type { NegotiationRow } from "./row.ts";
import { prepareScenario, runNegotiation, runNegotiationAsync, type ScenarioContext } from "./run.ts";
import { advantageOf, CENTRE, type RowError, type RowStatus } from "./scoring.ts";
import { sha256Hex } from "./sha256.ts";

export { CENTRE };

export const ANL2025 = {
  scenarios: 10,
  minEdges: 2,
  maxEdges: 4,
  /** Outcomes of one edge's space (the competition's edge spaces are small). */
  minOutcomes: 10,
  maxOutcomes: 100,
  /** Deadline per sub-negotiation, in rounds. */
  minRounds: 10,
  maxRounds: 1000,
};

/** How the centre combines its side deals: the best one counts (`max`) or a weighted sum (`linear`). */
export type CentreKind = "max" | "linear";

/** What the plan carries for a multi-deal negotiation. */
export interface MultiDealPlan {
  kind: CentreKind;
}

/** A generated multi-deal scenario. */
export interface GeneratedMultiDeal {
  scenario: Scenario;
  kind: CentreKind;
  edges: number;
  /** Per edge: its scenario family and number of outcomes. */
  families: Family[];
  outcomes: number[];
  rounds: number;
}

/**
 * The centre's utility of a combination: `sides[k]` its side utility s_k of edge k's deal, null for none.
 * No deal on an edge counts as the centre's reservation value r_c there, so that no deal at all is worth
 * r_c: `max` → max_k x_k, `linear` → Σ_k λ_k·x_k (λ summing to 1), with x_k = s_k, or r_c without a deal.
 */
export function centreUtility(
  kind: CentreKind,
  lambdas: readonly number[],
  sides: readonly (number | null)[],
  reservation: number,
): number {
  const x = sides.map((s) => s ?? reservation);
  if (kind === "max") return Math.max(...x);
  return x.reduce((sum, v, k) => sum + lambdas[k] * v, 0);
}

/**
 * The reservation value the centre plays sub-negotiation k with: the side utility s_k above which a deal
 * there beats no deal there, given the deals so far (the marginal view). Its utility in the
 * sub-negotiation is s_k itself, which orders the outcomes as the marginal utility does: `linear` → r_c
 * (edge k adds λ_k·(s_k − r_c) whatever the others); `max` → the larger of r_c and the best side utility
 * so far (assuming no better deal later).
 */
export function centreReservation(
  kind: CentreKind,
  earlier: readonly (number | null)[],
  reservation: number,
): number {
  if (kind === "linear") return reservation;
  return Math.max(reservation, ...earlier.filter((s): s is number => s !== null));
}

/** An agent's ANL 2025 score from its weighted scores as centre and as edge: (μ_centre + μ_edge) / 2. */
export function anl2025Score(centre: readonly number[], edge: readonly number[]): number | null {
  const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  if (centre.length && edge.length) return (mean(centre) + mean(edge)) / 2;
  if (centre.length) return mean(centre);
  return edge.length ? mean(edge) : null;
}

// ---------------------------------------------------------------------------------------------------------
// Generation

function edgeSizes(rand: Rand, family: Family): number[] {
  const { minOutcomes: min, maxOutcomes: max } = ANL2025;
  if (family === "curve" || rand() < 0.3) return [int(rand, min, max)];
  const a = int(rand, 3, 10);
  return [a, int(rand, Math.ceil(min / a), Math.floor(max / a))];
}

/** One multi-deal scenario: `index` names it; everything else comes from `rand`. */
export function anl2025Scenario(rand: Rand, index: number): GeneratedMultiDeal {
  const n = int(rand, ANL2025.minEdges, ANL2025.maxEdges);
  const kind: CentreKind = rand() < 0.5 ? "max" : "linear";
  const lambdas = weights(rand, n);
  const issues: { id: string; name: string; type: "categorical"; options: { id: string }[] }[] = [];
  const centre = {
    weights: {} as Record<string, number>,
    values: {} as Record<string, Record<string, number>>,
  };
  const edges: { id: string; reservation: number; preferences: typeof centre }[] = [];
  const families: Family[] = [];
  const outcomes: number[] = [];
  for (let k = 1; k <= n; k++) {
    const family = pickFamily(rand);
    const sizes = edgeSizes(rand, family);
    const [vc, ve]: [Values, Values] = familyValues(rand, family, sizes);
    const wc = weights(rand, sizes.length);
    const we = family === "zero-sum" ? wc : weights(rand, sizes.length);
    const edge = {
      weights: {} as Record<string, number>,
      values: {} as Record<string, Record<string, number>>,
    };
    sizes.forEach((size, j) => {
      const id = `e${k}-i${j}`;
      const options = Array.from({ length: size }, (_, o) => ({ id: `v${o}` }));
      issues.push({ id, name: `Edge ${k} issue ${j + 1}`, type: "categorical", options });
      centre.weights[id] = r4(lambdas[k - 1] * wc[j]);
      edge.weights[id] = we[j];
      centre.values[id] = Object.fromEntries(options.map((o, x) => [o.id, vc[j][x]]));
      edge.values[id] = Object.fromEntries(options.map((o, x) => [o.id, ve[j][x]]));
    });
    edges.push({ id: `e${k}`, reservation: r4(rand()), preferences: edge });
    families.push(family);
    outcomes.push(sizes.reduce((x, y) => x * y, 1));
  }
  const reservation = r4(rand());
  const rounds = int(rand, ANL2025.minRounds, ANL2025.maxRounds);
  const party = (id: string, name: string, rv: number, p: typeof centre) => ({
    id,
    name,
    role: "principal" as const,
    reservation: rv,
    preferences: { ...p, normalize: false },
  });
  const scenario = {
    zopa: 1,
    meta: {
      id: `anl2025-${String(index + 1).padStart(3, "0")}`,
      title: `ANL 2025 generated multi-deal scenario ${index + 1} (centre ${kind}, ${n} edges)`,
    },
    sources: [],
    issues,
    parties: [
      party(CENTRE, "Centre", reservation, centre),
      ...edges.map((e, k) => party(e.id, `Edge ${k + 1}`, e.reservation, e.preferences)),
    ],
    variants: [],
  } as unknown as Scenario;
  return { scenario, kind, edges: n, families, outcomes, rounds };
}

/** The preset's multi-deal scenarios for a tournament seed. */
export function anl2025Scenarios(seed: number, count: number = ANL2025.scenarios): GeneratedMultiDeal[] {
  const rand = mulberry32((seed ^ 0x2025a11) >>> 0);
  return Array.from({ length: count }, (_, k) => anl2025Scenario(rand, k));
}

// ---------------------------------------------------------------------------------------------------------
// The container, read back

interface PartyPrefs {
  id: string;
  reservation: number;
  preferences: { weights: Record<string, number>; values: Record<string, Record<string, number>> };
}

/** What a container scenario holds: the centre, its edges in order, each edge's issues and the λs. */
export interface MultiDeal {
  scenario: Scenario;
  centre: PartyPrefs;
  edges: PartyPrefs[];
  /** Issue ids of each edge, in order. */
  blocks: string[][];
  /** λ_k: edge k's share of the centre's weights. */
  lambdas: number[];
}

export function multiDealOf(scenario: Scenario): MultiDeal {
  const parties = scenario.parties as unknown as PartyPrefs[];
  const centre = parties.find((p) => p.id === CENTRE)!;
  const edges = parties.filter((p) => p.id !== CENTRE);
  const blocks = edges.map((e) =>
    scenario.issues.filter((i) => i.id.startsWith(`${e.id}-`)).map((i) => i.id),
  );
  const total = Object.values(centre.preferences.weights).reduce((s, w) => s + w, 0);
  const lambdas = blocks.map(
    (b) => b.reduce((s, id) => s + (centre.preferences.weights[id] ?? 0), 0) / total,
  );
  return { scenario, centre, edges, blocks, lambdas };
}

/**
 * Sub-negotiation k as a bilateral scenario: edge k's issues; the centre with its side utility s_k (its
 * block's weights rescaled to sum 1) and `reservation`; the edge as it is.
 */
export function edgeScenario(md: MultiDeal, k: number, reservation: number): Scenario {
  const block = md.blocks[k];
  const blockWeight = block.reduce((s, id) => s + md.centre.preferences.weights[id], 0);
  const pick = <T>(record: Record<string, T>) => Object.fromEntries(block.map((id) => [id, record[id]]));
  const edge = md.edges[k];
  const base = md.scenario as unknown as { parties: Record<string, unknown>[] };
  const partyOf = (id: string) => base.parties.find((p) => p.id === id)!;
  return {
    ...md.scenario,
    meta: { id: `${md.scenario.meta.id}-${edge.id}`, title: `${md.scenario.meta.title}: ${edge.id}` },
    issues: md.scenario.issues.filter((i) => block.includes(i.id)),
    parties: [
      {
        ...partyOf(CENTRE),
        reservation: r4(reservation),
        preferences: {
          weights: Object.fromEntries(
            block.map((id) => [id, md.centre.preferences.weights[id] / blockWeight]),
          ),
          values: pick(md.centre.preferences.values),
          normalize: false,
        },
      },
      {
        ...partyOf(edge.id),
        preferences: {
          weights: pick(edge.preferences.weights),
          values: pick(edge.preferences.values),
          normalize: false,
        },
      },
    ],
  } as unknown as Scenario;
}

/** The party's best additive utility over `block` (each issue's best option). */
function bestOf(p: PartyPrefs, block: readonly string[], scale: number): number {
  return block.reduce(
    (s, id) => s + (p.preferences.weights[id] / scale) * Math.max(...Object.values(p.preferences.values[id])),
    0,
  );
}

// ---------------------------------------------------------------------------------------------------------
// One multi-deal negotiation

/** Sub-negotiation contexts by container, edge and the centre's reservation (they repeat across runs). */
const contexts = new Map<string, ScenarioContext>();

function subContext(key: string, md: MultiDeal, k: number, reservation: number, settings: RunSettings) {
  const r = r4(reservation);
  const cacheKey = `${key}|${k}|${r}`;
  let ctx = contexts.get(cacheKey);
  if (!ctx) {
    if (contexts.size > 5000) contexts.clear();
    ctx = prepareScenario(edgeScenario(md, k, r), settings);
    contexts.set(cacheKey, ctx);
  }
  return ctx;
}

/** The seed of sub-negotiation k, from the multi-deal negotiation's. */
export function subSeed(planned: PlannedNegotiation, k: number): number {
  return Number.parseInt(sha256Hex(`zopa-anl2025-v1|${planned.seed}|${planned.id}|${k}`).slice(0, 8), 16);
}

interface SubResult {
  status: RowStatus;
  error: RowError | null;
  agreement: Record<string, unknown> | null;
  utilities: Record<string, number>;
  rounds: number;
}

/**
 * Runs a multi-deal negotiation: for each edge in order, a bilateral SAOP negotiation (the centre opens)
 * with a fresh centre agent that sees the deals so far through its reservation value (`centreReservation`).
 * A failing edge gets utility 0 and no deal on its edge; a failing centre gets 0, and the edges not yet met
 * their reservation values. The row: `agreement` joins the deals (issue ids name their edge), `utilities`
 * holds the centre's combined utility and each edge's, the status is the first failure's, else `agreement`
 * when some deal was made, and `rounds` sums the sub-negotiations'.
 */
export async function runMultiDeal(
  scenario: Scenario,
  planned: PlannedNegotiation,
  factories: Readonly<Record<string, AgentFactory>>,
  settings: RunSettings,
  asynchronous: boolean,
): Promise<NegotiationRow> {
  const started = performance.now();
  const md = multiDealOf(scenario);
  const kind = planned.multideal!.kind;
  const sides: (number | null)[] = md.edges.map(() => null);
  const utilities: Record<string, number> = {};
  const agreement: Record<string, unknown> = {};
  let status: RowStatus | null = null;
  let error: RowError | null = null;
  let rounds = 0;
  let centreFailed = false;
  const trace: unknown[] = [];
  for (let k = 0; k < md.edges.length; k++) {
    const edge = md.edges[k].id;
    if (centreFailed) {
      utilities[edge] = md.edges[k].reservation;
      continue;
    }
    const reservation = centreReservation(kind, sides, md.centre.reservation);
    const ctx = subContext(planned.scenario, md, k, reservation, settings);
    const sub: PlannedNegotiation = {
      id: `${planned.id}-${k + 1}`,
      index: planned.index,
      scenario: planned.scenario,
      agents: { [CENTRE]: planned.agents[CENTRE], [edge]: planned.agents[edge] },
      repetition: planned.repetition,
      seed: subSeed(planned, k),
      rounds: planned.rounds,
    };
    const row: SubResult = asynchronous
      ? await runNegotiationAsync(ctx, sub, factories, settings)
      : runNegotiation(ctx, sub, factories, settings);
    rounds += row.rounds;
    if ((row as NegotiationRow).trace) trace.push({ edge, trace: (row as NegotiationRow).trace });
    if (row.error && status === null) {
      status = row.status;
      error = row.error;
    }
    utilities[edge] = row.utilities[edge];
    if (row.error?.party === CENTRE) centreFailed = true;
    else if (row.agreement) {
      sides[k] = row.utilities[CENTRE];
      Object.assign(agreement, row.agreement);
    }
  }
  utilities[CENTRE] = centreFailed ? 0 : centreUtility(kind, md.lambdas, sides, md.centre.reservation);
  return multiDealRow(md, kind, planned, {
    status: status ?? (sides.some((s) => s !== null) ? "agreement" : "no-agreement"),
    error,
    agreement: Object.keys(agreement).length ? agreement : null,
    utilities,
    rounds,
    timeMs: performance.now() - started,
    trace: settings.traces ? trace : null,
  });
}

/** The row of a multi-deal negotiation its runner could not finish: `party` gets 0, the others no deal. */
export function multiDealFailureRow(
  scenario: Scenario,
  planned: PlannedNegotiation,
  status: "memory" | "error" | "timeout",
  party: string | null,
  message: string,
): NegotiationRow {
  const md = multiDealOf(scenario);
  const utilities: Record<string, number> = { [CENTRE]: md.centre.reservation };
  for (const e of md.edges) utilities[e.id] = e.reservation;
  if (party !== null) utilities[party] = 0;
  return multiDealRow(md, planned.multideal!.kind, planned, {
    status,
    error: { agent: party ? (planned.agents[party] ?? null) : null, party, message },
    agreement: null,
    utilities,
    rounds: 0,
    timeMs: 0,
    trace: null,
  });
}

function multiDealRow(
  md: MultiDeal,
  kind: CentreKind,
  planned: PlannedNegotiation,
  r: Omit<SubResult, "utilities"> & {
    utilities: Record<string, number>;
    timeMs: number;
    trace: unknown[] | null;
  },
): NegotiationRow {
  const sideBest = md.blocks.map((b) => {
    const scale = b.reduce((s, id) => s + md.centre.preferences.weights[id], 0);
    return bestOf(md.centre, b, scale);
  });
  const centreBest = centreUtility(kind, md.lambdas, sideBest, md.centre.reservation);
  const utilities: Record<string, number> = { [CENTRE]: r.utilities[CENTRE] };
  const advantage: Record<string, number> = {
    [CENTRE]: r.error?.party === CENTRE ? advantageOf(0, md.centre.reservation, centreBest) : 0,
  };
  if (r.error?.party !== CENTRE && r.agreement !== null)
    advantage[CENTRE] = advantageOf(r.utilities[CENTRE], md.centre.reservation, centreBest);
  md.edges.forEach((e, k) => {
    const u = r.utilities[e.id];
    utilities[e.id] = u;
    const dealt = md.blocks[k].some((id) => r.agreement !== null && id in r.agreement);
    advantage[e.id] =
      dealt || r.error?.party === e.id ? advantageOf(u, e.reservation, bestOf(e, md.blocks[k], 1)) : 0;
  });
  return {
    id: planned.id,
    index: planned.index,
    scenario: planned.scenario,
    agents: planned.agents,
    repetition: planned.repetition,
    seed: planned.seed,
    status: r.status,
    error: r.error,
    agreement: r.agreement as NegotiationRow["agreement"],
    utilities,
    advantage,
    welfare: Object.values(utilities).reduce((s, u) => s + u, 0),
    paretoDistance: null,
    nashDistance: null,
    rounds: r.rounds,
    timeMs: r.timeMs,
    trace: r.trace,
  };
}
