import { describe, expect, it } from 'vitest';
import { defaultModel, model10 } from './model.ts';
import { sensitivity, shiftRoleWeights, spearman, topOverlap } from './sensitivity.ts';
import { aMunicipality, aParty, aUsage, esdhExample, fourSystemExample, known } from './test-builders.ts';

describe('sensitivity (§3.11)', () => {
  it('Spearman: identical 1, reversed −1, by hand otherwise', () => {
    expect(spearman(['a', 'b', 'c', 'd'], ['a', 'b', 'c', 'd'])).toBe(1);
    expect(spearman(['a', 'b', 'c', 'd'], ['d', 'c', 'b', 'a'])).toBe(-1);
    // d = (0, 1, 1, 0): 1 − 6·2/(4·15) = 0.8
    expect(spearman(['a', 'b', 'c', 'd'], ['a', 'c', 'b', 'd'])).toBeCloseTo(0.8, 12);
    expect(spearman(['a'], ['a'])).toBe(1);
    expect(() => spearman(['a', 'b'], ['a', 'c'])).toThrow();
  });

  it('top-N overlap', () => {
    expect(topOverlap(['a', 'b', 'c'], ['c', 'b', 'a'], 2)).toBe(0.5);
    expect(topOverlap(['a', 'b'], ['b', 'a'], 10)).toBe(1);
  });

  it('shifts role weights within [0, 1]', () => {
    const up = shiftRoleWeights(defaultModel, 0.25, 'up');
    // A reseller stays at 0: it has no product reach in any variant.
    expect(up.roleWeights).toEqual({ supplier: 1, operator: 1, host: 1, iaas_host: 0.75, platform: 1, sub_processor: 0.75, reseller: 0 });
    expect(up.dependencies!.edgeWeights).toEqual({ platform: 1, identity: 1, data: 0.75, dataUnknownDirection: 0.5 });
    expect(up.version).toBe('handlefrihed-1.1+up');
    const down = shiftRoleWeights(defaultModel, -0.25, 'down');
    expect(down.roleWeights.iaas_host).toBe(0.25);
    expect(down.dependencies!.edgeWeights.dataUnknownDirection).toBe(0);
    // Model 1.0 keeps its shape: no reseller weight, no dependency weights.
    expect(shiftRoleWeights(model10, 0.25, 'up').roleWeights).toEqual({ supplier: 1, operator: 1, host: 1, iaas_host: 0.75, platform: 1, sub_processor: 0.75 });
  });

  it('reports equal weights, the sovereignty profile and role weights ±0.25 against the default', () => {
    const usages = Array.from({ length: 14 }, (_, i) =>
      aUsage({
        id: `u${i}`,
        criticality: known((['low', 'medium', 'high', 'critical'] as const)[i % 4]!),
        integrationCount: known(i),
        codeGovernance: known((['closed', 'escrow', 'single_company', 'public_sector'] as const)[i % 4]!),
        parties: [aParty({ vendorId: `v${i % 5}` }), aParty({ vendorId: 'cloud', role: i % 2 ? 'iaas_host' : 'sub_processor', country: known('US') })],
      }),
    );
    const r = sensitivity([aMunicipality({ usages }), fourSystemExample().input, aMunicipality({ municipalityCode: '9', usages: [esdhExample()] })]);
    expect(r.variants.map((v) => [v.name, v.ranking])).toEqual([
      ['equal', 'systems'], ['sovereignty', 'systems'], ['roles+0.25', 'vendors'], ['roles-0.25', 'vendors'],
    ]);
    for (const v of r.variants) {
      expect(v.spearman).toBeGreaterThanOrEqual(-1);
      expect(v.spearman).toBeLessThanOrEqual(1);
      expect(v.topOverlap).toBeGreaterThanOrEqual(0);
      expect(v.topOverlap).toBeLessThanOrEqual(1);
      expect(v.passes).toBe(v.topOverlap >= 0.8);
    }
    expect(r.baseline.systems).toHaveLength(10);
    expect(r.publishable).toBe(r.variants.every((v) => v.passes));
  });

  it('the default model against itself is a perfect match', () => {
    const m = { ...defaultModel, sensitivity: { ...defaultModel.sensitivity, profiles: { same: defaultModel.weights }, roleDelta: 0 } };
    const r = sensitivity([fourSystemExample().input], m);
    for (const v of r.variants) expect([v.spearman, v.topOverlap]).toEqual([1, 1]);
  });
});
