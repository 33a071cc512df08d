import { describe, expect, it } from 'vitest';
import { confidenceOf, coverage, factorConfidence, inputConfidence, stalenessMultiplier, systemConfidence } from './confidence.ts';
import { scoreSystem } from './system-score.ts';
import { AS_OF, aUsage, esdhExample } from './test-builders.ts';

describe('confidence (§3.9)', () => {
  it.each([
    ['evidence', 1], ['declared', 0.8], ['catalogue', 0.7], ['inferred', 0.4], ['unknown', 0],
  ] as const)('provenance %s weighs %s', (provenance, w) => {
    expect(inputConfidence({ provenance, observedAt: '2026-05-01' }, AS_OF)).toBe(w);
  });

  it.each([
    ['2026-05-01', 1], ['2025-06-01', 1], ['2025-05-31', 0.8], ['2024-06-01', 0.8], ['2024-05-31', 0.5], [null, 0.5],
  ])('observed %s → staleness × %s', (observedAt, m) => {
    expect(stalenessMultiplier(observedAt, AS_OF)).toBe(m);
  });

  it('factor confidence is the mean over the inputs; system confidence weights factors', () => {
    expect(factorConfidence([{ provenance: 'evidence', observedAt: AS_OF }, { provenance: 'unknown' }], AS_OF)).toBe(0.5);
    expect(factorConfidence([], AS_OF)).toBe(0);
    const all = (q: number) => ({ F1: q, F2: q, F3: q, F4: q, F5: q, F6: q, F7: q, F8: q, F9: q });
    expect(systemConfidence(all(0.7))).toBeCloseTo(0.7, 12);
    expect(systemConfidence({ ...all(0), F1: 1 })).toBeCloseTo(0.15, 12);
  });

  it('levels: ≥ 0.8 høj, 0.5–0.8 middel, < 0.5 lav and foreløbig', () => {
    expect(confidenceOf(0.8)).toEqual({ value: 0.8, level: 'høj', provisional: false, label: null });
    expect(confidenceOf(0.5)).toMatchObject({ level: 'middel', provisional: false });
    expect(confidenceOf(0.49)).toEqual({ value: 0.49, level: 'lav', provisional: true, label: 'foreløbig' });
  });

  it('coverage by spend, else by reference count (estimated), else not assessed', () => {
    expect(coverage({ inventoriedSpendDkk: 50, totalItSpendDkk: 100, systemCount: 3, referenceSystemCount: 10 })).toEqual({ value: 0.5, basis: 'spend', estimated: false });
    expect(coverage({ inventoriedSpendDkk: 500, totalItSpendDkk: 100, systemCount: 3, referenceSystemCount: null }).value).toBe(1);
    expect(coverage({ inventoriedSpendDkk: 0, totalItSpendDkk: null, systemCount: 3, referenceSystemCount: 10 })).toEqual({ value: 0.3, basis: 'system-count', estimated: true });
    expect(coverage({ inventoriedSpendDkk: 0, totalItSpendDkk: null, systemCount: 3, referenceSystemCount: null })).toEqual({ value: 1, basis: 'none', estimated: true });
  });

  it('the ESDH example by hand: Q_s ≈ 0.696 (middel)', () => {
    const s = scoreSystem(esdhExample(), AS_OF);
    // F1 0.8 · F2 0.8 · F3 0.8 · F4 (7 evidence + 1 unknown)/8 · F5 0.7 · F6 0.7 · F7 (0.8+0.7+0.8+0.8)/4 ·
    // F8 (A: country 0.7, data 0.8, sub-processors 0.7; Microsoft ×2: country 0.7, data 0.8)/7 · F9 0
    const q = [0.8, 0.8, 0.8, 7 / 8, 0.7, 0.7, 3.1 / 4, 5.2 / 7, 0];
    const w = [15, 10, 10, 10, 10, 10, 10, 15, 10];
    s.factors.forEach((f, i) => expect(f.confidence, f.factor).toBeCloseTo(q[i]!, 12));
    expect(s.confidence.value).toBeCloseTo(q.reduce((a, x, i) => a + x * w[i]!, 0) / 100, 12);
    expect(s.confidence.level).toBe('middel');
  });

  it('stale inputs lower confidence', () => {
    const fresh = scoreSystem(aUsage(), AS_OF).confidence.value;
    const stale = scoreSystem(aUsage({ dataExport: { value: 'full', provenance: 'catalogue', observedAt: '2023-01-01' } }), AS_OF).confidence.value;
    expect(stale).toBeLessThan(fresh);
  });
});
