/**
 * Live negotiations in which some parties are people (`/api/v1/sessions`). A session is created from a
 * simulation spec whose human parties' agent is `"human"`; each human party gets a token and acts with it
 * (`X-Party-Token`, or `?token=` for server-sent events). Agents answer within the request that gave them
 * the turn. Sessions live in memory: they end with the server.
 */
import { timingSafeEqual } from "node:crypto";
import { ZopaError } from "../errors.ts";
import { type ResultJson, resultToJson } from "../negotiation/serialize.ts";
import type { PartyAction, Session } from "../negotiation/session.ts";
import { createSession } from "../negotiation/simulate.ts";
import { embeddedScenario, resolveSpec, ScenarioRef, type SimulationSpec } from "../negotiation/spec.ts";
import type { Scenario } from "../scenario/schema.ts";
import type { CompiledSpace } from "../space/compile.ts";
import { decodeOutcome, digitsOf, encodeOutcome, outcomeRecord } from "../space/outcome.ts";
import { resolveScenario } from "../tasks/input.ts";
import { SimulateRequest } from "../tasks/simulate.ts";
import { parseRequest } from "../tasks/task.ts";
import { opaqueId } from "./context.ts";
import { HttpProblem } from "./problem.ts";
import type { ActionBody } from "./schemas.ts";

type Outcome = Record<string, string | number>;

/** One action as the parties see it (no utilities: those are private). */
export interface ActionEvent {
  step: number;
  round: number;
  party: string;
  kind: string;
  outcome: Outcome | null;
  message?: string;
}

export type SessionEvent = { event: "action"; data: ActionEvent } | { event: "end"; data: ResultJson };

export interface LiveSession {
  id: string;
  session: Session;
  space: CompiledSpace;
  scenario: Scenario;
  /** Human party → token. */
  tokens: Record<string, string>;
  listeners: Set<(e: SessionEvent) => void>;
  /** Trace entries already sent to listeners. */
  sent: number;
  createdAt: string;
  touched: number;
}

/** Sessions at most; beyond, creating one is a 429 (the oldest idle ones are dropped first). */
const MAX_SESSIONS = 2000;
/** A session untouched this long is dropped. */
const IDLE_MS = 24 * 3600 * 1000;

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The spec a request describes, its scenario embedded; and the scenario. */
function specOf(body: Record<string, unknown>): { spec: SimulationSpec; scenario: Scenario } {
  const r = parseRequest("simulate", SimulateRequest, body);
  const { version, scenario, name, files, paths: _p, ...rest } = r;
  if (scenario !== undefined && ScenarioRef.safeParse(scenario).success) {
    const spec: SimulationSpec = { version, scenario: scenario as ScenarioRef, ...rest };
    return { spec, scenario: embeddedScenario(spec) };
  }
  const loaded = resolveScenario({ scenario: scenario as string | Record<string, unknown>, name, files });
  return {
    spec: { version, scenario: { content: JSON.parse(JSON.stringify(loaded.scenario)) }, ...rest },
    scenario: loaded.scenario,
  };
}

export class Sessions {
  private live = new Map<string, LiveSession>();

  /** Creates a session from a checked request body (server fields already refused). */
  create(body: Record<string, unknown>): LiveSession {
    this.sweep();
    if (this.live.size >= MAX_SESSIONS)
      throw new HttpProblem(429, "too many live sessions; try again later", {
        headers: { "retry-after": "60" },
      });
    const { spec, scenario } = specOf(body);
    if (spec.repeat !== 1) throw new ZopaError("usage", "a live session is one negotiation: give no repeat");
    const humans = Object.entries(spec.agents)
      .filter(([, a]) => a === "human")
      .map(([party]) => party);
    if (!humans.length)
      throw new ZopaError(
        "usage",
        'a session needs at least one party whose agent is "human"; POST /api/v1/simulate runs agents alone',
        {
          location: { path: ["agents"] },
        },
      );
    const resolved = resolveSpec(spec, scenario, () => {
      throw new ZopaError("agent", 'agents over HTTP are catalog names or "human", never code');
    });
    const session = createSession(resolved.space, { ...resolved.options, seed: resolved.seed });
    const live: LiveSession = {
      id: opaqueId("n"),
      session,
      space: resolved.space,
      scenario,
      tokens: Object.fromEntries(humans.map((p) => [p, opaqueId("p")])),
      listeners: new Set(),
      sent: 0,
      createdAt: new Date().toISOString(),
      touched: Date.now(),
    };
    this.advance(live);
    this.live.set(live.id, live);
    return live;
  }

  get(id: string): LiveSession {
    const live = this.live.get(id);
    if (!live) throw new HttpProblem(404, `no session "${id}"`);
    live.touched = Date.now();
    return live;
  }

  /** Whether `token` is one of session `id`'s party tokens (for auth in place of the server token). */
  hasToken(id: string, token: string): boolean {
    const live = this.live.get(id);
    return !!live && Object.values(live.tokens).some((t) => sameToken(t, token));
  }

  /** The party a token plays: 401 without one, 403 with one that is not this session's. */
  partyOf(live: LiveSession, token: string | undefined): string {
    if (!token)
      throw new HttpProblem(401, "send your party's token in X-Party-Token", {
        headers: { "www-authenticate": "X-Party-Token" },
      });
    for (const [party, t] of Object.entries(live.tokens)) if (sameToken(t, token)) return party;
    throw new HttpProblem(403, "this token is not a party's token of this session");
  }

  /** Takes `party`'s action: 409 when it is not its turn (or the session ended), 400 for an invalid one. */
  act(live: LiveSession, party: string, body: ActionBody): void {
    const { session, space } = live;
    const expired = this.expire(live);
    const p = session.pending();
    if (p === null)
      throw new HttpProblem(
        409,
        expired
          ? "the time deadline passed before this action; the negotiation ended without agreement"
          : "the negotiation has ended; no action is expected",
      );
    if (p.party !== party)
      throw new HttpProblem(409, `it is "${p.party}"'s turn, not "${party}"'s`, { turn: p.party });
    let action: PartyAction;
    if (body.kind === "offer") {
      const ids = new Set(space.issues.map((i) => i.id));
      const unknown = Object.keys(body.outcome).filter((k) => !ids.has(k));
      const missing = space.issues.filter((i) => !(i.id in body.outcome)).map((i) => i.id);
      if (unknown.length || missing.length)
        throw new HttpProblem(400, "the outcome must give one option for every issue, by issue id", {
          errors: [
            ...unknown.map((k) => ({ path: ["outcome", k], message: `unknown issue "${k}"` })),
            ...missing.map((k) => ({ path: ["outcome", k], message: `no option for issue "${k}"` })),
          ],
        });
      let digits: Int32Array;
      try {
        digits = digitsOf(space, body.outcome);
      } catch (e) {
        const issue = space.issues.find((i) => !i.values.some((v) => v === body.outcome[i.id]))?.id ?? "";
        throw new HttpProblem(400, (e as Error).message, {
          errors: [{ path: ["outcome", issue], message: `not an option of issue "${issue}"` }],
        });
      }
      action = { type: "offer", outcome: encodeOutcome(space, digits) };
    } else if (body.kind === "end") action = { type: "end", ...(body.reason ? { reason: body.reason } : {}) };
    else action = { type: body.kind };
    if (body.message !== undefined) action.message = body.message;
    try {
      session.submit(action, party);
    } catch (e) {
      if (e instanceof ZopaError)
        throw new HttpProblem(400, e.message, { ...(e.hint ? { hint: e.hint } : {}) });
      throw e;
    }
    this.advance(live);
  }

  /**
   * Ends the session at its time deadline if that passed while a person was to act (the core checks the clock
   * only when asked), telling the listeners. Called before every read and action. Returns whether it ended.
   */
  expire(live: LiveSession): boolean {
    if (!live.session.expire()) return false;
    this.advance(live);
    return true;
  }

  /** Lets the agents answer until a human is to act or the negotiation ends, then tells the listeners. */
  private advance(live: LiveSession): void {
    const done = live.session.advance();
    if (done) throw new Error("catalog agents answer synchronously");
    const trace = live.session.trace;
    for (; live.sent < trace.length; live.sent++)
      this.emit(live, { event: "action", data: this.actionOf(live, live.sent) });
    if (live.session.over) this.emit(live, { event: "end", data: this.result(live)! });
  }

  private emit(live: LiveSession, e: SessionEvent): void {
    for (const f of live.listeners) f(e);
  }

  private record(live: LiveSession, outcome: number | null): Outcome | null {
    return outcome === null ? null : outcomeRecord(live.space, decodeOutcome(live.space, outcome));
  }

  actionOf(live: LiveSession, step: number): ActionEvent {
    const e = live.session.trace[step];
    const message = e.message;
    return {
      step,
      round: e.round,
      party: e.party,
      kind: e.kind,
      outcome: this.record(live, e.outcome),
      ...(message !== undefined ? { message } : {}),
    };
  }

  result(live: LiveSession): ResultJson | null {
    if (!live.session.over) return null;
    return resultToJson(live.space, live.session.result(), { trace: false });
  }

  /** What `party` may see: the public history with its own utilities, the offer on the table, the result. */
  view(live: LiveSession, party: string) {
    const { session, space } = live;
    this.expire(live);
    const v = session.viewOf(party);
    const p = session.pending();
    const offer = p?.offer ?? null;
    const own = session.evaluatorFor(space.parties.findIndex((x) => x.id === party));
    return {
      id: live.id,
      status: p === null ? ("ended" as const) : ("running" as const),
      turn: p?.party ?? null,
      round: v.round,
      current:
        p !== null && offer !== null
          ? { outcome: this.record(live, offer), party: p.from >= 0 ? space.parties[p.from].id : "mediator" }
          : null,
      history: v.history.map((h, step) => {
        const message = h.message;
        return {
          step,
          round: h.round,
          time: h.time,
          party: h.party,
          kind: h.kind,
          outcome: this.record(live, h.outcome),
          utility: h.utility,
          ...(h.utilities ? { utilities: h.utilities } : {}),
          ...(message !== undefined ? { message } : {}),
        };
      }),
      you: {
        party,
        utility: offer === null ? null : own.utility(offer),
        reservation: v.reservation,
        information: v.information,
        turn: v.turn ? { kind: v.turn.kind, allowed: v.turn.allowed } : null,
      },
      deadline: {
        rounds: session.config.rounds,
        timeMs: session.config.timeMs,
        remainingMs: session.timeLeft(),
      },
      /** What a client needs to show the table and build offers (no one's preferences). */
      table: {
        scenario: { id: live.scenario.meta.id, title: live.scenario.meta.title },
        issues: space.issues.map((i) => ({
          id: i.id,
          name: i.name,
          type: i.type,
          options: i.values.map((value, k) => ({ value, label: i.labels[k] })),
        })),
        parties: session.config.order.map((k) => ({
          id: space.parties[k].id,
          name: live.scenario.parties.find((p) => p.id === space.parties[k].id)?.name ?? space.parties[k].id,
          human: live.tokens[space.parties[k].id] !== undefined,
        })),
      },
      result: this.result(live),
    };
  }

  /** Drops idle sessions (and the oldest ones past the cap). */
  private sweep(): void {
    const now = Date.now();
    for (const [id, s] of this.live)
      if (now - s.touched > IDLE_MS && s.listeners.size === 0) this.live.delete(id);
  }

  close(): void {
    this.live.clear();
  }
}
