import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateMunicipality, composite, maxWeightedMean, resolvePlatformParties, scoreMunicipality, summarize } from './municipality-score.ts';
import { bandOf, scoreSystem, worseBand } from './system-score.ts';
import { AS_OF, aContract, aMunicipality, anEdge, aParty, aUsage, fourSystemExample, known, unknown } from './test-builders.ts';
import { municipalityArb } from './test-arbitraries.ts';

/** Scores the four systems, then sets L (and what follows from it) to the doc's values. */
function fourSystems() {
  const { input, L } = fourSystemExample();
  const systems = input.usages.map((u) => {
    const s = scoreSystem(u, AS_OF);
    const l = L[u.id]!;
    let band = bandOf(l);
    for (const g of s.gates) if (g.applies && g.capBand) band = worseBand(band, g.capBand);
    return summarize({ ...s, L: l, Lopt: l, band, bandFromScore: bandOf(l), priority: l * s.exposure, priorityOptimistic: l * s.exposure });
  });
  return aggregateMunicipality(input, systems);
}

describe('four-system municipality (lockin-scoring.md §3.7)', () => {
  const m = fourSystems();
  const vendor = (id: string) => m.vendors.find((v) => v.vendorId === id)!;

  it('weighted lock-in L_m = (8·64 + 8·80 + 4·45 + 2·20)/22 ≈ 62.4', () => {
    expect(m.lockin.L).toBeCloseTo(1372 / 22, 10);
    expect(m.lockin.L).toBeCloseTo(62.4, 1);
    expect(m.totals.exposure).toBe(22);
  });

  it('spend shares Microsoft 52.2 %, C 26.1 %, A 17.4 %, D 4.3 %; HHI ≈ 3,720 (exactly 3,724.0)', () => {
    const spend = m.concentration.spend!;
    expect(spend.shares.map((s) => [s.id, Number((s.share * 100).toFixed(1))])).toEqual([
      ['microsoft', 52.2], ['C', 26.1], ['A', 17.4], ['D', 4.3],
    ]);
    expect(spend.hhi).toBeCloseTo(3724.0, 1);
    expect(Math.round(spend.hhi / 10) * 10).toBe(3720);
    expect(spend.nEff).toBeCloseTo(2.69, 2);
    expect(spend.cr1.share).toBeCloseTo(0.522, 3);
    expect(spend.elephantCount).toBe(1);
    expect(spend.levels).toEqual({ 'doj-ftc-2010': 'high', 'doj-ftc-2023': 'high', 'ec-2004': 'high' });
  });

  it('Microsoft: direct reach 8/22 ≈ 36 %, transitive reach 16/22 ≈ 73 %, locked share 1152/1372 ≈ 84 %', () => {
    const ms = vendor('microsoft');
    expect(ms.directReach).toBeCloseTo(8 / 22, 12);
    expect(ms.reach).toBeCloseTo(16 / 22, 12);
    expect(ms.lockedShare).toBeCloseTo(1152 / 1372, 12);
    expect(Math.round(ms.lockedShare * 100)).toBe(84);
    expect(ms.lockInIndex).toBeCloseTo(1152 / 16, 12);
    expect(ms.jurisdiction).toBe(75);
    expect(m.vendors[0]!.vendorId).toBe('microsoft');
  });

  it('non-EU jurisdiction share J_m = 16/22 ≈ 73 %', () => {
    expect(m.jurisdiction.nonEuShare).toBeCloseTo(16 / 22, 12);
    expect(m.jurisdiction.nonEuShareMax).toBeCloseTo(16 / 22, 12);
  });

  it('exposure and reach HHI (not in the doc: 3,057.9 and 3,079.6 by hand)', () => {
    expect(m.concentration.exposure!.hhi).toBeCloseTo(((8 * 8 + 8 * 8 + 4 * 4 + 2 * 2) / (22 * 22)) * 10_000, 6);
    expect(m.concentration.reach!.hhi).toBeCloseTo(((8 * 8 + 16 * 16 + 4 * 4 + 4 * 4 + 2 * 2) / (34 * 34)) * 10_000, 6);
  });

  it('composite H_m is shown with its parts', () => {
    const parts = { lockin: 1372 / 22, spendConcentration: m.concentration.spend!.hhi / 100, jurisdiction: (100 * 16) / 22 };
    expect(m.composite.parts.lockin).toBeCloseTo(parts.lockin, 10);
    expect(m.composite.parts.spendConcentration).toBeCloseTo(parts.spendConcentration, 10);
    expect(m.composite.parts.jurisdiction).toBeCloseTo(parts.jurisdiction, 10);
    expect(m.composite.H).toBeCloseTo(100 - (0.5 * parts.lockin + 0.25 * parts.spendConcentration + 0.25 * parts.jurisdiction), 10);
  });

  it('band distribution is a share of exposure', () => {
    // 64 → D, 80 → E, 45 → C, 20 → B
    expect(m.lockin.bandDistribution).toEqual({ A: 0, B: 2 / 22, C: 4 / 22, D: 8 / 22, E: 8 / 22 });
    expect(m.lockin.atRiskShare).toBeCloseTo(16 / 22, 12);
  });

  it('ranks systems by priority P = L·e', () => {
    expect(m.priorities.map((p) => p.usageId)).toEqual(['S2', 'S1', 'S3', 'S4']);
  });

  it('records the model version', () => {
    expect(m.model).toBe('handlefrihed-1.1');
  });
});

describe('municipality indicators', () => {
  it('exit readiness: share of critical systems with F9 ≤ 33', () => {
    const input = aMunicipality({
      usages: [
        aUsage({ id: 'a', criticality: known('critical'), exitPlan: known('both_scenarios'), exitPlanTestedAt: known('2026-01-01'), exitPlanOwner: known('IT') }),
        aUsage({ id: 'b', criticality: known('critical'), exitPlan: known('none') }),
        aUsage({ id: 'c', criticality: known('high'), exitPlan: known('none') }),
      ],
    });
    const m = scoreMunicipality(input);
    expect(m.exitReadiness).toEqual({ criticalSystems: 2, ready: 1, coverage: 0.5 });
    expect(scoreMunicipality(aMunicipality({ usages: [aUsage()] })).exitReadiness.coverage).toBeNull();
  });

  it('exit windows: top-quartile priority systems whose exit opens within 24 months', () => {
    const usages = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((id, i) =>
      aUsage({
        id,
        criticality: known(i < 2 ? 'critical' : 'low'),
        contracts: known([aContract({ endDate: i === 0 ? '2027-06-01' : '2031-01-01' })]),
      }),
    );
    const m = scoreMunicipality(aMunicipality({ usages }));
    expect(m.priorities.slice(0, 2).map((p) => p.usageId).sort()).toEqual(['a', 'b']);
    expect(m.exitWindows.map((p) => p.usageId)).toEqual(['a']);
    expect(m.exitWindows[0]!.exitWindow).toMatchObject({ nextExit: '2027-06-01', monthsToExit: 12, withinWindow: true });
  });

  it('confidence: exposure-weighted Q_s × coverage; below 0.5 marked foreløbig', () => {
    const usages = [aUsage({ id: 'a', yearlyCostDkk: 1_000_000 }), aUsage({ id: 'b', yearlyCostDkk: 1_000_000 })];
    const full = scoreMunicipality(aMunicipality({ usages, totalItSpendDkk: 2_000_000 }));
    expect(full.confidence.coverage).toEqual({ value: 1, basis: 'spend', estimated: false });
    expect(full.confidence.value).toBeCloseTo(full.confidence.meanSystemConfidence, 12);
    expect(full.confidence.provisional).toBe(false);
    const partial = scoreMunicipality(aMunicipality({ usages, totalItSpendDkk: 8_000_000 }));
    expect(partial.confidence.coverage.value).toBe(0.25);
    expect(partial.confidence.value).toBeCloseTo(0.25 * full.confidence.meanSystemConfidence, 12);
    expect(partial.confidence.label).toBe('foreløbig');
    const estimated = scoreMunicipality(aMunicipality({ usages, referenceSystemCount: 4 }));
    expect(estimated.confidence.coverage).toEqual({ value: 0.5, basis: 'system-count', estimated: true });
    const none = scoreMunicipality(aMunicipality({ usages }));
    expect(none.confidence.coverage).toEqual({ value: 1, basis: 'none', estimated: true });
  });

  it('composite is null, with its parts, when no cost is known', () => {
    const m = scoreMunicipality(aMunicipality({ usages: [aUsage({ yearlyCostDkk: null })] }));
    expect(m.concentration.spend).toBeNull();
    expect(m.composite.H).toBeNull();
    expect(m.composite.parts.lockin).not.toBeNull();
    expect(composite(50, 2500, 0.5).H).toBe(100 - (25 + 6.25 + 12.5));
  });

  it('streams every full system score to the caller', () => {
    const seen: string[] = [];
    const m = scoreMunicipality(aMunicipality({ usages: [aUsage({ id: 'a' }), aUsage({ id: 'b' })] }), undefined, {
      onSystemScore: (s) => seen.push(`${s.usageId}:${s.factors.length}`),
    });
    expect(seen).toEqual(['a:9', 'b:9']);
    expect(m.priorities).toHaveLength(2);
  });

  it('an empty municipality has no L_m', () => {
    const m = scoreMunicipality(aMunicipality({ usages: [] }));
    expect(m.lockin.L).toBeNull();
    expect(m.systemCount).toBe(0);
  });
});

describe('platform requirements', () => {
  const entra = aUsage({
    id: 'entra',
    name: 'Entra ID',
    parties: [aParty({ vendorId: 'microsoft', name: 'Microsoft', role: 'supplier', country: known('US'), dataLocation: known('eu') })],
  });
  const esdh = aUsage({ id: 'esdh', requiresSpecificPlatform: unknown(), parties: [aParty({ vendorId: 'A' })] });

  it('a system that requires Entra ID depends on Microsoft, and F8 sees it', () => {
    const [e, s] = resolvePlatformParties([entra, esdh], [anEdge('esdh', 'entra', 'requires_platform')]);
    expect(e).toBe(entra);
    expect(s!.parties.map((p) => [p.vendorId, p.role])).toEqual([['A', 'supplier'], ['microsoft', 'platform']]);
    expect(s!.requiresSpecificPlatform).toEqual({ value: true, provenance: 'inferred', observedAt: null });
    const m = scoreMunicipality(aMunicipality({ usages: [entra, esdh], edges: [anEdge('esdh', 'entra', 'requires_platform')] }));
    const ms = m.vendors.find((v) => v.vendorId === 'microsoft')!;
    // entra: e=2 at 1.0; esdh: e=2 at 0.75
    expect(ms.reach).toBeCloseTo((2 * 1 + 2 * 0.75) / 4, 12);
    expect(ms.directReach).toBeCloseTo(2 / 4, 12);
    expect(m.jurisdiction.nonEuShare).toBe(1);
  });

  it('does not change the caller’s usages', () => {
    const before = JSON.stringify(esdh);
    resolvePlatformParties([entra, esdh], [anEdge('esdh', 'entra', 'requires_platform')]);
    expect(JSON.stringify(esdh)).toBe(before);
  });
});

describe('unknown criticality', () => {
  it('maxWeightedMean puts the larger values at the top weight', () => {
    expect(maxWeightedMean(0, 0, [], 1, 8)).toBeNull();
    expect(maxWeightedMean(10, 1, [90, 0], 1, 8)).toBeCloseTo((10 + 720 + 0) / 10, 12);
    expect(maxWeightedMean(100, 1, [50], 1, 8)).toBeCloseTo((100 + 50) / 2, 12);
  });

  it('leaving a criticality empty never raises the worst-case bound L_max, and L_max ≥ L_m', () => {
    fc.assert(
      fc.property(municipalityArb, fc.nat(), ({ usages, edges }, pick) => {
        const input = aMunicipality({ usages, edges });
        const m = scoreMunicipality(input);
        expect(m.lockin.Lmax!).toBeGreaterThanOrEqual(m.lockin.L! - 1e-9);
        expect(m.jurisdiction.nonEuShareMax!).toBeGreaterThanOrEqual(m.jurisdiction.nonEuShare! - 1e-9);
        const i = pick % usages.length;
        const blanked = usages.map((u, j) => (j === i ? { ...u, criticality: unknown<never>() } : u));
        const b = scoreMunicipality({ ...input, usages: blanked });
        expect(b.lockin.Lmax!).toBeGreaterThanOrEqual(m.lockin.Lmax! - 1e-9);
        expect(b.jurisdiction.nonEuShareMax!).toBeGreaterThanOrEqual(m.jurisdiction.nonEuShareMax! - 1e-9);
      }),
      { numRuns: 300 },
    );
  });

  it('shows the share of exposure with unknown criticality', () => {
    const m = scoreMunicipality(aMunicipality({ usages: [aUsage({ id: 'a', criticality: unknown() }), aUsage({ id: 'b', criticality: known('high') })] }));
    expect(m.lockin.unknownCriticalityShare).toBe(0.5);
  });
});

describe('municipality properties', () => {
  it('indicators stay in range: L_opt ≤ L ≤ 100, shares in [0, 1], HHI in [0, 10,000]', () => {
    fc.assert(
      fc.property(municipalityArb, ({ usages, edges }) => {
        const m = scoreMunicipality(aMunicipality({ usages, edges }));
        expect(m.lockin.Lopt!).toBeLessThanOrEqual(m.lockin.L! + 1e-9);
        expect(m.lockin.L!).toBeLessThanOrEqual(100);
        for (const c of [m.concentration.spend, m.concentration.exposure, m.concentration.reach]) {
          if (!c) continue;
          expect(c.hhi).toBeGreaterThanOrEqual(0);
          expect(c.hhi).toBeLessThanOrEqual(10_000 + 1e-6);
        }
        for (const v of m.vendors) {
          expect(v.reach).toBeGreaterThanOrEqual(v.directReach - 1e-12);
          expect(v.reach).toBeLessThanOrEqual(1 + 1e-12);
          expect(v.lockedShare).toBeLessThanOrEqual(1 + 1e-12);
        }
        expect(m.confidence.value).toBeGreaterThanOrEqual(0);
        expect(m.confidence.value).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });
});
