import { describe, expect, it } from 'vitest';
import { NICHE_FUNCTIONS, NICHE_TASKS } from './market.ts';

describe('NICHE_TASKS', () => {
  it('names only products of the long tail, each with at least one term', () => {
    const names = new Set(NICHE_FUNCTIONS.map((f) => f.name));
    expect(Object.keys(NICHE_TASKS).filter((n) => !names.has(n))).toEqual([]);
    expect(Object.entries(NICHE_TASKS).filter(([, terms]) => terms.length === 0)).toEqual([]);
  });
});
