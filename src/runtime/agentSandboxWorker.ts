/**
 * Worker-thread side of the agent sandbox (agentSandbox.ts): loads one user agent module, and for each
 * negotiation rebuilds the agent's view from its serialisable parts with the same core functions as the session
 * (evaluatorOf, outcomeIndexOf, publicSpaceOf, createRandom), creates a fresh agent and answers its calls. The
 * public history is mirrored: each call brings the actions since the last one.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Agent, AgentFactory, AgentView, PublicAction, TurnState } from "../negotiation/agent.ts";
import { publicSpaceOf } from "../negotiation/agent.ts";
import { agentProblem } from "../negotiation/agentShape.ts";
import { evaluatorOf } from "../negotiation/evaluator.ts";
import { outcomeIndexOf } from "../negotiation/outcomeIndex.ts";
import { createRandom } from "../negotiation/random.ts";
import type { CompiledSpace } from "../space/compile.ts";

/** A turn state as sent: the history is the actions since the previous message. */
export interface SentState {
  round: number;
  time: number;
  rounds: number | null;
  timeMs: number | null;
  elapsedMs: number;
  current: TurnState["current"];
  /** History length before `added`: checked against the mirror. */
  from: number;
  added: PublicAction[];
}

export type Request =
  | {
      op: "setup";
      id: number;
      /** Sent when the worker has not seen this space yet. */
      space?: CompiledSpace;
      party: number;
      negotiators: number[];
      complete: boolean;
      discount: number;
      protocol: "saop" | "mediated";
      rngSeed: number;
    }
  | { op: "init"; id: number }
  | { op: "propose"; id: number; state: SentState }
  | { op: "respond"; id: number; state: SentState; offer: number; from: number }
  | { op: "vote"; id: number; state: SentState; candidate: number; current: number }
  | { op: "observe"; id: number; action: PublicAction; state: SentState };

export type Reply =
  | { id: -1; output: "stdout" | "stderr"; text: string }
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; message: string }
  | {
      id: 0;
      ok: true;
      value: {
        name: string;
        protocols?: ("saop" | "mediated")[];
        needsCompleteInformation?: boolean;
        init: boolean;
        vote: boolean;
        observe: boolean;
        /** Why the factory's product is not an agent (agentProblem), or null: for `zopa agent check`. */
        problem: string | null;
        /** False when the factory returned the same object twice (it must make a fresh agent each time). */
        fresh: boolean;
      };
    };

const port = parentPort!;
const { url } = workerData as { url: string };

// The agent's stdout and stderr go to the sandbox as messages, in order with the answers (the worker's own
// stdio streams are left unread: reading them would keep Zopa's process alive while the worker idles).
for (const stream of ["stdout", "stderr"] as const) {
  process[stream].write = ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
    const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    port.postMessage({ id: -1, output: stream, text } satisfies Reply);
    const done = typeof encoding === "function" ? encoding : callback;
    if (typeof done === "function") queueMicrotask(() => (done as () => void)());
    return true;
  }) as NodeJS.WriteStream["write"];
}

let factory: AgentFactory;
let space: CompiledSpace | null = null;
let agent: Agent | null = null;
let view: AgentView | null = null;
let history: PublicAction[] = [];

function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

function stateOf(s: SentState): TurnState {
  if (s.from !== history.length)
    throw new Error(`sandbox: history out of step (${s.from} ≠ ${history.length})`);
  for (const a of s.added) history.push(a);
  return {
    round: s.round,
    time: s.time,
    rounds: s.rounds,
    timeMs: s.timeMs,
    elapsedMs: s.elapsedMs,
    history,
    current: s.current,
  };
}

function setup(r: Extract<Request, { op: "setup" }>): void {
  if (r.space) space = r.space;
  if (!space) throw new Error("sandbox: no space");
  const k = r.party;
  const evaluator = evaluatorOf(space, k);
  history = [];
  view = {
    party: k,
    id: space.parties[k].id,
    space: publicSpaceOf(space),
    self: space.parties[k],
    utility: evaluator.utility,
    acceptable: evaluator.acceptable,
    evaluator,
    index: outcomeIndexOf(space, k, { evaluator }),
    negotiators: r.negotiators,
    opponents: r.negotiators.filter((j) => j !== k),
    complete: r.complete ? space : null,
    discount: r.discount,
    protocol: r.protocol,
    rng: createRandom(r.rngSeed),
  };
  agent = factory();
}

function answer(r: Request): unknown {
  if (r.op === "setup") {
    setup(r);
    return undefined;
  }
  const a = agent;
  if (!a) throw new Error("sandbox: no agent (setup first)");
  switch (r.op) {
    case "init":
      return a.init?.(view!);
    case "propose":
      return a.propose(stateOf(r.state));
    case "respond":
      return a.respond(stateOf(r.state), r.offer, r.from);
    case "vote":
      return a.vote!(stateOf(r.state), r.candidate, r.current);
    case "observe": {
      // As in Zopa's thread, the action observed is the history's last entry (the same object).
      const state = stateOf(r.state);
      const last = state.history[state.history.length - 1];
      const same =
        last !== undefined &&
        last.round === r.action.round &&
        last.party === r.action.party &&
        last.kind === r.action.kind &&
        last.outcome === r.action.outcome &&
        last.time === r.action.time;
      return a.observe?.(same ? last : r.action, state);
    }
  }
}

function reply(id: number, value: unknown): void {
  try {
    port.postMessage({ id, ok: true, value } satisfies Reply);
  } catch (e) {
    port.postMessage({
      id,
      ok: false,
      message: `answered with a value that cannot be sent: ${errorText(e)}`,
    } satisfies Reply);
  }
}

/**
 * Imports the agent module. A TypeScript agent that the running loader cannot take (the build, run without
 * tsx) goes through tsx's own `tsImport` when tsx is installed.
 */
async function importAgent(href: string): Promise<Record<string, unknown>> {
  try {
    return (await import(href)) as Record<string, unknown>;
  } catch (e) {
    if ((e as { code?: string }).code !== "ERR_UNKNOWN_FILE_EXTENSION" || !/\.[cm]?ts$/.test(href)) throw e;
    let tsImport: (specifier: string, parent: string) => Promise<unknown>;
    try {
      ({ tsImport } = (await import("tsx/esm/api")) as { tsImport: typeof tsImport });
    } catch {
      throw new Error(
        "a TypeScript agent needs tsx installed (npm install tsx), or compile it to JavaScript",
      );
    }
    return (await tsImport(href, import.meta.url)) as Record<string, unknown>;
  }
}

async function main(): Promise<void> {
  const mod = await importAgent(url);
  const f = (mod.createAgent ?? mod.default) as unknown;
  if (typeof f !== "function")
    throw new Error(
      "the module must export a function returning an agent (export default function createAgent() { return { name, propose, respond } })",
    );
  factory = f as AgentFactory;
  const probe = factory();
  // A second agent, to see whether the factory makes a fresh one each time (it is not used further).
  const fresh = factory() !== probe;
  if (!probe || typeof probe.propose !== "function" || typeof probe.respond !== "function")
    throw new Error(
      `the exported function must return an agent: ${agentProblem(probe) ?? "propose() and respond() are missing"}`,
    );
  port.postMessage({
    id: 0,
    ok: true,
    value: {
      name: String(probe.name),
      protocols: probe.protocols ? [...probe.protocols] : undefined,
      needsCompleteInformation: probe.needsCompleteInformation === true ? true : undefined,
      init: typeof probe.init === "function",
      vote: typeof probe.vote === "function",
      observe: typeof probe.observe === "function",
      problem: agentProblem(probe),
      fresh,
    },
  } satisfies Reply);
  port.on("message", (r: Request) => {
    let x: unknown;
    try {
      x = answer(r);
    } catch (e) {
      port.postMessage({ id: r.id, ok: false, message: errorText(e) } satisfies Reply);
      return;
    }
    if (typeof x === "object" && x !== null && typeof (x as { then?: unknown }).then === "function")
      (x as Promise<unknown>).then(
        (v) => reply(r.id, v),
        (e) => port.postMessage({ id: r.id, ok: false, message: errorText(e) } satisfies Reply),
      );
    else reply(r.id, x);
  });
}

main().catch((e) => {
  port.postMessage({ id: 0, ok: false, message: errorText(e) } satisfies Reply);
});
