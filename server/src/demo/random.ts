// A small seeded PRNG (mulberry32) with the draws the demo generator needs. Deterministic:
// the same seed and stream id give the same sequence on every machine.
export interface Random {
  next(): number;
  int(min: number, max: number): number;
  between(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  weighted<T>(items: readonly T[], weight: (item: T) => number): T;
  shuffle<T>(items: T[]): T[];
  logNormal(median: number, sigma: number): number;
}

export function createRandom(seed: number, stream = 0): Random {
  let a = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(stream | 0, 0x85ebca6b) ^ 0x6d2b79f5) >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    between: (min, max) => min + next() * (max - min),
    chance: (p) => next() < p,
    pick: (items) => {
      if (!items.length) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    weighted: (items, weight) => {
      const total = items.reduce((s, i) => s + Math.max(0, weight(i)), 0);
      if (!items.length || total <= 0) throw new Error('weighted pick needs a positive weight');
      let x = next() * total;
      for (const item of items) {
        x -= Math.max(0, weight(item));
        if (x < 0) return item;
      }
      return items[items.length - 1]!;
    },
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [items[i], items[j]] = [items[j]!, items[i]!];
      }
      return items;
    },
    logNormal: (median, sigma) => {
      // Box–Muller from two uniforms; 1 - u keeps log() away from zero.
      const z = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
      return median * Math.exp(sigma * z);
    },
  };
  return r;
}
