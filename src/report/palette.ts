/**
 * Colours, in one place: every party keeps one colour in every plot of a report (and in the workbench). A party's
 * colour is keyed by its id and follows the order of the scenario's parties, so the same scenario always gives
 * the same colours. Variant zones, move classes and "other" use colours no party gets.
 */

/** Party colours in the order of the scenario's parties (Tableau 10, minus the colours kept for other uses). */
export const PARTY_PALETTE = [
  "#1f77b4",
  "#d62728",
  "#2ca02c",
  "#9467bd",
  "#ff7f0e",
  "#8c564b",
  "#e377c2",
] as const;

/** Stakeholders that belong to no party. */
export const OTHER_COLOUR = "#8c8c8c";

/** The agreement zones of variants in the utility-space plot: none is a party colour. */
export const ZONE_PALETTE = ["#17becf", "#bcbd22", "#98df8a", "#c5b0d5", "#c49c94", "#f7b6d2"] as const;

/**
 * The DANS move classes, from a palette (ColorBrewer Dark2) that shares no colour with the parties', so an arrow's
 * colour is never read as a party.
 */
export const MOVE_COLOURS: Readonly<Record<string, string>> = {
  concession: "#1b9e77",
  selfish: "#e6ab02",
  fortunate: "#7570b3",
  unfortunate: "#a6761d",
  nice: "#66a61e",
  silent: "#666666",
};

/**
 * Each party's colour, keyed by party id, from the scenario's parties in order. Beyond the palette's length the
 * colours repeat.
 */
export function partyColours(partyIds: readonly string[]): Record<string, string> {
  return Object.fromEntries(partyIds.map((id, k) => [id, PARTY_PALETTE[k % PARTY_PALETTE.length]]));
}

/** Each tournament agent's colour, from the spec's agent order: one colour per agent in every plot. */
export function agentColours(agents: readonly string[]): Record<string, string> {
  return partyColours(agents);
}
