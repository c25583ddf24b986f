/**
 * The seeded generator every random choice in a simulation draws from: the shared mulberry32 stream
 * (src/util/random.ts) behind a small interface with integer draws and labelled forks, so that the same seed
 * gives the same trace in Node and in browsers alike.
 */
import { mulberry32 } from "../util/random.ts";

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** An independent generator derived from this seed and a label (e.g. a party index). */
  fork(label: number): Random;
  readonly seed: number;
}

/** A 32-bit avalanche of `x` (murmur3's finaliser), so that nearby seeds and labels give unrelated streams. */
function mix32(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A generator for `seed` (any finite number; its low 32 bits and its integer part above 2^32 are used). */
export function createRandom(seed: number): Random {
  const next = mulberry32(mix32(Math.trunc(seed) ^ Math.trunc(seed / 2 ** 32)));
  return {
    seed,
    next,
    int: (n: number) => Math.floor(next() * n),
    fork: (label: number) =>
      createRandom(mix32(Math.imul(Math.trunc(seed) | 0, 0x2c1b3c6d) ^ (label + 0x297a2d39))),
  };
}
