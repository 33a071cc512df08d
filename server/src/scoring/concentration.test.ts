import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { categoryHhi, concentration, hhi, hhiLevel } from './concentration.ts';
import { defaultModel } from './model.ts';

describe('concentration', () => {
  it('HHI of the worked example’s spend shares ≈ 3,724', () => {
    const c = concentration(new Map([['ms', 6], ['C', 3], ['A', 2], ['D', 0.5]]))!;
    expect(c.hhi).toBeCloseTo(3724.0, 1);
    expect(c.total).toBe(11.5);
    expect(c.cr1.id).toBe('ms');
    expect(c.elephantCount).toBe(1);
  });

  it('a single vendor gives 10,000, N_eff 1, CR1 100 %', () => {
    const c = concentration(new Map([['only', 42]]))!;
    expect(c.hhi).toBe(10_000);
    expect(c.nEff).toBe(1);
    expect(c.cr1.share).toBe(1);
    expect(c.elephantCount).toBe(1);
  });

  it('n equal vendors give 10,000/n and N_eff = n', () => {
    const c = concentration(new Map([['a', 1], ['b', 1], ['c', 1], ['d', 1]]))!;
    expect(c.hhi).toBeCloseTo(2500, 9);
    expect(c.nEff).toBeCloseTo(4, 9);
    expect(c.elephantCount).toBe(2);
  });

  it('ignores zero shares; nothing to share → null', () => {
    expect(concentration(new Map([['a', 0]]))).toBeNull();
    expect(concentration(new Map())).toBeNull();
    expect(concentration(new Map([['a', 5], ['b', 0]]))!.shares).toHaveLength(1);
  });

  it.each([
    [1499, 'low', 'moderate', 'moderate'],
    [1500, 'moderate', 'moderate', 'moderate'],
    [1800, 'moderate', 'moderate', 'moderate'],
    [1801, 'moderate', 'high', 'moderate'],
    [2001, 'moderate', 'high', 'high'],
    [2500, 'moderate', 'high', 'high'],
    [2501, 'high', 'high', 'high'],
    [999, 'low', 'low', 'low'],
  ] as const)('HHI %s: DOJ/FTC 2010 %s, 2023 %s, EC %s', (v, a, b, c) => {
    const s = defaultModel.hhiBandSets;
    expect([hhiLevel(v, s['doj-ftc-2010']!), hhiLevel(v, s['doj-ftc-2023']!), hhiLevel(v, s['ec-2004']!)]).toEqual([a, b, c]);
  });

  it('property: HHI within 0–10,000, N_eff ≥ 1, elephant count ≤ vendors', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), fc.double({ min: 0, max: 1e9, noNaN: true })), { maxLength: 30 }), (rows) => {
        const c = concentration(rows);
        if (c === null) return;
        expect(c.hhi).toBeGreaterThanOrEqual(0);
        expect(c.hhi).toBeLessThanOrEqual(10_000);
        expect(c.nEff).toBeGreaterThanOrEqual(1 - 1e-9);
        expect(c.elephantCount).toBeLessThanOrEqual(c.shares.length);
        expect(c.hhi).toBeCloseTo(hhi(c.shares.map((s) => s.share)), 6);
      }),
      { numRuns: 500 },
    );
  });

  it('property: a single vendor always gives 10,000', () => {
    fc.assert(fc.property(fc.double({ min: 1e-9, max: 1e12, noNaN: true }), (v) => {
      expect(concentration([['x', v]])!.hhi).toBe(10_000);
    }));
  });

  it('national category HHI counts each supplier’s usages in the category', () => {
    const rows = [
      { category: 'ESDH', supplierId: 'a' }, { category: 'ESDH', supplierId: 'a' }, { category: 'ESDH', supplierId: 'a' },
      { category: 'ESDH', supplierId: 'b' }, { category: 'HR', supplierId: 'c' }, { category: null, supplierId: 'x' },
    ];
    const m = categoryHhi(rows);
    expect(m.get('ESDH')).toBeCloseTo(((3 / 4) ** 2 + (1 / 4) ** 2) * 10_000, 9);
    expect(m.get('HR')).toBe(10_000);
    expect(m.size).toBe(2);
    // The same usages counted per category and supplier (as the database counts them) give the same HHI.
    const counted = categoryHhi([
      { category: 'ESDH', supplierId: 'a', usages: 3 },
      { category: 'ESDH', supplierId: 'b', usages: 1 },
      { category: 'HR', supplierId: 'c', usages: 1 },
      { category: null, supplierId: 'x', usages: 1 },
    ]);
    expect(counted).toEqual(m);
  });
});
