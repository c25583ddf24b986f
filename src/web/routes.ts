/**
 * The workbench's URLs: every view has its own, so a view can be shared by link. Pure: parses a path and query
 * into a route and writes a route back as a path.
 */

export const SCENARIO_VIEWS = ["analysis", "history", "forecast", "simulate", "play", "edit"] as const;
export type ScenarioView = (typeof SCENARIO_VIEWS)[number];

export type Route =
  | { view: "library" }
  | { view: ScenarioView; scenario: string; query: Record<string, string> }
  | { view: "tournament"; id: string | null }
  | { view: "not-found"; path: string };

function queryOf(search: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(search)) out[k] = v;
  return out;
}

function segment(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** The route of a path (`/scenarios/syria-israel-2026/play`) and its query string (`?as=syria&vs=boulware`). */
export function parseRoute(pathname: string, search = ""): Route {
  const parts = pathname.split("/").filter((p) => p !== "");
  if (parts.length === 0) return { view: "library" };
  if (parts[0] === "scenarios" && parts.length >= 2 && parts.length <= 3) {
    const scenario = segment(parts[1]);
    const view = (parts[2] ?? "analysis") as ScenarioView;
    if (scenario && SCENARIO_VIEWS.includes(view)) return { view, scenario, query: queryOf(search) };
  }
  if (parts[0] === "tournaments" && parts.length <= 2) {
    const id = parts[1] === undefined || parts[1] === "new" ? null : segment(parts[1]);
    if (parts.length === 1 || id !== null || parts[1] === "new") return { view: "tournament", id };
  }
  return { view: "not-found", path: pathname };
}

/** The path of a route; query keys in the order given. */
export function pathOf(route: Route): string {
  switch (route.view) {
    case "library":
      return "/";
    case "tournament":
      return route.id === null ? "/tournaments/new" : `/tournaments/${encodeURIComponent(route.id)}`;
    case "not-found":
      return route.path;
    default: {
      const q = new URLSearchParams(route.query).toString();
      return `/scenarios/${encodeURIComponent(route.scenario)}/${route.view}${q ? `?${q}` : ""}`;
    }
  }
}

/** The path of one of a scenario's views. */
export function scenarioPath(
  scenario: string,
  view: ScenarioView,
  query: Record<string, string> = {},
): string {
  return pathOf({ view, scenario, query });
}
