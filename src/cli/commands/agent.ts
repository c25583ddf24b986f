/**
 * `zopa agent check FILE`: loads a user's agent module in the agent sandbox (a worker thread with a time limit
 * per call and a heap limit: src/runtime/agentSandbox.ts) and runs the agent conformance suite on it (the same
 * suite every built-in agent passes), printing each check with ✓ or ✗ and, for a failure, where it happened
 * (scenario, protocol, information, step, round, outcome), the call and why (timed out, out of memory,
 * process.exit, the error thrown). Exit 0 when every check passes; 2 when a check fails or the file is not an
 * agent (both are the user's to fix); 1 for an internal error.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { ZopaError } from "../../errors.ts";
import { escapeText } from "../../report/escape.ts";
import { type AgentSandbox, prefixedLines, sandboxedAgentFactory } from "../../runtime/agentSandbox.ts";
import { compileScenario } from "../../space/compile.ts";
import { checkAgent } from "../../testing/agentSuite.ts";
import { failures, renderCheckReport } from "../../testing/report.ts";
import { maxText } from "../../util/limits.ts";
import { countFlag } from "../counts.ts";
import { choice, emit, stderr, usageError } from "../io.ts";
import { loadScenarioArg } from "../scenarioInput.ts";

const EXPORT_HINT =
  "export a function returning a fresh agent: export default function createAgent() { return { name, propose(state) {…}, respond(state, offer) {…} }; } (see docs/extending.md)";

/**
 * A user agent module loaded in the agent sandbox (src/runtime/agentSandbox.ts), never in Zopa's thread: its
 * calls are limited from outside (a busy loop is stopped), its heap is limited, and `process.exit` ends its
 * worker only. A file that is missing or does not load is a ZopaError("agent") naming the file; the caller
 * closes the sandbox.
 */
export async function loadAgentSandboxed(
  path: string,
  limits: { callMs: number; memoryMb: number },
): Promise<AgentSandbox> {
  if (!existsSync(resolve(path)))
    throw new ZopaError("agent", `${path}: no such file`, { location: { file: path } });
  try {
    return await sandboxedAgentFactory(path, {
      ...limits,
      // The agent's prints: Zopa's stderr, each line prefixed [agent NAME] and escaped for the terminal.
      output: prefixedLines((line) => void stderr().write(escapeText(line))),
    });
  } catch (e) {
    if (!(e instanceof ZopaError)) throw e;
    throw new ZopaError("agent", e.message, {
      location: { file: path },
      cause: e,
      hint: /must export a function|must return an agent/.test(e.message) ? EXPORT_HINT : e.hint,
    });
  }
}

function integer(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\s*-?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min)
    throw usageError(`${name} must be an integer${min > 0 ? ` ≥ ${min}` : ""} (got "${value}")`);
  return n;
}

export function registerAgent(program: Command): void {
  const agent = program
    .command("agent")
    .description("Work with your own agents: check one against the conformance suite every built-in passes.");
  const check = agent
    .command("check")
    .description(
      "Run the agent conformance suite on an agent module (.js, .mjs or .ts): valid offers only, never below its reservation value or across its red lines, only before the deadline, the same trace under the same seed, under private and complete information, in every protocol it plays.",
    )
    .argument("<file>", "the agent module: its default (or createAgent) export returns a fresh agent")
    .option(
      "--scenario <scenario>",
      "play this scenario (the agent takes each seat in turn) instead of the generated ones",
    )
    .option(
      "--rounds <n>",
      `deadline in rounds on --scenario (generated scenarios use 8 to 13) ${maxText("rounds")}`,
      "20",
    )
    .option("--scenarios <n>", `number of generated scenarios (2 and 3 parties) ${maxText("scenarios")}`, "6")
    .option("--seed <n>", "base seed of the generated scenarios and of the negotiations", "0")
    .option(
      "--agent-timeout <ms>",
      `an agent call taking longer is stopped from outside and fails the check ${maxText("agentCallMs")}`,
      "1000",
    )
    .option(
      "--agent-memory <mb>",
      `the agent's heap limit; past it the agent is stopped and fails the check ${maxText("agentMemoryMb")}`,
      "256",
    )
    .option("--format <format>", "text | json", "text")
    .addHelpText(
      "after",
      `
Examples:
  zopa agent check ./my-agent.js
  zopa agent check ./my-agent.ts --seed 7 --scenarios 20
  zopa agent check ./my-agent.js --scenario examples/car-purchase.yaml --rounds 50
  zopa agent check ./my-agent.js --format json

The module's default export (or its createAgent export) is a function returning a fresh agent
(docs/extending.md has a complete example that passes).

The agent runs sandboxed in a worker thread (docs/sandbox.md): a call past --agent-timeout (a busy loop
too) or a heap past --agent-memory stops it, and process.exit ends its worker only. The check then stops
at that negotiation and reports the failed check with where it happened, the call, and the reason
("timed out: …", "out of memory: …", "agent called process.exit(0)", or the error thrown).

Exit codes: 0 every check passed; 2 a check failed (an agent that timed out, ran out of memory, exited or
threw included), or the file is not an agent, or bad options; 1 internal error.`,
    )
    .action(async (file: string, opts) => {
      const format = choice("--format", opts.format, ["text", "json"] as const);
      const seed = integer("--seed", opts.seed, Number.MIN_SAFE_INTEGER)!;
      const rounds = countFlag("--rounds", opts.rounds, "rounds")!;
      const scenarios = countFlag("--scenarios", opts.scenarios, "scenarios")!;
      const callMs = countFlag("--agent-timeout", opts.agentTimeout, "agentCallMs")!;
      const memoryMb = countFlag("--agent-memory", opts.agentMemory, "agentMemoryMb")!;
      const space = opts.scenario ? compileScenario(loadScenarioArg(opts.scenario)) : undefined;
      const sandbox = await loadAgentSandboxed(file, { callMs, memoryMb });
      let report: Awaited<ReturnType<typeof checkAgent>>;
      try {
        report = await checkAgent(sandbox, {
          ...(space ? { space, rounds } : { scenarios }),
          seed,
          agentTimeoutMs: callMs,
          creation: sandbox.probe,
          afterNegotiation: () => sandbox.releaseAll(),
          stopOnAgentFailure: true,
        });
      } finally {
        await sandbox.close();
      }
      const failed = failures(report);
      const agreements = report.runs.filter((r) => r.status === "agreement").length;
      if (format === "json")
        emit(
          `${JSON.stringify({ version: 1, file, ok: failed.length === 0, ...report }, null, 2)}\n`,
          undefined,
        );
      // The agent's name and the details are the user's text: escaped for the terminal.
      else
        emit(
          `${escapeText(renderCheckReport(report))}${report.runs.length} negotiations played (each twice), ${agreements} agreements\n`,
          undefined,
        );
      if (failed.length)
        throw new ZopaError(
          "agent",
          `agent "${report.subject}" (${file}) fails ${failed.length} of ${report.checks.length} conformance checks`,
          { location: { file }, details: { failed: failed.map((c) => c.name) } },
        );
    });
  check
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput(program.configureOutput());
}
