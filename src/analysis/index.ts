export * from "./analyze.ts";
export * from "./assumptions.ts";
export * from "./bargaining.ts";
export * from "./deadlock.ts";
export * from "./frontier.ts";
export * from "./moves.ts";
export * from "./nonDominated.ts";
export * from "./point.ts";
