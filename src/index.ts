/**
 * Zopa: model, analyse, forecast and simulate negotiations.
 * The core (scenario, space, analysis) does no I/O; `loadScenario` / `readScenarioFile` are the Node
 * conveniences that read a file. Browsers get "zopa/core" through the `browser` export condition.
 */
export * from "./core.ts";
export { loadScenario, readScenarioFile } from "./scenario/load.ts";
