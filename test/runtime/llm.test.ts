/**
 * The LLM agent end to end, without any real model: a tournament replayed from the committed cassette
 * (recorded from the scripted server by scripts/record-llm-cassettes.ts) gives the same results every time;
 * against the scripted OpenAI-compatible server on a free port, the real HTTP client meets 429s, 5xx, slow
 * answers, hang-ups, malformed JSON, refusals and offers outside the space; record then replay is byte
 * identical; a missing cassette entry, a missing endpoint and an unreachable one are clear errors.
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { isZopaError } from "../../src/errors.ts";
import { chatClient } from "../../src/runtime/llm/client.ts";
import {
  type SimulateRequest,
  type SpecContext,
  simulationJson,
  simulationRuns,
} from "../../src/tasks/simulate.ts";
import { tournament, tournamentResults } from "../../src/tasks/tournament.ts";
import { runCli } from "../support/cli.ts";
import { type LlmServer, startLlmServer } from "../support/llmServer.ts";
import { REPO_ROOT } from "../support/shared.ts";

const CASSETTE = join(REPO_ROOT, "test/runtime/fixtures/llm-tournament.cassette.json");
const SPEC = join(REPO_ROOT, "examples/llm-tournament.yaml");
const CAR = join(REPO_ROOT, "examples/car-purchase.yaml");

let server: LlmServer;
let dir: string;
before(async () => {
  server = await startLlmServer();
  dir = mkdtempSync(join(tmpdir(), "zopa-llm-"));
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Results without the one field that measures wall-clock time per negotiation. */
function stable(results: unknown): unknown {
  return JSON.parse(JSON.stringify(results, (k, v) => (k === "timeMs" && typeof v === "number" ? 0 : v)));
}

async function replayTournament(store: string): Promise<unknown> {
  await tournament({ spec: SPEC, store, llmReplay: CASSETTE });
  return tournamentResults({ store, traces: false });
}

test("a tournament of the llm agent against boulware, conceder and tit-for-tat replays from the committed cassette, the same every time", async () => {
  const first = (await replayTournament(join(dir, "a.db"))) as {
    ranking?: { agent: string }[];
    negotiations: { agents: Record<string, string>; status: string; error: unknown }[];
  };
  const second = await replayTournament(join(dir, "b.db"));
  assert.deepEqual(stable(second), stable(first));
  const withLlm = first.negotiations.filter((n) => Object.values(n.agents).includes("llm"));
  // Two scenarios, the llm agent in both roles against each of three agents.
  assert.equal(withLlm.length, 12);
  assert.ok(withLlm.some((n) => n.status === "agreement"));
  assert.ok(withLlm.every((n) => n.error === null));
  // The cassette is the tournament's every model exchange: nothing else is asked.
  const cassette = JSON.parse(readFileSync(CASSETTE, "utf8"));
  assert.equal(cassette.kind, "zopa-llm-cassette");
  assert.ok(Object.keys(cassette.entries).length > 12);
});

test("a cassette without the answer asked for is a clear error, not a failed negotiation", async () => {
  const cassette = JSON.parse(readFileSync(CASSETTE, "utf8"));
  const keys = Object.keys(cassette.entries);
  delete cassette.entries[keys[0]];
  const partial = join(dir, "partial.json");
  writeFileSync(partial, JSON.stringify(cassette));
  await assert.rejects(
    () => tournament({ spec: SPEC, store: join(dir, "c.db"), llmReplay: partial }),
    (e) =>
      isZopaError(e, "io") &&
      /has no answer for request/.test(e.message) &&
      /--llm-record/.test(e.hint ?? ""),
  );
});

function carWithLlm(llm: Record<string, unknown>, rounds = 6): SimulateRequest {
  return {
    paths: [CAR],
    agents: {
      buyer: { name: "llm", llm: { model: "scripted", baseUrl: server.url, ...llm } },
      dealer: { name: "boulware" },
    },
    rounds,
  };
}

const fast = { env: {}, backoffMs: 1 };

/** The simulate task's JSON, with LLM agents connected as `llm` says (the CLI's --llm-record/--llm-replay). */
async function simulate(request: SimulateRequest, _options: object, ctx: SpecContext): Promise<unknown> {
  return simulationJson(await simulationRuns(request, {}, ctx));
}

test("record, then replay without the server: byte-identical results", async () => {
  const cassette = join(dir, "sim.json");
  const live = await simulate(carWithLlm({}), {}, { llm: { ...fast, record: cassette } });
  const requests = server.requests;
  const replayed = await simulate(
    carWithLlm({ baseUrl: "http://127.0.0.1:9/v1" }),
    {},
    { llm: { ...fast, replay: cassette } },
  );
  assert.equal(server.requests, requests, "replay made no request");
  assert.equal(JSON.stringify(replayed), JSON.stringify(live));
  const json = live as {
    usage?: Record<string, { calls: number; tokensIn: number }>;
    trace?: { message?: string }[];
  };
  assert.ok(json.usage!.buyer.calls > 0 && json.usage!.buyer.tokensIn > 0);
  assert.ok(json.trace!.some((e) => e.message?.startsWith("I can do this")));
});

test("429 (Retry-After), 500 and a hang-up are retried; the answer then counts as usual", async () => {
  server.fault(
    { kind: "status", status: 429, retryAfter: 0 },
    { kind: "status", status: 500 },
    { kind: "hangup" },
  );
  const before = server.requests;
  const r = (await simulate(carWithLlm({}, 2), {}, { llm: fast })) as { status: string; error: unknown };
  assert.equal(r.error, null);
  assert.ok(server.requests - before >= 3 + 2);
});

test("a request slower than timeoutMs is abandoned and retried; past the retries the agent times out", async () => {
  server.fault({ kind: "delay", ms: 400 });
  const ok = (await simulate(carWithLlm({ timeoutMs: 150 }, 2), {}, { llm: fast })) as { error: unknown };
  assert.equal(ok.error, null);
  server.fault({ kind: "delay", ms: 400 }, { kind: "delay", ms: 400 });
  const t0 = performance.now();
  const failed = (await simulate(carWithLlm({ timeoutMs: 150, httpRetries: 1 }, 2), {}, { llm: fast })) as {
    status: string;
    error: { kind: string; message: string; party: string };
  };
  assert.equal(failed.status, "timeout");
  assert.equal(failed.error.party, "buyer");
  assert.match(failed.error.message, /did not answer within 150 ms/);
  assert.ok(performance.now() - t0 < 5000);
});

test("malformed JSON, a refusal and an offer outside the space are recorded as invalid with the raw text, then retried", async () => {
  server.fault({ kind: "malformed" }, { kind: "refusal" });
  const r = (await simulate(carWithLlm({}, 2), {}, { llm: fast })) as {
    status: string;
    trace: { party: string; invalid?: string[] }[];
    usage: Record<string, { invalid: number }>;
  };
  const first = r.trace.find((e) => e.party === "buyer")!;
  assert.equal(first.invalid!.length, 2);
  assert.match(
    first.invalid![0],
    /^invalid \(the answer is not one JSON object \(malformed JSON\)\): \{"action": "offer", "offer": \{$/,
  );
  assert.match(first.invalid![1], /^invalid \(the model refused to answer\): I can't help with that\.$/);
  assert.equal(r.usage.buyer.invalid, 2);
  // Past the retries: the agent's failure, status error, with the word "invalid" and the raw text.
  server.fault({ kind: "outside" }, { kind: "outside" }, { kind: "outside" });
  const failed = (await simulate(carWithLlm({ maxRetries: 2 }, 2), {}, { llm: fast })) as {
    status: string;
    error: { kind: string; message: string };
  };
  assert.equal(failed.status, "error");
  assert.equal(failed.error.kind, "invalid");
  assert.match(
    failed.error.message,
    /invalid answer 3 times .*outside the outcome space: .*"free" is not an option of "price".*raw: \{"action":"offer","offer":\{"price":"free"\}/,
  );
});

test("the API key goes in the Authorization header and nowhere in the result", async () => {
  const key = "sk-test-secret-123";
  const before = server.authorizations.length;
  const r = await simulate(
    carWithLlm({ apiKeyEnv: "MY_KEY" }, 1),
    {},
    { llm: { env: { MY_KEY: key }, backoffMs: 1 } },
  );
  assert.ok(server.authorizations.slice(before).every((a) => a === `Bearer ${key}`));
  assert.ok(server.authorizations.length > before);
  assert.equal(JSON.stringify(r).includes(key), false);
});

test("without an endpoint the command exits 2 naming the variable; an unreachable one is a clear error", async () => {
  const noUrl: SimulateRequest = {
    paths: [CAR],
    agents: { buyer: { name: "llm", llm: { model: "m" } }, dealer: { name: "boulware" } },
  };
  await assert.rejects(
    () => simulate(noUrl, {}, { llm: { env: {} } }),
    (e) => isZopaError(e, "usage") && /ZOPA_LLM_BASE_URL/.test(e.message),
  );
  await assert.rejects(
    () =>
      simulate(
        { ...noUrl, agents: { buyer: { name: "llm" }, dealer: { name: "boulware" } } },
        {},
        { llm: { env: { ZOPA_LLM_BASE_URL: server.url } } },
      ),
    (e) => isZopaError(e, "usage") && /ZOPA_LLM_MODEL/.test(e.message),
  );
  const cli = await runCli(["simulate", CAR, "--agents", "buyer=llm,dealer=boulware"], {
    env: { ZOPA_LLM_BASE_URL: undefined, ZOPA_LLM_MODEL: undefined },
  });
  if (!process.env.ZOPA_LLM_BASE_URL) {
    assert.equal(cli.code, 2);
    assert.match(cli.stderr, /ZOPA_LLM_/);
  }
  // A port nobody listens on: one that was free a moment ago.
  const probe = createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const port = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  const t0 = performance.now();
  await assert.rejects(
    () => simulate(carWithLlm({ baseUrl: `http://127.0.0.1:${port}/v1`, httpRetries: 1 }), {}, { llm: fast }),
    (e) => isZopaError(e, "io") && /unreachable/.test(e.message) && /ECONNREFUSED/.test(e.message),
  );
  assert.ok(performance.now() - t0 < 5000);
});

test("requests in flight to an endpoint are limited across callers (concurrency)", async () => {
  const request = {
    model: "m",
    messages: [{ role: "user" as const, content: "Round 1 (time 0.0000 of 1)." }],
    temperature: 0,
  };
  for (const concurrency of [1, 3]) {
    server.maxInFlight = 0;
    server.fault({ kind: "delay", ms: 60 }, { kind: "delay", ms: 60 }, { kind: "delay", ms: 60 });
    const chat = chatClient({ baseUrl: server.url, timeoutMs: 5000, httpRetries: 0, concurrency });
    await Promise.all([chat(request), chat(request), chat(request)]);
    assert.equal(server.maxInFlight, concurrency);
  }
});

test("requests started per window are limited (requestsPerMinute, over a shortened window)", async () => {
  const request = {
    model: "m",
    messages: [{ role: "user" as const, content: "Round 1 (time 0.0000 of 1)." }],
    temperature: 0,
  };
  const chat = chatClient({
    baseUrl: `${server.url}/rate`,
    timeoutMs: 5000,
    httpRetries: 0,
    concurrency: 10,
    requestsPerMinute: 2,
    rateWindowMs: 300,
  });
  const t0 = performance.now();
  const done: number[] = [];
  await Promise.all([1, 2, 3, 4].map(() => chat(request).then(() => done.push(performance.now() - t0))));
  done.sort((a, b) => a - b);
  // Two in the first window; the third and fourth only once it has passed.
  assert.ok(done[2] >= 290, `third after ${done[2]} ms`);
});

test("recording into an existing cassette adds to it; an unreachable endpoint stops zopa tournament with exit 2", async () => {
  const cassette = join(dir, "grow.json");
  const one = await simulate({ ...carWithLlm({}, 3), seed: 1 }, {}, { llm: { ...fast, record: cassette } });
  const two = await simulate({ ...carWithLlm({}, 3), seed: 2 }, {}, { llm: { ...fast, record: cassette } });
  const replay = { ...fast, replay: cassette };
  assert.equal(
    JSON.stringify(await simulate({ ...carWithLlm({}, 3), seed: 1 }, {}, { llm: replay })),
    JSON.stringify(one),
  );
  assert.equal(
    JSON.stringify(await simulate({ ...carWithLlm({}, 3), seed: 2 }, {}, { llm: replay })),
    JSON.stringify(two),
  );
  const probe = createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const port = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  const spec = join(dir, "down.yaml");
  writeFileSync(
    spec,
    `name: down\nscenarios: [${JSON.stringify(CAR)}]\nagents:\n  - name: llm\n    llm: { model: m, baseUrl: "http://127.0.0.1:${port}/v1", httpRetries: 0 }\n  - boulware\nrounds: 3\n`,
  );
  const run = await runCli(["tournament", spec, "--store", join(dir, "down.db")]);
  assert.equal(run.code, 2, run.stderr);
  assert.match(
    run.stderr,
    /the model endpoint is unreachable: cannot reach http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions: ECONNREFUSED/,
  );
});

test("the command line: zopa tournament and zopa simulate take --llm-replay and --llm-record", async () => {
  const store = join(dir, "cli.db");
  const run = await runCli(["tournament", SPEC, "--store", store, "--llm-replay", CASSETTE]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /llm/);
  // Recording against the scripted server, then replaying: the same JSON.
  const cassette = join(dir, "cli-sim.json");
  const args = [
    "simulate",
    CAR,
    "--agents",
    "buyer=boulware,dealer=llm",
    "--rounds",
    "4",
    "--format",
    "json",
  ];
  const env = { ZOPA_LLM_BASE_URL: server.url, ZOPA_LLM_MODEL: "scripted" };
  const saved = { url: process.env.ZOPA_LLM_BASE_URL, model: process.env.ZOPA_LLM_MODEL };
  // The connection reads the process environment (runCli runs in this process).
  process.env.ZOPA_LLM_BASE_URL = env.ZOPA_LLM_BASE_URL;
  process.env.ZOPA_LLM_MODEL = env.ZOPA_LLM_MODEL;
  try {
    const live = await runCli([...args, "--llm-record", cassette]);
    assert.equal(live.code, 0, live.stderr);
    delete process.env.ZOPA_LLM_BASE_URL;
    const replayed = await runCli([...args, "--llm-replay", cassette]);
    assert.equal(replayed.code, 0, replayed.stderr);
    assert.equal(replayed.stdout, live.stdout);
    assert.match(live.stdout, /"usage"/);
  } finally {
    for (const [k, v] of [
      ["ZOPA_LLM_BASE_URL", saved.url],
      ["ZOPA_LLM_MODEL", saved.model],
    ] as const)
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
  const missing = await runCli([...args, "--llm-replay", join(dir, "nope.json")]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read the cassette .*nope\.json: no such file/);
});
