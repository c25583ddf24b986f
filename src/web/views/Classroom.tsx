/**
 * Classroom mode: a teacher creates a set of sessions through `/api/v1/classrooms` (one link per student, a
 * practice round first when asked), watches them finish, and exports the results as CSV.
 */
import { useEffect, useState } from "react";
import { agentsFor } from "../../negotiation/catalog.ts";
import type { Scenario } from "../../scenario/schema.ts";
import { API, getJson, postJson } from "../api.ts";
import { scenarioPath } from "../routes.ts";
import { ErrorBox } from "./common.tsx";

interface ClassroomStudent {
  student?: string | number;
  name?: string;
  session?: string;
  sessionId?: string;
  id?: string;
  party?: string;
  token?: string;
  link?: string;
  url?: string;
  status?: string;
  practice?: boolean;
}

interface ClassroomView {
  id: string;
  sessions?: ClassroomStudent[];
  students?: ClassroomStudent[];
}

function studentsOf(c: ClassroomView): ClassroomStudent[] {
  return c.students ?? c.sessions ?? [];
}

/** The link a student opens: the API's own, else the play view joined to the student's session. */
export function studentLink(scenario: string, s: ClassroomStudent, origin: string): string {
  const given = s.link ?? s.url;
  if (given) return given.startsWith("http") ? given : `${origin}${given}`;
  const session = s.session ?? s.sessionId ?? s.id ?? "";
  return `${origin}${scenarioPath(scenario, "play", { as: s.party ?? "", session, token: s.token ?? "" })}`;
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
  const [classroom, setClassroom] = useState<ClassroomView | null>(null);
  const [error, setError] = useState<string | null>(null);

  const classroomId = classroom?.id;
  useEffect(() => {
    if (!classroomId) return;
    const t = setInterval(() => {
      getJson<ClassroomView>(`/classrooms/${encodeURIComponent(classroomId)}`).then(
        (c) => setClassroom((old) => ({ ...old, ...c })),
        () => undefined,
      );
    }, 2000);
    return () => clearInterval(t);
  }, [classroomId]);

  const create = async () => {
    setError(null);
    try {
      const c = await postJson<ClassroomView>("/classrooms", {
        scenario: props.scenario,
        spec: {
          version: 1,
          scenario: { content: props.scenario },
          agents: Object.fromEntries(
            props.negotiators.map((p) => [p, p === party ? "human" : { name: agent }]),
          ),
          rounds: 10,
        },
        students: count,
        practice,
      });
      setClassroom(c);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div>
      <div className="row">
        <div className="field">
          <label htmlFor="class-size">Students</label>
          <input
            id="class-size"
            type="number"
            min={1}
            max={200}
            value={count}
            onChange={(e) => setCount(Number(e.target.value))}
          />
        </div>
        <div className="field">
          <label htmlFor="class-party">Students play</label>
          <select id="class-party" value={party} onChange={(e) => setParty(e.target.value)}>
            {props.negotiators.map((p) => (
              <option key={p} value={p}>
                {props.names[p]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="class-agent">Against</label>
          <select id="class-agent" value={agent} onChange={(e) => setAgent(e.target.value)}>
            {agentsFor("saop").map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </div>
        <label>
          <input type="checkbox" checked={practice} onChange={(e) => setPractice(e.target.checked)} />{" "}
          Practice round first
        </label>
        <button type="button" onClick={create}>
          Create the sessions
        </button>
      </div>
      {error && <ErrorBox>{error}</ErrorBox>}
      {classroom && (
        <>
          <p>
            Classroom <code>{classroom.id}</code>:{" "}
            <a href={`${API}/classrooms/${encodeURIComponent(classroom.id)}/results.csv`} download>
              Export the results (CSV)
            </a>
          </p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Student</th>
                  <th scope="col">Link</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {studentsOf(classroom).map((s, k) => (
                  <tr key={k}>
                    <td>{s.name ?? s.student ?? k + 1}</td>
                    <td>
                      <a href={studentLink(props.id, s, location.origin)}>link for student {k + 1}</a>
                    </td>
                    <td>{s.status ?? "waiting"}</td>
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
