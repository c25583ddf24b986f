/**
 * Acceptance conditions (Baarslag, Hindriks & Jonker, "Acceptance conditions in automated negotiation",
 * 2011), composable with `acceptanceEither` / `acceptanceBoth`. Utilities are the agent's own. The composed
 * agent (boa.ts) rejects anything below its reservation value or across its red lines before asking these.
 */
import type { AcceptanceInput, AcceptanceStrategy } from "./boa.ts";

export interface NextOptions {
  /** Accept if alpha · u(offer) + beta ≥ u(planned bid). Defaults 1 and 0. */
  alpha?: number;
  beta?: number;
  /** Require u(offer) > u(planned) (GENIUS multilateral). */
  strict?: boolean;
  /** Compare discounted utilities u · discount^t (GENIUS multilateral); equal t, so only ties can change. */
  discounted?: boolean;
}

/** AC_next: accept if the offer is worth at least the bid the agent would make now. */
export function acceptanceNext(options: NextOptions = {}): AcceptanceStrategy {
  const alpha = options.alpha ?? 1;
  const beta = options.beta ?? 0;
  return {
    name: options.strict ? "acceptanceNextStrict" : "acceptanceNext",
    accept({ offerUtility, plannedUtility, planned, state, ctx }: AcceptanceInput) {
      if (planned === null) return false;
      const f = options.discounted ? ctx.view.discount ** state.time : 1;
      const offered = (alpha * offerUtility + beta) * f;
      const mine = plannedUtility * f;
      return options.strict ? offered > mine : offered >= mine;
    },
  };
}

/** AC_const(α): accept if u(offer) ≥ α. */
export function acceptanceConst(alpha: number): AcceptanceStrategy {
  return { name: `acceptanceConst(${alpha})`, accept: ({ offerUtility }) => offerUtility >= alpha };
}

/** AC_time(T): accept any offer (that clears the reservation value and red lines) once t ≥ T. */
export function acceptanceTime(T: number): AcceptanceStrategy {
  return { name: `acceptanceTime(${T})`, accept: ({ state }) => state.time >= T };
}

/**
 * AC_combi(T, MAX^W): AC_next, or once t ≥ T accept if u(offer) is at least the best offer received in the
 * window of the same length as the time left, [t − (1 − t), t] (Baarslag et al.'s MAX^W).
 */
export function acceptanceCombi(T: number, next: AcceptanceStrategy = acceptanceNext()): AcceptanceStrategy {
  return {
    name: `acceptanceCombi(${T})`,
    accept(input: AcceptanceInput) {
      if (next.accept(input)) return true;
      const t = input.state.time;
      if (t < T) return false;
      const from = t - (1 - t);
      let best = Number.NEGATIVE_INFINITY;
      const r = input.ctx.received;
      // The offer being answered is the last received; the window covers those before it.
      for (let j = r.length - 2; j >= 0 && r[j].time >= from; j--) best = Math.max(best, r[j].utility);
      // An empty window accepts nothing more than AC_next did.
      return best > Number.NEGATIVE_INFINITY && input.offerUtility >= best;
    },
  };
}

/** Accept if the offer reaches a target utility computed from the state (aspiration-style agents). */
export function acceptanceTarget(
  name: string,
  target: (input: AcceptanceInput) => number,
): AcceptanceStrategy {
  return { name, accept: (input) => input.offerUtility >= target(input) };
}

export function acceptanceEither(...parts: AcceptanceStrategy[]): AcceptanceStrategy {
  return {
    name: `either(${parts.map((p) => p.name).join(",")})`,
    accept: (input) => parts.some((p) => p.accept(input)),
  };
}

export function acceptanceBoth(...parts: AcceptanceStrategy[]): AcceptanceStrategy {
  return {
    name: `both(${parts.map((p) => p.name).join(",")})`,
    accept: (input) => parts.every((p) => p.accept(input)),
  };
}
