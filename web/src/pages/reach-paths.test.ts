import { describe, expect, it } from 'vitest';
import { reachBreakdown } from './reach-paths.ts';

const step = (kind: 'data' | 'identity' | 'platform' | 'data-unknown-direction') => ({ kind }) as never;

describe('reachBreakdown', () => {
  it('splits the figure by the vendor’s own role or the first step, largest first, summing to the figure', () => {
    const paths = [
      { steps: [], contribution: 0.1 },
      { steps: [step('identity')], contribution: 0.075 },
      { steps: [step('identity')], contribution: 0.075 },
      { steps: [step('data'), step('identity')], contribution: 0.02 },
      { steps: [], contribution: 0.05 },
    ];
    const parts = reachBreakdown(paths);
    expect(parts.map((p) => [p.kind, p.systems])).toEqual([['own', 2], ['identity', 2], ['data', 1]]);
    expect(parts[0]!.contribution).toBeCloseTo(0.15, 12);
    expect(parts.reduce((a, p) => a + p.contribution, 0)).toBeCloseTo(paths.reduce((a, p) => a + p.contribution, 0), 12);
  });
});
