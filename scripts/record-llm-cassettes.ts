/**
 * Regenerates the committed LLM cassette from the project's scripted OpenAI-compatible server
 * (test/support/llmServer.ts): runs examples/llm-tournament.yaml against it, recording every exchange.
 *   node --import tsx scripts/record-llm-cassettes.ts
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tournament } from "../src/tasks/tournament.ts";
import { startLlmServer } from "../test/support/llmServer.ts";

export const CASSETTE = "test/runtime/fixtures/llm-tournament.cassette.json";

async function main(): Promise<void> {
  const server = await startLlmServer();
  const dir = mkdtempSync(join(tmpdir(), "zopa-cassette-"));
  process.env.ZOPA_LLM_BASE_URL = server.url;
  // Recording adds to an existing cassette: start afresh.
  rmSync(CASSETTE, { force: true });
  try {
    const r = await tournament({
      spec: "examples/llm-tournament.yaml",
      store: join(dir, "t.db"),
      llmRecord: CASSETTE,
    });
    process.stderr.write(
      `${r.summary.ran} negotiations, ${server.requests} requests recorded in ${CASSETTE}\n`,
    );
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
