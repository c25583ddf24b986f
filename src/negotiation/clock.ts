/**
 * The session's replayable clock: milliseconds since the start, every reading recorded (`log`) so that a
 * resumed session plays them back (time deadlines, normalised times and agent time limits replay exactly),
 * then the live clock from the last reading on. It is read only when the session has a time deadline or an
 * agent time limit; otherwise time is the round's.
 */

export class SessionClock {
  /** Readings (ms since the start) in the order they were taken: replayed on resume (time deadlines). */
  readonly log: number[] = [];
  /** Whether the clock is read at all: a time deadline or an agent time limit. */
  readonly timed: boolean;
  private readonly read: () => number;
  private readonly start: number;

  constructor(
    private readonly rounds: number | null,
    private readonly timeMs: number | null,
    agentTimeoutMs: number | null,
    clock: () => number,
    /** Readings to replay first (elapsed ms since the start, as `log` recorded them). */
    replay?: readonly number[],
  ) {
    this.timed = timeMs !== null || agentTimeoutMs !== null;
    this.read = replay?.length ? replayingClock(replay, clock) : clock;
    this.start = this.timed ? this.read() : 0;
  }

  /** Milliseconds since the start, recorded for replay. */
  now(): number {
    const t = this.read() - this.start;
    this.log.push(t);
    return t;
  }

  elapsed(): number {
    return this.timed ? this.now() : 0;
  }

  /** Normalised time at the start of a round. */
  timeAt(round: number): number {
    const { rounds, timeMs } = this;
    let t = rounds !== null ? (round - 1) / rounds : 0;
    if (timeMs !== null) t = Math.max(t, this.elapsed() / timeMs);
    return Math.min(1, t);
  }

  /** Whether the deadline has passed before `round` starts (or now, for time deadlines). */
  pastDeadline(round: number): boolean {
    const { rounds, timeMs } = this;
    if (rounds !== null && round > rounds) return true;
    return timeMs !== null && this.elapsed() >= timeMs;
  }
}

/** Plays back recorded readings (relative to the first, which is the start), then the live clock from there. */
function replayingClock(readings: readonly number[], live: () => number): () => number {
  let k = 0;
  let offset = 0;
  return () => {
    if (k === 0) {
      k++;
      return 0;
    }
    if (k <= readings.length) return readings[k++ - 1];
    if (k === readings.length + 1) {
      k++;
      offset = readings.length ? readings[readings.length - 1] - live() : 0;
    }
    return live() + offset;
  };
}
