import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { f5Substitutability } from './factors.ts';
import { maturityScore, substitutabilityFromAlternatives, type AlternativeSummary } from './maturity.ts';
import { AS_OF, aUsage } from './test-builders.ts';

describe('Alternative Maturity Score (§3.10)', () => {
  it('everything unknown is "ukendt" (null), not 0, and says so', () => {
    const s = maturityScore({ id: 'x' }, AS_OF);
    expect(s.ams).toBeNull();
    expect(s).toMatchObject({ knownMetrics: 0, metricCount: 6 });
    expect(s.components.every((c) => !c.known)).toBe(true);
    expect(s.unknownMetrics).toEqual([
      'scorecardScore', 'scorecardMaintained', 'lastReleaseAt', 'elephantFactor', 'contributorAbsenceFactor',
      'publiccodeDevelopmentStatus', 'publiccodeMaintained', 'standardForPublicCode', 'openChain5230', 'openChain18974',
      'bestPracticesBadge', 'euPublicBodies', 'euSupportProviders',
    ]);
    expect(s.note.da).toContain('tæller ikke 0');
    expect(s.openSourceLabel).toBe(false);
  });

  it('a mature OS2 product, by hand', () => {
    const s = maturityScore(
      {
        id: 'os2-x',
        scorecardScore: 6.5, // M1 65
        scorecardMaintained: 10, lastReleaseAt: '2026-03-01', // M2 100
        elephantFactor: 3, contributorAbsenceFactor: 2, // M3 (75 + 50)/2 = 62.5
        os2Level: 2, standardForPublicCode: true, // M4 66 + 10 = 76
        openChain5230: false, openChain18974: false, bestPracticesBadge: 'passing', // M5 50
        euPublicBodies: 12, euSupportProviders: 1, // M6 100 / 2 = 50
        osiApproved: true,
      },
      AS_OF,
    );
    expect(s.components.map((c) => [c.metric, c.value])).toEqual([['M1', 65], ['M2', 100], ['M3', 62.5], ['M4', 76], ['M5', 50], ['M6', 50]]);
    expect(s.ams).toBeCloseTo((20 * 65 + 15 * 100 + 20 * 62.5 + 15 * 76 + 10 * 50 + 20 * 50) / 100, 12);
    expect(s.unknownMetrics).toEqual([]);
    expect(s.knownMetrics).toBe(6);
    expect(s.openSourceLabel).toBe(true);
  });

  it('leaves an unknown metric out instead of counting it 0: AMS is the weighted mean of the known ones', () => {
    // M2 from the release alone (100), M4 from publiccode.yml (66), M6 from adopters (3 → 66, halved: 33); M1, M3, M5 unknown
    const s = maturityScore({ id: 'f', lastReleaseAt: '2026-09-01', publiccodeDevelopmentStatus: 'stable', publiccodeMaintained: true, euPublicBodies: 3 }, AS_OF);
    expect(s.components.filter((c) => c.known).map((c) => [c.metric, c.value])).toEqual([['M2', 100], ['M4', 66], ['M6', 33]]);
    expect(s.knownMetrics).toBe(3);
    expect(s.ams).toBeCloseTo((15 * 100 + 15 * 66 + 20 * 33) / (15 + 15 + 20), 12);
    // a known 0 still counts: a release older than 12 months is known and scores 0
    const old = maturityScore({ id: 'o', lastReleaseAt: '2024-01-01' }, AS_OF);
    expect(old).toMatchObject({ ams: 0, knownMetrics: 1 });
  });

  it('a metric of two inputs takes the mean of the known ones', () => {
    const s = maturityScore({ id: 'm', elephantFactor: 1 }, AS_OF);
    expect(s.components.find((c) => c.metric === 'M3')).toMatchObject({ value: 25, known: true, unknown: ['contributorAbsenceFactor'] });
    expect(s.ams).toBe(25);
  });

  it('publiccode.yml stable and maintained counts 66 without an OS2 level; OpenChain beats the badge', () => {
    const s = maturityScore({ id: 'p', publiccodeDevelopmentStatus: 'stable', publiccodeMaintained: true, openChain5230: true, bestPracticesBadge: 'gold' }, AS_OF);
    expect(s.components.find((c) => c.metric === 'M4')!.value).toBe(66);
    expect(s.components.find((c) => c.metric === 'M5')!.value).toBe(50);
  });

  it('an old release does not count as maintained', () => {
    const s = maturityScore({ id: 'old', scorecardMaintained: 0, lastReleaseAt: '2024-01-01' }, AS_OF);
    expect(s.components.find((c) => c.metric === 'M2')!.value).toBe(0);
  });

  it('stays within 0–100', () => {
    fc.assert(
      fc.property(
        fc.record({
          scorecardScore: fc.option(fc.double({ min: 0, max: 10, noNaN: true }), { nil: null }),
          elephantFactor: fc.option(fc.nat(10), { nil: null }),
          os2Level: fc.option(fc.constantFrom(1 as const, 2 as const, 3 as const), { nil: null }),
          standardForPublicCode: fc.option(fc.boolean(), { nil: null }),
          euPublicBodies: fc.option(fc.nat(50), { nil: null }),
        }),
        (r) => {
          const s = maturityScore({ id: 'r', ...r }, AS_OF);
          // null exactly when no metric is known; otherwise within 0–100
          expect(s.ams === null).toBe(s.knownMetrics === 0);
          if (s.ams !== null) {
            expect(s.ams).toBeGreaterThanOrEqual(0);
            expect(s.ams).toBeLessThanOrEqual(100);
          }
        },
      ),
    );
  });
});

describe('substitutability from the alternatives', () => {
  const alt = (o: Partial<AlternativeSummary> = {}): AlternativeSummary => ({ viable: true, openSource: false, euControlled: false, ams: null, ...o });

  it('counts viable alternatives and looks for open/EU with AMS ≥ 60', () => {
    const f = substitutabilityFromAlternatives([alt(), alt({ viable: false }), alt({ openSource: true, ams: 59 }), alt({ euControlled: true, ams: 60 })], 1200);
    expect(f.viableAlternatives).toMatchObject({ value: 3, provenance: 'catalogue' });
    expect(f.openOrEuAlternative.value).toBe(true);
    expect(f.nationalCategoryHhi.value).toBe(1200);
    expect(substitutabilityFromAlternatives(null, null).viableAlternatives.provenance).toBe('unknown');
  });

  it('property: adding a viable open-source alternative never raises F5', () => {
    const altArb = fc.record({
      viable: fc.boolean(), openSource: fc.boolean(), euControlled: fc.boolean(),
      ams: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(altArb, { maxLength: 6 }), fc.integer({ min: 0, max: 100 }), fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: null }), (alts, ams, hhi) => {
        const f5 = (a: AlternativeSummary[]) =>
          f5Substitutability(aUsage({ substitutability: substitutabilityFromAlternatives(a, hhi) }), AS_OF);
        const before = f5(alts);
        const after = f5([...alts, { viable: true, openSource: true, euControlled: false, ams }]);
        expect(after.value).toBeLessThanOrEqual(before.value);
        expect(after.optimistic).toBeLessThanOrEqual(before.optimistic);
      }),
      { numRuns: 500 },
    );
  });
});
