/**
 * Zopa: model, analyse, forecast and simulate negotiations.
 * The core (scenario, space, analysis) does no I/O; `loadScenario` is the one convenience that reads a file
 * and lives in `zopa/node` too.
 */
export * from "./analysis/index.ts";
export * from "./scenario/index.ts";
export { loadScenario, readScenarioFile } from "./scenario/load.ts";
export * from "./space/index.ts";
