/**
 * A least-recently-used map of string keys, bounded by a total size (e.g. characters of text kept): the
 * oldest entries go first when a new one would exceed it. An entry larger than a sixteenth of the bound is
 * not kept (one large request must not flush everything else).
 *
 * With `secondSight`, a key is kept only the second time it is set within the last `seenKept` distinct keys
 * (a doorkeeper of 30-bit hashes; a collision only lets an entry in early). A server sent a stream of
 * requests that never repeat (a new seed each time) then keeps nothing: storing each answer would only
 * churn the old generation of the heap (long garbage-collection pauses, a growing process) for no hit.
 */
export class SizedLru<V> {
  private entries = new Map<string, { value: V; size: number }>();
  private total = 0;
  private seen = new Set<number>();

  constructor(
    private readonly maxSize: number,
    private readonly sizeOf: (key: string, value: V) => number,
    private readonly options: { secondSight?: boolean; seenKept?: number } = {},
  ) {}

  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.value;
  }

  set(key: string, value: V): void {
    const size = this.sizeOf(key, value);
    if (size > this.maxSize / 16 || this.entries.has(key)) return;
    if (this.options.secondSight && !this.seenBefore(key)) return;
    this.entries.set(key, { value, size });
    this.total += size;
    for (const [oldest, v] of this.entries) {
      if (this.total <= this.maxSize) break;
      this.entries.delete(oldest);
      this.total -= v.size;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** Whether the key was set before (since the doorkeeper was last emptied); remembers it if not. */
  private seenBefore(key: string): boolean {
    const h = hash30(key);
    if (this.seen.has(h)) return true;
    if (this.seen.size >= (this.options.seenKept ?? 4096)) this.seen.clear();
    this.seen.add(h);
    return false;
  }
}

/** FNV-1a over the UTF-16 code units, cut to 30 bits (a small integer: no allocation in the set). */
export function hash30(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}
