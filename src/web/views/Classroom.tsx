/**
 * Classroom mode: a teacher creates a set of sessions (one link per student, a practice round first when
 * asked), watches them finish, and exports the results as CSV.
 */
import { useEffect, useState } from "react";
import { agentsFor } from "../../negotiation/catalog.ts";
import type { Scenario } from "../../scenario/schema.ts";
import { API, getJson, postJson } from "../api.ts";
import { classroomBody, type StudentLink, type StudentStatus, studentRows } from "../classroom.ts";
import { ErrorBox, fixed } from "./common.tsx";
import { IntegerField, SelectField } from "./fields.tsx";

interface Made {
  id: string;
  students: StudentLink[];
}

export default function Classroom(props: {
  id: string;
  scenario: Scenario;
  negotiators: string[];
  names: Record<string, string>;
}) {
  const [count, setCount] = useState(3);
  const [party, setParty] = useState(props.negotiators[0]);
  const [agent, setAgent] = useState("boulware");
  const [practice, setPractice] = useState(true);
  const [rooms, setRooms] = useState<{ assessed: Made; practice: Made | null } | null>(null);
  const [status, setStatus] = useState(new Map<string, StudentStatus>());
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!rooms) return;
    const ids = [rooms.assessed.id, ...(rooms.practice ? [rooms.practice.id] : [])];
    const poll = () =>
      Promise.all(
        ids.map((id) => getJson<{ students: StudentStatus[] }>(`/classrooms/${encodeURIComponent(id)}`)),
      ).then(
        (all) => setStatus(new Map(all.flatMap((c) => c.students.map((s) => [s.session, s] as const)))),
        () => undefined,
      );
    void poll();
    const t = setInterval(poll, 2000);
    return () => clearInterval(t);
  }, [rooms]);

  const create = async () => {
    setError(null);
    try {
      const body = (name: string) =>
        classroomBody(name, props.scenario, props.negotiators, party, agent, 10, count);
      const p = practice ? await postJson<Made>("/classrooms", body("practice round")) : null;
      const a = await postJson<Made>("/classrooms", body("classroom"));
      setRooms({ assessed: a, practice: p });
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const rows = rooms
    ? studentRows(props.id, rooms.assessed.students, rooms.practice?.students ?? null, status)
    : [];
  return (
    <div>
      <div className="row">
        <IntegerField id="class-size" label="Students" value={count} min={1} max={500} onChange={setCount} />
        <SelectField
          id="class-party"
          label="Students play"
          value={party}
          choices={props.negotiators.map((p) => ({ value: p, label: props.names[p] }))}
          onChange={setParty}
        />
        <SelectField
          id="class-agent"
          label="Against"
          value={agent}
          choices={agentsFor("saop")}
          onChange={setAgent}
        />
        <label>
          <input type="checkbox" checked={practice} onChange={(e) => setPractice(e.target.checked)} />{" "}
          Practice round first
        </label>
        <button type="button" onClick={create}>
          Create the sessions
        </button>
      </div>
      {error && <ErrorBox>{error}</ErrorBox>}
      {rooms && (
        <>
          <p>
            Send each student their links.{" "}
            <a href={`${API}/classrooms/${encodeURIComponent(rooms.assessed.id)}/results.csv`} download>
              Export the results (CSV)
            </a>
            {rooms.practice && (
              <>
                {" · "}
                <a href={`${API}/classrooms/${encodeURIComponent(rooms.practice.id)}/results.csv`} download>
                  practice round (CSV)
                </a>
              </>
            )}
          </p>
          <div className="table-wrap">
            <table data-testid="classroom">
              <thead>
                <tr>
                  <th scope="col">Student</th>
                  {rooms.practice && <th scope="col">Practice round</th>}
                  <th scope="col">Negotiation</th>
                  <th scope="col" className="num">
                    Utility
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.student}>
                    <td>{r.student}</td>
                    {r.practice && (
                      <td>
                        <a href={r.practice.link}>practice link</a> ({r.practice.status})
                      </td>
                    )}
                    <td>
                      <a href={r.assessed.link}>link for {r.student}</a> ({r.assessed.status})
                    </td>
                    <td className="num">{fixed(r.assessed.utility)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
