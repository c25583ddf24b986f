/**
 * A scenario's elements in words, for every rendering (HTML, Markdown, text): issue names, option labels,
 * red-line conditions, uncertain inputs and forecasts. Plain strings: callers escape them for their format.
 */
import type { IssueForecast } from "../forecast/scenarioForecast.ts";
import type { Predicate, Scenario, UncertainNumber } from "../scenario/schema.ts";
import { byMagnitude, rounded } from "../util/format.ts";

/** An option's label (its id when it has none); numbers as given. */
export function optionLabel(s: Scenario, issueId: string, value: unknown): string {
  const issue = s.issues.find((i) => i.id === issueId);
  if (issue && (issue.type === "categorical" || issue.type === "ordinal"))
    return issue.options.find((o) => o.id === value)?.label ?? String(value);
  return String(value);
}

/** An issue's name, or its id. */
export function issueName(s: Scenario, id: string): string {
  return s.issues.find((i) => i.id === id)?.name ?? id;
}

/** A red line's condition in words, with option labels. */
export function predicateText(s: Scenario, p: Predicate): string {
  if ("all" in p) return p.all.map((q) => predicateText(s, q)).join(" and ");
  if ("any" in p) return `either ${p.any.map((q) => predicateText(s, q)).join(", or ")}`;
  if ("not" in p) return `not (${predicateText(s, p.not)})`;
  const name = issueName(s, p.issue);
  const labels = (vs: unknown[]) => vs.map((v) => `“${optionLabel(s, p.issue, v)}”`).join(" or ");
  if ("in" in p) return `${name}: ${labels(p.in)}`;
  if ("notIn" in p) return `${name}: anything but ${labels(p.notIn)}`;
  if ("atLeast" in p) return `${name}: at least “${optionLabel(s, p.issue, p.atLeast)}”`;
  return `${name}: at most “${optionLabel(s, p.issue, (p as { atMost: unknown }).atMost)}”`;
}

/** An uncertain input as written: 70, 60–80 (uniform), 75/100/100 (triangular), 50 ± 10 (normal). */
export function uncertainText(u: UncertainNumber): string {
  const n = (x: number) => rounded(x, 3);
  if (typeof u === "number") return n(u);
  if ("range" in u) return `${n(u.range[0])}–${n(u.range[1])}`;
  if ("triangular" in u) return `${u.triangular.map(n).join("/")} (triangular)`;
  return `${n(u.normal.mean)} ± ${n(u.normal.sd)}`;
}

/** A forecast on an issue's scale, with the nearest option's label for ordinal and categorical issues. */
export function forecastValueText(
  s: Scenario,
  f: IssueForecast,
  x: number | undefined,
  model?: string,
): string {
  if (x === undefined || !Number.isFinite(x)) return "–";
  const nearest = model
    ? f.nearestOption?.[model as keyof NonNullable<IssueForecast["nearestOption"]>]
    : undefined;
  const rounded = byMagnitude(x, [2, 1]);
  return nearest ? `${rounded} (${optionLabel(s, f.issue, nearest)})` : rounded;
}
