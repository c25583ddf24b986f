/**
 * `/scenarios/<id>/analysis`: the verdict first (verbatim from the analysis), the utility plane(s), the
 * deadlock diagnosis with a "Try this relaxation" button per relaxation, sliders for reservation values and
 * weights, the variants side by side and the sources. Every what-if is recomputed here, with the core.
 */
import { useEffect, useMemo, useState } from "react";
import { type Analysis, analyze } from "../../analysis/analyze.ts";
import type { Deadlock } from "../../analysis/deadlock.ts";
import { commitmentText, opensText, relaxationText } from "../../analysis/deadlockText.ts";
import { partyColours } from "../../report/palette.ts";
import type { Scenario, VariantChange } from "../../scenario/schema.ts";
import { type CompiledSpace, compileScenario } from "../../space/compile.ts";
import { negotiatorPairs, outcomeText, type Plane, planeOf } from "../plane.ts";
import { PlanePlot, type PlanePoint } from "../plots/PlanePlot.tsx";
import { Link } from "../router.tsx";
import { scenarioPath } from "../routes.ts";
import { mergeChanges, recompute, relaxationChanges, reweight, weightChanges } from "../whatIf.ts";
import { fixed, partyName, WithScenario } from "./common.tsx";

export default function AnalysisPage({ id }: { id: string }) {
  return <WithScenario id={id}>{(scenario) => <AnalysisView id={id} scenario={scenario} />}</WithScenario>;
}

interface Computed {
  scenario: Scenario;
  analysis: Analysis;
  space: CompiledSpace;
  planes: (Plane | null)[];
  /** Milliseconds: applying the what-if and the full analysis (the recomputation). */
  ms: number;
  /** Milliseconds: the planes' data (every outcome's cell, the frontier of each pair). */
  planeMs: number;
}

function computeAll(scenario: Scenario, changes: VariantChange[]): Computed {
  const t0 = performance.now();
  const r = changes.length > 0 ? recompute(scenario, changes) : { scenario, analysis: analyze(scenario) };
  const t1 = performance.now();
  const space = compileScenario(r.scenario);
  const planes = negotiatorPairs(space).map(([i, j]) => planeOf(space, i, j));
  return {
    scenario: r.scenario,
    analysis: r.analysis,
    space,
    planes,
    ms: t1 - t0,
    planeMs: performance.now() - t1,
  };
}

function changeText(s: Scenario, c: VariantChange): string {
  const who = partyName(s, "party" in c ? c.party : "");
  switch (c.op) {
    case "dropRedLine":
      return `drop ${who}'s red line “${c.redLine}”`;
    case "setReservation":
      return `${who}'s reservation value ${typeof c.reservation === "number" ? fixed(c.reservation, 2) : "changed"}`;
    case "setWeight":
      return `${who}'s weight on ${s.issues.find((i) => i.id === c.issue)?.name ?? c.issue} ${fixed(c.weight, 2)}`;
    default:
      return c.op;
  }
}

function SourceRefs({ ids }: { ids?: readonly string[] }) {
  if (!ids || ids.length === 0) return <span className="tag">no source</span>;
  return (
    <span className="refs">
      [
      {ids.map((sid, k) => (
        <span key={sid}>
          {k > 0 && ", "}
          <a href={`#src-${sid}`}>{sid}</a>
        </span>
      ))}
      ]
    </span>
  );
}

function Diagnosis(props: { deadlock: Deadlock; onTry: (k: number) => void }) {
  const d = props.deadlock;
  return (
    <section aria-labelledby="diagnosis">
      <h2 id="diagnosis">Why there is no deal, and what would open one</h2>
      <h3>Commitments that jointly block a deal</h3>
      <ol>
        {d.blockingSets.map((b, k) => (
          <li key={k}>{b.commitments.map((key) => commitmentText(d, key)).join(" + ")}</li>
        ))}
      </ol>
      <h3>Smallest relaxations</h3>
      <ol>
        {d.relaxations.map((r, k) => (
          <li key={k} className="relaxation">
            <p>
              {relaxationText(d, r)}: {opensText(r)}
            </p>
            <button type="button" onClick={() => props.onTry(k)} aria-describedby={`relax-${k}`}>
              Try this relaxation
            </button>
            <span id={`relax-${k}`} className="muted">
              {" "}
              ({r.relax.join(", ")})
            </span>
          </li>
        ))}
      </ol>
      <h3>The commitments, with their sources</h3>
      <ul>
        {d.commitments.map((c) => (
          <li key={c.key}>
            <b>{c.description}</b>
            {c.statement && <> — “{c.statement}”</>} {c.status && <span className="tag">{c.status}</span>}
            {c.kind === "redLine" && <SourceRefs ids={c.sources} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Slider(props: { id: string; label: string; value: number; onChange: (v: number) => void }) {
  return (
    <div className="slider">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="range"
        min={0}
        max={1}
        step={0.01}
        value={props.value}
        onChange={(e) => props.onChange(Number(e.target.value))}
      />
      <output htmlFor={props.id}>{props.value.toFixed(2)}</output>
    </div>
  );
}

function Variants({ scenario }: { scenario: Scenario }) {
  const [rows, setRows] = useState<Analysis[] | null>(null);
  useEffect(() => {
    // After the first paint: the base comes first, the variants a moment later.
    const t = setTimeout(
      () => setRows(scenario.variants.map((v) => analyze(scenario, { variant: v.id }))),
      30,
    );
    return () => clearTimeout(t);
  }, [scenario]);
  if (scenario.variants.length === 0) return null;
  return (
    <section aria-labelledby="variants">
      <h2 id="variants">Variants side by side</h2>
      {rows === null ? (
        <p aria-busy="true">Analysing the variants…</p>
      ) : (
        <div className="variants">
          {rows.map((a, k) => {
            const v = scenario.variants[k];
            return (
              <article className="card" key={v.id}>
                <h3>{v.id}</h3>
                {v.description && <p className="muted">{v.description}</p>}
                <p className={`verdict${a.agreementZone.empty ? "" : " open"}`}>{a.verdict}</p>
                <p>
                  Zone: {a.agreementZone.size ?? "–"} outcomes
                  {a.solutions.nash &&
                    ` · Nash ${a.negotiators.map((p) => `${partyName(scenario, p)} ${fixed(a.solutions.nash!.utilities[p], 2)}`).join(", ")}`}
                </p>
              </article>
            );
          })}
        </div>
      )}
    </section>
  );
}

function Sources({ scenario }: { scenario: Scenario }) {
  if (scenario.sources.length === 0) return null;
  return (
    <section aria-labelledby="sources">
      <h2 id="sources">Sources</h2>
      <ol>
        {scenario.sources.map((s) => (
          <li key={s.id} id={`src-${s.id}`}>
            <b>{s.id}</b>: {s.url ? <a href={s.url}>{s.title ?? s.url}</a> : s.title}
            {s.publisher && `, ${s.publisher}`}
            {s.date && ` (${s.date})`}
            {s.quote && <blockquote>“{s.quote}”</blockquote>}
          </li>
        ))}
      </ol>
    </section>
  );
}

function AnalysisView({ id, scenario }: { id: string; scenario: Scenario }) {
  const [changes, setChanges] = useState<VariantChange[]>([]);
  const computed = useMemo(() => computeAll(scenario, changes), [scenario, changes]);
  const { analysis, space } = computed;
  const s = computed.scenario;
  const names = Object.fromEntries(s.parties.map((p) => [p.id, p.name]));
  const colours = partyColours(s.parties.map((p) => p.id));
  const negotiators = analysis.negotiators;
  const add = (more: VariantChange[]) => setChanges((c) => mergeChanges([...c, ...more]));
  const tryRelaxation = (k: number) => {
    const r = analysis.deadlock?.relaxations[k];
    if (r) add(relaxationChanges(r));
  };
  const solutions = (a: string, b: string): PlanePoint[] => {
    const out: PlanePoint[] = [];
    const sol = analysis.solutions;
    if (sol.nash) out.push({ x: sol.nash.utilities[a], y: sol.nash.utilities[b], label: "Nash" });
    if (sol.kalaiSmorodinsky)
      out.push({ x: sol.kalaiSmorodinsky.utilities[a], y: sol.kalaiSmorodinsky.utilities[b], label: "KS" });
    return out;
  };
  return (
    <article>
      <h1>{s.meta.title}</h1>
      {changes.length > 0 && (
        <section className="whatif" aria-label="What-if">
          <p>
            <b>What-if</b> (not saved): {changes.map((c) => changeText(scenario, c)).join("; ")}.
          </p>
          <button type="button" className="secondary" onClick={() => setChanges([])}>
            Back to the scenario as written
          </button>
        </section>
      )}
      <p
        className={`verdict${analysis.agreementZone.empty ? "" : " open"}`}
        data-testid="verdict"
        aria-live="polite"
      >
        {analysis.verdict}
      </p>
      <p className="muted">
        Analysed in the browser in <span data-testid="recompute-ms">{computed.ms.toFixed(0)}</span> ms (the
        plane's data in <span data-testid="plane-ms">{computed.planeMs.toFixed(0)}</span> ms) ·{" "}
        {analysis.space.size.toLocaleString("en")} outcomes ·{" "}
        <Link href={scenarioPath(id, "play")}>Play it</Link> · <a href="#sources">Sources</a>
      </p>
      <div className={analysis.deadlock ? "top-grid" : undefined}>
        <section aria-labelledby="plane">
          <h2 id="plane">Utility plane</h2>
          {computed.planes.length === 0 && <p>The plane needs at least two negotiators with preferences.</p>}
          <div className="planes">
            {computed.planes.map((plane, k) =>
              plane ? (
                <PlanePlot
                  key={k}
                  plane={plane}
                  names={names}
                  colours={colours}
                  describe={(o) => outcomeText(s, space, o)}
                  solutions={solutions(plane.axes[0], plane.axes[1])}
                  width={computed.planes.length > 1 ? 420 : 640}
                  caption={`Every outcome (grey; the agreement zone in blue-green, ${plane.zoneSize.toLocaleString("en")} outcomes), the Pareto frontier (black), the reservation values (dashed, in each party's colour) and the solution points. Hover a point to see its outcome.`}
                />
              ) : (
                <p key={k}>This space is too large to draw every outcome.</p>
              ),
            )}
          </div>
        </section>
        {analysis.deadlock && <Diagnosis deadlock={analysis.deadlock} onTry={tryRelaxation} />}
      </div>
      <section aria-labelledby="tweak">
        <h2 id="tweak">Reservation values and weights</h2>
        <p className="muted">Move a slider: the analysis above is recomputed at once (nothing is saved).</p>
        {negotiators.map((pid) => {
          const party = s.parties.find((p) => p.id === pid)!;
          return (
            <Slider
              key={pid}
              id={`rv-${pid}`}
              label={`${party.name}'s reservation value`}
              value={space.parties.find((p) => p.id === pid)!.reservation}
              onChange={(v) => add([{ op: "setReservation", party: pid, reservation: v }])}
            />
          );
        })}
        {negotiators.map((pid) => {
          const party = s.parties.find((p) => p.id === pid)!;
          const weights = party.preferences?.weights ?? {};
          return (
            <details key={pid}>
              <summary>{party.name}'s weights</summary>
              {Object.entries(weights).map(([issue, w]) => (
                <Slider
                  key={issue}
                  id={`w-${pid}-${issue}`}
                  label={`${party.name}: ${s.issues.find((i) => i.id === issue)?.name ?? issue}`}
                  value={w}
                  onChange={(v) => add(weightChanges(pid, reweight(weights, issue, v)))}
                />
              ))}
            </details>
          );
        })}
      </section>
      <section aria-labelledby="solutions">
        <h2 id="solutions">Solutions</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Point</th>
                {negotiators.map((p) => (
                  <th scope="col" className="num" key={p}>
                    {names[p]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {(
                [
                  ["Nash", analysis.solutions.nash],
                  ["Kalai–Smorodinsky", analysis.solutions.kalaiSmorodinsky],
                  ["Egalitarian", analysis.solutions.egalitarian],
                  ["Max welfare", analysis.solutions.welfare],
                ] as const
              ).map(([label, p]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  {negotiators.map((n) => (
                    <td className="num" key={n}>
                      {p ? fixed(p.utilities[n]) : "–"}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <Variants scenario={scenario} />
      <Sources scenario={scenario} />
    </article>
  );
}
