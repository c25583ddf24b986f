/**
 * `/scenarios/<id>/simulate`: agents from the catalog negotiate (in the browser, with the core's session), and
 * the trace is replayed step by step on the utility plane.
 */
import { useMemo, useState } from "react";
import { agentFromCatalog, agentsFor } from "../../negotiation/catalog.ts";
import type { NegotiationResult } from "../../negotiation/result.ts";
import { simulate } from "../../negotiation/simulate.ts";
import { partyColours } from "../../report/palette.ts";
import type { Scenario } from "../../scenario/schema.ts";
import { compileScenario } from "../../space/compile.ts";
import { negotiatorPairs, outcomeText, planeOf } from "../plane.ts";
import { type PathPoint, PlanePlot } from "../plots/PlanePlot.tsx";
import { ErrorBox, fixed, WithScenario } from "./common.tsx";
import { IntegerField, SelectField } from "./fields.tsx";

export default function SimulatePage({ id }: { id: string }) {
  return <WithScenario id={id}>{(s) => <SimulateView scenario={s} />}</WithScenario>;
}

const SAOP_AGENTS = agentsFor("saop");

const VERBS: Record<string, string> = {
  offer: "offers",
  accept: "accepts",
  reject: "rejects",
  end: "walks away",
  propose: "proposes",
};

const STATUS: Record<string, string> = {
  agreement: "Agreement",
  "no-agreement": "No agreement",
  timeout: "An agent ran out of time",
  memory: "An agent ran out of memory",
  error: "An agent failed",
};

function SimulateView({ scenario }: { scenario: Scenario }) {
  const space = useMemo(() => compileScenario(scenario), [scenario]);
  const negotiators = space.negotiators.map((k) => space.parties[k].id);
  const names = Object.fromEntries(scenario.parties.map((p) => [p.id, p.name]));
  const colours = partyColours(scenario.parties.map((p) => p.id));
  const [agents, setAgents] = useState<Record<string, string>>(() =>
    Object.fromEntries(negotiators.map((p, k) => [p, k === 0 ? "boulware" : "conceder"])),
  );
  const [rounds, setRounds] = useState(60);
  const [seed, setSeed] = useState(1);
  const [result, setResult] = useState<NegotiationResult | null>(null);
  const [step, setStep] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const pair = negotiatorPairs(space)[0];
  const plane = useMemo(() => (pair ? planeOf(space, pair[0], pair[1]) : null), [space, pair]);

  const run = () => {
    setError(null);
    try {
      const r = simulate(space, {
        agents: Object.fromEntries(negotiators.map((p) => [p, agentFromCatalog(agents[p])])),
        rounds,
        seed,
      });
      setResult(r);
      setStep(r.trace.length);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const column = (id: string) => result?.parties.findIndex((p) => p.id === id) ?? -1;
  const path: PathPoint[] =
    result && plane
      ? result.trace
          .slice(0, step)
          .filter((t) => t.kind === "offer" && t.utilities)
          .map((t) => ({
            x: t.utilities![column(plane.axes[0])],
            y: t.utilities![column(plane.axes[1])],
            party: t.party,
            label: `step ${t.step + 1}, round ${t.round}: ${names[t.party] ?? t.party} offers ${t.outcome === null ? "" : outcomeText(scenario, space, t.outcome)}`,
          }))
      : [];
  const shown = result ? result.trace.slice(0, step) : [];
  const last = shown[shown.length - 1];
  const agreementPoint =
    result && plane && result.agreement !== null && step === result.trace.length
      ? {
          x: result.utilities[column(plane.axes[0])],
          y: result.utilities[column(plane.axes[1])],
          label: "agreement",
        }
      : null;

  return (
    <section>
      <h1>Simulate: {scenario.meta.title}</h1>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        {negotiators.map((p) => (
          <SelectField
            key={p}
            id={`agent-${p}`}
            label={`${names[p]}'s agent`}
            value={agents[p]}
            choices={SAOP_AGENTS}
            onChange={(v) => setAgents({ ...agents, [p]: v })}
          />
        ))}
        <IntegerField
          id="sim-rounds"
          label="Deadline (rounds)"
          value={rounds}
          min={1}
          max={1000}
          onChange={setRounds}
        />
        <IntegerField id="sim-seed" label="Seed" value={seed} min={0} onChange={setSeed} />
        <button type="submit">Run the negotiation</button>
      </form>
      {error && <ErrorBox>{error}</ErrorBox>}
      {result && (
        <>
          <p data-testid="sim-status" className={`verdict${result.agreement !== null ? " open" : ""}`}>
            {STATUS[result.status] ?? result.status} after {result.rounds} rounds:{" "}
            {result.parties.map((p, k) => `${names[p.id] ?? p.id} ${fixed(result.utilities[k])}`).join(", ")}
            {result.distances &&
              ` · distance to the Pareto frontier ${fixed(result.distances.pareto)}, to the Nash point ${fixed(result.distances.nash)}`}
          </p>
          <div className="slider">
            <label htmlFor="replay">
              Replay: step {step} of {result.trace.length}
            </label>
            <input
              id="replay"
              type="range"
              min={0}
              max={result.trace.length}
              value={step}
              onChange={(e) => setStep(Number(e.target.value))}
            />
            <output htmlFor="replay">{step}</output>
          </div>
          <div className="row">
            <button type="button" className="secondary" onClick={() => setStep((s) => Math.max(0, s - 1))}>
              Step back
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => setStep((s) => Math.min(result.trace.length, s + 1))}
            >
              Step forward
            </button>
          </div>
          <p aria-live="polite">
            {last
              ? `Step ${last.step + 1}: ${names[last.party] ?? last.party} ${VERBS[last.kind] ?? last.kind}${last.outcome !== null ? ` ${outcomeText(scenario, space, last.outcome)}` : ""}`
              : "Before the first step."}
          </p>
        </>
      )}
      {plane && (
        <PlanePlot
          plane={plane}
          names={names}
          colours={colours}
          describe={(o) => outcomeText(scenario, space, o)}
          path={path}
          highlight={agreementPoint}
          caption="The offers so far in each party's colour, on every outcome (grey; the zone in blue-green) and the Pareto frontier."
        />
      )}
    </section>
  );
}
