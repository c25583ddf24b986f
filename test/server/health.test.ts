/**
 * The event loop stays free while heavy analyses run: they go to the worker pool (by the cost estimate), so
 * /api/v1/health keeps answering. The limit asserted is generous (a hang limit, not a speed claim: the bench
 * measures the latency); an analysis on the event loop would hold health for the whole analysis (seconds).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { gridScenario, useServer } from "./support.ts";

describe("health while a heavy analysis runs", () => {
  const api = useServer({ pool: { threads: 1 } });

  it("answers while the analysis runs off the event loop", async () => {
    const heavy = gridScenario(5, 14); // 537,824 outcomes: more than a second of analysis
    const t0 = performance.now();
    let finished = 0;
    const analysis = api()
      .send("/api/v1/analyze", { scenario: heavy })
      .then(async (res) => {
        finished = performance.now();
        assert.equal(res.status, 200);
        return res.json();
      });
    const latencies: number[] = [];
    while (finished === 0) {
      const t = performance.now();
      const res = await api().fetch("/api/v1/health");
      assert.equal(res.status, 200);
      await res.json();
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
    await analysis;
    const took = finished - t0;
    latencies.sort((a, b) => a - b);
    const worst = latencies.at(-1)!;
    assert.ok(took > 500, `the analysis took ${took.toFixed(0)} ms: long enough to show a blocked loop`);
    assert.ok(latencies.length >= 5, `${latencies.length} health checks during ${took.toFixed(0)} ms`);
    assert.ok(
      worst < Math.min(400, took / 2),
      `health took up to ${worst.toFixed(1)} ms while the analysis took ${took.toFixed(0)} ms`,
    );
  });
});
