/**
 * The forecast model suite: every built-in model of `zopa forecast --model` passes it (one test per check), and
 * deliberately wrong models fail the check they break, with the issue and the numbers.
 */
import assert from "node:assert/strict";
import { describe, it, test } from "node:test";
import {
  builtinForecastModels,
  FORECAST_MODEL_CHECKS as C,
  type CheckReport,
  checkForecastModel,
  type ForecastModel,
  type StakeholderIssue,
  testForecastModel,
} from "../../src/testing/index.ts";

for (const model of builtinForecastModels()) testForecastModel(test, model);

function failedChecks(report: CheckReport): string[] {
  return report.checks.filter((c) => !c.ok).map((c) => c.name);
}

function detail(report: CheckReport, name: string): string {
  return report.checks.find((c) => c.name === name)!.detail;
}

const mean = (issue: StakeholderIssue) =>
  issue.actors.reduce((s, a) => s + a.position, 0) / issue.actors.length;

describe("checkForecastModel(model) names the check a wrong model breaks", () => {
  it("the first actor's position: not invariant to the order of the actors", async () => {
    const r = await checkForecastModel({ name: "first", forecast: (i) => i.actors[0].position });
    assert.deepEqual(failedChecks(r), [C.order]);
    assert.match(detail(r, C.order), /^issue \d+: [\d.]+ for a0, .* but [\d.]+ for /);
  });

  it("a forecast past the positions: outside the range, and not the common position", async () => {
    const r = await checkForecastModel({
      name: "past-the-top",
      forecast: (i) => Math.max(...i.actors.map((a) => a.position)) + 1,
    });
    assert.deepEqual(failedChecks(r), [C.range, C.unanimity]);
    assert.match(detail(r, C.unanimity), /every actor at [\d.]+, forecast [\d.]+/);
  });

  it("Math.random: not deterministic", async () => {
    const r = await checkForecastModel({
      name: "noisy",
      forecast: (i) => i.actors[Math.floor(Math.random() * i.actors.length)].position,
    });
    assert.ok(failedChecks(r).includes(C.deterministic), JSON.stringify(r));
  });

  it("sorting the actors in place: changes its input", async () => {
    const model: ForecastModel = {
      name: "sorts-in-place",
      forecast: (i) => i.actors.sort((a, b) => a.position - b.position)[0].position,
    };
    const r = await checkForecastModel(model);
    assert.deepEqual(failedChecks(r), [C.pure]);
    assert.match(detail(r, C.pure), /changed its input at actors\[\d+\]/);
  });

  it("a model clamped to 0–100 that claims scale equivariance fails it; without the claim the check does not apply", async () => {
    const clamped = (i: StakeholderIssue) => Math.min(100, Math.max(0, mean(i)));
    const claims = await checkForecastModel({ name: "clamped", forecast: clamped, scaleEquivariant: true });
    assert.deepEqual(failedChecks(claims), [C.scale]);
    assert.match(detail(claims, C.scale), /x → [\d.]+·x \+ -?\d+ gives [\d.-]+, expected [\d.-]+/);
    const modest = await checkForecastModel({ name: "clamped", forecast: clamped });
    assert.deepEqual(failedChecks(modest), []);
    assert.match(detail(modest, C.scale), /^not applicable/);
  });

  it("a model that throws fails without the suite throwing", async () => {
    const r = await checkForecastModel({
      name: "throws",
      forecast: () => {
        throw new RangeError("no");
      },
    });
    assert.ok(failedChecks(r).includes(C.range));
    assert.match(detail(r, C.range), /threw RangeError: no/);
  });
});
