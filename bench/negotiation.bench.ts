/**
 * Simulated negotiations: 1000 SAOP negotiations × 100 rounds between two fresh Boulware agents and between
 * two fresh aspiration agents, single-threaded, on ItexvsCypress (180 outcomes), Camera (3,600) and Car
 * (15,625) from ../shared/data (seeded synthetic twins of the same issue sizes only when ../shared/data is
 * absent, as in a fresh clone; a domain that is present but fails to load fails the bench).
 * "warm": the per-space outcome indexes are built once and shared, as compiled data; "cold": every
 * negotiation rebuilds its agents' evaluations and sorted indexes. NegMAS 0.15.7 needs 47, 228 and 604 ms
 * per negotiation (AspirationNegotiator) and 197 ms on Camera with BoulwareTBNegotiator
 * (../shared/reference/peers.md). The value is CPU time per negotiation (user + system of this process),
 * which a busy shared machine inflates less than wall time; the note gives both.
 */
import { join } from "node:path";
import { loadScenarioFromPaths } from "../src/formats/load.ts";
import { agentAspiration } from "../src/negotiation/aspiration.ts";
import { simulate } from "../src/negotiation/simulate.ts";
import { agentTimeDependent } from "../src/negotiation/timeDependent.ts";
import { type CompiledSpace, compileScenario } from "../src/space/compile.ts";
import { syntheticScenario } from "../src/space/synthetic.ts";
import { sharedDataDir } from "../test/support/shared.ts";
import type { BenchRow } from "./main.ts";

const DOMAINS: {
  name: string;
  folder: string;
  radix: number[];
  negmas: { aspiration: number; boulware?: number };
}[] = [
  {
    name: "ItexvsCypress",
    folder: "anac2010_ItexvsCypress",
    radix: [5, 4, 3, 3],
    negmas: { aspiration: 47 },
  },
  {
    name: "Camera",
    folder: "anac2011_Camera",
    radix: [5, 4, 3, 3, 5, 4],
    negmas: { aspiration: 228, boulware: 197 },
  },
  { name: "Car", folder: "anac2011_Car", radix: [5, 5, 5, 5, 5, 5], negmas: { aspiration: 604 } },
];

function spaceOf(d: (typeof DOMAINS)[number]): { space: CompiledSpace; source: string } {
  const data = sharedDataDir();
  if (data === null)
    return {
      space: compileScenario(syntheticScenario({ optionsPerIssue: d.radix, seed: 17 })),
      source: "synthetic twin (../shared/data absent)",
    };
  // A load failure is a real problem (a moved folder, an importer bug): let it surface.
  return {
    space: compileScenario(loadScenarioFromPaths([join(data, "genius", d.folder)]).scenario),
    source: "GENIUS",
  };
}

const N = 1000;
const ROUNDS = 100;

export default async function (): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const d of DOMAINS) {
    const { space, source } = spaceOf(d);
    const [a, b] = space.negotiators.map((k) => space.parties[k].id);
    const pairs = {
      boulware: () => ({ [a]: agentTimeDependent({ e: 0.2 }), [b]: agentTimeDependent({ e: 0.2 }) }),
      aspiration: () => ({ [a]: agentAspiration(4), [b]: agentAspiration(4) }),
    };
    for (const [kind, agents] of Object.entries(pairs))
      for (const mode of ["warm", "cold"] as const) {
        const fresh = mode === "cold";
        // Warm-up (JIT, caches), then time N negotiations.
        for (let s = 0; s < 50; s++)
          simulate(space, { agents: agents(), rounds: ROUNDS, seed: -s, freshIndexes: fresh });
        let agreements = 0;
        let actions = 0;
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        for (let s = 0; s < N; s++) {
          const r = simulate(space, { agents: agents(), rounds: ROUNDS, seed: s, freshIndexes: fresh });
          if (r.status === "agreement") agreements++;
          actions += r.trace.length;
        }
        const cpu = process.cpuUsage(c0);
        const wall = (performance.now() - t0) / N;
        // CPU time: on a shared machine wall time also counts other processes' turns.
        const ms = (cpu.user + cpu.system) / 1000 / N;
        const negmas = kind === "aspiration" ? d.negmas.aspiration : d.negmas.boulware;
        rows.push({
          workload: `${d.name} (${space.size}) ${kind}×2, ${mode}, ${N}×${ROUNDS} rounds`,
          value: ms,
          unit: "ms CPU/negotiation",
          note: `${(1000 / ms).toFixed(0)} negotiations/s; wall ${wall.toFixed(3)} ms; ${agreements} agreements; ${(actions / N).toFixed(0)} actions each; ${source}${negmas ? `; NegMAS ${negmas} ms: ${(negmas / ms).toFixed(0)}× faster` : ""}`,
        });
      }
  }
  return rows;
}
