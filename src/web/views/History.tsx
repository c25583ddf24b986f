/** `/scenarios/<id>/history`: the rounds on a timeline, each position's utilities and its DANS move. */
import { useMemo } from "react";
import { analyzeHistory } from "../../history/history.ts";
import { movesPlot, positionsOverTimePlot } from "../../report/html/plots.ts";
import { partyColours } from "../../report/palette.ts";
import type { Scenario } from "../../scenario/schema.ts";
import { fixed, WithScenario } from "./common.tsx";
import { ReportFigure } from "./Svg.tsx";

export default function HistoryPage({ id }: { id: string }) {
  return <WithScenario id={id}>{(s) => <HistoryView scenario={s} />}</WithScenario>;
}

function HistoryView({ scenario }: { scenario: Scenario }) {
  const h = useMemo(
    () => (scenario.timeline && scenario.timeline.length > 0 ? analyzeHistory(scenario) : null),
    [scenario],
  );
  if (!h)
    return (
      <section>
        <h1>History</h1>
        <p>
          This scenario records no rounds of talks (add a <code>timeline</code> in the editor).
        </p>
      </section>
    );
  const names = Object.fromEntries(scenario.parties.map((p) => [p.id, p.name]));
  const colours = partyColours(scenario.parties.map((p) => p.id));
  return (
    <section>
      <h1>History: {scenario.meta.title}</h1>
      <p className="muted">
        {h.rounds.length} rounds, {h.positions.length} positions. Utilities use the base scenario's
        preferences; a position's unstated issues are carried from the party's previous position or set to its
        best option.
      </p>
      {h.positions.length > 0 && (
        <ReportFigure
          svg={positionsOverTimePlot(h, names, colours)}
          caption="Each party's positions over the rounds: utility to itself (solid) and to the other side (dashed)."
        />
      )}
      {h.positions.some((p) => p.move) && (
        <ReportFigure
          svg={movesPlot(h, names)}
          caption="The moves (DANS): change of own utility against change of the other side's, one arrow per move."
        />
      )}
      <h2>Rounds</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Round</th>
              <th scope="col">Date</th>
              <th scope="col">Party</th>
              {h.negotiators.map((n) => (
                <th scope="col" className="num" key={n}>
                  {names[n] ?? n}
                </th>
              ))}
              <th scope="col">Move</th>
            </tr>
          </thead>
          <tbody>
            {h.positions.map((p, k) => (
              <tr key={k}>
                <td>{p.round}</td>
                <td>{p.date}</td>
                <td>{names[p.party] ?? p.party}</td>
                {h.negotiators.map((n) => (
                  <td className="num" key={n}>
                    {fixed(p.utilities[n])}
                  </td>
                ))}
                <td>{p.move ? p.move.class : "first position"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ol>
        {h.rounds.map((r) => (
          <li key={r.id}>
            <b>{r.id}</b> ({r.date}, {r.venue}){r.note && ` — ${r.note}`}
          </li>
        ))}
      </ol>
    </section>
  );
}
