// Matchmaking on a constructed data set with known overlapping windows: the clusters, their
// shared windows and spend, touching windows, a municipality in two clusters, unknown exits.
import { describe, expect, it } from 'vitest';
import { combinedSpend, findClusters, overlap, partnersOf, productExit, type ProductUse } from './cooperation.ts';

const use = (municipalityCode: number, nextExit: string | null, yearlySpendDkk: number | null = 100_000): ProductUse => ({
  municipalityCode,
  name: `Kommune ${municipalityCode}`,
  nextExit,
  yearlySpendDkk,
});
const codes = (r: ReturnType<typeof findClusters>) => r.clusters.map((c) => c.members.map((m) => m.municipalityCode));

describe('findClusters', () => {
  // Windows of 6 months. A, B and C open within 6 months of each other; D is 5 months after C
  // but 8 after A; E is alone a year later; F has no known exit.
  const uses = [
    use(101, '2027-01-01', 1_000_000), // A
    use(147, '2027-03-01', 500_000), // B
    use(151, '2027-06-15', null), // C
    use(153, '2027-09-01', 250_000), // D
    use(155, '2028-09-01'), // E
    use(157, null), // F
  ];

  it('finds the largest groups whose windows share a period, with that period and their spend', () => {
    const r = findClusters(uses, 6);
    expect(codes(r)).toEqual([
      [101, 147, 151],
      [147, 151, 153],
    ]);
    expect(r.clusters[0]).toMatchObject({ sharedWindow: { from: '2027-06-15', to: '2027-07-01' }, combinedSpendDkk: 1_500_000, spendUnknownCount: 1 });
    expect(r.clusters[1]).toMatchObject({ sharedWindow: { from: '2027-09-01', to: '2027-09-01' }, combinedSpendDkk: 750_000, spendUnknownCount: 1 });
    expect(r.unknownExit.map((u) => u.municipalityCode)).toEqual([157]);
  });

  it('puts a municipality between two groups in both: B and C are partners of A and of D', () => {
    const r = findClusters(uses, 6);
    expect(r.clusters.filter((c) => c.members.some((m) => m.municipalityCode === 147))).toHaveLength(2);
    for (const c of r.clusters) {
      // Every member's window contains the shared window.
      for (const m of c.members) expect(m.window.from <= c.sharedWindow.from && c.sharedWindow.to <= m.window.to).toBe(true);
    }
  });

  it('counts touching windows as overlapping (they share a day), one day apart as not', () => {
    expect(codes(findClusters([use(1, '2027-01-01'), use(2, '2027-07-01')], 6))).toEqual([[1, 2]]);
    expect(findClusters([use(1, '2027-01-01'), use(2, '2027-07-01')], 6).clusters[0]!.sharedWindow).toEqual({ from: '2027-07-01', to: '2027-07-01' });
    expect(codes(findClusters([use(1, '2027-01-01'), use(2, '2027-07-02')], 6))).toEqual([]);
  });

  it('grows clusters with the window: 12 months join everyone with a known exit up to E', () => {
    expect(codes(findClusters(uses, 12))).toEqual([
      [101, 147, 151, 153],
      [153, 155],
    ]);
    expect(codes(findClusters(uses, 24))).toEqual([[101, 147, 151, 153, 155]]);
    expect(codes(findClusters(uses, 1))).toEqual([]);
  });

  it('forms one cluster of municipalities with the same exit, and none of a lone municipality', () => {
    expect(codes(findClusters([use(3, '2027-05-01'), use(2, '2027-05-01'), use(1, '2027-05-01')], 0))).toEqual([[1, 2, 3]]);
    expect(codes(findClusters([use(1, '2027-05-01')], 12))).toEqual([]);
    expect(findClusters([], 12)).toEqual({ clusters: [], unknownExit: [] });
  });

  it('does not depend on the order of its input', () => {
    expect(findClusters([...uses].reverse(), 6)).toEqual(findClusters(uses, 6));
  });

  it('refuses a negative or fractional window', () => {
    expect(() => findClusters(uses, -1)).toThrow(RangeError);
    expect(() => findClusters(uses, 1.5)).toThrow(RangeError);
  });
});

describe('partnersOf', () => {
  const uses = [use(101, '2027-01-01'), use(147, '2027-03-01'), use(151, '2027-06-15'), use(153, '2027-09-01'), use(157, null)];

  it('lists everyone whose window overlaps the municipality’s, with the period they share', () => {
    const p = partnersOf(uses, 6, 147);
    expect(p.own!.window).toEqual({ from: '2027-03-01', to: '2027-09-01' });
    expect(p.partners.map((x) => [x.member.municipalityCode, x.sharedWindow])).toEqual([
      [101, { from: '2027-03-01', to: '2027-07-01' }],
      [151, { from: '2027-06-15', to: '2027-09-01' }],
      [153, { from: '2027-09-01', to: '2027-09-01' }],
    ]);
    expect(partnersOf(uses, 6, 101).partners.map((x) => x.member.municipalityCode)).toEqual([147, 151]);
  });

  it('has no partners for a municipality with an unknown exit or without the product', () => {
    expect(partnersOf(uses, 6, 157)).toEqual({ own: null, partners: [] });
    expect(partnersOf(uses, 6, 999)).toEqual({ own: null, partners: [] });
  });
});

describe('one municipality’s exit and spend over its usages of a product', () => {
  it('takes the latest exit, unknown when any is unknown', () => {
    expect(productExit(['2027-01-01', '2028-03-01', '2027-06-01'])).toBe('2028-03-01');
    expect(productExit(['2027-01-01', null])).toBeNull();
    expect(productExit([])).toBeNull();
  });

  it('sums the known spend, null when none is known', () => {
    expect(combinedSpend([100, null, 50])).toBe(150);
    expect(combinedSpend([null])).toBeNull();
  });

  it('overlap is inclusive and symmetric', () => {
    const a = { from: '2027-01-01', to: '2027-07-01' };
    const b = { from: '2027-07-01', to: '2028-01-01' };
    expect(overlap(a, b)).toEqual({ from: '2027-07-01', to: '2027-07-01' });
    expect(overlap(b, a)).toEqual(overlap(a, b));
    expect(overlap(a, { from: '2027-07-02', to: '2028-01-01' })).toBeNull();
  });
});
