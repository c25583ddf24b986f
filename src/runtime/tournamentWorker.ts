/** Worker-thread entry for piscina: one tournament job (a batch of negotiations) → its rows. */
import { workerData } from "piscina";
import type { Scenario } from "../scenario/schema.ts";
import type { NegotiationRow } from "../tournament/row.ts";
import { runJob, type TournamentJob } from "./tournamentJob.ts";

const scenarios = (workerData as { scenarios: Record<string, Scenario> }).scenarios;

export default function run(job: TournamentJob): Promise<NegotiationRow[]> {
  return runJob(job, (key) => {
    const s = scenarios[key];
    if (!s) throw new Error(`scenario ${key} was not given to the worker`);
    return s;
  });
}
