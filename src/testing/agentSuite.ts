/**
 * The agent conformance suite: every agent, built in or written by a user, must keep the same rules. On small
 * seeded scenarios (2 and 3 parties, reservation values, red lines) against several opponents, under private
 * and complete information and in every protocol it plays, an agent
 * - offers only outcomes in the space, and only outcomes it could itself accept (utility at least its
 *   reservation value, none of its red lines broken);
 * - never accepts an offer below its reservation value or across its red lines, and is never bound to such an
 *   agreement (mediated protocols: it ratifies the final text with `respond`; its votes on the mediator's
 *   proposals are not binding and are not checked);
 * - acts only before the deadline;
 * - plays the same trace under the same seed (sessions are resumed by replaying their log).
 * `checkAgent` returns the checks as data; it works with synchronous agents and with agents whose methods
 * return Promises. Pure: no I/O, no test runner.
 */
import type { Agent, AgentFactory } from "../negotiation/agent.ts";
import { agentProblem } from "../negotiation/agentShape.ts";
import { agentFromCatalog } from "../negotiation/catalog.ts";
import { evaluatorOf } from "../negotiation/evaluator.ts";
import { mediatorHillClimbing, mediatorRandomFlip } from "../negotiation/mediators.ts";
import type { Protocol } from "../negotiation/protocol.ts";
import type { NegotiationResult } from "../negotiation/result.ts";
import { protocolSingleText } from "../negotiation/singleText.ts";
import type { CompiledSpace } from "../space/compile.ts";
import { decodeOutcome } from "../space/outcome.ts";
import { firstDifference } from "./equal.ts";
import { CheckList, type CheckReport, errorText } from "./report.ts";
import { agentErrorOf, runNegotiation } from "./run.ts";
import { registerChecks, type TestFunction } from "./runner.ts";
import { syntheticSpace } from "./scenarios.ts";

export type { Agent, AgentFactory } from "../negotiation/agent.ts";
export { agentProblem } from "../negotiation/agentShape.ts";

/** The checks of the agent suite, in the order reported. */
export const AGENT_CHECKS = {
  creates: "creates a fresh agent with a name, propose and respond",
  saopPrivate: "plays SAOP under private information without errors",
  saopComplete: "plays SAOP under complete information without errors",
  mediated: "plays the mediated single-text protocol without errors",
  validOffers: "offers only outcomes in the space",
  ownOffers: "offers only outcomes it could itself accept",
  accepts: "never accepts below its reservation value or across its red lines",
  deadline: "acts only before the deadline",
  seed: "plays the same trace under the same seed",
  agreements: "reaches only agreements every party can accept",
} as const;

export type Information = "private" | "complete";

export interface AgentSuiteOptions {
  /** Number of generated scenarios (2 and 3 parties, reservation values, red lines); defaults to 6. */
  scenarios?: number;
  /** Base seed: scenario s is generated from seed 100 + seed + s and played with seed + s; defaults to 0. */
  seed?: number;
  /** Opponents, by catalog name or as [name, factory], cycled over the seats; defaults to conceder, random, boulware. */
  opponents?: (string | [string, AgentFactory])[];
  /**
   * Play this space instead of generated ones: the agent takes each seat at the table in turn (scenario k is
   * the agent at seat k). Defaults to none.
   */
  space?: CompiledSpace;
  /** Deadline in rounds on `space`; defaults to 20 (generated scenario s uses 8 + s). */
  rounds?: number;
  /** Information conditions to play under; defaults to both. */
  information?: readonly Information[];
  /**
   * An agent call (or the Promise it returns) that takes longer fails the run as a timeout; defaults to 10000
   * ms. A synchronous call that never returns cannot be stopped from the same thread (run the agent in the
   * sandbox, src/runtime/agentSandbox.ts, as `zopa agent check` does).
   */
  agentTimeoutMs?: number;
  /**
   * For a factory of stand-ins (the sandbox's proxies, always fresh and well formed): what the real factory
   * made, as the sandbox's `probe` found it. The "creates" check then reads it instead of the stand-ins.
   */
  creation?: { problem: string | null; fresh: boolean };
  /** Called after each negotiation (the sandbox's `releaseAll`, so that the next one reuses its worker). */
  afterNegotiation?: () => void;
  /**
   * Stop playing at the first negotiation in which the agent's own call failed (threw, timed out, ran out of
   * memory, ended its worker): the failure is reported and the checks so far stand. A busy loop then costs
   * two calls' time limit (the negotiation is played twice), not one per negotiation. Defaults to false.
   */
  stopOnAgentFailure?: boolean;
}

/** One negotiation the suite played, for tests and reports that count outcomes. */
export interface AgentRun {
  /** "scenario 2 (3 parties)" or "seat buyer". */
  scenario: string;
  protocol: string;
  information: Information;
  seed: number;
  status: NegotiationResult["status"];
  agreement: number | null;
  rounds: number;
}

export interface AgentReport extends CheckReport {
  /** Every negotiation played (each was played twice for the determinism check; listed once). */
  runs: AgentRun[];
}

interface Case {
  label: string;
  space: CompiledSpace;
  /** The subject's party index. */
  party: number;
  rounds: number;
  seed: number;
  agents: Record<string, AgentFactory>;
}

interface Context {
  protocol: "saop" | "mediated";
  information: Information;
  check: string;
  make: () => Protocol | undefined;
  label: string;
}

const DEFAULT_OPPONENTS = ["conceder", "random", "boulware"];

function opponentFactories(options: AgentSuiteOptions): [string, AgentFactory][] {
  return (options.opponents ?? DEFAULT_OPPONENTS).map((o) =>
    typeof o === "string" ? [o, agentFromCatalog(o)] : o,
  );
}

function casesOf(factory: AgentFactory, options: AgentSuiteOptions): Case[] {
  const opponents = opponentFactories(options);
  const base = options.seed ?? 0;
  if (options.space) {
    const space = options.space;
    const rounds = options.rounds ?? 20;
    return space.negotiators.map((party, seat) => ({
      label: `seat ${space.parties[party].id}`,
      space,
      party,
      rounds,
      seed: base + seat,
      agents: Object.fromEntries(
        space.negotiators.map((k, j) => [
          space.parties[k].id,
          k === party ? factory : opponents[(seat + j) % opponents.length][1],
        ]),
      ),
    }));
  }
  return Array.from({ length: options.scenarios ?? 6 }, (_, s) => {
    const parties = s % 3 === 2 ? 3 : 2;
    const space = syntheticSpace([2 + (s % 3), 3, 2 + ((s + 1) % 3)], 100 + base + s, {
      parties,
      maxReservation: 0.6,
      redLines: true,
    });
    return {
      label: `scenario ${s} (${parties} parties, seed ${100 + base + s})`,
      space,
      party: 0,
      rounds: 8 + s,
      seed: base + s,
      agents: Object.fromEntries(
        space.parties.map((p, k) => [p.id, k === 0 ? factory : opponents[(s + k) % opponents.length][1]]),
      ),
    };
  });
}

/** `12 (i0=o1, i1=o0, i2=o2)` */
function describeOutcome(space: CompiledSpace, x: number): string {
  const digits = decodeOutcome(space, x);
  return `${x} (${space.issues.map((issue, i) => `${issue.id}=${issue.labels[digits[i]] ?? issue.values[digits[i]]}`).join(", ")})`;
}

/** Why an outcome is not acceptable to party k: "utility 0.31 < reservation value 0.45" or a red line. */
function whyUnacceptable(space: CompiledSpace, k: number, x: number): string {
  const e = evaluatorOf(space, k);
  const u = e.utility(x);
  return u < e.reservation
    ? `utility ${round(u)} < reservation value ${round(e.reservation)}`
    : `utility ${round(u)}, but it breaks one of its red lines`;
}

function round(x: number): string {
  return String(Math.round(x * 1e4) / 1e4);
}

/**
 * Runs the agent suite on an agent factory. The factory is called once per negotiation and must return a
 * fresh agent each time. Never throws for a misbehaving agent: every problem is a failed check.
 */
export async function checkAgent(
  factory: AgentFactory,
  options: AgentSuiteOptions = {},
): Promise<AgentReport> {
  const C = AGENT_CHECKS;
  const list = new CheckList(Object.values(C));
  let first: Agent;
  let second: Agent;
  try {
    first = factory();
    second = factory();
  } catch (e) {
    list.fail(C.creates, `the factory threw ${errorText(e)}`);
    return { ...only(list.report("(agent)"), C.creates), runs: [] };
  }
  const problem = options.creation ? options.creation.problem : agentProblem(first);
  if (problem) {
    list.fail(C.creates, problem);
    return { ...only(list.report("(agent)"), C.creates), runs: [] };
  }
  const subject = first.name;
  if (options.creation ? !options.creation.fresh : first === second)
    list.fail(
      C.creates,
      "the factory returned the same object twice; it must create a fresh agent per negotiation",
    );

  const plays = (p: "saop" | "mediated") => !first.protocols || first.protocols.includes(p);
  const infos = options.information ?? ["private", "complete"];
  const contexts: Context[] = [];
  for (const information of infos)
    contexts.push({
      protocol: "saop",
      information,
      check: information === "private" ? C.saopPrivate : C.saopComplete,
      make: () => undefined,
      label: `SAOP, ${information} information`,
    });
  contexts.push(
    {
      protocol: "mediated",
      information: "private",
      check: C.mediated,
      make: () => protocolSingleText(mediatorRandomFlip()),
      label: "mediated (random-flip), private information",
    },
    {
      protocol: "mediated",
      information: "private",
      check: C.mediated,
      make: () => protocolSingleText(mediatorHillClimbing("pareto")),
      label: "mediated (hill-climbing), private information",
    },
  );
  for (const information of ["private", "complete"] as const)
    if (!infos.includes(information))
      list.note(information === "private" ? C.saopPrivate : C.saopComplete, "not asked for");
  if (!plays("saop")) {
    list.note(C.saopPrivate, `not applicable: the agent plays ${first.protocols!.join(", ")}`);
    list.note(C.saopComplete, `not applicable: the agent plays ${first.protocols!.join(", ")}`);
  }
  if (!plays("mediated"))
    list.note(C.mediated, `not applicable: the agent plays ${first.protocols!.join(", ")}`);

  const runs: AgentRun[] = [];
  const counts = new Map<string, number>();
  let stoppedAt: string | null = null;
  play: for (const c of casesOf(factory, options))
    for (const ctx of contexts) {
      if (!plays(ctx.protocol)) continue;
      if (stoppedAt) break play;
      const where = `${c.label}, ${ctx.label}`;
      const me = c.space.parties[c.party].id;
      const simulateOnce = () =>
        runNegotiation(c.space, {
          agents: c.agents,
          rounds: c.rounds,
          seed: c.seed,
          information: ctx.information,
          protocol: ctx.make(),
          agentTimeoutMs: options.agentTimeoutMs ?? 10_000,
        });
      let r: NegotiationResult;
      let again: NegotiationResult;
      try {
        r = await simulateOnce();
        options.afterNegotiation?.();
        again = await simulateOnce();
        options.afterNegotiation?.();
      } catch (e) {
        options.afterNegotiation?.();
        list.fail(ctx.check, `${where}: the negotiation could not run: ${errorText(e)}`);
        continue;
      }
      counts.set(ctx.check, (counts.get(ctx.check) ?? 0) + 1);
      runs.push({
        scenario: c.label,
        protocol: r.protocol,
        information: ctx.information,
        seed: c.seed,
        status: r.status,
        agreement: r.agreement,
        rounds: r.rounds,
      });
      checkRun(list, c, ctx, where, me, r);
      // The trace first, so that the detail names the first step that differs.
      const diff = firstDifference(r.trace, again.trace, "trace") ?? firstDifference(r, again);
      if (diff) list.fail(C.seed, `${where}, seed ${c.seed}: two runs differ at ${diff}`);
      if (options.stopOnAgentFailure && agentErrorOf(r)?.party === me) stoppedAt = where;
    }
  const stopped = stoppedAt ? `; stopped after the agent failed in ${stoppedAt}` : "";
  for (const [check, n] of counts)
    if (!list.hasFailed(check)) list.note(check, `${n} negotiations${stopped}`);
  for (const check of [C.validOffers, C.ownOffers, C.accepts, C.deadline, C.agreements])
    list.note(check, `${runs.length} negotiations${stopped}`);
  list.note(C.seed, `${runs.length} negotiations played twice${stopped}`);
  return { ...list.report(subject), runs };
}

/** How a stopped call is named in a check's detail, before the reason (an error's text names itself). */
const FAILURE_KIND: Record<string, string> = { timeout: "timed out: ", memory: "out of memory: " };

/** The rules on one negotiation's result. */
function checkRun(
  list: CheckList,
  c: Case,
  ctx: Context,
  where: string,
  me: string,
  r: NegotiationResult,
): void {
  const C = AGENT_CHECKS;
  const space = c.space;
  const error = agentErrorOf(r);
  if (error) {
    const invalidOffer = error.party === me && error.step === "propose" && error.kind === "invalid";
    const whose = error.party === me ? "" : ` (opponent ${error.agent} at ${error.party})`;
    list.fail(
      invalidOffer ? C.validOffers : ctx.check,
      `${where}, round ${error.round}, ${error.step}${whose}: ${FAILURE_KIND[error.kind] ?? ""}${error.message}`,
    );
  }
  if (r.rounds > c.rounds)
    list.fail(C.deadline, `${where}: ${r.rounds} rounds begun; the deadline is ${c.rounds}`);
  for (const e of r.trace) {
    const at = `${where}, step ${e.step} (round ${e.round})`;
    if (e.round > c.rounds)
      list.fail(C.deadline, `${at}: ${e.party} ${e.kind} after the deadline of ${c.rounds} rounds`);
    if (e.party !== me || e.outcome === null) continue;
    if (!Number.isInteger(e.outcome) || e.outcome < 0 || e.outcome >= space.size) {
      list.fail(
        C.validOffers,
        `${at}: ${e.kind} of ${e.outcome}, not an outcome index in [0, ${space.size})`,
      );
      continue;
    }
    // Votes on a mediator's proposals are not binding; only SAOP accepts are checked here.
    if (e.kind === "accept" && ctx.protocol === "saop" && !evaluatorOf(space, c.party).acceptable(e.outcome))
      list.fail(
        C.accepts,
        `${at}: accepted ${describeOutcome(space, e.outcome)}: ${whyUnacceptable(space, c.party, e.outcome)}`,
      );
    if (e.kind === "offer" && !evaluatorOf(space, c.party).acceptable(e.outcome))
      list.fail(
        C.ownOffers,
        `${at}: offered ${describeOutcome(space, e.outcome)}: ${whyUnacceptable(space, c.party, e.outcome)}`,
      );
  }
  if (r.status === "agreement" && r.agreement !== null) {
    if (!evaluatorOf(space, c.party).acceptable(r.agreement))
      list.fail(
        C.accepts,
        `${where}: agreed to ${describeOutcome(space, r.agreement)}: ${whyUnacceptable(space, c.party, r.agreement)}`,
      );
    for (const p of r.parties)
      if (!evaluatorOf(space, p.index).acceptable(r.agreement))
        list.fail(
          C.agreements,
          `${where}: agreement ${describeOutcome(space, r.agreement)} is not acceptable to ${p.id}: ${whyUnacceptable(space, p.index, r.agreement)}`,
        );
  }
}

function only(report: CheckReport, name: string): CheckReport {
  return { ...report, checks: report.checks.filter((c) => c.name === name) };
}

/**
 * Registers the agent suite with a test runner, one test per check: `testAgent(test, createAgent)` with
 * `import { test } from "node:test"`. The subject is the agent's name unless given.
 */
export function testAgent(
  test: TestFunction,
  factory: AgentFactory,
  options: AgentSuiteOptions = {},
  subject?: string,
): void {
  let name = subject;
  if (name === undefined)
    try {
      name = factory().name;
    } catch {
      name = "(agent)";
    }
  registerChecks(test, name ?? "(agent)", Object.values(AGENT_CHECKS), () => checkAgent(factory, options));
}
