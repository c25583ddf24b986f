/**
 * The maximum of every count and limit a user can give (command-line flags and the spec fields behind them), in
 * one place: the schemas, the CLI's flag parsers, `--help` and docs/limits.md read them from here. Above its
 * maximum a value is refused at once (exit 2, naming the maximum); below it, work is bounded (results are
 * aggregated or streamed as they come, see docs/limits.md).
 */

export interface CountLimit {
  /** The largest value accepted. */
  readonly max: number;
  /** What is counted, for messages and docs. */
  readonly what: string;
  /** Where it is given: flags and spec fields. */
  readonly where: readonly string[];
}

export const LIMITS = {
  repeat: {
    max: 10_000_000,
    what: "negotiations of one simulation",
    where: ["simulate --repeat", "simulation spec `repeat`"],
  },
  keptRuns: {
    max: 10_000,
    what: "negotiations whose results one call keeps in memory",
    where: [
      "the `simulate` task (library, server): larger runs stream (`streamSimulation`, `zopa simulate`)",
    ],
  },
  rounds: {
    max: 1_000_000,
    what: "rounds of one negotiation",
    where: ["simulate --rounds", "agent --rounds", "simulation spec `rounds`", "tournament spec `rounds`"],
  },
  timeMs: {
    max: 86_400_000,
    what: "milliseconds of one negotiation's deadline (a day)",
    where: ["simulate --time", "simulation spec `timeMs`", "tournament spec `timeMs`"],
  },
  stopAfter: {
    max: 10_000_000,
    what: "party actions before a snapshot",
    where: ["simulate --stop-after"],
  },
  agentCallMs: {
    max: 3_600_000,
    what: "milliseconds of one user-agent call (an hour)",
    where: ["simulate --agent-timeout", "agent --agent-timeout", "`limits.agentCallMs` of a spec"],
  },
  agentMemoryMb: {
    max: 16_384,
    what: "megabytes of a user agent's heap",
    where: ["simulate --agent-memory", "agent --agent-memory", "`limits.agentMemoryMb` of a spec"],
  },
  samples: {
    max: 10_000_000,
    what: "Monte Carlo samples per issue",
    where: ["forecast --samples"],
  },
  bdmRounds: {
    max: 10_000,
    what: "rounds of the BDM model",
    where: ["forecast --rounds"],
  },
  folds: {
    max: 1_000,
    what: "folds of a cross-validation",
    where: ["forecast backtest --folds"],
  },
  cvSeeds: {
    max: 1_000,
    what: "repetitions of a cross-validation",
    where: ["forecast backtest --seeds"],
  },
  scenarios: {
    max: 1_000,
    what: "generated scenarios",
    where: ["agent --scenarios"],
  },
  threads: {
    max: 256,
    what: "worker threads",
    where: ["forecast --threads", "tournament --workers", "worker --concurrency"],
  },
  batch: {
    max: 100_000,
    what: "negotiations per worker task",
    where: ["tournament --batch"],
  },
  repetitions: {
    max: 1_000_000,
    what: "repetitions of each pairing of a tournament",
    where: ["tournament spec `repetitions`"],
  },
} as const satisfies Record<string, CountLimit>;

export type LimitName = keyof typeof LIMITS;

/** `(max 10,000,000)`: the suffix `--help` gives a flag. */
export function maxText(name: LimitName): string {
  return `(max ${LIMITS[name].max.toLocaleString("en-US")})`;
}

/** The message for a value above its maximum. */
export function overLimitMessage(what: string, name: LimitName, value: number): string {
  const limit = LIMITS[name];
  return `${what} is at most ${limit.max.toLocaleString("en-US")} (${limit.what}); got ${value.toLocaleString("en-US")}`;
}
