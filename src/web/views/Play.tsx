/**
 * `/scenarios/<id>/play`: a person negotiates against a built-in agent through the sessions API. `?as=<party>`
 * and `?vs=<agent>` preset the two controls; `?session=<id>&token=<token>` joins a session already made (a
 * classroom link). Utilities are computed here, with the core, from the person's own preferences.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from "react";
import { agentsFor } from "../../negotiation/catalog.ts";
import { distancesOf } from "../../negotiation/result.ts";
import { partyColours } from "../../report/palette.ts";
import type { IssueValue, Scenario } from "../../scenario/schema.ts";
import { type CompiledSpace, compileScenario } from "../../space/compile.ts";
import { digitsOf } from "../../space/outcome.ts";
import { utilityOf } from "../../space/utility.ts";
import { API, ApiError, getJson, postJson } from "../api.ts";
import { optionText, outcomeText, planeOf } from "../plane.ts";
import { makeAccessible } from "../plots/accessible.ts";
import { type PathPoint, PlanePlot } from "../plots/PlanePlot.tsx";
import { navigate } from "../router.tsx";
import { scenarioPath } from "../routes.ts";
import {
  deadlineEndsAt,
  HUMAN,
  isTurnOf,
  mayDo,
  nashDistanceOf,
  paretoDistanceOf,
  roundsLeft,
  type SessionView,
  secondsLeft,
  sessionSpec,
} from "../session.ts";
import { ErrorBox, fixed, WithScenario } from "./common.tsx";
import { IntegerField, SelectField } from "./fields.tsx";

const Classroom = lazy(() => import("./Classroom.tsx"));

export default function PlayPage({ id, query }: { id: string; query: Record<string, string> }) {
  return <WithScenario id={id}>{(s) => <PlayView id={id} scenario={s} query={query} />}</WithScenario>;
}

const AGENTS = agentsFor("saop");
const OPPONENTS = [
  ...AGENTS.map((a) => ({ value: a, label: a })),
  { value: HUMAN, label: "another person (a link)" },
];
const DEADLINES = [6, 10, 20, 40];
const DEADLINE_KINDS = [
  { value: "rounds", label: "rounds" },
  { value: "seconds", label: "seconds" },
];

function utilityIn(space: CompiledSpace, party: string, outcome: Record<string, IssueValue>): number {
  const k = space.parties.findIndex((p) => p.id === party);
  return utilityOf(space.parties[k], digitsOf(space, outcome));
}

function PlayView({
  id,
  scenario,
  query,
}: {
  id: string;
  scenario: Scenario;
  query: Record<string, string>;
}) {
  const space = useMemo(() => compileScenario(scenario), [scenario]);
  const negotiators = space.negotiators.map((k) => space.parties[k].id);
  const names = Object.fromEntries(scenario.parties.map((p) => [p.id, p.name]));
  const colours = partyColours(scenario.parties.map((p) => p.id));
  const me = negotiators.includes(query.as) ? query.as : negotiators[0];
  const opponent = AGENTS.includes(query.vs) || query.vs === HUMAN ? query.vs : "boulware";
  // Links for the other people at the table, when the opponent is a person.
  const [others, setOthers] = useState<{ party: string; path: string }[]>([]);
  const [rounds, setRounds] = useState(10);
  // A deadline in seconds instead: the server checks it when the next action comes; the page counts down.
  const [deadlineKind, setDeadlineKind] = useState<"rounds" | "seconds">("rounds");
  const [seconds, setSeconds] = useState(120);
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [timeUp, setTimeUp] = useState(false);
  const [session, setSession] = useState<{ id: string; token: string } | null>(
    query.session && query.token ? { id: query.session, token: query.token } : null,
  );
  const [view, setView] = useState<SessionView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [choice, setChoice] = useState<number[]>(() =>
    space.issues.map((_, i) => {
      // Start from the person's best option of each issue.
      const k = space.parties.findIndex((p) => p.id === me);
      const t = space.parties[k]?.tables[i];
      let best = 0;
      if (t) for (let j = 1; j < t.length; j++) if (t[j] > t[best]) best = j;
      return best;
    }),
  );
  const [message, setMessage] = useState("");
  const myParty = view?.you?.party ?? me;

  const setQuery = (as: string, vs: string) => navigate(scenarioPath(id, "play", { as, vs }), true);

  const refresh = useCallback(async () => {
    if (!session) return;
    try {
      const v = await getJson<SessionView>(`/sessions/${encodeURIComponent(session.id)}`, {
        headers: { "X-Party-Token": session.token },
      });
      setView(v);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [session]);

  useEffect(() => {
    if (!session) return;
    void refresh();
    // Another person at the table (or the agent after a delay) acts between our requests: the events say when.
    const es = new EventSource(
      `${API}/sessions/${encodeURIComponent(session.id)}/events?token=${encodeURIComponent(session.token)}`,
    );
    es.onmessage = () => void refresh();
    es.addEventListener("action", () => void refresh());
    es.addEventListener("end", () => void refresh());
    es.onerror = () => es.close();
    return () => es.close();
  }, [session, refresh]);

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const made = await postJson<{ id: string; parties: Record<string, { token: string }> }>(
        "/sessions",
        sessionSpec(
          scenario,
          negotiators,
          me,
          opponent,
          deadlineKind === "rounds" ? rounds : { timeMs: seconds * 1000 },
        ),
      );
      // The server's clock started while it made the session: counting from its answer never ends early.
      const t = Date.now();
      setStartedAt(t);
      setNow(t);
      setTimeUp(false);
      const token = made.parties[me]?.token;
      if (!token) throw new Error(`the session gave no token for ${me}`);
      setSession({ id: made.id, token });
      setOthers(
        Object.entries(made.parties)
          .filter(([p]) => p !== me)
          .map(([p, t]) => ({
            party: p,
            path: scenarioPath(id, "play", { as: p, vs: HUMAN, session: made.id, token: t.token }),
          })),
      );
      navigate(scenarioPath(id, "play", { as: me, vs: opponent, session: made.id, token }), true);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const act = async (action: Record<string, unknown>) => {
    if (!session) return;
    setBusy(true);
    setError(null);
    try {
      await postJson(`/sessions/${encodeURIComponent(session.id)}/actions`, action, {
        headers: { "X-Party-Token": session.token },
      });
      setMessage("");
    } catch (e) {
      setError(e instanceof ApiError && e.status === 409 ? "It is not your turn." : (e as Error).message);
    } finally {
      setBusy(false);
      await refresh();
    }
  };

  const offer: Record<string, IssueValue> = Object.fromEntries(
    space.issues.map((issue, i) => [issue.id, issue.values[choice[i]]]),
  );
  const myUtility = (o: Record<string, IssueValue>) => utilityIn(space, myParty, o);
  const endsAt = view ? deadlineEndsAt(view, startedAt, now) : null;
  const running = view?.status === "running" && !timeUp;
  const ended = view?.status === "ended" || timeUp;
  const myTurn = view ? isTurnOf(view, myParty) : false;
  const onTable = view?.current ?? null;
  const offers = (view?.history ?? []).filter((a) => a.kind === "offer" && a.outcome);
  const left = view && endsAt === null ? roundsLeft(view, rounds) : null;
  const secsLeft = endsAt === null ? null : secondsLeft(endsAt, now);

  // The countdown: a tick a quarter of a second; at zero the session view ends and the server is asked for the
  // state (it ends a time deadline only when the next action comes, so it may still say "running").
  useEffect(() => {
    if (endsAt === null || view?.status !== "running" || timeUp) return;
    const tick = () => {
      const t = Date.now();
      setNow(t);
      if (t >= endsAt) {
        setTimeUp(true);
        void refresh();
      }
    };
    tick();
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [endsAt, view?.status, timeUp, refresh]);

  return (
    <section>
      <h1>Play: {scenario.meta.title}</h1>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <SelectField
          id="you-play"
          label="You play"
          value={me}
          disabled={!!session}
          choices={negotiators.map((p) => ({ value: p, label: names[p] }))}
          onChange={(v) => setQuery(v, opponent)}
        />
        <SelectField
          id="opponent"
          label="Opponent"
          value={opponent}
          disabled={!!session}
          choices={OPPONENTS}
          onChange={(v) => setQuery(me, v)}
        />
        <SelectField
          id="deadline-kind"
          label="Deadline in"
          value={deadlineKind}
          disabled={!!session}
          choices={DEADLINE_KINDS}
          onChange={(v) => setDeadlineKind(v === "seconds" ? "seconds" : "rounds")}
        />
        {deadlineKind === "rounds" ? (
          <SelectField
            id="deadline"
            label="Deadline (rounds)"
            value={String(rounds)}
            disabled={!!session}
            choices={DEADLINES.map(String)}
            onChange={(v) => setRounds(Number(v))}
          />
        ) : (
          <IntegerField
            id="deadline-seconds"
            label="Deadline (seconds)"
            value={seconds}
            min={3}
            max={3600}
            disabled={!!session}
            onChange={setSeconds}
          />
        )}
        {!session && (
          <button type="submit" disabled={busy}>
            Start the negotiation
          </button>
        )}
        {session && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setSession(null);
              setView(null);
              setStartedAt(null);
              setTimeUp(false);
              navigate(scenarioPath(id, "play", { as: me, vs: opponent }), true);
            }}
          >
            New negotiation
          </button>
        )}
      </form>
      {error && <ErrorBox>{error}</ErrorBox>}
      {others.length > 0 && (
        <p data-testid="other-links">
          Send the other side its link:{" "}
          {others.map((o) => (
            <a key={o.party} href={o.path} target="_blank" rel="noreferrer">
              {names[o.party]}'s link
            </a>
          ))}
        </p>
      )}
      {!session && (
        <p className="muted">
          You negotiate as {names[me]} with {names[me]}'s preferences; the opponent plays every other party at
          the table. Offers alternate; accepting the offer on the table makes it the agreement.
        </p>
      )}
      {view && (
        <>
          <p className="stats" aria-live="polite">
            <span>
              Status:{" "}
              <b data-testid="play-status">
                {timeUp && view.status === "running" ? "time is up" : view.status}
              </b>
            </span>
            {view.round !== undefined && <span>Round {view.round}</span>}
            {left !== null && running && (
              <span>
                Deadline: <b data-testid="rounds-left">{left}</b> round{left === 1 ? "" : "s"} left
              </span>
            )}
            {running && <span>{myTurn ? "Your turn" : "Waiting for the opponent…"}</span>}
          </p>
          {secsLeft !== null && running && (
            <p className={`countdown${secsLeft <= 10 ? " urgent" : ""}`}>
              Time left: <b data-testid="seconds-left">{secsLeft}</b> second{secsLeft === 1 ? "" : "s"}
            </p>
          )}
          {timeUp && (
            <p className="verdict" data-testid="time-up">
              Time is up: the {Math.round((view.deadline?.timeMs ?? 0) / 1000)}-second deadline has passed and
              the negotiation ends without agreement.
              {view.status === "running" && (
                <span className="muted"> (The server marks it ended when it next hears from the table.)</span>
              )}
            </p>
          )}
          {running && (
            <section aria-labelledby="your-offer">
              <h2 id="your-offer">Your offer</h2>
              <div className="row">
                {space.issues.map((issue, i) => {
                  const name = scenario.issues.find((x) => x.id === issue.id)?.name ?? issue.id;
                  return (
                    <div className="field" key={issue.id}>
                      <label htmlFor={`issue-${issue.id}`}>{name}</label>
                      <select
                        id={`issue-${issue.id}`}
                        value={choice[i]}
                        onChange={(e) => {
                          const next = [...choice];
                          next[i] = Number(e.target.value);
                          setChoice(next);
                        }}
                      >
                        {issue.values.map((v, j) => (
                          <option key={String(v)} value={j}>
                            {optionText(scenario, issue.id, v)}
                          </option>
                        ))}
                      </select>
                    </div>
                  );
                })}
              </div>
              <div className="field">
                <label htmlFor="message">Message (optional)</label>
                <input
                  id="message"
                  value={message}
                  onChange={(e) => setMessage(e.target.value)}
                  maxLength={500}
                />
              </div>
              <p className="stats">
                <span>
                  Your utility of this offer:{" "}
                  <span className="big" data-testid="offer-utility">
                    {fixed(myUtility(offer))}
                  </span>
                </span>
                <span>
                  Of the offer on the table:{" "}
                  <span className="big" data-testid="table-utility">
                    {onTable ? fixed(myUtility(onTable.outcome)) : "–"}
                  </span>
                </span>
                <span>
                  Your reservation value: {fixed(space.parties.find((p) => p.id === myParty)?.reservation)}
                </span>
              </p>
              {onTable && (
                <p>
                  On the table from {names[onTable.party] ?? onTable.party}:{" "}
                  {outcomeLine(scenario, onTable.outcome)}
                </p>
              )}
              <div className="row">
                <button
                  type="button"
                  disabled={busy || !mayDo(view, myParty, "offer")}
                  onClick={() => act({ kind: "offer", outcome: offer, ...(message ? { message } : {}) })}
                >
                  Send offer
                </button>
                <button
                  type="button"
                  disabled={busy || !onTable || onTable.party === myParty || !mayDo(view, myParty, "accept")}
                  onClick={() => act({ kind: "accept" })}
                >
                  Accept
                </button>
                <button
                  type="button"
                  className="secondary"
                  disabled={busy}
                  onClick={() => act({ kind: "end" })}
                >
                  End
                </button>
              </div>
            </section>
          )}
          {ended && (
            <Outcome scenario={scenario} space={space} view={view} me={myParty} negotiators={negotiators} />
          )}
          <section aria-labelledby="offers-so-far">
            <h2 id="offers-so-far">Offers so far</h2>
            {offers.length === 0 ? (
              <p>No offers yet.</p>
            ) : (
              <>
                <OwnUtilityPlot
                  points={offers.map((a, k) => ({
                    k: k + 1,
                    u: myUtility(a.outcome!),
                    party: names[a.party] ?? a.party,
                  }))}
                  colours={Object.fromEntries(negotiators.map((p) => [names[p], colours[p]]))}
                  you={names[myParty]}
                />
                <div className="table-wrap offers">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">#</th>
                        <th scope="col">From</th>
                        <th scope="col">Offer</th>
                        <th scope="col" className="num">
                          Your utility
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {offers.map((a, k) => (
                        <tr key={k}>
                          <td>{k + 1}</td>
                          <td>{names[a.party] ?? a.party}</td>
                          <td>
                            {outcomeLine(scenario, a.outcome!)}
                            {a.message && (
                              <>
                                <br />
                                <q>{a.message}</q>
                              </>
                            )}
                          </td>
                          <td className="num">{fixed(myUtility(a.outcome!))}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            )}
          </section>
        </>
      )}
      <details>
        <summary>Classroom mode (for teachers)</summary>
        <Suspense fallback={<p>Loading…</p>}>
          <Classroom id={id} scenario={scenario} negotiators={negotiators} names={names} />
        </Suspense>
      </details>
    </section>
  );
}

function outcomeLine(scenario: Scenario, outcome: Record<string, IssueValue>): string {
  return Object.entries(outcome)
    .map(([k, v]) => `${scenario.issues.find((i) => i.id === k)?.name ?? k}: ${optionText(scenario, k, v)}`)
    .join("; ");
}

function OwnUtilityPlot(props: {
  points: { k: number; u: number; party: string }[];
  colours: Record<string, string>;
  you: string;
}) {
  return (
    <LazyPlot
      options={{
        width: 640,
        height: 200,
        x: { label: "offer →", interval: 1, tickFormat: "d" },
        y: { label: `↑ ${props.you}'s utility`, domain: [0, 1], grid: true },
        color: { domain: Object.keys(props.colours), range: Object.values(props.colours), legend: true },
        marks: [{ line: props.points }, { dot: props.points }],
      }}
      label={`${props.you}'s utility of each offer`}
    />
  );
}

function LazyPlot(props: { options: Record<string, unknown>; label: string }) {
  const [el, setEl] = useState<HTMLElement | null>(null);
  useEffect(() => {
    if (!el) return;
    let svg: Element | null = null;
    void import("@observablehq/plot").then((Plot) => {
      const o = props.options as { marks: { line?: unknown[]; dot?: unknown[] }[] } & Record<string, unknown>;
      const marks = o.marks.flatMap((m) =>
        m.line
          ? [Plot.line(m.line, { x: "k", y: "u", stroke: "#888" })]
          : [Plot.dot(m.dot!, { x: "k", y: "u", fill: "party", r: 4 })],
      );
      svg = Plot.plot({ ...(o as object), marks } as Parameters<typeof Plot.plot>[0]);
      makeAccessible(svg, props.label);
      el.replaceChildren(svg);
    });
    return () => svg?.remove();
  }, [el, props.options, props.label]);
  return <figure ref={setEl} />;
}

function Outcome(props: {
  scenario: Scenario;
  space: CompiledSpace;
  view: SessionView;
  me: string;
  negotiators: string[];
}) {
  const { scenario, space, view, negotiators } = props;
  const names = Object.fromEntries(scenario.parties.map((p) => [p.id, p.name]));
  const colours = partyColours(scenario.parties.map((p) => p.id));
  const result = view.result ?? {};
  // The agreement: the result's, else the offer on the table when the last action accepted it.
  const last = view.history[view.history.length - 1];
  const agreed =
    result.agreement && typeof result.agreement === "object"
      ? result.agreement
      : last?.kind === "accept" && view.current
        ? view.current.outcome
        : null;
  const at = space.negotiators;
  const utilities = agreed ? negotiators.map((p) => utilityIn(space, p, agreed)) : null;
  const computed = utilities ? distancesOf(space, at, utilities) : null;
  const pareto = paretoDistanceOf(result) ?? computed?.pareto ?? null;
  const nash = nashDistanceOf(result) ?? computed?.nash ?? null;
  const plane = useMemo(() => (at.length >= 2 ? planeOf(space, at[0], at[1]) : null), [space, at]);
  const path: PathPoint[] = plane
    ? view.history
        .filter((a) => a.kind === "offer" && a.outcome)
        .map((a, k) => ({
          x: utilityIn(space, plane.axes[0], a.outcome!),
          y: utilityIn(space, plane.axes[1], a.outcome!),
          party: a.party,
          label: `offer ${k + 1} by ${names[a.party] ?? a.party}`,
        }))
    : [];
  return (
    <section aria-labelledby="result">
      <h2 id="result">Result</h2>
      {agreed && utilities ? (
        <>
          <p className="verdict open" data-testid="play-result">
            Agreement: {outcomeLine(scenario, agreed)}
          </p>
          <p className="stats">
            {negotiators.map((p, k) => (
              <span key={p}>
                {names[p]}'s utility: <b data-testid={`utility-${p}`}>{fixed(utilities[k])}</b>
              </span>
            ))}
            <span>
              Distance to the Pareto frontier: <b data-testid="pareto-distance">{fixed(pareto)}</b>
            </span>
            <span>
              Distance to the Nash point: <b data-testid="nash-distance">{fixed(nash)}</b>
            </span>
          </p>
        </>
      ) : (
        <p className="verdict" data-testid="play-result">
          No agreement: each side keeps its reservation value (
          {negotiators
            .map((p) => `${names[p]} ${fixed(space.parties.find((q) => q.id === p)?.reservation)}`)
            .join(", ")}
          ).
        </p>
      )}
      {plane && (
        <PlanePlot
          plane={plane}
          names={names}
          colours={colours}
          describe={(o) => outcomeText(scenario, space, o)}
          path={path}
          highlight={
            agreed && utilities
              ? {
                  x: utilityIn(space, plane.axes[0], agreed),
                  y: utilityIn(space, plane.axes[1], agreed),
                  label: "agreement",
                }
              : null
          }
          caption="The path of offers (each party's colour) on every outcome, the Pareto frontier and the agreement."
        />
      )}
    </section>
  );
}
