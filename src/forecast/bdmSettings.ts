/**
 * The settings of Bueno de Mesquita's expected-utility model where the published reconstruction (Scholz, Calbert &
 * Smith 2011) is ambiguous, named after the reference note's list A1–A7, and the presets that fix them.
 */

export interface BdmSettings {
  /**
   * A1, the denominator of P_i (probability that i beats j): `eq31` Σ_k c_k s_k |arg_k| over the actors (the
   * paper's formula, so P_i + P_j = 1); `allPairs` Σ_k Σ_a Σ_b |cmp_k(x_a, x_b)| over every ordered pair of
   * actor positions (the jmckib replication; P is small).
   */
  probability: "eq31" | "allPairs";
  /** A1: whether arg_k uses risk-transformed distances (|x_k − x|/R)^{r_k} (jmckib) or plain distances. */
  probabilityRisk: boolean;
  /**
   * A3: whose risk exponent enters E^j(U_ji) when i weighs j's challenge: `own` j's r_j (BDM 1985) or
   * `evaluator` i's r_i (jmckib: both expected utilities of a pair are computed from i's point of view).
   */
  perspective: "own" | "evaluator";
  /** A4: whether Compel/Capitulate offers (a < 0 < b, |a| > |b|: i moves all the way) are acted on. */
  capitulation: boolean;
  /**
   * A4, choice among several compromise offers: `smallestMove` ("players move the least that they can",
   * BDM 1997) or `lowestPosition` (the offer with the smallest resulting position: the jmckib rule).
   */
  compromiseChoice: "smallestMove" | "lowestPosition";
  /** A5: R = range of the initial positions (`initial`) or recomputed each round (`current`). */
  range: "initial" | "current";
  /**
   * A6, the per-round forecast: `weightedMedian` (the c·s-weighted median = the Condorcet winner in 1-D) or
   * `kingOfTheHill` (positions challenge the incumbent in actor order; jmckib's median).
   */
  median: "weightedMedian" | "kingOfTheHill";
  /** A7: probability that the status quo persists when i does not challenge (Scholz use 1 for BDM 1994). */
  Q: number;
  /**
   * A7: T, whether j's uncoerced move makes i better off: `closerToMedian` T = 1 iff |x_i − μ| < |x_i − x_j|;
   * `always` 1; `never` 0. Irrelevant when Q = 1.
   */
  T: "closerToMedian" | "always" | "never";
}

/** Presets: `jmckib` reproduces the published 10-round emission trajectory; `scholz` follows the paper's text. */
export const BDM_PRESETS = {
  jmckib: {
    probability: "allPairs",
    probabilityRisk: true,
    perspective: "evaluator",
    capitulation: false,
    compromiseChoice: "lowestPosition",
    range: "initial",
    median: "kingOfTheHill",
    Q: 1,
    T: "closerToMedian",
  },
  scholz: {
    probability: "eq31",
    probabilityRisk: false,
    perspective: "own",
    capitulation: true,
    compromiseChoice: "smallestMove",
    range: "initial",
    median: "weightedMedian",
    Q: 1,
    T: "closerToMedian",
  },
} as const satisfies Record<string, BdmSettings>;

export type BdmPreset = keyof typeof BDM_PRESETS;

export function bdmSettings(preset: BdmPreset = "scholz", overrides: Partial<BdmSettings> = {}): BdmSettings {
  return { ...BDM_PRESETS[preset], ...overrides };
}
