/**
 * history, validate, import, export and report called directly give what the CLI prints (or writes) for the
 * same input, in every input form; the registry lists every task with a schema a server can document.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { parse } from "yaml";
import { z } from "zod";
import { isZopaError } from "../../src/errors.ts";
import { exportScenario } from "../../src/tasks/export.ts";
import { history } from "../../src/tasks/history.ts";
import { importScenario } from "../../src/tasks/import.ts";
import { tasks } from "../../src/tasks/index.ts";
import { report } from "../../src/tasks/report.ts";
import type { ProgressEvent } from "../../src/tasks/task.ts";
import { validate } from "../../src/tasks/validate.ts";
import { asJson, at, CAR, cli, cliJson, filesOf, HISTORY, MARKET, RIVER, SHOP, text } from "./support.ts";

process.chdir(at("."));
const dir = mkdtempSync(join(tmpdir(), "zopa-tasks-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("each task gives what its command prints", () => {
  it("history: by path, text and on standard input; variants", async () => {
    const expected = await cliJson(["history", HISTORY]);
    assert.deepEqual(asJson(history({ paths: [HISTORY] })), expected);
    assert.deepEqual(asJson(history({ scenario: text(HISTORY) })), expected);
    assert.deepEqual(await cliJson(["history", "-"], text(HISTORY)), expected);
    assert.deepEqual(
      asJson(history({ paths: [HISTORY], variants: ["base"] })),
      await cliJson(["history", HISTORY, "--variant", "base"]),
    );
    assert.throws(
      () => history({ scenario: text(CAR), name: "car.yaml" }),
      (e) => isZopaError(e, "usage") && /^car\.yaml has no `timeline`/.test(e.message),
    );
  });

  it("validate: paths, files by name, a scenario object; invalid documents are results", async () => {
    const expected = await cliJson(["validate", CAR, RIVER]);
    assert.deepEqual(asJson(validate({ paths: [CAR, RIVER] })), expected);
    assert.deepEqual(asJson(validate({ files: { [CAR]: text(CAR), [RIVER]: text(RIVER) } })), expected);
    const broken = parse(text(CAR));
    delete broken.meta.title;
    const [r] = validate({ scenario: broken, name: "car" }).files;
    assert.equal(r.ok, false);
    assert.deepEqual(
      r.problems.map((p) => p.path),
      [["meta", "title"]],
    );
    const piped = await cli(["validate", "-"], text(CAR));
    assert.equal(piped.code, 0, piped.stderr);
    assert.equal(piped.stdout, "<stdin>: valid\n");
  });

  it("import: GENIUS and GeniusWeb by folder and by files, with the warnings the CLI prints", async () => {
    for (const folder of [SHOP, MARKET]) {
      const cliRun = await cli(["import", folder, "--format", "json"]);
      const warnings: string[] = [];
      const result = importScenario({ paths: [folder] }, { onWarning: (w) => warnings.push(w) });
      assert.deepEqual(asJson(result), JSON.parse(cliRun.stdout), folder);
      assert.equal(
        cliRun.stderr,
        warnings.map((w) => `${/\bwarning:/.test(w) ? "" : "warning: "}${w}\n`).join(""),
      );
      assert.deepEqual(asJson(importScenario({ files: filesOf(folder) })), JSON.parse(cliRun.stdout));
    }
    assert.throws(
      () => importScenario({ paths: [CAR] }),
      (e) => isZopaError(e, "usage"),
    );
  });

  it("export: the files the CLI writes, for a path and for standard input", async () => {
    for (const to of ["genius", "geniusweb"] as const) {
      const out = join(dir, to);
      const run = await cli(["export", "-", "--to", to, "-o", out], text(CAR));
      assert.equal(run.code, 0, run.stderr);
      const result = exportScenario({ paths: [CAR], to });
      assert.deepEqual(result.files.map((f) => f.name).sort(), readdirSync(out).sort());
      for (const f of result.files) assert.equal(f.text, readFileSync(join(out, f.name), "utf8"), f.name);
      for (const w of result.warnings) assert.ok(run.stderr.includes(`warning: ${w}\n`), w);
    }
  });

  it("report: the Markdown and HTML the CLI prints; progress in order", async () => {
    const md = await cli(["report", RIVER, "--format", "markdown"]);
    assert.equal(md.code, 0, md.stderr);
    const events: ProgressEvent[] = [];
    const result = await report(
      { scenario: text(RIVER), format: "markdown" },
      { onProgress: (e) => events.push(e) },
    );
    assert.deepEqual(result, { format: "markdown", report: md.stdout });
    const total = parse(text(RIVER)).variants.length + 4;
    assert.deepEqual(
      events.map((e) => [e.done, e.total]),
      Array.from({ length: total + 1 }, (_, k) => [k, total]),
    );
    const html = await cli(["report", "-"], text(CAR));
    assert.equal(html.code, 0, html.stderr);
    assert.equal((await report({ paths: [CAR] })).report, html.stdout);
  });
});

describe("the registry", () => {
  it("lists every task with a request schema (JSON Schema for OpenAPI) and a run that returns a promise", async () => {
    assert.deepEqual(Object.keys(tasks).sort(), [
      "analyze",
      "backtest",
      "export",
      "forecast",
      "history",
      "import",
      "report",
      "simulate",
      "tournament",
      "tournamentReport",
      "tournamentResults",
      "validate",
    ]);
    for (const [name, task] of Object.entries(tasks)) {
      assert.equal(task.name, name);
      const schema = z.toJSONSchema(task.request, { io: "input", unrepresentable: "any" });
      assert.equal(schema.type, "object", name);
    }
    const run = tasks.analyze.run({ paths: [CAR] });
    assert.ok(run instanceof Promise);
    assert.deepEqual(asJson(await run), await cliJson(["analyze", CAR]));
    await assert.rejects(tasks.validate.run({} as never), (e) => isZopaError(e, "usage"));
  });
});
