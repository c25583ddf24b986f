/**
 * A computation refused because of its size (too many outcomes to enumerate, a frontier too large, too many
 * commitments). The user can act on it: the CLI reports it as bad input (exit 2) rather than an internal error.
 */
export class SizeLimitError extends RangeError {
  override name = "SizeLimitError";
}
