/**
 * Connects the catalog's `llm` agent to a model for one run (a simulation, a tournament): resolves each
 * agent's endpoint from its settings, then ZOPA_LLM_BASE_URL, ZOPA_LLM_MODEL and ZOPA_LLM_API_KEY (falling
 * back to OPENAI_API_KEY), and routes its requests live, live while recording a cassette, or from a cassette
 * alone. `using` installs the connector for the length of a callback and writes the recorded cassette after.
 */
import { existsSync, renameSync, writeFileSync } from "node:fs";
import { ZopaError } from "../../errors.ts";
import { AgentAbort } from "../../negotiation/agent.ts";
import { agentLlm } from "../../negotiation/llm/agent.ts";
import type { ChatFn } from "../../negotiation/llm/chat.ts";
import { type LlmConnector, setLlmConnector } from "../../negotiation/llm/connector.ts";
import type { LlmOptions } from "../../negotiation/llm/settings.ts";
import { CassetteRecorder, readCassette, replayChat } from "./cassette.ts";
import { chatClient } from "./client.ts";

export interface LlmRunOptions {
  /** The environment to read settings from (process.env by default). */
  env?: Record<string, string | undefined>;
  /** Record every exchange into this cassette file (written as each one comes; an existing cassette grows). */
  record?: string;
  /** Answer from this cassette only (no network). */
  replay?: string;
  /** First HTTP backoff in ms (tests make it small). */
  backoffMs?: number;
}

const HINT_URL = "e.g. ZOPA_LLM_BASE_URL=http://127.0.0.1:11434/v1 for a local Ollama (docs/llm.md)";

/** The model and endpoint of an agent's settings, with the environment filling the gaps. */
export function endpointOf(
  options: LlmOptions,
  env: Record<string, string | undefined>,
  needsEndpoint: boolean,
): { model: string; baseUrl: string | null; apiKey?: string } {
  const model = options.model ?? env.ZOPA_LLM_MODEL;
  if (!model)
    throw new ZopaError(
      "usage",
      "the llm agent has no model: set ZOPA_LLM_MODEL, or give model in the agent's settings",
      {
        hint: "e.g. ZOPA_LLM_MODEL=llama3.2 (docs/llm.md)",
      },
    );
  const baseUrl = options.baseUrl ?? env.ZOPA_LLM_BASE_URL ?? null;
  if (needsEndpoint && !baseUrl)
    throw new ZopaError(
      "usage",
      "the llm agent has no endpoint: set ZOPA_LLM_BASE_URL, or give baseUrl in the agent's settings",
      { hint: HINT_URL },
    );
  if (baseUrl !== null && !/^https?:\/\//.test(baseUrl))
    throw new ZopaError("usage", `the llm endpoint "${baseUrl}" is not an http(s) URL`, { hint: HINT_URL });
  let apiKey: string | undefined;
  if (options.apiKeyEnv !== undefined) {
    apiKey = env[options.apiKeyEnv];
    if (needsEndpoint && !apiKey)
      throw new ZopaError("usage", `the llm agent's API key variable ${options.apiKeyEnv} is not set`, {
        hint: `set ${options.apiKeyEnv}, or leave apiKeyEnv out for ZOPA_LLM_API_KEY / OPENAI_API_KEY (or none)`,
      });
  } else apiKey = env.ZOPA_LLM_API_KEY ?? env.OPENAI_API_KEY;
  return apiKey ? { model, baseUrl, apiKey } : { model, baseUrl };
}

/** A run's connection to models: the connector to install, and the cassette to write when it ends. */
export class LlmRun {
  private readonly env: Record<string, string | undefined>;
  private readonly recorder: CassetteRecorder | null = null;
  private readonly replayed: ChatFn | null = null;
  private readonly clients = new Map<string, ChatFn>();

  constructor(private readonly options: LlmRunOptions = {}) {
    this.env = options.env ?? process.env;
    if (options.record && options.replay)
      throw new ZopaError("usage", "give --llm-record or --llm-replay, not both");
    if (options.replay) this.replayed = replayChat(readCassette(options.replay), options.replay);
    if (options.record) {
      // Recording into an existing cassette adds to it (a resumed tournament keeps what the first run asked);
      // every exchange is written at once, so that a stopped run loses nothing.
      const file = options.record;
      const kept = existsSync(file) ? readCassette(file).entries : {};
      this.recorder = new CassetteRecorder(
        (r) => this.liveFor(r.model)(r),
        kept,
        () => this.finish(),
      );
    }
  }

  /** Live clients by model (one per endpoint and model), set up by the connector. */
  private readonly routes = new Map<string, ChatFn>();
  private liveFor(model: string): ChatFn {
    const chat = this.routes.get(model);
    if (!chat) throw new Error(`no endpoint for model ${model}`);
    return chat;
  }

  readonly connector: LlmConnector = (options, name) => {
    const { model, baseUrl, apiKey } = endpointOf(options, this.env, this.replayed === null);
    let chat: ChatFn;
    if (this.replayed) chat = this.replayed;
    else {
      const key = `${baseUrl}|${options.apiKeyEnv ?? ""}|${options.timeoutMs}|${options.httpRetries}`;
      let live = this.clients.get(key);
      if (!live) {
        live = chatClient({
          baseUrl: baseUrl!,
          apiKey,
          timeoutMs: options.timeoutMs,
          httpRetries: options.httpRetries,
          concurrency: options.concurrency,
          requestsPerMinute: options.requestsPerMinute,
          backoffMs: this.options.backoffMs,
        });
        this.clients.set(key, live);
      }
      this.routes.set(model, live);
      chat = this.recorder ? this.recorder.chat : live;
    }
    return () => agentLlm({ model, options, chat, name });
  };

  /** Writes the recorded cassette (when recording); returns the number of exchanges kept. */
  finish(): number {
    if (!this.recorder || !this.options.record) return 0;
    // A temporary file renamed into place: an interrupted write never leaves half a cassette.
    const tmp = `${this.options.record}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.recorder.toJson(), null, 2)}\n`);
    renameSync(tmp, this.options.record);
    return this.recorder.size;
  }

  private before: LlmConnector | null = null;

  /** Installs the connector (until `uninstall`). */
  install(): void {
    this.before = setLlmConnector(this.connector);
  }

  /** Puts back the connector installed before, and writes the cassette. */
  uninstall(): void {
    setLlmConnector(this.before);
    this.before = null;
    this.finish();
  }

  /** Runs `fn` with the connector installed; the cassette is written afterwards, whatever happened. */
  async using<T>(fn: () => Promise<T>): Promise<T> {
    this.install();
    try {
      return await fn();
    } catch (e) {
      // The run could not go on (endpoint unreachable, a replay without the answer): the error as such.
      if (e instanceof AgentAbort) throw e.error;
      throw e;
    } finally {
      this.uninstall();
    }
  }
}
