/**
 * The session's replayable clock: milliseconds since the start, every reading recorded (`log`) so that a
 * resumed session plays them back (time deadlines, normalised times and agent time limits replay exactly),
 * then the live clock from the last reading on. The session reads it only when it has a time deadline or an
 * agent time limit (`timed`), and computes normalised time and deadlines from the readings.
 */

export class SessionClock {
  /** Readings (ms since the start) in the order they were taken: replayed on resume (time deadlines). */
  readonly log: number[] = [];
  private readonly read: () => number;
  private readonly start: number;

  constructor(
    /** Whether the clock is read at all; an untimed session takes no start reading. */
    timed: boolean,
    clock: () => number,
    /** Readings to replay first (elapsed ms since the start, as `log` recorded them). */
    replay?: readonly number[],
  ) {
    this.read = replay?.length ? replayingClock(replay, clock) : clock;
    this.start = timed ? this.read() : 0;
  }

  /** Milliseconds since the start, recorded for replay. */
  now(): number {
    const t = this.read() - this.start;
    this.log.push(t);
    return t;
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
