/**
 * Cassettes: every model request and its reply, kept in a JSON file keyed by a hash of the request (SHA-256 of
 * its canonical JSON: model, messages, tools, response format, temperature, seed; never the endpoint or the
 * key). Recording wraps a live chat function; replaying answers from the file alone, without any network, so
 * a run from a cassette gives byte-identical results (latencies are the recorded ones). A request the
 * cassette lacks stops the run with an error saying so.
 */
import { readFileSync } from "node:fs";
import { ZopaError } from "../../errors.ts";
import { AgentAbort } from "../../negotiation/agent.ts";
import type { ChatFn, ChatReply, ChatRequest } from "../../negotiation/llm/chat.ts";
import { canonicalJson, sha256Hex } from "../../tournament/sha256.ts";

export interface CassetteEntry {
  model: string;
  /** The last message of the request (trimmed to 200 characters): a reader's clue, not used for matching. */
  last: string;
  reply: ChatReply;
}

export interface CassetteFile {
  version: 1;
  kind: "zopa-llm-cassette";
  entries: Record<string, CassetteEntry>;
}

/** The key of a request: 32 hex digits of the SHA-256 of its canonical JSON. */
export function requestKey(request: ChatRequest): string {
  return sha256Hex(canonicalJson(request)).slice(0, 32);
}

function lastOf(request: ChatRequest): string {
  const m = request.messages[request.messages.length - 1];
  const text = ("content" in m && m.content) || "";
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

export function readCassette(file: string): CassetteFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ZopaError(
      "io",
      `cannot read the cassette ${file}: ${code === "ENOENT" ? "no such file" : (e as Error).message}`,
      {
        location: { file },
      },
    );
  }
  const c = json as CassetteFile;
  if (c?.kind !== "zopa-llm-cassette" || c.version !== 1 || typeof c.entries !== "object")
    throw new ZopaError(
      "format",
      `${file} is not a Zopa LLM cassette (kind "zopa-llm-cassette", version 1)`,
      {
        location: { file },
      },
    );
  return c;
}

/** A recorder: `chat` forwards to the live endpoint and keeps every exchange; `toJson` is the cassette. */
export class CassetteRecorder {
  private readonly entries: Map<string, CassetteEntry>;
  /**
   * `kept`: entries of an existing cassette to keep; `recorded`: called after each new exchange (to write
   * the cassette as it grows).
   */
  constructor(
    private readonly live: ChatFn,
    kept: Record<string, CassetteEntry> = {},
    private readonly recorded: () => void = () => {},
  ) {
    this.entries = new Map(Object.entries(kept));
  }

  readonly chat: ChatFn = async (request) => {
    const reply = await this.live(request);
    this.entries.set(requestKey(request), { model: request.model, last: lastOf(request), reply });
    this.recorded();
    return reply;
  };

  get size(): number {
    return this.entries.size;
  }

  /** The cassette, entries sorted by key (the same exchanges give the same file). */
  toJson(): CassetteFile {
    const entries: Record<string, CassetteEntry> = {};
    for (const k of [...this.entries.keys()].sort()) entries[k] = this.entries.get(k)!;
    return { version: 1, kind: "zopa-llm-cassette", entries };
  }
}

/** A chat function answering from a cassette only; a request it lacks stops the run (AgentAbort). */
export function replayChat(cassette: CassetteFile, file: string): ChatFn {
  return async (request) => {
    const key = requestKey(request);
    const hit = cassette.entries[key];
    if (!hit)
      throw new AgentAbort(
        new ZopaError(
          "io",
          `the cassette ${file} has no answer for request ${key} (model ${request.model}): "${lastOf(request)}"`,
          {
            location: { file },
            hint: "the run differs from the recorded one (agents, scenario, settings or prompt changed): record it again with --llm-record",
          },
        ),
      );
    // A copy, so that nothing the agent does to the reply reaches the cassette.
    return JSON.parse(JSON.stringify(hit.reply)) as ChatReply;
  };
}
