// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { shareInOrWorse } from './scenario-result.ts';

const dist = (A: number, B: number, C: number, D: number, E: number) => ({ bandDistribution: { A, B, C, D, E } });

describe('band shares judged by their meaning (issue #13)', () => {
  it('reads systems moving E → D as better for D: the share in D or worse does not grow', () => {
    const before = dist(0, 0, 0.2, 0.3, 0.5);
    const after = dist(0, 0, 0.2, 0.5, 0.3);
    expect(shareInOrWorse(after, 'D')).toBeCloseTo(shareInOrWorse(before, 'D'), 9);
    expect(shareInOrWorse(after, 'E')).toBeLessThan(shareInOrWorse(before, 'E'));
  });

  it('reads systems moving C → D as worse: the share in D or worse grows', () => {
    expect(shareInOrWorse(dist(0, 0, 0.1, 0.5, 0.4), 'D')).toBeGreaterThan(shareInOrWorse(dist(0, 0, 0.3, 0.3, 0.4), 'D'));
  });
});
