/** Helpers for negotiation tests: a minimal turn state and a scripted agent. */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Agent, TurnState } from "../../src/negotiation/agent.ts";
import { parseScenario } from "../../src/scenario/parse.ts";
import type { Scenario } from "../../src/scenario/schema.ts";
import { REPO_ROOT } from "../support/shared.ts";

export function exampleScenario(name: string): Scenario {
  const parsed = parseScenario(readFileSync(join(REPO_ROOT, "examples", name), "utf8"));
  if (!parsed.scenario) throw new Error(`${name} does not parse`);
  return parsed.scenario;
}

export function stateAt(round: number, rounds: number): TurnState {
  return {
    round,
    time: (round - 1) / rounds,
    rounds,
    timeMs: null,
    elapsedMs: 0,
    history: [],
    current: null,
  };
}

/** An agent that plays a fixed script: offers from `offers` in turn, answers from `answers`. */
export function scriptedAgent(
  offers: (number | null)[],
  answers: ("accept" | "reject" | "end")[] = [],
): Agent {
  let o = 0;
  let a = 0;
  return {
    name: "scripted",
    propose: () => offers[Math.min(o++, offers.length - 1)],
    respond: () => answers[Math.min(a++, answers.length - 1)] ?? "reject",
  };
}
