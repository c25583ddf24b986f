/** Uncertain inputs (a number, a range, a triangular or a normal distribution): nominal values and draws. */
import type { UncertainNumber } from "../scenario/schema.ts";
import { standardNormal } from "./random.ts";

export type { UncertainNumber };

export function isFixed(u: UncertainNumber): u is number {
  return typeof u === "number";
}

/** The value used without sampling: the number, a range's midpoint, the triangular mode, the normal mean. */
export function nominalValue(u: UncertainNumber): number {
  if (typeof u === "number") return u;
  if ("range" in u) return (u.range[0] + u.range[1]) / 2;
  if ("triangular" in u) return u.triangular[1];
  return u.normal.mean;
}

/** One draw, kept within [lo, hi] (normal draws are resampled, then clamped after 64 misses). */
export function sampleValue(u: UncertainNumber, random: () => number, lo = -Infinity, hi = Infinity): number {
  if (typeof u === "number") return u;
  if ("range" in u) return u.range[0] + (u.range[1] - u.range[0]) * random();
  if ("triangular" in u) {
    const [a, c, b] = u.triangular;
    if (b === a) return a;
    const p = random();
    const f = (c - a) / (b - a);
    return p < f ? a + Math.sqrt(p * (b - a) * (c - a)) : b - Math.sqrt((1 - p) * (b - a) * (b - c));
  }
  const { mean, sd } = u.normal;
  for (let k = 0; k < 64; k++) {
    const x = mean + sd * standardNormal(random);
    if (x >= lo && x <= hi) return x;
  }
  return Math.min(hi, Math.max(lo, mean));
}

export function describeUncertain(u: UncertainNumber): string {
  if (typeof u === "number") return String(u);
  if ("range" in u) return `${u.range[0]}–${u.range[1]}`;
  if ("triangular" in u) return `tri(${u.triangular.join(", ")})`;
  return `N(${u.normal.mean}, ${u.normal.sd})`;
}

/** Uncertain numbers packed for hot loops: a kind code and four parameters each. */
export interface PackedSpecs {
  /** 0 fixed, 1 range, 2 triangular, 3 normal. */
  kind: Uint8Array;
  /** Per spec: [a, b, c, _] = fixed [v]; range [lo, hi]; triangular [lo, mode, hi]; normal [mean, sd]. */
  params: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
}

export function packSpecs(specs: readonly { spec: UncertainNumber; lo: number; hi: number }[]): PackedSpecs {
  const n = specs.length;
  const packed: PackedSpecs = {
    kind: new Uint8Array(n),
    params: new Float64Array(4 * n),
    lo: Float64Array.from(specs, (s) => s.lo),
    hi: Float64Array.from(specs, (s) => s.hi),
  };
  specs.forEach(({ spec: u }, j) => {
    const p = packed.params;
    if (typeof u === "number") p[4 * j] = u;
    else if ("range" in u) {
      packed.kind[j] = 1;
      p.set(u.range, 4 * j);
    } else if ("triangular" in u) {
      packed.kind[j] = 2;
      p.set(u.triangular, 4 * j);
    } else {
      packed.kind[j] = 3;
      p[4 * j] = u.normal.mean;
      p[4 * j + 1] = u.normal.sd;
    }
  });
  return packed;
}

/** The same draw as `sampleValue` (same uses of `random`), from packed specs. */
export function samplePacked(packed: PackedSpecs, j: number, random: () => number): number {
  const p = packed.params;
  const o = 4 * j;
  switch (packed.kind[j]) {
    case 0:
      return p[o];
    case 1:
      return p[o] + (p[o + 1] - p[o]) * random();
    case 2: {
      const a = p[o];
      const c = p[o + 1];
      const b = p[o + 2];
      if (b === a) return a;
      const q = random();
      return q < (c - a) / (b - a)
        ? a + Math.sqrt(q * (b - a) * (c - a))
        : b - Math.sqrt((1 - q) * (b - a) * (b - c));
    }
    default: {
      const mean = p[o];
      const sd = p[o + 1];
      for (let k = 0; k < 64; k++) {
        const x = mean + sd * standardNormal(random);
        if (x >= packed.lo[j] && x <= packed.hi[j]) return x;
      }
      return Math.min(packed.hi[j], Math.max(packed.lo[j], mean));
    }
  }
}
