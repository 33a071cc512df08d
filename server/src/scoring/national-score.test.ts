import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreMunicipality } from './municipality-score.ts';
import { scoreNational, scoreNationalFrom } from './national-score.ts';
import { AS_OF, aMunicipality, aParty, aUsage, fourSystemExample, known } from './test-builders.ts';
import { municipalityArb } from './test-arbitraries.ts';

const ms = aParty({ vendorId: 'microsoft', name: 'Microsoft', role: 'supplier', country: known('US'), dataLocation: known('eu') });

describe('national indicators', () => {
  const m1 = fourSystemExample().input; // Microsoft reach 16/22 by roles
  const m2 = aMunicipality({
    municipalityCode: '0202',
    usages: [
      aUsage({ id: 'x1', municipalityCode: '0202', criticality: known('low'), parties: [ms] }),
      aUsage({ id: 'x2', municipalityCode: '0202', criticality: known('critical'), parties: [aParty({ vendorId: 'A' })] }),
    ],
  });
  const { national, municipalities } = scoreNationalFrom([m1, m2], AS_OF);

  it('counts municipalities where a vendor’s transitive reach exceeds 50 %', () => {
    const v = national.vendors.find((x) => x.vendorId === 'microsoft')!;
    const r1 = municipalities[0]!.vendors.find((x) => x.vendorId === 'microsoft')!.reach;
    const r2 = municipalities[1]!.vendors.find((x) => x.vendorId === 'microsoft')!.reach;
    expect(r1).toBeCloseTo(16 / 22, 12);
    expect(r2).toBeCloseTo(1 / 9, 12);
    expect(v.municipalitiesOverThreshold).toBe(1);
    expect(v.municipalitiesPresent).toBe(2);
    expect(v.meanMunicipalReach).toBeCloseTo((16 / 22 + 1 / 9) / 2, 12);
    expect(v.reach).toBeCloseTo((16 + 1) / (22 + 9), 12);
  });

  it('combines from exact sums, not averages of averages', () => {
    const t1 = municipalities[0]!.totals;
    const t2 = municipalities[1]!.totals;
    expect(national.lockin.L).toBeCloseTo((t1.exposureL + t2.exposureL) / (t1.exposure + t2.exposure), 12);
    expect(national.systemCount).toBe(6);
    expect(national.municipalityCount).toBe(2);
    expect(national.model).toBe('handlefrihed-1.1');
  });

  it('keeps provisional municipalities out of the ranking', () => {
    const shaky = aMunicipality({ municipalityCode: '0303', usages: [aUsage({ id: 'z', municipalityCode: '0303' })], totalItSpendDkk: 100_000_000 });
    const n = scoreNational([...municipalities, scoreMunicipality(shaky)], AS_OF);
    expect(n.excludedFromRanking).toEqual(['0303']);
    expect(n.ranking.map((r) => r.municipalityCode)).not.toContain('0303');
    expect(n.municipalities).toHaveLength(3);
  });

  it('can drop municipal detail while combining', () => {
    const slim = scoreNationalFrom([m1, m2], AS_OF, undefined, { keepMunicipalities: false });
    expect(slim.municipalities).toEqual([]);
    expect(slim.national.lockin.L).toBe(national.lockin.L);
  });

  it('property: the nation equals one municipality holding every usage (no cross edges)', () => {
    fc.assert(
      fc.property(municipalityArb, municipalityArb, (a, b) => {
        const A = aMunicipality({ municipalityCode: 'A', usages: a.usages.map((u) => ({ ...u, id: `A${u.id}` })), edges: a.edges.map((e) => ({ ...e, from: `A${e.from}`, to: `A${e.to}` })) });
        const B = aMunicipality({ municipalityCode: 'B', usages: b.usages.map((u) => ({ ...u, id: `B${u.id}` })), edges: b.edges.map((e) => ({ ...e, from: `B${e.from}`, to: `B${e.to}` })) });
        const n = scoreNationalFrom([A, B], AS_OF).national;
        const all = scoreMunicipality(aMunicipality({ usages: [...A.usages, ...B.usages], edges: [...A.edges, ...B.edges] }));
        expect(n.lockin.L).toBeCloseTo(all.lockin.L!, 9);
        expect(n.lockin.Lopt).toBeCloseTo(all.lockin.Lopt!, 9);
        expect(n.jurisdiction.nonEuShare).toBeCloseTo(all.jurisdiction.nonEuShare!, 9);
        expect(n.concentration.spend?.hhi ?? null).toEqual(all.concentration.spend ? expect.closeTo(all.concentration.spend.hhi, 6) : null);
        expect(n.concentration.reach?.hhi ?? null).toEqual(all.concentration.reach ? expect.closeTo(all.concentration.reach.hhi, 6) : null);
        for (const v of n.vendors) expect(v.reach).toBeCloseTo(all.vendors.find((x) => x.vendorId === v.vendorId)!.reach, 9);
      }),
      { numRuns: 200 },
    );
  });
});
