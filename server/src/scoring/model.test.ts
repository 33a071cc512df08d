import { describe, expect, it } from 'vitest';
import model10Json from './models/handlefrihed-1.0.json' with { type: 'json' };
import modelJson from './model.json' with { type: 'json' };
import { defaultModel, factorIds, model10, modelByVersion, modelSchema, parseModel } from './model.ts';

describe('model configuration', () => {
  it('selects handlefrihed-1.1 with the spec’s weights 15/10/10/10/10/10/10/15/10', () => {
    expect(defaultModel.version).toBe('handlefrihed-1.1');
    expect(factorIds.map((f) => defaultModel.weights[f])).toEqual([15, 10, 10, 10, 10, 10, 10, 15, 10]);
    expect(Object.values(defaultModel.weights).reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('keeps handlefrihed-1.0 beside it, and knows both by version', () => {
    expect(model10.version).toBe('handlefrihed-1.0');
    expect(model10.roleWeights).toEqual({ supplier: 1, operator: 1, host: 1, iaas_host: 0.5, platform: 0.75, sub_processor: 0.5 });
    expect(model10.hops).toEqual({ dataAttenuation: 0.5, maxHops: 2 });
    expect(model10.dependencies).toBeUndefined();
    expect(model10.spend.attribution).toBe('equal-split');
    expect(model10.criticality.businessCriticalAtLeast).toBeNull();
    expect(modelByVersion('handlefrihed-1.0')).toBe(model10);
    expect(modelByVersion('handlefrihed-1.1')).toBe(defaultModel);
    expect(modelByVersion('handlefrihed-1.0+equal')).toBeUndefined();
  });

  it('1.1 differs from 1.0 only in the dependency graph, resellers, spend attribution and the business-critical flag', () => {
    const strip = (m: Record<string, unknown>) => {
      const { version: _v, hops: _h, dependencies: _d, spend: _s, criticality: _c, roleWeights, ...rest } = m as Record<string, unknown> & { roleWeights: Record<string, number> };
      const { reseller: _r, ...roles } = roleWeights;
      return { ...rest, roles };
    };
    expect(strip(modelJson as never)).toEqual(strip(model10Json as never));
    expect(defaultModel.roleWeights.reseller).toBe(0);
    expect(defaultModel.dependencies).toEqual({
      edgeWeights: { platform: 0.75, identity: 0.75, data: 0.5, dataUnknownDirection: 0.25 },
      maxHops: 2,
      identityCategories: ['dk-identity', 'identity-management'],
    });
    expect(defaultModel.spend.attribution).toBe('rights-holder');
    expect(defaultModel.criticality.businessCriticalAtLeast).toBe('high');
  });

  it('holds the role weights, exposure, provenance weights and HHI band sets of the spec', () => {
    expect(defaultModel.roleWeights).toEqual({ supplier: 1, operator: 1, host: 1, iaas_host: 0.5, platform: 0.75, sub_processor: 0.5, reseller: 0 });
    expect(defaultModel.hops).toBeUndefined();
    expect(defaultModel.exposure).toEqual({ low: 1, medium: 2, high: 4, critical: 8, unknown: 4 });
    expect(defaultModel.provenanceWeights).toEqual({ evidence: 1, declared: 0.8, catalogue: 0.7, inferred: 0.4, unknown: 0 });
    expect(defaultModel.hhiBandSets).toEqual({
      'doj-ftc-2010': { moderate: 1500, high: 2500 },
      'doj-ftc-2023': { moderate: 1000, high: 1800 },
      'ec-2004': { moderate: 1000, high: 2000 },
    });
  });

  it('is frozen', () => {
    expect(Object.isFrozen(defaultModel.weights)).toBe(true);
  });

  const clone = () => JSON.parse(JSON.stringify(modelJson));
  it.each([
    ['a negative weight', (m: any) => { m.weights.F1 = -1; }],
    ['all weights 0', (m: any) => { for (const k of Object.keys(m.weights)) m.weights[k] = 0; }],
    ['a role weight above 1', (m: any) => { m.roleWeights.platform = 1.5; }],
    ['more than 4 hops', (m: any) => { m.dependencies.maxHops = 5; }],
    ['both hops and dependencies', (m: any) => { m.hops = { dataAttenuation: 0.5, maxHops: 2 }; }],
    ['neither hops nor dependencies', (m: any) => { delete m.dependencies; }],
    ['an unknown spend attribution', (m: any) => { m.spend.attribution = 'by-party'; }],
    ['band cut-offs out of order', (m: any) => { m.bands.C = 10; }],
    ['F3 bands out of order', (m: any) => { m.scales.F3.bands[1].maxIntegrations = 0; }],
    ['an unknown default HHI band set', (m: any) => { m.defaultHhiBandSet = 'nope'; }],
    ['composite weights not summing to 1', (m: any) => { m.composite.lockin = 0.6; }],
    ['a non-zero weight for unknown provenance', (m: any) => { m.provenanceWeights.unknown = 0.1; }],
    ['a missing scale', (m: any) => { delete m.scales.F9; }],
  ])('rejects %s', (_, breakIt) => {
    const m = clone();
    breakIt(m);
    expect(modelSchema.safeParse(m).success).toBe(false);
  });

  it('accepts the shipped file', () => {
    expect(() => parseModel(clone())).not.toThrow();
  });

  it('rejects a 1.0 model with more than 2 hops', () => {
    const m = JSON.parse(JSON.stringify(model10Json));
    m.hops.maxHops = 3;
    expect(modelSchema.safeParse(m).success).toBe(false);
    expect(() => parseModel(JSON.parse(JSON.stringify(model10Json)))).not.toThrow();
  });
});
