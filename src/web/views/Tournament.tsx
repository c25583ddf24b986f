/**
 * `/tournaments/new` builds a tournament spec (scenarios, agents, repetitions) and starts it;
 * `/tournaments/<id>` watches it live (server-sent events through EventSource), fills in the leaderboard and
 * its plot (each agent's mean score and 95 % interval, the report's ranking plot) as results come, and opens
 * any negotiation: its offers on the scenario's utility plane, its trace in a table below.
 */
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { agentsFor } from "../../negotiation/catalog.ts";
import { agentColours, partyColours } from "../../report/palette.ts";
import { rankingPlot } from "../../report/tournamentPlots.ts";
import type { Scenario } from "../../scenario/schema.ts";
import { compileScenario } from "../../space/compile.ts";
import type { TournamentResultsJson } from "../../tournament/results.ts";
import { API, getJson, postJson, type ScenarioSummary, scenarioList } from "../api.ts";
import { negotiatorPairs, outcomeText, planeOf } from "../plane.ts";
import { useFitWidth } from "../plots/fitWidth.ts";
import { PlanePlot } from "../plots/PlanePlot.tsx";
import { navigate } from "../router.tsx";
import { useScenario } from "../scenarioData.ts";
import { offerPath, type TraceRow } from "../tracePlane.ts";
import { ErrorBox, fixed } from "./common.tsx";
import { IntegerField } from "./fields.tsx";
import { ReportFigure } from "./Svg.tsx";

export default function TournamentPage({ id }: { id: string | null }) {
  return id === null ? <Builder /> : <Watch id={id} />;
}

function Builder() {
  const [library, setLibrary] = useState<ScenarioSummary[]>([]);
  const [scenarios, setScenarios] = useState<string[]>(["car-purchase"]);
  const [agents, setAgents] = useState<string[]>(["boulware", "conceder", "linear"]);
  const [repetitions, setRepetitions] = useState(1);
  const [rounds, setRounds] = useState(30);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    getJson<unknown>("/scenarios").then(
      (b) => setLibrary(scenarioList(b)),
      (e) => setError((e as Error).message),
    );
  }, []);
  const toggle = (list: string[], x: string) =>
    list.includes(x) ? list.filter((y) => y !== x) : [...list, x];
  const start = async () => {
    setError(null);
    try {
      const made = await postJson<{ id: string }>("/tournaments", {
        name: "workbench",
        scenarios,
        agents,
        repetitions,
        rounds,
        seed: 1,
      });
      navigate(`/tournaments/${encodeURIComponent(made.id)}`);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section>
      <h1>New tournament</h1>
      <p className="muted">Every agent meets every other in every role of each scenario.</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <fieldset>
          <legend>Scenarios</legend>
          {library.map((s) => (
            <label key={s.id} style={{ display: "block" }}>
              <input
                type="checkbox"
                checked={scenarios.includes(s.id)}
                onChange={() => setScenarios(toggle(scenarios, s.id))}
              />{" "}
              {s.title ?? s.id}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Agents</legend>
          <div className="row">
            {agentsFor("saop").map((a) => (
              <label key={a}>
                <input
                  type="checkbox"
                  checked={agents.includes(a)}
                  onChange={() => setAgents(toggle(agents, a))}
                />{" "}
                {a}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="row">
          <IntegerField
            id="t-reps"
            label="Repetitions"
            value={repetitions}
            min={1}
            max={100}
            onChange={setRepetitions}
          />
          <IntegerField
            id="t-rounds"
            label="Deadline (rounds)"
            value={rounds}
            min={1}
            max={1000}
            onChange={setRounds}
          />
          <button type="submit" disabled={scenarios.length === 0 || agents.length < 2}>
            Start the tournament
          </button>
        </div>
      </form>
      {error && <ErrorBox>{error}</ErrorBox>}
    </section>
  );
}

interface Progress {
  done?: number;
  total?: number;
  completed?: number;
  negotiations?: number;
  status?: string;
}

interface Results {
  tournament: {
    name: string;
    negotiations: number;
    completed: number;
    agreements: number;
    scoring: string;
    agents: string[];
  };
  agents: {
    agent: string;
    rank: number;
    negotiations: number;
    meanScore: number | null;
    ci95: [number, number] | null;
    meanUtility: number | null;
    agreementRate: number | null;
  }[];
  negotiations: {
    id: string;
    scenario: string;
    agents: Record<string, string>;
    repetition: number;
    status: string;
    utilities: Record<string, number>;
    rounds: number;
  }[];
}

function Watch({ id }: { id: string }) {
  const [progress, setProgress] = useState<Progress>({});
  const [done, setDone] = useState(false);
  const [results, setResults] = useState<Results | null>(null);
  const [trace, setTrace] = useState<{ id: string; body: unknown } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const path = `/tournaments/${encodeURIComponent(id)}`;

  useEffect(() => {
    let closed = false;
    // Results are fetched on every event; only the latest request's answer may land (an older one can arrive later).
    let asked = 0;
    const loadResults = () => {
      const n = ++asked;
      return getJson<Results>(`${path}/results`).then(
        (r) => !closed && n === asked && setResults(r),
        () => undefined,
      );
    };
    getJson<Progress>(path).then(
      (p) => {
        setProgress(p);
        if (p.status && !["queued", "running"].includes(p.status)) {
          setDone(true);
          void loadResults();
        }
      },
      (e) => setError((e as Error).message),
    );
    const es = new EventSource(`${API}${path}/events`);
    const onProgress = (e: MessageEvent) => {
      try {
        setProgress(JSON.parse(e.data));
      } catch {
        // a comment or keep-alive
      }
      void loadResults();
    };
    es.addEventListener("progress", onProgress);
    es.onmessage = onProgress;
    es.addEventListener("done", () => {
      setDone(true);
      es.close();
      void loadResults();
    });
    es.onerror = () => es.close();
    return () => {
      closed = true;
      es.close();
    };
  }, [path]);

  const total = progress.total ?? progress.negotiations ?? results?.tournament.negotiations ?? 0;
  const finished = progress.done ?? progress.completed ?? results?.tournament.completed ?? 0;
  const colours = agentColours(results?.tournament.agents ?? []);
  const openTrace = async (nid: string) => {
    try {
      setTrace({ id: nid, body: await getJson(`${path}/negotiations/${encodeURIComponent(nid)}`) });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section>
      <h1>Tournament {id}</h1>
      <p aria-live="polite" data-testid="tournament-progress">
        {done ? "Done" : "Running"}: {finished} of {total || "?"} negotiations
      </p>
      <progress max={total || 1} value={finished} aria-label="Negotiations finished" />
      {error && <ErrorBox>{error}</ErrorBox>}
      {results && (
        <>
          <h2>Leaderboard</h2>
          <p className="muted">
            Score: {results.tournament.scoring}; 95 % bootstrap intervals of the mean.{" "}
            {results.tournament.agreements} agreements in {results.tournament.completed} negotiations.
          </p>
          <LeaderboardPlot results={results} />
          <ScrollTable label="The leaderboard" className="table-wrap">
            <table data-testid="leaderboard">
              <thead>
                <tr>
                  <th scope="col">Rank</th>
                  <th scope="col">Agent</th>
                  <th scope="col" className="num">
                    Mean score
                  </th>
                  <th scope="col">95 % interval</th>
                  <th scope="col" className="num">
                    Mean utility
                  </th>
                  <th scope="col" className="num">
                    Agreements
                  </th>
                  <th scope="col" className="num">
                    Seats
                  </th>
                </tr>
              </thead>
              <tbody>
                {results.agents.map((a) => (
                  <tr key={a.agent}>
                    <td>{a.rank}</td>
                    <td>
                      <span className="swatch" style={{ background: colours[a.agent] }} />
                      {a.agent}
                    </td>
                    <td className="num">{fixed(a.meanScore)}</td>
                    <td>{a.ci95 ? `[${fixed(a.ci95[0])}, ${fixed(a.ci95[1])}]` : "–"}</td>
                    <td className="num">{fixed(a.meanUtility)}</td>
                    <td className="num">
                      {a.agreementRate === null ? "–" : `${Math.round(a.agreementRate * 100)} %`}
                    </td>
                    <td className="num">{a.negotiations}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
          <h2>Negotiations</h2>
          <ScrollTable label="The negotiations" className="table-wrap offers">
            <table>
              <thead>
                <tr>
                  <th scope="col">Scenario</th>
                  <th scope="col">Agents</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Rounds
                  </th>
                  <th scope="col">Trace</th>
                </tr>
              </thead>
              <tbody>
                {results.negotiations.map((n) => (
                  <tr key={n.id}>
                    <td>{n.scenario}</td>
                    <td>
                      {Object.entries(n.agents)
                        .map(([p, a]) => `${p}: ${a}`)
                        .join(", ")}
                    </td>
                    <td>{n.status}</td>
                    <td className="num">{n.rounds}</td>
                    <td>
                      <button type="button" className="secondary" onClick={() => openTrace(n.id)}>
                        Open negotiation {n.id.slice(0, 6)}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        </>
      )}
      {trace && <TraceView id={trace.id} body={trace.body} />}
    </section>
  );
}

function outcomeCell(o: unknown): string {
  if (o === null || o === undefined) return "";
  if (typeof o !== "object") return String(o);
  return Object.entries(o as Record<string, unknown>)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(", ");
}

/** A stored negotiation as the API gives it: its result fields and its trace. */
interface NegotiationBody {
  scenario?: string;
  agents?: Record<string, string>;
  status?: string;
  agreement?: Record<string, unknown> | null;
  utilities?: Record<string, number>;
  rounds?: number;
  trace?: TraceRow[];
  negotiation?: { trace?: TraceRow[] };
}

/** The ranking plot of the HTML report, as wide as the page allows; redrawn as results arrive. */
function LeaderboardPlot({ results }: { results: Results }) {
  const [ref, width] = useFitWidth<HTMLDivElement>(640);
  const svg = useMemo(
    () => rankingPlot(results as unknown as TournamentResultsJson, width),
    [results, width],
  );
  const shown = results.agents.filter((a) => a.meanScore !== null && a.ci95 !== null).length;
  return (
    <div ref={ref} data-testid="leaderboard-plot">
      {shown > 0 ? (
        <ReportFigure
          svg={svg}
          caption={`Mean ${results.tournament.scoring} per agent (dot) and its 95 % bootstrap interval (bar), by rank.`}
        />
      ) : (
        <p className="muted">The plot fills in as negotiations finish.</p>
      )}
    </div>
  );
}

function TraceView({ id, body }: { id: string; body: unknown }) {
  const b = body as NegotiationBody;
  const rows = b.trace ?? b.negotiation?.trace ?? [];
  return (
    <section aria-labelledby="trace">
      <h2 id="trace">Negotiation {id}</h2>
      {b.status && (
        <p>
          {b.status === "agreement" ? "Agreement" : b.status} after {b.rounds ?? "?"} rounds
          {b.agents &&
            ` (${Object.entries(b.agents)
              .map(([p, a]) => `${p}: ${a}`)
              .join(", ")})`}
          {b.utilities &&
            `: ${Object.entries(b.utilities)
              .map(([p, u]) => `${p} ${fixed(u)}`)
              .join(", ")}`}
          .
        </p>
      )}
      {b.scenario && rows.length > 0 && <TracePlane scenarioId={b.scenario} body={b} rows={rows} />}
      {rows.length === 0 ? (
        <p>No trace was stored for this negotiation.</p>
      ) : (
        <details>
          <summary>The trace: {rows.length} actions</summary>
          <TraceTable rows={rows} />
        </details>
      )}
    </section>
  );
}

/** The negotiation's offers on its scenario's plane, once the scenario is loaded from the library. */
function TracePlane(props: { scenarioId: string; body: NegotiationBody; rows: TraceRow[] }) {
  const [state] = useScenario(props.scenarioId);
  if (state.state === "loading") return <p aria-busy="true">Loading the scenario…</p>;
  if (state.state === "error" || !state.value.scenario)
    return (
      <p className="muted">
        Scenario “{props.scenarioId}” is not in the library as it stands: the plane is not drawn.
      </p>
    );
  return <TracePlaneOf scenario={state.value.scenario} body={props.body} rows={props.rows} />;
}

function TracePlaneOf({
  scenario,
  body,
  rows,
}: {
  scenario: Scenario;
  body: NegotiationBody;
  rows: TraceRow[];
}) {
  const [ref, width] = useFitWidth<HTMLDivElement>(640);
  const space = useMemo(() => compileScenario(scenario), [scenario]);
  const pair = negotiatorPairs(space)[0];
  const plane = useMemo(() => (pair ? planeOf(space, pair[0], pair[1]) : null), [space, pair]);
  const names = Object.fromEntries(scenario.parties.map((p) => [p.id, p.name]));
  const colours = partyColours(scenario.parties.map((p) => p.id));
  const path = useMemo(
    () =>
      plane
        ? offerPath(
            rows,
            plane.axes,
            space.parties.map((p) => p.id),
            (r, k) =>
              `step ${(r.step ?? k) + 1}, round ${r.round ?? "?"}: ${names[r.party ?? ""] ?? r.party} offers ${outcomeCell(r.outcome)}`,
          )
        : [],
    [plane, rows, space, names],
  );
  if (!plane) return <p className="muted">The scenario is too large to draw its plane.</p>;
  const [ax, ay] = plane.axes;
  const u = body.utilities;
  const agreement =
    body.agreement && u && typeof u[ax] === "number" && typeof u[ay] === "number"
      ? { x: u[ax], y: u[ay], label: "agreement" }
      : null;
  const agents = body.agents ?? {};
  const who = (p: string) => `${names[p] ?? p}${agents[p] ? ` (${agents[p]})` : ""}`;
  return (
    <div ref={ref} data-testid="trace-plane">
      <PlanePlot
        plane={plane}
        names={names}
        colours={colours}
        describe={(o) => outcomeText(scenario, space, o)}
        path={path}
        highlight={agreement}
        width={width}
        caption={`Each party's offers in its colour: ${Object.keys(colours)
          .filter((p) => path.some((x) => x.party === p))
          .map((p) => `${who(p)} ${colourName(colours[p])}`)
          .join(
            ", ",
          )}; grey: every outcome (the agreement zone in blue-green); black: the Pareto frontier${agreement ? "; green diamond: the agreement" : ""}.`}
      />
    </div>
  );
}

/** Plain names of the party palette's first colours, for captions. */
function colourName(hex: string): string {
  return (
    { "#1f77b4": "blue", "#d62728": "red", "#2ca02c": "green", "#9467bd": "purple", "#ff7f0e": "orange" }[
      hex
    ] ?? hex
  );
}

function TraceTable({ rows }: { rows: TraceRow[] }) {
  return (
    <ScrollTable label="The trace" className="table-wrap offers">
      <table>
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">Round</th>
            <th scope="col">Party</th>
            <th scope="col">Action</th>
            <th scope="col">Outcome</th>
            <th scope="col">Utilities</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, k) => (
            <tr key={k}>
              <td>{(r.step ?? k) + 1}</td>
              <td>{r.round ?? ""}</td>
              <td>{r.party ?? ""}</td>
              <td>{r.kind ?? ""}</td>
              <td>{outcomeCell(r.outcome)}</td>
              <td>
                {r.utilities
                  ? (Array.isArray(r.utilities) ? r.utilities : Object.values(r.utilities))
                      .map((u) => fixed(u, 2))
                      .join(", ")
                  : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}

/**
 * A table that may scroll sideways on a narrow screen: keyboard users reach the scroll (axe-core's
 * scrollable-region-focusable) through a named, focusable region.
 */
function ScrollTable(props: { label: string; className: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to scroll by keyboard
    <section className={props.className} tabIndex={0} aria-label={props.label}>
      {props.children}
    </section>
  );
}
