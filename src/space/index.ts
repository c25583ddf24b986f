export * from "./commitments.ts";
export * from "./compile.ts";
export * from "./enumerate.ts";
export * from "./outcome.ts";
export * from "./sample.ts";
export * from "./utility.ts";
