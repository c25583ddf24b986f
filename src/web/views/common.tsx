/** Pieces every view uses: loading and error states, the scenario gate, a number with fixed decimals. */
import type { ReactNode } from "react";
import type { Scenario } from "../../scenario/schema.ts";
import { type LoadedScenario, useScenario } from "../scenarioData.ts";

export function fixed(x: number | null | undefined, digits = 3): string {
  return x === null || x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(digits);
}

export function ErrorBox({ children }: { children: ReactNode }) {
  return (
    <p role="alert" className="error">
      {children}
    </p>
  );
}

/** Loads the stored scenario and renders `children` with it once it parses; errors otherwise. */
export function WithScenario(props: {
  id: string;
  children: (scenario: Scenario, loaded: LoadedScenario) => ReactNode;
}) {
  const [state] = useScenario(props.id);
  if (state.state === "loading") return <p aria-busy="true">Loading the scenario…</p>;
  if (state.state === "error")
    return (
      <ErrorBox>
        Could not load scenario “{props.id}”: {state.error}
      </ErrorBox>
    );
  const { scenario, problems } = state.value;
  if (!scenario)
    return (
      <>
        <ErrorBox>The stored scenario does not validate; fix it in the editor.</ErrorBox>
        <ul>
          {problems.map((p, k) => (
            <li key={k}>{p.message}</li>
          ))}
        </ul>
      </>
    );
  return <>{props.children(scenario, state.value)}</>;
}

export function partyName(scenario: Scenario, id: string): string {
  return scenario.parties.find((p) => p.id === id)?.name ?? id;
}
