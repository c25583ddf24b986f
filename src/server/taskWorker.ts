/**
 * Worker-thread entry for the server's task pool (piscina): runs one task by name. A ZopaError comes back as
 * data (its JSON), since an error crossing the thread boundary loses its class; anything else is thrown.
 */
import { isZopaError, type ZopaErrorJson } from "../errors.ts";
import { type TaskName, tasks } from "../tasks/index.ts";

export interface PoolTask {
  name: TaskName;
  request: unknown;
}

export type PoolAnswer = { ok: true; result: unknown } | { ok: false; error: ZopaErrorJson };

export default async function run(task: PoolTask): Promise<PoolAnswer> {
  try {
    // biome-ignore lint/suspicious/noExplicitAny: the request was checked against the task's schema
    return { ok: true, result: await tasks[task.name].run(task.request as any) };
  } catch (e) {
    if (isZopaError(e)) return { ok: false, error: e.toJSON() };
    throw e;
  }
}
