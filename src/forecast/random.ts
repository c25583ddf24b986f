/**
 * Seeded randomness. Each Monte Carlo sample k draws from its own stream, seeded from (seed, k), so results do not
 * depend on how samples are split across worker threads.
 */
import { mulberry32 } from "../util/random.ts";

/** A uniform generator on [0, 1): mulberry32 on a state derived from (seed, stream) by SplitMix32 mixing. */
export function streamRandom(seed: number, stream: number): () => number {
  return mulberry32(mix((seed >>> 0) ^ mix((stream + 0x9e3779b9) >>> 0)));
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
