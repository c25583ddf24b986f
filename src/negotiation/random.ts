/**
 * A small seeded pseudo-random generator (sfc32 seeded through splitmix32), so that every random choice in a
 * simulation is reproducible from one integer seed, in Node and in browsers alike.
 */

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** An independent generator derived from this seed and a label (e.g. a party index). */
  fork(label: number): Random;
  readonly seed: number;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A generator for `seed` (any finite number; its low 32 bits and its integer part are used). */
export function createRandom(seed: number): Random {
  const mix = splitmix32(Math.trunc(seed) ^ Math.trunc(seed / 2 ** 32));
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  const next32 = (): number => {
    // sfc32
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let k = 0; k < 12; k++) next32();
  const random: Random = {
    seed,
    next: () => next32() / 4294967296,
    int: (n: number) => Math.floor((next32() / 4294967296) * n),
    fork: (label: number) =>
      createRandom((Math.imul(Math.trunc(seed) | 0, 0x2c1b3c6d) ^ (label + 0x297a2d39)) >>> 0),
  };
  return random;
}
