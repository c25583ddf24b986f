/**
 * `/tournaments/new` builds a tournament spec (scenarios, agents, repetitions) and starts it;
 * `/tournaments/<id>` watches it live (server-sent events through EventSource), fills in the leaderboard with
 * its 95 % intervals, and opens any negotiation's trace.
 */
import { useEffect, useState } from "react";
import { agentsFor } from "../../negotiation/catalog.ts";
import { API, getJson, postJson, type ScenarioSummary, scenarioList } from "../api.ts";
import { navigate } from "../router.tsx";
import { ErrorBox, fixed } from "./common.tsx";
import { IntegerField } from "./fields.tsx";

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
  tournament: { name: string; negotiations: number; completed: number; agreements: number; scoring: string };
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
          <div className="table-wrap">
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
                    <td>{a.agent}</td>
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
          </div>
          <h2>Negotiations</h2>
          <div className="table-wrap offers">
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
          </div>
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

interface TraceRow {
  step?: number;
  round?: number;
  party?: string;
  kind?: string;
  outcome?: unknown;
  utilities?: number[] | Record<string, number> | null;
}

function TraceView({ id, body }: { id: string; body: unknown }) {
  const b = body as { trace?: TraceRow[]; negotiation?: { trace?: TraceRow[] } };
  const rows = b.trace ?? b.negotiation?.trace ?? [];
  return (
    <section aria-labelledby="trace">
      <h2 id="trace">Negotiation {id}</h2>
      {rows.length === 0 ? (
        <p>No trace was stored for this negotiation.</p>
      ) : (
        <div className="table-wrap offers">
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
        </div>
      )}
    </section>
  );
}
