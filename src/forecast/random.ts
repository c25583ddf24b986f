/**
 * Seeded randomness. Each Monte Carlo sample k draws from its own stream, seeded from (seed, k), so results do not
 * depend on how samples are split across worker threads.
 */

/** A uniform generator on [0, 1): mulberry32 on a state derived from (seed, stream) by SplitMix32 mixing. */
export function streamRandom(seed: number, stream: number): () => number {
  let state = mix((seed >>> 0) ^ mix((stream + 0x9e3779b9) >>> 0));
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** A standard normal draw (Box–Muller). */
export function standardNormal(random: () => number): number {
  let u = random();
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
