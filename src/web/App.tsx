/** The workbench's shell: header, the scenario's tabs, and the view of the current URL (each view its own chunk). */
import { lazy, Suspense, useEffect } from "react";
import { Link, useRoute } from "./router.tsx";
import { type Route, SCENARIO_VIEWS, scenarioPath } from "./routes.ts";

const Library = lazy(() => import("./views/Library.tsx"));
const Analysis = lazy(() => import("./views/Analysis.tsx"));
const History = lazy(() => import("./views/History.tsx"));
const Forecast = lazy(() => import("./views/Forecast.tsx"));
const Simulate = lazy(() => import("./views/Simulate.tsx"));
const Play = lazy(() => import("./views/Play.tsx"));
const Edit = lazy(() => import("./views/Edit.tsx"));
const Tournament = lazy(() => import("./views/Tournament.tsx"));

const TAB_LABELS: Record<(typeof SCENARIO_VIEWS)[number], string> = {
  analysis: "Analysis",
  history: "History",
  forecast: "Forecast",
  simulate: "Simulate",
  play: "Play",
  edit: "Edit",
};

function titleOf(route: Route): string {
  switch (route.view) {
    case "library":
      return "Scenarios";
    case "tournament":
      return route.id ? `Tournament ${route.id}` : "New tournament";
    case "not-found":
      return "Not found";
    default:
      return `${TAB_LABELS[route.view]}: ${route.scenario}`;
  }
}

function View({ route }: { route: Route }) {
  switch (route.view) {
    case "library":
      return <Library />;
    case "analysis":
      return <Analysis id={route.scenario} />;
    case "history":
      return <History id={route.scenario} />;
    case "forecast":
      return <Forecast id={route.scenario} />;
    case "simulate":
      return <Simulate id={route.scenario} />;
    case "play":
      return <Play id={route.scenario} query={route.query} />;
    case "edit":
      return <Edit id={route.scenario} />;
    case "tournament":
      return <Tournament id={route.id} />;
    default:
      return (
        <section>
          <h1>Not found</h1>
          <p>
            Nothing lives at <code>{route.path}</code>. <Link href="/">Back to the scenarios</Link>.
          </p>
        </section>
      );
  }
}

export function App() {
  const route = useRoute();
  useEffect(() => {
    document.title = `${titleOf(route)} · Zopa workbench`;
  }, [route]);
  const scenario = "scenario" in route ? route.scenario : null;
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link href="/" className="brand">
          Zopa workbench
        </Link>
        <nav aria-label="Workbench">
          <Link href="/" aria-current={route.view === "library" ? "page" : undefined}>
            Scenarios
          </Link>
          <Link href="/tournaments/new" aria-current={route.view === "tournament" ? "page" : undefined}>
            Tournaments
          </Link>
          <a href="/api/v1/docs">API</a>
        </nav>
      </header>
      {scenario && (
        <nav className="tabs" aria-label="Scenario views">
          <span className="scenario-id">{scenario}</span>
          {SCENARIO_VIEWS.map((v) => (
            <Link
              key={v}
              href={scenarioPath(scenario, v)}
              aria-current={route.view === v ? "page" : undefined}
            >
              {TAB_LABELS[v]}
            </Link>
          ))}
        </nav>
      )}
      <main id="main">
        <Suspense fallback={<p aria-busy="true">Loading…</p>}>
          <View key={`${route.view}:${scenario ?? ""}`} route={route} />
        </Suspense>
      </main>
    </>
  );
}
