/**
 * The forecast model conformance suite. A forecast model maps one issue's stakeholders (positions on a 1-D
 * scale, capabilities, saliences) to a predicted position. On seeded random issues every model must return a
 * finite position within the range of the actors' positions, the same forecast whatever the order of the
 * actors, the common position when all actors agree, the same forecast for the same input, and leave its input
 * unchanged; a model that claims scale equivariance must move with the scale (positions and scale mapped by
 * x → a·x + b, a > 0, give the forecast mapped the same way). Pure: no I/O, no test runner.
 */
import { forecastWith, MODEL_NAMES, type ModelName } from "../forecast/models.ts";
import type { Actor, StakeholderIssue } from "../forecast/types.ts";
import { createRandom, type Random } from "../negotiation/random.ts";
import { firstDifference } from "./equal.ts";
import { CheckList, type CheckReport, errorText } from "./report.ts";
import { registerChecks, type TestFunction } from "./runner.ts";

export type { Actor, StakeholderIssue } from "../forecast/types.ts";

/** A forecasting model: one issue's stakeholders in, the predicted position out. */
export interface ForecastModel {
  readonly name: string;
  forecast(issue: StakeholderIssue): number;
  /**
   * Whether the model claims scale equivariance: positions and scale mapped by x → a·x + b (a > 0) map the
   * forecast the same way. Defaults to false (the check is then not applicable).
   */
  readonly scaleEquivariant?: boolean;
}

/** The checks of the forecast model suite, in the order reported. */
export const FORECAST_MODEL_CHECKS = {
  range: "forecasts a finite position within the actors' positions",
  order: "is invariant to the order of the actors",
  unanimity: "returns the common position when all actors agree",
  deterministic: "gives the same forecast for the same input",
  pure: "leaves its input unchanged",
  scale: "moves with the scale (x → a·x + b) where it claims to",
} as const;

export interface ForecastModelSuiteOptions {
  /** Number of random issues; defaults to 40. */
  issues?: number;
  /** Seed of the random issues; defaults to 1. */
  seed?: number;
  /**
   * Tolerance, relative to the range of positions; defaults to 1e-6 (an iterative model such as BDM sums in
   * another order when the actors are shuffled, and ten rounds of that rounding reach about 1e-8 of the range).
   */
  tolerance?: number;
}

/** The built-in models of `zopa forecast --model`, as ForecastModels (all claim scale equivariance). */
export function builtinForecastModels(): ForecastModel[] {
  return MODEL_NAMES.map((name: ModelName) => ({
    name,
    forecast: (issue: StakeholderIssue) => forecastWith(name, issue),
    scaleEquivariant: true,
  }));
}

/** A random issue on a 0–100 scale: 2 to 9 actors, some sharing positions, some with salience 1. */
export function randomStakeholderIssue(rng: Random, id: string): StakeholderIssue {
  const n = 2 + rng.int(8);
  const grid = rng.next() < 0.5;
  const actors: Actor[] = Array.from({ length: n }, (_, k) => ({
    name: `a${k}`,
    capability: 1 + rng.int(100),
    position: grid ? 10 * rng.int(11) : Math.round(rng.next() * 1e4) / 100,
    salience: rng.next() < 0.2 ? 1 : (1 + rng.int(100)) / 100,
  }));
  return { id, actors, scale: { min: 0, max: 100 } };
}

function shuffled<T>(xs: readonly T[], rng: Random): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function copy(issue: StakeholderIssue): StakeholderIssue {
  return {
    ...issue,
    actors: issue.actors.map((a) => ({ ...a })),
    ...(issue.scale ? { scale: { ...issue.scale } } : {}),
  };
}

function show(issue: StakeholderIssue): string {
  return issue.actors.map((a) => `${a.name}(x=${a.position}, c=${a.capability}, s=${a.salience})`).join(" ");
}

/** Runs the forecast model suite. Never throws for a misbehaving model: a throw is a failed check. */
export async function checkForecastModel(
  model: ForecastModel,
  options: ForecastModelSuiteOptions = {},
): Promise<CheckReport> {
  const C = FORECAST_MODEL_CHECKS;
  const list = new CheckList(Object.values(C));
  const rng = createRandom(options.seed ?? 1);
  const tol = options.tolerance ?? 1e-6;
  const count = options.issues ?? 40;
  const call = (check: string, issue: StakeholderIssue, what: string): number | null => {
    try {
      return model.forecast(issue);
    } catch (e) {
      list.fail(check, `${what}: threw ${errorText(e)} on ${show(issue)}`);
      return null;
    }
  };
  for (let k = 0; k < count; k++) {
    const issue = randomStakeholderIssue(rng, `issue-${k}`);
    const where = `issue ${k}`;
    const xs = issue.actors.map((a) => a.position);
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    const eps = tol * Math.max(1, hi - lo);
    const before = copy(issue);
    const f = call(C.range, issue, where);
    if (f === null) continue;
    if (!(Number.isFinite(f) && f >= lo - eps && f <= hi + eps))
      list.fail(C.range, `${where}: forecast ${f} outside [${lo}, ${hi}] on ${show(issue)}`);
    const changed = firstDifference(before, issue);
    if (changed) list.fail(C.pure, `${where}: the model changed its input at ${changed}`);
    const again = call(C.deterministic, copy(before), where);
    if (again !== null && !Object.is(again, f))
      list.fail(C.deterministic, `${where}: ${f} then ${again} on ${show(before)}`);
    const reordered = { ...copy(before), actors: shuffled(copy(before).actors, rng) };
    const g = call(C.order, reordered, where);
    if (g !== null && !(Math.abs(g - f) <= eps))
      list.fail(
        C.order,
        `${where}: ${f} for ${before.actors.map((a) => a.name).join(", ")} but ${g} for ${reordered.actors.map((a) => a.name).join(", ")}`,
      );
    const common = xs[rng.int(xs.length)];
    const unanimous = { ...copy(before), actors: before.actors.map((a) => ({ ...a, position: common })) };
    const u = call(C.unanimity, unanimous, where);
    if (u !== null && !(Math.abs(u - common) <= tol * Math.max(1, Math.abs(common))))
      list.fail(C.unanimity, `${where}: every actor at ${common}, forecast ${u}`);
    if (model.scaleEquivariant) {
      const a = 0.25 + rng.int(8) * 0.75;
      const b = rng.int(401) - 200;
      const map = (x: number) => a * x + b;
      const scaled: StakeholderIssue = {
        ...copy(before),
        actors: before.actors.map((actor) => ({ ...actor, position: map(actor.position) })),
        ...(before.scale ? { scale: { min: map(before.scale.min), max: map(before.scale.max) } } : {}),
      };
      const s = call(C.scale, scaled, where);
      if (s !== null && !(Math.abs(s - map(f)) <= eps * a + tol * Math.abs(b)))
        list.fail(
          C.scale,
          `${where}: x → ${a}·x + ${b} gives ${s}, expected ${map(f)} (forecast ${f} on the 0–100 scale)`,
        );
    }
  }
  if (!model.scaleEquivariant) list.note(C.scale, "not applicable: the model does not claim it");
  for (const name of Object.values(C))
    if (!list.hasFailed(name) && !(name === C.scale && !model.scaleEquivariant))
      list.note(name, `${count} issues`);
  return list.report(model.name);
}

/** Registers the forecast model suite with a test runner, one test per check. */
export function testForecastModel(
  test: TestFunction,
  model: ForecastModel,
  options: ForecastModelSuiteOptions = {},
): void {
  registerChecks(test, model.name, Object.values(FORECAST_MODEL_CHECKS), () =>
    checkForecastModel(model, options),
  );
}
