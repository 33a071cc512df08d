// A compact string → int table for million-row files: stores a 64-bit hash of each key in one
// typed array instead of the key itself, so memory stays ~16 bytes per slot, a lookup touches one
// cache line, and the GC never sees the entries. Two different strings collide with probability
// about n²/2⁶⁵ (10⁻⁸ at a million keys).

/** Two independent 32-bit hashes of a string (FNV-1a and a Murmur-style mix), written to `out`. */
export function hash64(s: string, seed: number, out: Int32Array): void {
  let h1 = 0x811c9dc5 ^ seed;
  let h2 = 0x9747b28c ^ Math.imul(seed, 0x5bd1e995);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0xc2b2ae35);
  h2 ^= h2 >>> 16;
  // (0, 0) marks an empty slot.
  if (h1 === 0 && h2 === 0) h2 = 1;
  out[0] = h1;
  out[1] = h2;
}

export class HashIndex {
  /** Slots of four int32: hash1, hash2, value, value2 (16 bytes keeps a slot inside one cache line). */
  private table: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1024) {
    let cap = 16;
    while (cap * 3 < capacity * 4) cap *= 2;
    this.table = new Int32Array(cap * 4);
    this.mask = cap - 1;
  }

  private slot(a: number, b: number): number {
    const t = this.table;
    let i = (a ^ Math.imul(b, 0x27d4eb2d)) & this.mask;
    for (;;) {
      const o = i << 2;
      const x = t[o]!;
      const y = t[o + 1]!;
      if ((x === 0 && y === 0) || (x === a && y === b)) return o;
      i = (i + 1) & this.mask;
    }
  }

  /** Offset of the key's slot, inserting an empty entry (values 0) when `insert`; -1 when absent. */
  find(key: Int32Array, insert: boolean): number {
    const a = key[0]!;
    const b = key[1]!;
    let o = this.slot(a, b);
    if (this.table[o] === 0 && this.table[o + 1] === 0) {
      if (!insert) return -1;
      // Load up to 3/4: linear probing stays short with a good hash, and a smaller table
      // means fewer fresh pages to fault in (costly in sandboxed kernels).
      if ((this.size + 1) * 4 > (this.mask + 1) * 3) {
        this.grow();
        o = this.slot(a, b);
      }
      this.table[o] = a;
      this.table[o + 1] = b;
      this.size++;
    }
    return o;
  }

  /** The stored hash of the slot at offset `o`. */
  hashAt(o: number): [number, number] {
    return [this.table[o]!, this.table[o + 1]!];
  }

  /** First value of the slot at offset `o` (from `find`). */
  value(o: number): number {
    return this.table[o + 2]!;
  }
  setValue(o: number, v: number): void {
    this.table[o + 2] = v;
  }
  /** Second value of the slot at offset `o`. */
  value2(o: number): number {
    return this.table[o + 3]!;
  }
  setValue2(o: number, v: number): void {
    this.table[o + 3] = v;
  }

  private grow(): void {
    const old = this.table;
    const cap = (this.mask + 1) * 2;
    this.table = new Int32Array(cap * 4);
    this.mask = cap - 1;
    for (let o = 0; o < old.length; o += 4) {
      if (old[o] === 0 && old[o + 1] === 0) continue;
      const n = this.slot(old[o]!, old[o + 1]!);
      this.table[n] = old[o]!;
      this.table[n + 1] = old[o + 1]!;
      this.table[n + 2] = old[o + 2]!;
      this.table[n + 3] = old[o + 3]!;
    }
  }
}
