/**
 * Tournaments over HTTP: POST a spec (a stored scenario by id, another inline) → 202; its events (progress,
 * done); its results equal to the tournament task's for the same spec; one negotiation with its trace;
 * DELETE cancels a running one; paths and agent files are refused.
 */
import { describe } from "node:test";
import { useServer } from "./support.ts";
import { tournamentTests } from "./tournamentsCases.ts";

describe("tournaments (SQLite, in memory)", () => {
  tournamentTests(useServer());
});
