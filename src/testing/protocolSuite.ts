/**
 * The protocol conformance suite. A protocol (SAOP, the mediated single-text protocol with any mediator, or a
 * user's own) is played by built-in agents on small seeded scenarios (2 and 3 parties, reservation values, red
 * lines). Every protocol must end by the deadline, record only outcomes in the space, reach only agreements
 * acceptable to every party at the table, report the space's utilities of the agreement (or the reservation
 * values without one), and play the same trace under the same seed, also when one protocol object runs many
 * negotiations in turn. `checkProtocol` returns the checks as data. Pure: no I/O, no test runner.
 */
import type { AgentFactory } from "../negotiation/agent.ts";
import { agentFromCatalog } from "../negotiation/catalog.ts";
import { evaluatorOf } from "../negotiation/evaluator.ts";
import type { Protocol } from "../negotiation/protocol.ts";
import type { NegotiationResult } from "../negotiation/result.ts";
import type { CompiledSpace } from "../space/compile.ts";
import { firstDifference } from "./equal.ts";
import { CheckList, type CheckReport, errorText } from "./report.ts";
import { agentErrorOf, runNegotiation } from "./run.ts";
import { registerChecks, type TestFunction } from "./runner.ts";
import { syntheticSpace } from "./scenarios.ts";

export type { Protocol } from "../negotiation/protocol.ts";

/** The checks of the protocol suite, in the order reported. */
export const PROTOCOL_CHECKS = {
  runs: "runs built-in agents to the end without errors",
  deadline: "ends by the deadline",
  outcomes: "records only outcomes in the space",
  agreements: "reaches only agreements acceptable to every party at the table",
  utilities: "reports the space's utilities of the agreement (reservation values without one)",
  seed: "plays the same trace under the same seed, with one protocol object for every run",
} as const;

export interface ProtocolSuiteOptions {
  /** Number of generated scenarios; defaults to 6. */
  scenarios?: number;
  /** Parties per generated scenario, cycled; defaults to [2, 2, 3]. */
  parties?: readonly number[];
  /** Base seed; defaults to 0. */
  seed?: number;
  /** Built-in agents by catalog name (or [name, factory]), cycled over the seats; defaults by protocol kind. */
  agents?: (string | [string, AgentFactory])[];
  /** The parties at the table in turn order (e.g. all but a mediator party); defaults to every negotiator. */
  table?: (space: CompiledSpace) => string[];
}

const SAOP_AGENTS = ["conceder", "boulware", "random", "tit-for-tat", "nash-seeking", "aspiration"];
const MEDIATED_AGENTS = ["conceder", "boulware", "random", "linear"];

/**
 * Runs the protocol suite. The same protocol object plays every negotiation (a protocol, and the mediator it
 * holds, must reset in every run). Never throws for a misbehaving protocol: every problem is a failed check.
 */
export async function checkProtocol(
  protocol: Protocol,
  options: ProtocolSuiteOptions = {},
): Promise<CheckReport> {
  const C = PROTOCOL_CHECKS;
  const list = new CheckList(Object.values(C));
  const base = options.seed ?? 0;
  const partyCounts = options.parties ?? [2, 2, 3];
  const agents = (options.agents ?? (protocol.kind === "mediated" ? MEDIATED_AGENTS : SAOP_AGENTS)).map(
    (a): [string, AgentFactory] => (typeof a === "string" ? [a, agentFromCatalog(a)] : a),
  );
  let played = 0;
  let agreed = 0;
  for (let s = 0; s < (options.scenarios ?? 6); s++) {
    const parties = partyCounts[s % partyCounts.length];
    const space = syntheticSpace([2 + (s % 3), 3, 2 + ((s + 1) % 3)], 200 + base + s, {
      parties,
      maxReservation: 0.6,
      redLines: true,
    });
    const order = options.table?.(space) ?? space.negotiators.map((k) => space.parties[k].id);
    const rounds = 6 + 2 * s;
    const seed = base + s;
    const table = Object.fromEntries(order.map((id, j) => [id, agents[(s + j) % agents.length][1]]));
    const where = `scenario ${s} (${parties} parties, seed ${200 + base + s}; ${order
      .map((id) => `${id}=${agents[(s + order.indexOf(id)) % agents.length][0]}`)
      .join(", ")})`;
    const play = () => runNegotiation(space, { agents: table, order, protocol, rounds, seed });
    let r: NegotiationResult;
    let again: NegotiationResult;
    try {
      r = await play();
      again = await play();
    } catch (e) {
      list.fail(C.runs, `${where}: could not run: ${errorText(e)}`);
      continue;
    }
    played++;
    const error = agentErrorOf(r);
    if (error)
      list.fail(
        C.runs,
        `${where}, round ${error.round}, ${error.step} (${error.agent} at ${error.party}): ${error.message}`,
      );
    if (r.rounds > rounds)
      list.fail(C.deadline, `${where}: ${r.rounds} rounds begun; the deadline is ${rounds}`);
    for (const e of r.trace) {
      const at = `${where}, step ${e.step} (round ${e.round})`;
      if (e.round > rounds)
        list.fail(C.deadline, `${at}: ${e.party} ${e.kind} after the deadline of ${rounds} rounds`);
      if (e.outcome !== null && !(Number.isInteger(e.outcome) && e.outcome >= 0 && e.outcome < space.size))
        list.fail(C.outcomes, `${at}: ${e.kind} of ${e.outcome}, not an outcome index in [0, ${space.size})`);
      else if (e.outcome !== null && e.utilities) {
        const bad = r.parties.findIndex(
          (p, j) => Math.abs(e.utilities![j] - evaluatorOf(space, p.index).utility(e.outcome!)) > 1e-12,
        );
        if (bad >= 0)
          list.fail(
            C.utilities,
            `${at}: the trace says ${r.parties[bad].id}'s utility of ${e.outcome} is ${e.utilities[bad]}; the space says ${evaluatorOf(space, r.parties[bad].index).utility(e.outcome)}`,
          );
      }
    }
    if (r.status === "agreement") {
      agreed++;
      const x = r.agreement;
      if (x === null || !(Number.isInteger(x) && x >= 0 && x < space.size))
        list.fail(C.outcomes, `${where}: agreement ${x} is not an outcome index in [0, ${space.size})`);
      else {
        for (const id of order) {
          const k = space.parties.findIndex((p) => p.id === id);
          if (!evaluatorOf(space, k).acceptable(x))
            list.fail(C.agreements, `${where}: agreement ${x} is not acceptable to ${id}`);
        }
        r.parties.forEach((p, j) => {
          const u = evaluatorOf(space, p.index).utility(x);
          if (!(Math.abs(r.utilities[j] - u) <= 1e-12))
            list.fail(
              C.utilities,
              `${where}: ${p.id}'s utility of the agreement ${x} is ${u}; the result says ${r.utilities[j]}`,
            );
        });
      }
    } else
      r.parties.forEach((p, j) => {
        if (r.utilities[j] !== space.parties[p.index].reservation)
          list.fail(
            C.utilities,
            `${where}: no agreement (${r.status}), but ${p.id}'s utility is ${r.utilities[j]}, not its reservation value ${space.parties[p.index].reservation}`,
          );
      });
    const diff = firstDifference(r.trace, again.trace, "trace") ?? firstDifference(r, again);
    if (diff) list.fail(C.seed, `${where}, seed ${seed}: two runs differ at ${diff}`);
  }
  for (const name of Object.values(C))
    if (!list.hasFailed(name))
      list.note(
        name,
        name === C.agreements ? `${agreed} agreements in ${played} negotiations` : `${played} negotiations`,
      );
  return list.report(protocol.name);
}

/** Registers the protocol suite with a test runner, one test per check. */
export function testProtocol(
  test: TestFunction,
  protocol: Protocol,
  options: ProtocolSuiteOptions = {},
): void {
  registerChecks(test, protocol.name, Object.values(PROTOCOL_CHECKS), () => checkProtocol(protocol, options));
}
