/** Runs the CLI in process with captured streams. */
import { main } from "../../src/cli/main.ts";
import type { NegotiationRow } from "../../src/tournament/row.ts";

export async function zopa(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(["node", "zopa", ...args], {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: {},
  });
  return { code, out, err };
}

/** A row without its wall-clock time, the one field that differs between runs. */
export function timeless(r: NegotiationRow | Record<string, unknown>): Record<string, unknown> {
  const { timeMs: _t, ...rest } = r as Record<string, unknown>;
  return rest;
}
