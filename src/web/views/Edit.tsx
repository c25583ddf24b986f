/**
 * `/scenarios/<id>/edit`: a form for the common fields and the YAML itself, validated as you type with the
 * core's parser (errors at their line); saved through the API with the version read (If-Match), so a save over
 * someone else's newer version says so (412) instead of overwriting it.
 */
import { useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { parseScenario } from "../../scenario/parse.ts";
import type { Scenario } from "../../scenario/schema.ts";
import { ApiError, getJson, postJson, request, type StoredScenario } from "../api.ts";
import { offsetOfLine, problemsByLine, setAtPath } from "../editText.ts";
import { navigate } from "../router.tsx";
import { scenarioPath } from "../routes.ts";
import { type LoadedScenario, textOf, useScenario } from "../scenarioData.ts";
import { ErrorBox } from "./common.tsx";

export default function EditPage({ id }: { id: string }) {
  const [state] = useScenario(id);
  if (state.state === "loading") return <p aria-busy="true">Loading the scenario…</p>;
  if (state.state === "error")
    return (
      <ErrorBox>
        Could not load scenario “{id}”: {state.error}
      </ErrorBox>
    );
  return <Editor id={id} loaded={state.value} />;
}

function Editor({ id, loaded }: { id: string; loaded: LoadedScenario }) {
  const [text, setText] = useState(loaded.text);
  const [etag, setEtag] = useState(loaded.etag);
  const [version, setVersion] = useState(loaded.version);
  const [status, setStatus] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  // Parsing a long scenario takes a moment: typing stays fluid, the problems follow.
  const checkedText = useDeferredValue(text);
  const parsed = useMemo(() => parseScenario(checkedText, { file: id }), [checkedText, id]);
  const errors = parsed.problems.filter((p) => p.severity === "error");
  const byLine = problemsByLine(errors);
  const lineCount = checkedText.split("\n").length;
  // The form keeps showing the last valid scenario while the text has errors (fixing one there is still possible).
  const lastValid = useRef<Scenario | null>(null);
  if (parsed.scenario) lastValid.current = parsed.scenario;
  const scenario = lastValid.current;

  const goTo = (line: number) => {
    const el = area.current;
    if (!el) return;
    const at = offsetOfLine(text, line);
    el.focus();
    el.setSelectionRange(at, offsetOfLine(text, line + 1) - 1);
  };

  const save = async () => {
    setStatus(null);
    try {
      const res = await request<StoredScenario>(`/scenarios/${encodeURIComponent(id)}`, {
        method: "PUT",
        headers: etag ? { "If-Match": etag } : {},
        body: JSON.stringify({ scenario: text }),
      });
      setEtag(res.etag);
      if (res.body?.version !== undefined) setVersion(res.body.version);
      setStatus({ kind: "ok", text: `Saved as version ${res.body?.version ?? "?"}.` });
    } catch (e) {
      if (e instanceof ApiError && e.status === 412)
        setStatus({
          kind: "error",
          text: "Not saved: someone saved a newer version since you opened this one. Your text is kept here; copy it, reload the page to see theirs, and apply your changes again.",
        });
      else setStatus({ kind: "error", text: `Not saved: ${(e as Error).message}` });
    }
  };

  const saveCopy = async () => {
    setStatus(null);
    try {
      const made = await postJson<{ id: string }>("/scenarios", { scenario: text });
      navigate(scenarioPath(made.id, "edit"));
    } catch (e) {
      setStatus({ kind: "error", text: `Not saved: ${(e as Error).message}` });
    }
  };

  const [versions, setVersions] = useState<{ version: number; savedAt: string | null }[]>([]);
  useEffect(() => {
    void version;
    getJson<{ versions: { version: number; savedAt: string | null }[] }>(
      `/scenarios/${encodeURIComponent(id)}/versions`,
    ).then(
      (v) => setVersions(v.versions),
      () => setVersions([]),
    );
  }, [id, version]);
  const loadVersion = async (v: number) => {
    const old = await getJson<StoredScenario>(`/scenarios/${encodeURIComponent(id)}?version=${v}`);
    setText(textOf(old.scenario));
    setStatus({
      kind: "ok",
      text: `Version ${v} loaded into the editor: saving it makes it the latest version.`,
    });
  };

  const edit = (path: (string | number)[], value: unknown) =>
    setText((t) => {
      try {
        return setAtPath(t, path, value);
      } catch {
        return t; // text the YAML parser cannot read: the form waits until it can
      }
    });

  return (
    <section>
      <h1>Edit: {scenario?.meta.title ?? id}</h1>
      <p className="muted">
        Version {String(version)}.{" "}
        {loaded.example
          ? "A bundled example is read-only: your changes are saved as a new scenario."
          : "Changes are checked as you type; saving keeps every version on the server."}
      </p>
      <div className="row">
        {loaded.example ? (
          <button type="button" onClick={saveCopy} disabled={errors.length > 0}>
            Save as a new scenario
          </button>
        ) : (
          <button type="button" onClick={save} disabled={errors.length > 0}>
            Save
          </button>
        )}
        <span role="status">
          {errors.length === 0 ? (
            <span className="ok">The scenario is valid.</span>
          ) : (
            <span className="error">
              {errors.length} error{errors.length > 1 ? "s" : ""}
            </span>
          )}
        </span>
      </div>
      {status && (
        <p role="alert" className={status.kind === "ok" ? "ok" : "error"} data-testid="save-status">
          {status.text}
        </p>
      )}
      {versions.length > 1 && (
        <details>
          <summary>Versions ({versions.length})</summary>
          <ul>
            {[...versions].reverse().map((v) => (
              <li key={v.version}>
                Version {v.version}
                {v.savedAt && `, saved ${v.savedAt.replace("T", " ").slice(0, 19)}`}{" "}
                {v.version !== Number(version) && (
                  <button type="button" className="secondary" onClick={() => loadVersion(v.version)}>
                    Load version {v.version}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
      {scenario && <FormEditor scenario={scenario} edit={edit} />}
      <h2 id="yaml-heading">YAML</h2>
      {errors.length > 0 && (
        <ul className="problems" aria-label="Problems">
          {errors.map((p, k) => (
            <li key={k} className="error">
              {p.line !== undefined ? (
                <button type="button" className="secondary" onClick={() => goTo(p.line!)}>
                  line {p.line}
                  {p.column !== undefined ? `:${p.column}` : ""}
                </button>
              ) : null}{" "}
              {p.path.length > 0 && <code>{p.path.join(".")}</code>} {p.message}
            </li>
          ))}
        </ul>
      )}
      <div className="editor">
        <div className="gutter" ref={gutter} aria-hidden="true">
          {Array.from({ length: lineCount }, (_, k) => (
            <div
              key={k}
              className={byLine.has(k + 1) ? "bad" : undefined}
              title={byLine
                .get(k + 1)
                ?.map((p) => p.message)
                .join("\n")}
            >
              {k + 1}
            </div>
          ))}
        </div>
        <textarea
          ref={area}
          aria-labelledby="yaml-heading"
          spellCheck={false}
          value={text}
          rows={Math.min(40, lineCount + 2)}
          onChange={(e) => setText(e.target.value)}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
          }}
        />
      </div>
    </section>
  );
}

function NumberField(props: { id: string; label: string; value: number; onChange: (v: number) => void }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="number"
        min={0}
        max={1}
        step={0.01}
        value={props.value}
        onChange={(e) => e.target.value !== "" && props.onChange(Number(e.target.value))}
      />
    </div>
  );
}

/** The form: title, each party's name, reservation value and weights, each issue's name and option labels. */
function FormEditor({
  scenario,
  edit,
}: {
  scenario: Scenario;
  edit: (path: (string | number)[], v: unknown) => void;
}) {
  return (
    <details open>
      <summary>Form</summary>
      <div className="field">
        <label htmlFor="f-title">Title</label>
        <input
          id="f-title"
          value={scenario.meta.title}
          onChange={(e) => edit(["meta", "title"], e.target.value)}
        />
      </div>
      <h3>Parties</h3>
      {scenario.parties.map((p, k) => (
        <fieldset key={p.id}>
          <legend>{p.id}</legend>
          <div className="row">
            <div className="field">
              <label htmlFor={`f-p${k}-name`}>Name</label>
              <input
                id={`f-p${k}-name`}
                value={p.name}
                onChange={(e) => edit(["parties", k, "name"], e.target.value)}
              />
            </div>
            {typeof (p.reservation ?? 0) === "number" && (
              <NumberField
                id={`f-p${k}-rv`}
                label="Reservation value"
                value={(p.reservation as number | undefined) ?? 0}
                onChange={(v) => edit(["parties", k, "reservation"], v)}
              />
            )}
            {Object.entries(p.preferences?.weights ?? {}).map(([issue, w]) => (
              <NumberField
                key={issue}
                id={`f-p${k}-w-${issue}`}
                label={`Weight: ${scenario.issues.find((i) => i.id === issue)?.name ?? issue}`}
                value={w}
                onChange={(v) => edit(["parties", k, "preferences", "weights", issue], v)}
              />
            ))}
          </div>
          {Object.entries(p.preferences?.values ?? {}).map(([issueId, table]) => {
            const issue = scenario.issues.find((i) => i.id === issueId);
            if (!issue || (issue.type !== "categorical" && issue.type !== "ordinal") || "piecewise" in table)
              return null;
            return (
              <div className="row" key={issueId}>
                {issue.options.map((o) => (
                  <NumberField
                    key={o.id}
                    id={`f-p${k}-v-${issueId}-${o.id}`}
                    label={`Value: ${issue.name ?? issue.id}, ${o.label ?? o.id}`}
                    value={(table as Record<string, number>)[o.id] ?? 0}
                    onChange={(v) => edit(["parties", k, "preferences", "values", issueId, o.id], v)}
                  />
                ))}
              </div>
            );
          })}
          {(p.redLines ?? []).map((r, j) => (
            <div className="row" key={r.id}>
              <div className="field" style={{ flex: "3 1 280px" }}>
                <label htmlFor={`f-p${k}-rl${j}`}>Red line “{r.id}”: statement</label>
                <input
                  id={`f-p${k}-rl${j}`}
                  value={r.statement ?? ""}
                  onChange={(e) => edit(["parties", k, "redLines", j, "statement"], e.target.value)}
                />
              </div>
              <div className="field" style={{ flex: "1 1 160px" }}>
                <label htmlFor={`f-p${k}-rl${j}-src`}>Its sources (ids, comma-separated)</label>
                {/* Committed when the field is left, so a comma can be typed before the next id. */}
                <input
                  id={`f-p${k}-rl${j}-src`}
                  key={(r.sources ?? []).join(",")}
                  defaultValue={(r.sources ?? []).join(", ")}
                  onBlur={(e) =>
                    edit(
                      ["parties", k, "redLines", j, "sources"],
                      e.target.value
                        .split(",")
                        .map((x) => x.trim())
                        .filter(Boolean),
                    )
                  }
                />
              </div>
            </div>
          ))}
        </fieldset>
      ))}
      <h3>Issues</h3>
      {scenario.issues.map((issue, k) => (
        <fieldset key={issue.id}>
          <legend>{issue.id}</legend>
          <div className="row">
            <div className="field">
              <label htmlFor={`f-i${k}-name`}>Name</label>
              <input
                id={`f-i${k}-name`}
                value={issue.name ?? ""}
                onChange={(e) => edit(["issues", k, "name"], e.target.value)}
              />
            </div>
            {(issue.type === "categorical" || issue.type === "ordinal") &&
              issue.options.map((o, j) => (
                <div className="field" key={o.id}>
                  <label htmlFor={`f-i${k}-o${j}`}>Option {o.id}</label>
                  <input
                    id={`f-i${k}-o${j}`}
                    value={o.label ?? ""}
                    onChange={(e) => edit(["issues", k, "options", j, "label"], e.target.value)}
                  />
                </div>
              ))}
          </div>
        </fieldset>
      ))}
    </details>
  );
}
