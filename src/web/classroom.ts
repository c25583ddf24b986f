/**
 * Classroom mode over `/api/v1/classrooms`: the spec every student's session runs, the links students open
 * (the play view joined to their own session), and the teacher's table merging the links with the live status.
 * A practice round is a second classroom from the same spec that each student plays first. Pure.
 */
import type { Scenario } from "../scenario/schema.ts";
import { scenarioPath } from "./routes.ts";
import { sessionSpec } from "./session.ts";

/** A student's entry as the API gives it when the classroom is made (with the party token). */
export interface StudentLink {
  student: string;
  session: string;
  party: string;
  token: string;
}

/** A student's status as the API gives it while the classroom runs. */
export interface StudentStatus {
  student: string;
  session: string;
  status: string;
  round?: number;
  utility?: number | null;
}

export function classroomBody(
  name: string,
  scenario: Scenario,
  negotiators: readonly string[],
  party: string,
  agent: string,
  rounds: number,
  students: number,
): Record<string, unknown> {
  return { name, spec: sessionSpec(scenario, negotiators, party, agent, rounds), students };
}

/** The play view of `scenario` joined to the student's own session. */
export function studentPath(scenario: string, s: StudentLink): string {
  return scenarioPath(scenario, "play", { as: s.party, session: s.session, token: s.token });
}

export interface StudentRow {
  student: string;
  practice: { link: string; status: string } | null;
  assessed: { link: string; status: string; utility: number | null };
}

/** One row per student: practice and assessed links with their latest status ("waiting" until known). */
export function studentRows(
  scenario: string,
  assessed: StudentLink[],
  practice: StudentLink[] | null,
  status: Map<string, StudentStatus>,
): StudentRow[] {
  return assessed.map((s, k) => {
    const p = practice?.[k];
    const st = status.get(s.session);
    return {
      student: s.student,
      practice: p
        ? { link: studentPath(scenario, p), status: status.get(p.session)?.status ?? "waiting" }
        : null,
      assessed: {
        link: studentPath(scenario, s),
        status: st?.status ?? "waiting",
        utility: st?.utility ?? null,
      },
    };
  });
}
