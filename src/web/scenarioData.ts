/** A stored scenario fetched from the API and parsed in the browser with the core (problems with their lines). */
import { useCallback, useEffect, useState } from "react";
import type { Problem } from "../errors.ts";
import { parseScenario } from "../scenario/parse.ts";
import type { Scenario } from "../scenario/schema.ts";
import { request, type StoredScenario } from "./api.ts";

export interface LoadedScenario {
  id: string;
  version: number | string;
  etag: string | null;
  /** The text as stored (YAML or JSON). */
  text: string;
  scenario: Scenario | null;
  problems: Problem[];
  /** A bundled example: read-only, saved as a new scenario instead. */
  example: boolean;
}

export type Loading<T> =
  | { state: "loading" }
  | { state: "error"; error: string }
  | { state: "ready"; value: T };

export function textOf(stored: StoredScenario["scenario"]): string {
  return typeof stored === "string" ? stored : JSON.stringify(stored, null, 2);
}

export async function fetchScenario(id: string): Promise<LoadedScenario> {
  const { body, etag } = await request<StoredScenario>(`/scenarios/${encodeURIComponent(id)}`);
  const text = textOf(body.scenario);
  const parsed = parseScenario(text, { file: `${id}` });
  return {
    id: body.id ?? id,
    version: body.version,
    etag,
    text,
    scenario: parsed.scenario ?? null,
    problems: parsed.problems,
    example: (body as { example?: boolean }).example === true,
  };
}

export function useScenario(id: string): [Loading<LoadedScenario>, () => void] {
  const [state, setState] = useState<Loading<LoadedScenario>>({ state: "loading" });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    void tick;
    fetchScenario(id).then(
      (value) => live && setState({ state: "ready", value }),
      (e: Error) => live && setState({ state: "error", error: e.message }),
    );
    return () => {
      live = false;
    };
  }, [id, tick]);
  return [state, useCallback(() => setTick((t) => t + 1), [])];
}
