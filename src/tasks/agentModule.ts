/**
 * User agent modules of simulation specs: paths resolved against the spec's folder, and sources embedded so that
 * a spec stands alone (a server can run specs whose agents travel inside them). The modules themselves run in
 * the agent sandbox (src/runtime/agentSandbox.ts), never in Zopa's thread. Node only.
 */
import { readFileSync } from "node:fs";
import { basename, isAbsolute, resolve } from "node:path";
import { ZopaError } from "../errors.ts";

/** A spec's user agent: its path (relative to the spec's folder) and, once saved, its source. */
export interface FileAgent {
  file: string;
  content?: string;
}

/** `path` resolved against `base` (a spec file's folder; the working directory by default). */
export function resolveFrom(base: string, path: string): string {
  return isAbsolute(path) ? path : resolve(base, path);
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
