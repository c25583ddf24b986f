/**
 * Classrooms (`/api/v1/classrooms`): one live session per student from the same simulation spec (one human
 * party), a link per student, everyone's status at a glance, and the results as CSV. In memory, like sessions.
 */

import { opaqueId } from "./context.ts";
import { HttpProblem } from "./problem.ts";
import type { LiveSession, Sessions } from "./sessions.ts";

export interface Classroom {
  id: string;
  name: string;
  createdAt: string;
  human: string;
  /** The library id the students' links open (the workbench's play view). */
  scenarioId: string;
  students: { student: string; session: string; token: string }[];
}

/** A CSV field: quoted when needed, and a leading = + - @ defused (spreadsheets would run it as a formula). */
export function csvField(value: unknown): string {
  let s = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export class Classrooms {
  private rooms = new Map<string, Classroom>();

  constructor(private readonly sessions: Sessions) {}

  create(
    name: string | undefined,
    spec: Record<string, unknown>,
    students: string[] | number,
    scenarioId?: string,
  ): Classroom {
    const names =
      typeof students === "number"
        ? Array.from({ length: students }, (_, k) => `student ${k + 1}`)
        : students;
    const first = this.sessions.create(spec);
    const humans = Object.keys(first.tokens);
    if (humans.length !== 1)
      throw new HttpProblem(
        400,
        `a classroom spec has exactly one "human" party (this one has ${humans.length})`,
        {
          errors: [{ path: ["spec", "agents"], message: 'give exactly one party the agent "human"' }],
        },
      );
    const made: LiveSession[] = [first];
    for (let k = 1; k < names.length; k++) made.push(this.sessions.create(spec));
    const room: Classroom = {
      id: opaqueId("c"),
      name: name ?? "classroom",
      createdAt: new Date().toISOString(),
      human: humans[0],
      scenarioId:
        scenarioId ?? (typeof spec.scenarioId === "string" ? spec.scenarioId : first.scenario.meta.id),
      students: names.map((student, k) => ({
        student,
        session: made[k].id,
        token: made[k].tokens[humans[0]],
      })),
    };
    this.rooms.set(room.id, room);
    return room;
  }

  get(id: string): Classroom {
    const room = this.rooms.get(id);
    if (!room) throw new HttpProblem(404, `no classroom "${id}"`);
    return room;
  }

  /** Each student's link, the workbench's play view joined to their own session, with the party token. */
  links(room: Classroom) {
    return room.students.map((s) => {
      const query = new URLSearchParams({ as: room.human, session: s.session, token: s.token });
      return {
        student: s.student,
        session: s.session,
        party: room.human,
        token: s.token,
        link: `/scenarios/${encodeURIComponent(room.scenarioId)}/play?${query}`,
      };
    });
  }

  /** Everyone's session at a glance. */
  status(room: Classroom) {
    return {
      id: room.id,
      name: room.name,
      createdAt: room.createdAt,
      party: room.human,
      students: room.students.map((s) => {
        const live = this.sessions.get(s.session);
        const view = this.sessions.view(live, room.human);
        return {
          student: s.student,
          session: s.session,
          status: view.status,
          turn: view.turn,
          round: view.round,
          actions: view.history.length,
          agreement: view.result?.agreement ?? null,
          utility: view.result ? (view.result.utilities[room.human] ?? null) : null,
        };
      }),
    };
  }

  /** One row per student: status, agreement by issue, every party's utility, distances. */
  csv(room: Classroom): string {
    const first = this.sessions.get(room.students[0].session);
    const issues = first.space.issues.map((i) => i.id);
    const parties = first.space.negotiators.map((k) => first.space.parties[k].id);
    const header = [
      "student",
      "session",
      "status",
      "rounds",
      ...issues,
      ...parties.map((p) => `utility:${p}`),
      "paretoDistance",
      "nashDistance",
    ];
    const lines = [header.map(csvField).join(",")];
    for (const s of room.students) {
      const live = this.sessions.get(s.session);
      const r = this.sessions.result(live);
      lines.push(
        [
          s.student,
          s.session,
          r ? r.status : "running",
          r?.rounds ?? "",
          ...issues.map((i) => r?.agreement?.[i] ?? ""),
          ...parties.map((p) => (r ? r.utilities[p] : "")),
          r?.paretoDistance ?? "",
          r?.nashDistance ?? "",
        ]
          .map(csvField)
          .join(","),
      );
    }
    return `${lines.join("\r\n")}\r\n`;
  }
}
