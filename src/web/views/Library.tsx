/**
 * `/`: the scenario library (bundled and stored), a new scenario from the template, and GENIUS / GeniusWeb
 * files imported by drag and drop (or a file picker) through the API.
 */
import { type DragEvent, useEffect, useState } from "react";
import { INIT_TEMPLATE } from "../../scenario/template.ts";
import { ApiError, getJson, postJson, type ScenarioSummary, scenarioList } from "../api.ts";
import { Link, navigate } from "../router.tsx";
import { scenarioPath } from "../routes.ts";
import { ErrorBox } from "./common.tsx";

const FLAGSHIP = "syria-israel-2026";

async function readFiles(list: FileList | File[]): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const f of Array.from(list)) files[f.name] = await f.text();
  return files;
}

function message(e: unknown): string {
  if (e instanceof ApiError && e.problems.length > 0)
    return `${e.message} (${e.problems.map((p) => p.message).join("; ")})`;
  return e instanceof Error ? e.message : String(e);
}

export default function Library() {
  const [items, setItems] = useState<ScenarioSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string>("");
  const [over, setOver] = useState(false);

  useEffect(() => {
    getJson<unknown>("/scenarios").then(
      (body) => setItems(scenarioList(body)),
      (e) => setError(message(e)),
    );
  }, []);

  const create = async () => {
    setStatus("Creating…");
    try {
      const made = await postJson<{ id: string }>("/scenarios", { scenario: INIT_TEMPLATE });
      navigate(scenarioPath(made.id, "edit"));
    } catch (e) {
      setStatus("");
      setError(message(e));
    }
  };

  const importFiles = async (list: FileList | File[]) => {
    if (list.length === 0) return;
    setError(null);
    setStatus(`Importing ${list.length} file${list.length > 1 ? "s" : ""}…`);
    try {
      const files = await readFiles(list);
      const scenario = await postJson<Record<string, unknown>>("/import", { files });
      const made = await postJson<{ id: string }>("/scenarios", { scenario });
      navigate(scenarioPath(made.id, "analysis"));
    } catch (e) {
      setStatus("");
      setError(`Import failed: ${message(e)}`);
    }
  };

  const onDrop = (e: DragEvent<HTMLElement>) => {
    e.preventDefault();
    setOver(false);
    void importFiles(e.dataTransfer.files);
  };

  const sorted = items
    ? [...items].sort((a, b) => (a.id === FLAGSHIP ? -1 : b.id === FLAGSHIP ? 1 : a.id.localeCompare(b.id)))
    : null;

  return (
    <section>
      <h1>Scenarios</h1>
      <p className="muted">
        Bundled examples and the scenarios stored on this server. Open one to see its analysis, play it
        against an agent, or edit it.
      </p>
      <div className="row">
        <button type="button" onClick={create}>
          New scenario from the template
        </button>
        <Link href="/tournaments/new">Run a tournament</Link>
      </div>
      <section
        className={`drop${over ? " over" : ""}`}
        aria-label="Import GENIUS or GeniusWeb files"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>
          Drop GENIUS files (domain and profile XML) or a GeniusWeb / ANL JSON here to import them, or{" "}
          <label>
            choose files{" "}
            <input
              type="file"
              multiple
              accept=".xml,.json"
              onChange={(e) => e.target.files && importFiles(e.target.files)}
            />
          </label>
        </p>
      </section>
      {status && <p role="status">{status}</p>}
      {error && <ErrorBox>{error}</ErrorBox>}
      {sorted === null && !error && <p aria-busy="true">Loading the library…</p>}
      {sorted && (
        <ul className="cards">
          {sorted.map((s) => (
            <li className="card" key={s.id}>
              <h3>
                <Link href={scenarioPath(s.id, "analysis")}>{s.title ?? s.id}</Link>
              </h3>
              <p className="muted">
                {s.id}
                {s.example || s.bundled ? " · bundled example" : ""}
                {s.version !== undefined ? ` · version ${s.version}` : ""}
              </p>
              <p>
                <Link href={scenarioPath(s.id, "play")}>Play</Link> ·{" "}
                <Link href={scenarioPath(s.id, "simulate")}>Simulate</Link> ·{" "}
                <Link href={scenarioPath(s.id, "edit")}>Edit</Link>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
