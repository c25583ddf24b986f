/**
 * User agents in worker threads (Node only), so that user code cannot hurt Zopa: a call that runs past its time
 * is stopped from outside (the worker is terminated, a busy loop too), an agent that exceeds its memory limit is
 * stopped, `process.exit` ends the worker only, and the agent's stdout and stderr never reach Zopa's stdout.
 *
 * `sandboxedAgentFactory(source, options)` loads the module in a worker (to check it and learn the agent's name)
 * and returns an `AgentFactory`: each agent it makes is a proxy whose methods return Promises, answered by a
 * worker that created the real agent with the same view (rebuilt there from the space, the party and the seed
 * by the same core functions), so a sandboxed agent plays byte for byte as it does in Zopa's thread. Run its
 * negotiations with `simulateAsync` / `runSessionAsync`. A failure rejects with an `AgentCallError` whose kind
 * (`timeout`, `memory`, `error`) the session records as the negotiation's status.
 *
 * A worker serves one agent at a time: it is leased at the agent's `init` and goes back to the sandbox's idle
 * workers with `release(agent)` (or is terminated once more than `idle` wait). `close()` terminates them all.
 * Workers not serving a call are unref'd, so a forgotten sandbox never keeps the process alive.
 *
 * Not a security boundary: the worker shares the process (its file descriptors, the file system, the network,
 * `process.kill`); see docs/sandbox.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, extname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { ZopaError } from "../errors.ts";
import {
  type Agent,
  AgentCallError,
  type AgentView,
  type PublicAction,
  type TurnState,
} from "../negotiation/agent.ts";
import type { CompiledParty, CompiledSpace } from "../space/compile.ts";
import type { Reply, Request, SentState } from "./agentSandboxWorker.ts";
import { type WorkerFile, workerFileBeside, workerStart } from "./workerFile.ts";

/** Default time limit of one agent call, in milliseconds (`--agent-timeout`). */
export const DEFAULT_AGENT_CALL_MS = 1000;
/** Default heap limit of an agent's worker, in megabytes (`--agent-memory`). */
export const DEFAULT_AGENT_MEMORY_MB = 256;
/** Default time to start a worker, load the module and rebuild an agent's view. */
export const DEFAULT_AGENT_LOAD_MS = 10_000;

/** A module path (relative to the working folder) or URL, or a module's source with its file name. */
export type AgentSource = string | URL | { content: string; name: string };

export interface SandboxOptions {
  /** Time limit of one call (init, propose, respond, vote, observe), in ms. Default 1000. */
  callMs?: number;
  /** The worker's V8 heap limit (`maxOldGenerationSizeMb`), in MB. Default 256. */
  memoryMb?: number;
  /** Time limit to start a worker and load the module, and to rebuild the view and create an agent. */
  loadMs?: number;
  /** Idle workers kept for the next negotiations (default 2). */
  idle?: number;
  /**
   * Where the agent's stdout and stderr go (never to Zopa's stdout): a function given the text, the stream it
   * was written to and the agent's name. Dropped when left out; a shell passes `prefixedLines(...)`.
   */
  output?: AgentOutput;
}

/** Receives what a sandboxed agent writes to its stdout or stderr. */
export type AgentOutput = (text: string, stream: "stdout" | "stderr", agent: string) => void;

/**
 * An `output` that passes whole lines, each prefixed `[agent <name>] `, to `write` (the CLI gives
 * `(line) => void stderr.write(line)` for its standard error). A last line without a newline waits for the rest.
 */
export function prefixedLines(write: (line: string) => void): AgentOutput {
  const partial = new Map<string, string>();
  return (text, stream, agent) => {
    const key = `${agent}\n${stream}`;
    const lines = ((partial.get(key) ?? "") + text).split("\n");
    partial.set(key, lines.pop() ?? "");
    for (const line of lines) write(`[agent ${agent}] ${line}\n`);
  };
}

/** A factory of sandboxed agents, with the workers behind them. */
export interface AgentSandbox {
  (): Agent;
  /** The agent's name (as the module's first agent gave it). */
  readonly agentName: string;
  /** Gives the workers of finished agents back to the sandbox (other agents are ignored). */
  release(...agents: readonly (Agent | null | undefined)[]): void;
  /**
   * Gives back the workers of every agent made so far: for runs that play one negotiation at a time, between
   * negotiations (an agent of a negotiation still running would lose its worker).
   */
  releaseAll(): void;
  /** Terminates every worker (and removes the module's temporary copy); the sandbox cannot be used after. */
  close(): Promise<void>;
  /**
   * What the module's factory made when the sandbox loaded it (in the worker): why its product is not an agent
   * (null when it is one), and whether two calls gave two objects. The proxies this factory returns are always
   * fresh and well formed, so `zopa agent check` asks here.
   */
  readonly probe: { problem: string | null; fresh: boolean };
  /** Workers started so far, and alive now (for tests and diagnostics). */
  readonly stats: { started: number; alive: number; idle: number };
}

interface Meta {
  name: string;
  protocols?: ("saop" | "mediated")[];
  needsCompleteInformation?: boolean;
  init: boolean;
  vote: boolean;
  observe: boolean;
  problem: string | null;
  fresh: boolean;
}

/**
 * The worker file beside this module: agentSandboxWorker.js in the build; from source, agentSandboxWorker.ts
 * with tsx's loader (found from here, so it works under tsx's CommonJS transform too: see workerFile.ts).
 */
export function sandboxWorkerEntry(moduleUrl: string = import.meta.url): WorkerFile {
  return workerFileBeside(moduleUrl, "agentSandboxWorker");
}

/** A request without its id (given by the worker's call). */
type Sent = Request extends infer R ? (R extends unknown ? Omit<R, "id"> : never) : never;

interface Call {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** One worker thread with the module loaded: calls in, answers out, stopped from outside on overrun. */
class SandboxWorker {
  readonly worker: Worker;
  readonly ready: Promise<Meta>;
  /** The space the worker holds (sent once per space). */
  space: CompiledSpace | null = null;
  /** Why the worker is gone; null while it lives. */
  death: AgentCallError | null = null;
  private readonly calls = new Map<number, Call>();
  private nextId = 1;
  private exited: Promise<void>;

  constructor(
    url: string,
    limits: { callMs: number; memoryMb: number; loadMs: number },
    output: (text: string, stream: "stdout" | "stderr") => void,
  ) {
    const entry = sandboxWorkerEntry();
    const options = {
      workerData: { url },
      stdout: true,
      stderr: true,
      stdin: false,
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb },
    };
    const start = workerStart(entry, import.meta.url);
    this.worker = new Worker(start.entry, { ...options, eval: start.eval });
    this.ready = new Promise<Meta>((resolveReady, rejectReady) => {
      const timer = setTimeout(() => {
        this.die(new AgentCallError("timeout", `took more than ${limits.loadMs} ms to load; stopped`));
      }, limits.loadMs);
      this.calls.set(0, {
        resolve: (m) => resolveReady(m as Meta),
        reject: rejectReady,
        timer,
      });
    });
    this.ready.catch(() => undefined);
    this.worker.on("message", (r: Reply) => {
      if ("output" in r) {
        output(r.text, r.output);
        return;
      }
      const call = this.calls.get(r.id);
      if (!call) return;
      this.calls.delete(r.id);
      if (call.timer !== undefined) clearTimeout(call.timer);
      this.refresh();
      if (r.ok) call.resolve(r.value);
      else call.reject(new AgentCallError("error", r.message));
    });
    this.worker.on("error", (e: Error & { code?: string }) => {
      if (e.code === "ERR_WORKER_OUT_OF_MEMORY")
        this.death ??= new AgentCallError(
          "memory",
          `exceeded its memory limit (${limits.memoryMb} MB); stopped`,
        );
      else this.death ??= new AgentCallError("error", `${e.name}: ${e.message}`);
    });
    this.exited = new Promise((done) => {
      this.worker.on("exit", (code) => {
        this.death ??= new AgentCallError("error", `agent called process.exit(${code})`);
        this.rejectAll();
        done();
      });
    });
  }

  get alive(): boolean {
    return this.death === null;
  }

  /** Sends a request; rejects with an AgentCallError (timeout after `ms`, or the agent's error). */
  call(request: Sent, ms: number): Promise<unknown> {
    if (this.death) return Promise.reject(this.death);
    const id = this.nextId++;
    return new Promise((resolveCall, rejectCall) => {
      const timer = setTimeout(() => {
        this.die(new AgentCallError("timeout", `took more than ${ms} ms; stopped by the sandbox`));
      }, ms);
      this.calls.set(id, { resolve: resolveCall, reject: rejectCall, timer });
      this.refresh();
      try {
        this.worker.postMessage({ ...request, id });
      } catch (e) {
        this.calls.delete(id);
        clearTimeout(timer);
        this.refresh();
        rejectCall(new AgentCallError("error", `cannot send the call: ${(e as Error).message}`));
      }
    });
  }

  /** Stops the worker from outside and fails its calls with `why`. */
  die(why: AgentCallError): void {
    this.death ??= why;
    this.rejectAll();
    void this.worker.terminate();
  }

  async terminate(): Promise<void> {
    this.die(new AgentCallError("error", "the sandbox was closed"));
    await this.exited;
  }

  private rejectAll(): void {
    for (const call of this.calls.values()) {
      if (call.timer !== undefined) clearTimeout(call.timer);
      call.reject(this.death);
    }
    this.calls.clear();
    this.refresh();
  }

  /** Keeps the process alive only while a call waits for an answer. */
  private refresh(): void {
    if (this.calls.size > 0 && this.death === null) this.worker.ref();
    else this.worker.unref();
  }
}

function plainState(state: TurnState, from: number): SentState {
  return {
    round: state.round,
    time: state.time,
    rounds: state.rounds,
    timeMs: state.timeMs,
    elapsedMs: state.elapsedMs,
    current: state.current,
    from,
    added: state.history.slice(from) as PublicAction[],
  };
}

function positive(x: number, what: string): number {
  if (!(Number.isFinite(x) && x > 0))
    throw new ZopaError("usage", `${what} must be a positive number (got ${x})`);
  return x;
}

/**
 * A factory of sandboxed agents for a user agent module (its default export, or `createAgent`, returns a fresh
 * agent): the module is loaded in a worker first, and a module that does not load or export an agent factory
 * is refused with a ZopaError("agent").
 */
export async function sandboxedAgentFactory(
  source: AgentSource,
  options: SandboxOptions = {},
): Promise<AgentSandbox> {
  const limits = {
    callMs: positive(options.callMs ?? DEFAULT_AGENT_CALL_MS, "the agent call limit (ms)"),
    memoryMb: positive(options.memoryMb ?? DEFAULT_AGENT_MEMORY_MB, "the agent memory limit (MB)"),
    loadMs: positive(options.loadMs ?? DEFAULT_AGENT_LOAD_MS, "the agent load limit (ms)"),
  };
  const maxIdle = Math.max(0, options.idle ?? 2);
  let shown: string;
  let url: string;
  let tempDir: string | null = null;
  if (typeof source === "object" && !(source instanceof URL)) {
    shown = source.name;
    tempDir = mkdtempSync(join(tmpdir(), "zopa-sandbox-"));
    // An ESM folder: a .js agent's `export default` loads as in a "type": "module" package.
    writeFileSync(join(tempDir, "package.json"), '{ "type": "module" }\n');
    const ext = extname(source.name) || ".js";
    const file = join(tempDir, `${basename(source.name, ext) || "agent"}${ext}`);
    writeFileSync(file, source.content);
    url = pathToFileURL(file).href;
  } else if (source instanceof URL || /^(file|data):/.test(source)) {
    url = String(source);
    shown = url;
  } else {
    url = pathToFileURL(resolve(source)).href;
    shown = source;
  }
  const removeTemp = () => {
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    tempDir = null;
  };

  let name = basename(shown);
  const write = options.output;
  const output = (text: string, stream: "stdout" | "stderr") => write?.(text, stream, name);
  const workers = new Set<SandboxWorker>();
  const idle: SandboxWorker[] = [];
  const leases = new WeakMap<Agent, { worker: SandboxWorker | null }>();
  /** Agents holding a worker. */
  const leased = new Set<Agent>();
  let started = 0;
  let closed = false;

  const spawn = (): SandboxWorker => {
    const w = new SandboxWorker(url, limits, output);
    started++;
    workers.add(w);
    w.worker.once("exit", () => {
      workers.delete(w);
      const k = idle.indexOf(w);
      if (k >= 0) idle.splice(k, 1);
    });
    return w;
  };
  const acquire = async (): Promise<SandboxWorker> => {
    if (closed) throw new AgentCallError("error", "the sandbox was closed");
    let w = idle.pop();
    while (w && !w.alive) w = idle.pop();
    w ??= spawn();
    await w.ready;
    return w;
  };

  // The first worker checks the module and learns the agent's name; it then waits for the first negotiation.
  const first = spawn();
  let meta: Meta;
  try {
    meta = await first.ready;
  } catch (e) {
    await first.terminate();
    removeTemp();
    const why = e instanceof AgentCallError ? e.message : String(e);
    throw new ZopaError("agent", `cannot load agent module ${shown} in the sandbox: ${why}`, {
      hint: "a .ts agent needs tsx to load (run zopa with tsx, or compile the agent to .js)",
    });
  }
  idle.push(first);
  name = meta.name;

  const make = (): Agent => {
    const lease: { worker: SandboxWorker | null } = { worker: null };
    let sent = 0;
    const worker = (): SandboxWorker => {
      if (!lease.worker) throw new AgentCallError("error", "sandboxed agent called before init");
      return lease.worker;
    };
    const ask = (request: Sent) => worker().call(request, limits.callMs);
    const stateFor = (state: TurnState): SentState => {
      const s = plainState(state, sent);
      sent = state.history.length;
      return s;
    };
    const agent: Agent = {
      name: meta.name,
      // Its calls are limited here, from outside: the session does not time them (init also starts a worker).
      timesItself: true,
      ...(meta.protocols ? { protocols: meta.protocols } : {}),
      ...(meta.needsCompleteInformation ? { needsCompleteInformation: true } : {}),
      async init(view: AgentView): Promise<void> {
        const w = await acquire();
        lease.worker = w;
        leased.add(agent);
        sent = 0;
        const space = spaceFor(view);
        await w.call(
          {
            op: "setup",
            space: w.space === space ? undefined : space,
            party: view.party,
            negotiators: [...view.negotiators],
            complete: view.complete !== null,
            discount: view.discount,
            protocol: view.protocol,
            rngSeed: view.rng.seed,
          },
          limits.loadMs,
        );
        w.space = space;
        if (meta.init) await ask({ op: "init" });
      },
      propose: (state) => ask({ op: "propose", state: stateFor(state) }) as Promise<number | null>,
      respond: (state, offer, from) =>
        ask({ op: "respond", state: stateFor(state), offer, from }) as Promise<"accept">,
    };
    if (meta.vote)
      agent.vote = (state, candidate, current) =>
        ask({ op: "vote", state: stateFor(state), candidate, current }) as Promise<boolean>;
    if (meta.observe)
      agent.observe = (action, state) =>
        ask({ op: "observe", action, state: stateFor(state) }) as Promise<void>;
    leases.set(agent, lease);
    return agent;
  };

  const sandbox = make as unknown as AgentSandbox;
  Object.defineProperty(sandbox, "agentName", { get: () => name });
  Object.defineProperty(sandbox, "probe", { value: { problem: meta.problem, fresh: meta.fresh } });
  Object.defineProperty(sandbox, "stats", {
    get: () => ({ started, alive: workers.size, idle: idle.length }),
  });
  sandbox.release = (...agents) => {
    for (const agent of agents) {
      const lease = agent ? leases.get(agent) : undefined;
      const w = lease?.worker;
      if (!lease || !w) continue;
      lease.worker = null;
      leased.delete(agent!);
      if (w.alive && !closed && idle.length < maxIdle) idle.push(w);
      else void w.terminate();
    }
  };
  sandbox.releaseAll = () => sandbox.release(...leased);
  sandbox.close = async () => {
    closed = true;
    idle.length = 0;
    await Promise.all([...workers].map((w) => w.terminate()));
    removeTemp();
  };
  return sandbox;
}

/**
 * The space the worker rebuilds the view from: the full compiled space under complete information, else the
 * public space with the party's own preferences only (what the agent sees in Zopa's thread; the others'
 * preferences never reach the worker). Cached per party, so a worker reused for the same party and scenario
 * keeps its evaluator and outcome index.
 */
const privateSpaces = new WeakMap<CompiledParty, CompiledSpace>();
function spaceFor(view: AgentView): CompiledSpace {
  if (view.complete) return view.complete;
  let space = privateSpaces.get(view.self);
  if (!space) {
    const pub = view.space;
    space = {
      scenarioId: pub.scenarioId,
      title: pub.title,
      variant: pub.variant,
      issues: pub.issues,
      radix: pub.radix,
      strides: pub.strides,
      size: pub.size,
      parties: pub.parties.map(
        (p, j): CompiledParty =>
          j === view.party
            ? view.self
            : {
                ...p,
                hasPreferences: false,
                tables: [],
                reservation: 0,
                redLines: [],
                weights: new Float64Array(0),
                cap: Number.POSITIVE_INFINITY,
                discountApplied: 1,
              },
      ),
      negotiators: [...view.negotiators],
    };
    privateSpaces.set(view.self, space);
  }
  return space;
}
