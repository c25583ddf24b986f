/**
 * The `analyze` task called directly gives the JSON `zopa analyze --format json` prints, for every form of
 * input (paths, scenario text, scenario object, files by name, standard input); bad requests are usage errors
 * with the paths of the bad fields; progress arrives in order and an aborted signal stops the work.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { isZopaError, type ZopaError } from "../../src/errors.ts";
import { analyze } from "../../src/tasks/analyze.ts";
import type { ProgressEvent } from "../../src/tasks/task.ts";
import { asJson, at, CAR, cli, cliJson, filesOf, MARKET, RIVER, SHOP, text } from "./support.ts";

process.chdir(at("."));

describe("analyze(request) gives the CLI's --format json", () => {
  it("for paths, scenario text and a scenario object", async () => {
    const expected = await cliJson(["analyze", CAR]);
    assert.deepEqual(asJson(analyze({ paths: [CAR] })), expected);
    assert.deepEqual(asJson(analyze({ scenario: text(CAR) })), expected);
    assert.deepEqual(asJson(analyze({ scenario: parse(text(CAR)) })), expected);
  });

  it("for GENIUS and GeniusWeb files by name, as for their folder", async () => {
    for (const folder of [SHOP, MARKET])
      assert.deepEqual(
        asJson(analyze({ files: filesOf(folder) })),
        await cliJson(["analyze", folder]),
        folder,
      );
  });

  it("for a nonlinear (ANAC 2014) GENIUS pair by files, analysed approximately as its folder", async () => {
    const folder = "test/formats/fixtures/nonlinear-pair";
    assert.deepEqual(
      asJson(analyze({ files: filesOf(folder), seed: 3 })),
      await cliJson(["analyze", folder, "--seed", "3"]),
    );
  });

  it("a malformed file by name is a format error naming it", () => {
    const files = { ...filesOf(SHOP), "shop.xml": "<negotiation_template><utility_space>" };
    assert.throws(
      () => analyze({ files }),
      (e) =>
        isZopaError(e, "format") && e.message.startsWith("shop.xml: ") && e.location?.file === "shop.xml",
    );
  });

  it("with allVariants, variant and options", async () => {
    assert.deepEqual(
      asJson(analyze({ scenario: text(RIVER), allVariants: true })),
      await cliJson(["analyze", RIVER, "--all-variants"]),
    );
    const variant = parse(text(CAR)).variants[0].id as string;
    assert.deepEqual(
      asJson(analyze({ paths: [CAR], variant, over: "zone", solutionsOver: "all", time: 0.5 })),
      await cliJson([
        "analyze",
        CAR,
        "--variant",
        variant,
        "--over",
        "zone",
        "--solutions-over",
        "all",
        "--time",
        "0.5",
      ]),
    );
  });
});

describe("zopa analyze - reads the scenario from standard input", () => {
  it("YAML on stdin gives the same analysis as the file, in JSON and in text", async () => {
    assert.deepEqual(await cliJson(["analyze", "-"], text(CAR)), await cliJson(["analyze", CAR]));
    const piped = await cli(["analyze", "-", "--all-variants"], text(RIVER));
    const file = await cli(["analyze", RIVER, "--all-variants"]);
    assert.equal(piped.code, 0, piped.stderr);
    assert.equal(piped.stdout, file.stdout);
  });

  it("JSON on stdin too", async () => {
    const json = JSON.stringify(parse(text(CAR)));
    assert.deepEqual(await cliJson(["analyze", "-"], json), await cliJson(["analyze", CAR]));
  });

  it("problems on stdin are located in <stdin>, exit 2; - stands alone", async () => {
    const r = await cli(["analyze", "-"], "zopa: 1\nmeta:\n  id: x\n");
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^<stdin>:\d+:\d+: error: /m);
    assert.match(r.stderr, /zopa: <stdin>: \d+ problems?; nothing was analysed\./);
    const both = await cli(["analyze", "-", CAR]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /- \(a scenario on standard input\) stands alone/);
  });
});

describe("invalid analyze requests", () => {
  function usage(run: () => unknown): ZopaError {
    try {
      run();
    } catch (e) {
      assert.ok(isZopaError(e, "usage"), `expected a usage ZopaError, got ${e}`);
      return e;
    }
    assert.fail("no error");
  }

  it("name the path of each bad field", () => {
    const e = usage(() =>
      analyze({ paths: [CAR], over: "some" as "all", seed: 1.5, time: 2, extra: 1 } as never),
    );
    const paths = e.problems.map((p) => p.path.join("."));
    for (const p of ["over", "seed", "time", "extra"]) assert.ok(paths.includes(p), `${p} in ${paths}`);
    assert.ok(e.problems.every((p) => p.severity === "error"));
  });

  it("need exactly one input", () => {
    assert.deepEqual(
      usage(() => analyze({})).problems.map((p) => p.path),
      [["scenario"]],
    );
    assert.deepEqual(
      usage(() => analyze({ paths: [CAR], scenario: "x" })).problems.map((p) => p.path),
      [["paths"]],
    );
    assert.deepEqual(
      usage(() => analyze({ paths: [CAR], variant: "a", allVariants: true })).problems.map((p) => p.path),
      [["allVariants"]],
    );
  });

  it("an invalid scenario object is a scenario error located by path", () => {
    const scenario = parse(text(CAR));
    scenario.parties[0].reservation = 7;
    try {
      analyze({ scenario });
      assert.fail("no error");
    } catch (e) {
      assert.ok(isZopaError(e, "scenario"));
      assert.deepEqual(
        e.problems.filter((p) => p.severity === "error").map((p) => p.path.slice(0, 2)),
        [["parties", 0]],
      );
      assert.equal(e.problems[0].line, undefined);
    }
  });
});

describe("analyze progress and cancellation", () => {
  it("progress events arrive in order with done ≤ total", () => {
    const events: ProgressEvent[] = [];
    analyze({ paths: [RIVER], allVariants: true }, { onProgress: (e) => events.push(e) });
    const variants = parse(text(RIVER)).variants.length;
    assert.deepEqual(
      events.map((e) => [e.task, e.done, e.total]),
      Array.from({ length: variants + 2 }, (_, k) => ["analyze", k, variants + 1]),
    );
  });

  it("an aborted signal stops --all-variants with an AbortError", () => {
    const controller = new AbortController();
    const events: ProgressEvent[] = [];
    assert.throws(
      () =>
        analyze(
          { paths: [RIVER], allVariants: true },
          {
            signal: controller.signal,
            onProgress: (e) => {
              events.push(e);
              if (e.done === 1) controller.abort();
            },
          },
        ),
      { name: "AbortError" },
    );
    assert.equal(events.at(-1)?.done, 1);
    const aborted = AbortSignal.abort();
    assert.throws(() => analyze({ paths: [CAR] }, { signal: aborted }), { name: "AbortError" });
  });
});
