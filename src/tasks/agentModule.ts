/**
 * User agent modules for simulation specs: a `{ file }` agent is imported from its path, a `{ file, content }`
 * agent from its embedded source (written to a private temporary file, imported, and removed), so that a
 * server can run specs whose agents travel inside them. A module's default export (or `createAgent`) is a
 * function returning a fresh Agent. Node only.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, extname, isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ZopaError } from "../errors.ts";
import type { Agent, AgentFactory } from "../negotiation/agent.ts";

/** A spec's user agent: its path (relative to the spec's folder) and, once saved, its source. */
export interface FileAgent {
  file: string;
  content?: string;
}

/** Imports an agent module and checks its export; `shown` names it in messages. */
export async function loadAgentModule(path: string, shown = path): Promise<AgentFactory> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
  } catch (e) {
    throw new ZopaError("usage", `cannot load agent module ${shown}: ${(e as Error).message}`);
  }
  const factory = (mod.createAgent ?? mod.default) as unknown;
  if (typeof factory !== "function")
    throw new ZopaError(
      "usage",
      `${shown} must export a function returning an agent (export default function createAgent() { return { name, propose, respond } })`,
    );
  return () => {
    const agent = (factory as () => Agent)();
    if (!agent || typeof agent.propose !== "function" || typeof agent.respond !== "function")
      throw new ZopaError(
        "usage",
        `${shown}: the exported function must return an object with propose() and respond()`,
      );
    return agent;
  };
}

/** `path` resolved against `base` (a spec file's folder; the working directory by default). */
export function resolveFrom(base: string, path: string): string {
  return isAbsolute(path) ? path : resolve(base, path);
}

/**
 * A `{ file }` agent of a spec as a factory: its embedded source when it has one (written to a private
 * temporary file to be imported, so it must not import other files at run time), else the file at its path
 * (relative to `base`). Messages name the file as the spec gives it.
 */
export async function loadFileAgent(agent: FileAgent, base = process.cwd()): Promise<AgentFactory> {
  if (agent.content === undefined) return loadAgentModule(resolveFrom(base, agent.file), agent.file);
  const dir = mkdtempSync(join(tmpdir(), "zopa-agent-"));
  const ext = extname(agent.file) || ".ts";
  const path = join(dir, `${basename(agent.file, ext) || "agent"}${ext}`);
  writeFileSync(path, agent.content);
  try {
    return await loadAgentModule(path, agent.file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The agent with its source embedded (read from its path, relative to `base`), named by its file name. */
export function embedFileAgent(agent: FileAgent, base = process.cwd()): FileAgent {
  if (agent.content !== undefined) return agent;
  const path = resolveFrom(base, agent.file);
  let content: string;
  try {
    content = readFileSync(path, "utf8");
  } catch (e) {
    throw new ZopaError("usage", `cannot read agent module ${agent.file}: ${(e as Error).message}`);
  }
  return { file: basename(path), content };
}
