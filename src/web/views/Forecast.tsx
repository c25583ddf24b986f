/**
 * `/scenarios/<id>/forecast`: the stakeholder forecast (positions, each model's forecast, the two-level zone
 * or win-set) computed in the browser, and a Monte Carlo distribution from the API's forecast task.
 */
import * as Plot from "@observablehq/plot";
import { useEffect, useMemo, useRef, useState } from "react";
import { stakeholderForecasts } from "../../forecast/stakeholderForecasts.ts";
import { stakeholderForecastPlot } from "../../report/html/plots.ts";
import type { Scenario } from "../../scenario/schema.ts";
import { postJson } from "../api.ts";
import { makeAccessible } from "../plots/accessible.ts";
import { ErrorBox, fixed, WithScenario } from "./common.tsx";
import { ReportFigure } from "./Svg.tsx";

export default function ForecastPage({ id }: { id: string }) {
  return (
    <WithScenario id={id}>{(s, loaded) => <ForecastView scenario={s} text={loaded.text} />}</WithScenario>
  );
}

interface Histogram {
  lo: number;
  hi: number;
  counts: number[];
}

interface McSummary {
  issue: string;
  model: string;
  samples: number;
  mean: number;
  quantiles: { p5: number; p95: number };
  histogram: Histogram;
}

/** One issue of the forecast task's answer: its forecast, and its Monte Carlo summary when drawn. */
interface McIssue {
  forecast?: { issue: string };
  issue?: string;
  monteCarlo?: McSummary;
  monteCarloSkipped?: string;
}

function issueOf(m: McIssue): string {
  return m.monteCarlo?.issue ?? m.forecast?.issue ?? m.issue ?? "";
}

function HistogramPlot({ h, label }: { h: Histogram; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const w = (h.hi - h.lo) / Math.max(1, h.counts.length);
    const bins = h.counts.map((c, k) => ({ x1: h.lo + k * w, x2: h.lo + (k + 1) * w, c }));
    const svg = Plot.plot({
      width: 420,
      height: 160,
      x: { label: `${label}: forecast position →` },
      y: { label: "↑ draws", grid: true },
      marks: [Plot.rectY(bins, { x1: "x1", x2: "x2", y: "c", fill: "#1f77b4" }), Plot.ruleY([0])],
    });
    makeAccessible(svg, `Monte Carlo distribution of the forecast on ${label}`);
    ref.current?.replaceChildren(svg);
    return () => svg.remove();
  }, [h, label]);
  return <div ref={ref} />;
}

function ForecastView({ scenario, text }: { scenario: Scenario; text: string }) {
  const report = useMemo(
    () => (scenario.stakeholders ? stakeholderForecasts(scenario, { rounds: 10, zoneListLimit: 5 }) : null),
    [scenario],
  );
  const [mc, setMc] = useState<McIssue[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const names = Object.fromEntries(scenario.parties.map((p) => [p.id, p.name]));
  const issueName = (id: string) => scenario.issues.find((i) => i.id === id)?.name ?? id;
  if (!report)
    return (
      <section>
        <h1>Forecast</h1>
        <p>
          This scenario has no stakeholders to forecast from (add <code>stakeholders</code> in the editor).
        </p>
      </section>
    );
  const runMonteCarlo = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await postJson<{ issues?: McIssue[] } | McIssue[]>("/forecast", {
        scenario: text,
        samples: 500,
        seed: 1,
      });
      setMc(Array.isArray(r) ? r : (r.issues ?? []));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const models = Object.keys(report.issues[0]?.forecasts ?? {});
  return (
    <section>
      <h1>Forecast: {scenario.meta.title}</h1>
      <ReportFigure
        svg={stakeholderForecastPlot(report.issues, scenario, names)}
        caption="Stakeholders' ideal points (sized by capability, coloured by the side they ratify for), the status quo (q), the two-level zone (green) and each model's forecast."
      />
      <h2>Model comparison</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Issue</th>
              {models.map((m) => (
                <th scope="col" className="num" key={m}>
                  {m}
                </th>
              ))}
              <th scope="col" className="num">
                Nash
              </th>
              <th scope="col">Two-level zone</th>
            </tr>
          </thead>
          <tbody>
            {report.issues.map((f) => (
              <tr key={f.issue}>
                <th scope="row">{issueName(f.issue)}</th>
                {models.map((m) => (
                  <td className="num" key={m}>
                    {fixed(f.forecasts[m as keyof typeof f.forecasts], 2)}
                    {f.nearestOption?.[m as keyof typeof f.forecasts] && (
                      <span className="muted"> ({f.nearestOption[m as keyof typeof f.forecasts]})</span>
                    )}
                  </td>
                ))}
                <td className="num">{fixed(f.nash, 2)}</td>
                <td>
                  {f.zone
                    ? f.zone.zone.length === 0
                      ? "empty"
                      : f.zone.zone.map((i) => `[${fixed(i.lo, 2)}, ${fixed(i.hi, 2)}]`).join(" ∪ ")
                    : "–"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {report.spatial && (
        <p>
          Win-set over the outcome space:{" "}
          {JSON.stringify((report.spatial as unknown as { zoneSize?: number }).zoneSize ?? "computed")}{" "}
          outcomes acceptable to every constituency.
        </p>
      )}
      <h2>Monte Carlo distribution</h2>
      <p className="muted">
        500 draws over the uncertain inputs (seed 1), computed by the server's forecast task.
      </p>
      <button type="button" onClick={runMonteCarlo} disabled={busy}>
        {busy ? "Running…" : "Run the Monte Carlo forecast"}
      </button>
      {error && <ErrorBox>{error}</ErrorBox>}
      {mc && (
        <div className="planes">
          {mc.map((m) =>
            m.monteCarlo ? (
              <figure key={issueOf(m)} data-testid="monte-carlo">
                <HistogramPlot h={m.monteCarlo.histogram} label={issueName(issueOf(m))} />
                <figcaption>
                  {issueName(issueOf(m))}: {m.monteCarlo.model} model, {m.monteCarlo.samples} draws, mean{" "}
                  {fixed(m.monteCarlo.mean, 2)}, 90 % of draws in [{fixed(m.monteCarlo.quantiles.p5, 2)},{" "}
                  {fixed(m.monteCarlo.quantiles.p95, 2)}]
                </figcaption>
              </figure>
            ) : (
              <p key={issueOf(m)}>
                {issueName(issueOf(m))}: {m.monteCarloSkipped ?? "no uncertain inputs"}
              </p>
            ),
          )}
        </div>
      )}
    </section>
  );
}
