/**
 * `zopa/testing`: one interface and one conformance suite per extension point. Agents (`AgentFactory`,
 * `checkAgent`), protocols (`Protocol`, `checkProtocol`), scenario formats (`ScenarioFormat`, `checkFormat`)
 * and forecast models (`ForecastModel`, `checkForecastModel`). Every suite returns its checks as data (a
 * `CheckReport`); `testAgent` and its siblings register them with a test runner. Pure: no I/O, no runner.
 */
export * from "./agentSuite.ts";
export * from "./equal.ts";
export * from "./forecastModelSuite.ts";
export * from "./formatSuite.ts";
export * from "./protocolSuite.ts";
export * from "./report.ts";
export * from "./runner.ts";
export * from "./scenarios.ts";
