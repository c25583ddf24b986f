/**
 * The literature's models of EU legislative decisions (Thomson et al., The European Union Decides, 2006/2012),
 * each from its published definition as we read it, on DEU issues (positions and saliences 0–100, equal
 * capability as in the note's baselines):
 *
 * - compromise with the reference point: the reference point q joins the weighted mean with a share λ of the
 *   weight, x̂ = (1 − λ)·compromise + λ·q (λ fitted by the protocol, src/forecast/protocol.ts);
 * - Nash bargaining with q as disagreement point (Achen 2006; Schneider, Finke & Bailer 2010): the asymmetric
 *   NBS among the actors who gain from leaving q on the side that holds the larger salience weight;
 * - position exchange (Stokman & van Oosten 1994; Arregui, Stokman & Thomson 2006): actors trade position
 *   shifts across the issues of one proposal, then the compromise of the shifted positions;
 * - a procedural model of the ordinary legislative procedure: Commission agenda setting under qualified
 *   majority (or unanimity) in the Council and, in co-decision, Parliament's approval and amendments.
 *
 * None of these reproduces a published number (the DEU papers publish MAEs on the full data, not per issue);
 * each is checked against hand calculation (test/forecast/euModels.test.ts).
 */
import type { DeuIssue } from "./deu.ts";
import { type IntervalSet, intersect, nearestPoint } from "./interval.ts";
import { asymmetricNash } from "./nashBargaining.ts";
import { preferredToStatusQuo, quotaWinSet, unanimityWinSet } from "./winSet.ts";

const SCALE: IntervalSet = [{ lo: 0, hi: 100 }];

/** Council votes under the Treaty of Nice (EU-27 plus Croatia's 7): the weights of qualified-majority voting. */
export const NICE_VOTES: Record<string, number> = {
  de: 29,
  fr: 29,
  it: 29,
  uk: 29,
  es: 27,
  pl: 27,
  ro: 14,
  nl: 13,
  be: 12,
  cz: 12,
  el: 12,
  hu: 12,
  pt: 12,
  at: 10,
  bu: 10,
  se: 10,
  dk: 7,
  ie: 7,
  lt: 7,
  sk: 7,
  fi: 7,
  cr: 7,
  cy: 4,
  ee: 4,
  lv: 4,
  lu: 4,
  si: 4,
  mt: 3,
};

/** 255 of 345 votes (Nice, EU-27): the qualified majority as a share of the votes cast by states with a stance. */
export const QMV_QUOTA = 255 / 345;

const INSTITUTIONS = new Set(["com", "ep"]);

function weightedMean(points: readonly { x: number; w: number }[]): number | undefined {
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += p.w * p.x;
    den += p.w;
  }
  return den > 0 ? num / den : undefined;
}

/** The note's compromise baseline: salience-weighted mean of every actor with a position. */
export function deuCompromise(issue: DeuIssue): number | undefined {
  return weightedMean(issue.actors.map((a) => ({ x: a.position, w: a.salience })));
}

/**
 * The compromise model with Council votes as capability (the note: "with sourced Council-vote capabilities …
 * weighted mean 23.0" on the full data): member states weigh Nice votes × salience; the Commission and the
 * Parliament the votes of the largest member state (29), as the GDP row of the file treats them.
 */
export function compromiseCouncilVotes(issue: DeuIssue): number | undefined {
  const largest = Math.max(...Object.values(NICE_VOTES));
  return weightedMean(
    issue.actors.map((a) => ({
      x: a.position,
      w: (INSTITUTIONS.has(a.code) ? largest : (NICE_VOTES[a.code] ?? 0)) * a.salience,
    })),
  );
}

/** x̂ = (1 − λ)·compromise + λ·q; the plain compromise when the issue has no reference point. */
export function compromiseWithReference(issue: DeuIssue, lambda: number): number | undefined {
  const c = deuCompromise(issue);
  if (c === undefined || issue.referencePoint === undefined) return c;
  return (1 - lambda) * c + lambda * issue.referencePoint;
}

/**
 * Nash bargaining with the reference point q as disagreement: x* = argmax Σ_i s_i log(u_i(x) − u_i(q)) with
 * u_i(x) = −(x − x_i)² (salience as the bargaining weight, the note's convention). Actors on the side of q with
 * the smaller total salience (and actors at q) cannot gain from any agreement that the other side wants and are
 * outvoted: they do not bargain. Undefined without a reference point or when nobody wants to leave q.
 */
export function nashWithReference(issue: DeuIssue): number | undefined {
  const q = issue.referencePoint;
  if (q === undefined) return undefined;
  let above = 0;
  let below = 0;
  for (const a of issue.actors) {
    if (a.position > q) above += a.salience;
    else if (a.position < q) below += a.salience;
  }
  if (above === 0 && below === 0) return undefined;
  const up = above >= below;
  const players = issue.actors
    .filter((a) => (up ? a.position > q : a.position < q) && a.salience > 0)
    .map((a) => ({ name: a.code, position: a.position, weight: a.salience }));
  return asymmetricNash(players, q, SCALE);
}

/** The member states with a position, weighted by their Council votes (Nice). */
function councilMembers(issue: DeuIssue) {
  return issue.actors
    .filter((a) => !INSTITUTIONS.has(a.code) && NICE_VOTES[a.code] !== undefined)
    .map((a) => ({ name: a.code, position: a.position, weight: NICE_VOTES[a.code] }));
}

/** The outcomes the Council would adopt instead of q: a qualified majority (or, under unanimity, every state). */
export function councilWinSet(issue: DeuIssue, q: number): IntervalSet {
  const members = councilMembers(issue);
  if (members.length === 0) return [];
  return /unan/i.test(issue.vote) ? unanimityWinSet(members, q) : quotaWinSet(members, q, QMV_QUOTA);
}

function closest(set: IntervalSet, x: number, fallback: number): number {
  return nearestPoint(intersect(set, SCALE), x) ?? fallback;
}

/**
 * The procedural model (Tsebelis & Garrett; Crombez; Steunenberg, in 1-D with Euclidean preferences):
 * 1. the Commission proposes the point nearest its ideal that the Council adopts over q (qualified majority,
 *    or unanimity) and, in co-decision (COD), that the Parliament also prefers to q; q if no such point;
 * 2. in co-decision the Parliament then amends the proposal p to the point nearest its own ideal that a
 *    qualified majority of the Council prefers to p (or keeps p).
 * Undefined without a reference point or a Commission position.
 */
export function euProcedural(issue: DeuIssue): number | undefined {
  const q = issue.referencePoint;
  const com = issue.actors.find((a) => a.code === "com");
  if (q === undefined || !com) return undefined;
  const ep = issue.actors.find((a) => a.code === "ep");
  const codecision = /cod/i.test(issue.procedure) && ep !== undefined;
  let acceptable = councilWinSet(issue, q);
  if (codecision) acceptable = intersect(acceptable, preferredToStatusQuo(ep.position, q));
  const proposal = closest(acceptable, com.position, q);
  if (!codecision || ep.position === proposal) return proposal;
  // Amendments pass the Council by a qualified majority against the proposal (the Commission's consent is
  // not modelled); the closure of the win-set, so an amendment can sit on its edge.
  const members = councilMembers(issue);
  const amendable = members.length ? quotaWinSet(members, proposal, QMV_QUOTA) : [];
  const amended = nearestPoint(intersect(amendable, SCALE), ep.position);
  if (amended === undefined) return proposal;
  return Math.abs(amended - ep.position) < Math.abs(proposal - ep.position) ? amended : proposal;
}

/** One actor's stance on the issues of a proposal: position and salience per issue (undefined: no stance). */
interface ExchangeActor {
  code: string;
  x: (number | undefined)[];
  s: number[];
}

export interface Exchange {
  /** i moves on issue e, j moves on issue d (indices into the proposal's issues). */
  i: string;
  j: string;
  d: number;
  e: number;
  /** How far each moved its position, and the (equal) utility gain of each. */
  shiftJ: number;
  shiftI: number;
  gain: number;
}

function outcomes(actors: readonly ExchangeActor[], issues: number): (number | undefined)[] {
  return Array.from({ length: issues }, (_, d) =>
    weightedMean(actors.flatMap((a) => (a.x[d] === undefined ? [] : [{ x: a.x[d]!, w: a.s[d] }]))),
  );
}

/**
 * Position exchange over the issues of one proposal (Stokman & van Oosten 1994, with Arregui et al.'s DEU
 * conventions): the expected outcome of each issue is the salience-weighted mean O_d; actor i values issue d
 * with salience s_id and linear loss. Two actors on opposite sides of O_d and of O_e can trade: j shifts its
 * position on d towards O_d (helping i, who is relatively more salient on d: s_id·s_je > s_ie·s_jd), i shifts on
 * e towards O_e (helping j). With w_jd = s_jd / Σ_k s_kd, the moves a = w_jd·δ_d and b = w_ie·δ_e of the expected
 * outcomes give i the gain s_id·a − s_ie·b and j the gain s_je·b − s_jd·a; equal gains fix b = a·(s_id + s_jd) /
 * (s_ie + s_je), and the trade is as large as it can be without an actor moving past the expected outcome. The
 * trade with the largest gain goes first; each actor moves its position on each issue at most once. Returns the
 * forecast per issue (the final O_d) and the trades made.
 */
export function positionExchange(issues: readonly DeuIssue[]): {
  forecasts: (number | undefined)[];
  exchanges: Exchange[];
} {
  const codes = [...new Set(issues.flatMap((issue) => issue.actors.map((a) => a.code)))];
  const actors: ExchangeActor[] = codes.map((code) => ({
    code,
    x: issues.map((issue) => issue.actors.find((a) => a.code === code)?.position),
    s: issues.map((issue) => issue.actors.find((a) => a.code === code)?.salience ?? 0),
  }));
  const totals = issues.map((_, d) => actors.reduce((t, a) => t + (a.x[d] === undefined ? 0 : a.s[d]), 0));
  const used = new Set<string>();
  const exchanges: Exchange[] = [];
  for (;;) {
    const o = outcomes(actors, issues.length);
    let best: (Exchange & { dirD: number; dirE: number }) | undefined;
    for (const ai of actors)
      for (const aj of actors) {
        if (ai === aj) continue;
        for (let d = 0; d < issues.length; d++)
          for (let e = 0; e < issues.length; e++) {
            if (d === e || o[d] === undefined || o[e] === undefined) continue;
            if (used.has(`${aj.code}:${d}`) || used.has(`${ai.code}:${e}`)) continue;
            const [xid, xjd, xie, xje] = [ai.x[d], aj.x[d], ai.x[e], aj.x[e]];
            if (xid === undefined || xjd === undefined || xie === undefined || xje === undefined) continue;
            const [sid, sjd, sie, sje] = [ai.s[d], aj.s[d], ai.s[e], aj.s[e]];
            // Opposite sides of both expected outcomes, and i relatively more salient on d.
            if (Math.sign(xid - o[d]!) * Math.sign(xjd - o[d]!) !== -1) continue;
            if (Math.sign(xie - o[e]!) * Math.sign(xje - o[e]!) !== -1) continue;
            const advantage = sid * sje - sie * sjd;
            if (!(advantage > 0) || totals[d] <= 0 || totals[e] <= 0) continue;
            const wjd = sjd / totals[d];
            const wie = sie / totals[e];
            if (wjd <= 0 || wie <= 0) continue;
            const ratio = (sid + sjd) / (sie + sje);
            const a = Math.min(wjd * Math.abs(xjd - o[d]!), (wie * Math.abs(xie - o[e]!)) / ratio);
            const gain = (a * advantage) / (sie + sje);
            if (!(gain > 1e-12) || (best && gain <= best.gain)) continue;
            best = {
              i: ai.code,
              j: aj.code,
              d,
              e,
              shiftJ: a / wjd,
              shiftI: (a * ratio) / wie,
              gain,
              dirD: Math.sign(o[d]! - xjd),
              dirE: Math.sign(o[e]! - xie),
            };
          }
      }
    if (!best) return { forecasts: o, exchanges };
    const { dirD, dirE, ...made } = best;
    const ai = actors.find((a) => a.code === best.i)!;
    const aj = actors.find((a) => a.code === best.j)!;
    aj.x[best.d] = aj.x[best.d]! + dirD * best.shiftJ;
    ai.x[best.e] = ai.x[best.e]! + dirE * best.shiftI;
    used.add(`${aj.code}:${best.d}`);
    used.add(`${ai.code}:${best.e}`);
    exchanges.push(made);
  }
}

/** The exchange forecast of every issue, computed proposal by proposal (cached per array of issues). */
export function exchangeForecasts(issues: readonly DeuIssue[]): Map<DeuIssue, number | undefined> {
  const byProposal = new Map<string, DeuIssue[]>();
  for (const issue of issues)
    byProposal.set(issue.proposal, [...(byProposal.get(issue.proposal) ?? []), issue]);
  const out = new Map<DeuIssue, number | undefined>();
  for (const group of byProposal.values()) {
    const { forecasts } = positionExchange(group);
    group.forEach((issue, k) => {
      out.set(issue, forecasts[k]);
    });
  }
  return out;
}
