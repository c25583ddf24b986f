/** Errors of the field's formats: every one a ZopaError (see src/errors.ts). */
import { ZopaError } from "../errors.ts";

export { formatError } from "../errors.ts";

/** A scenario that a format cannot carry at all (not a loss to warn about): the user can change the scenario. */
export function exportError(
  /** The format, e.g. "GENIUS". */
  format: string,
  problem: string,
): ZopaError {
  return new ZopaError("export", problem, { details: { format } });
}
