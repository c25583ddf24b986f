/**
 * The `forecast` and `backtest` tasks called directly give the JSON `zopa forecast --format json` prints;
 * the Monte Carlo reports its samples in order and an aborted signal stops it.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isZopaError } from "../../src/errors.ts";
import { backtest } from "../../src/tasks/backtest.ts";
import { forecast } from "../../src/tasks/forecast.ts";
import type { ProgressEvent } from "../../src/tasks/task.ts";
import { asJson, at, cliJson, FORECAST_RIVER, text } from "./support.ts";

process.chdir(at("."));
const BDM = "test/forecast/fixtures/bdm-mini.csv";
const KTAB = "test/forecast/fixtures/ktab-mini.xml";
const DEU = "test/forecast/fixtures/deu-mini.tsv";

describe("forecast(request) gives the CLI's --format json", () => {
  it("for a scenario by path, as text (with its name) and on standard input", async () => {
    const expected = await cliJson(["forecast", FORECAST_RIVER]);
    assert.deepEqual(asJson(await forecast({ paths: [FORECAST_RIVER] })), expected);
    assert.deepEqual(
      asJson(await forecast({ scenario: text(FORECAST_RIVER), name: FORECAST_RIVER })),
      expected,
    );
    const piped = (await cliJson(["forecast", "-"], text(FORECAST_RIVER))) as { input: string };
    assert.equal(piped.input, "<stdin>");
    assert.deepEqual({ ...piped, input: FORECAST_RIVER }, expected);
  });

  it("with a model, an issue and Monte Carlo samples", async () => {
    const args = ["--model", "bdm-jmckib", "--issue", "share", "--samples", "300", "--seed", "3"];
    assert.deepEqual(
      asJson(
        await forecast({
          paths: [FORECAST_RIVER],
          model: "bdm-jmckib",
          issue: "share",
          samples: 300,
          seed: 3,
        }),
      ),
      await cliJson(["forecast", FORECAST_RIVER, ...args]),
    );
  });

  it("for stakeholder tables by path and by file name", async () => {
    for (const table of [BDM, KTAB]) {
      const expected = (await cliJson(["forecast", table])) as { input: string };
      assert.deepEqual(asJson(await forecast({ paths: [table] })), expected, table);
      const name = table.split("/").at(-1)!;
      assert.deepEqual(asJson(await forecast({ files: { [name]: text(table) } })), {
        ...expected,
        input: name,
      });
    }
  });

  it("backtest(request) gives the CLI's JSON, by path and as text", async () => {
    const expected = await cliJson(["forecast", "backtest", DEU, "--model", "compromise,median-actor"]);
    assert.deepEqual(asJson(backtest({ path: DEU, models: ["compromise", "median-actor"] })), expected);
    assert.deepEqual(
      asJson(backtest({ text: text(DEU), name: DEU, models: ["compromise", "median-actor"] })),
      expected,
    );
  });
});

describe("invalid forecast requests", () => {
  it("bad fields are a usage error naming each path", async () => {
    await assert.rejects(
      forecast({ paths: [FORECAST_RIVER], model: "oracle" as "compromise", samples: -1, threads: 0 }),
      (e) => {
        assert.ok(isZopaError(e, "usage"));
        assert.deepEqual(e.problems.map((p) => p.path.join(".")).sort(), ["model", "samples", "threads"]);
        return true;
      },
    );
    assert.throws(
      () => backtest({ path: DEU, text: "x" }),
      (e) => isZopaError(e, "usage") && e.problems[0].path[0] === "path",
    );
  });
});

describe("forecast progress and cancellation", () => {
  it("the Monte Carlo reports its samples in order, done ≤ total", async () => {
    const events: ProgressEvent[] = [];
    await forecast(
      { paths: [FORECAST_RIVER], issue: "share", samples: 12000, threads: 2 },
      { onProgress: (e) => events.push(e) },
    );
    assert.ok(events.length >= 2);
    assert.deepEqual(events[0], { task: "forecast", done: 0, total: 12000, message: "Monte Carlo samples" });
    assert.equal(events.at(-1)?.done, 12000);
    for (const [k, e] of events.entries()) {
      assert.ok(e.done <= e.total);
      if (k > 0) assert.ok(e.done >= events[k - 1].done);
    }
  });

  it("an aborted signal stops the Monte Carlo with an AbortError", async () => {
    const controller = new AbortController();
    let after = 0;
    await assert.rejects(
      forecast(
        { paths: [FORECAST_RIVER], samples: 40000, threads: 2 },
        {
          signal: controller.signal,
          onProgress: (e) => {
            if (controller.signal.aborted) after++;
            if (e.done > 0) controller.abort();
          },
        },
      ),
      { name: "AbortError" },
    );
    assert.equal(after, 0, "no progress after the abort");
    await assert.rejects(forecast({ paths: [FORECAST_RIVER] }, { signal: AbortSignal.abort() }), {
      name: "AbortError",
    });
  });
});
