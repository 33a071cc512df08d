import { describe, expect, it } from 'vitest';
import { maturityFromFacts, maturityOf } from './catalogue-common.ts';

const fact = (f: string, value: string, qualifiers: Record<string, string> = {}) => ({ fact: f, value, qualifiers });
const columns = { id: 1, scorecard_score: null, last_release_at: null, elephant_factor: null, os2_level: null, development_status: null, maintenance_type: null, eu_public_adopters: null, eu_support_providers: null, spdx_license: null };

describe('AMS inputs from the sourced facts', () => {
  it('counts EU public adopters and EU support providers; non-EU rows and mere developers do not count', () => {
    const f = maturityFromFacts([
      fact('used_by', 'Ishøj Kommune', { country: 'DK', municipality_code: '183' }),
      fact('used_by', 'Tampere', { country: 'FI' }),
      fact('used_by', 'A US city', { country: 'US' }),
      fact('supplier', 'Magenta ApS', { country: 'DK', roles: 'develops+supports' }),
      fact('supplier', 'Dataport', { country: 'DE', roles: 'develops' }),
      fact('supplier', 'OVHcloud', { country: 'FR', roles: 'hosts' }),
      fact('supplier', 'US host', { country: 'US', roles: 'hosts' }),
      fact('last_release', '2026-09-16'),
      fact('maintenance_type', 'community'),
      fact('code_governance', 'single_company'),
    ]);
    expect(f).toEqual({ euPublicBodies: 2, euSupportProviders: 2, lastReleaseAt: '2026-09-16', maintenanceType: 'community', elephantFactor: 1 });
  });

  it('leaves an input unknown when no fact of it exists (not 0), and 0 when the rows are all outside the EU', () => {
    expect(maturityFromFacts([])).toEqual({ euPublicBodies: null, euSupportProviders: null, lastReleaseAt: null, maintenanceType: null, elephantFactor: null });
    expect(maturityFromFacts([fact('used_by', 'A US city', { country: 'US' })]).euPublicBodies).toBe(0);
    expect(maturityFromFacts([fact('code_governance', 'public_sector')]).elephantFactor).toBeNull();
    expect(maturityFromFacts([fact('code_governance', 'multi_organisation')]).elephantFactor).toBe(2);
  });

  it('an entry without facts or columns has AMS unknown; its facts make it known', () => {
    expect(maturityOf(columns, [], '2026-12-06')).toMatchObject({ ams: null, knownMetrics: 0 });
    const m = maturityOf({ ...columns, development_status: 'stable' }, [fact('maintenance_type', 'community'), fact('last_release', '2026-09-16')], '2026-12-06');
    // M2 (release within 12 months) 100 and M4 (stable, maintained) 66
    expect(m.components.filter((c) => c.known).map((c) => [c.metric, c.value])).toEqual([['M2', 100], ['M4', 66]]);
    expect(m.ams).toBeCloseTo((15 * 100 + 15 * 66) / 30, 12);
  });

  it("prefers the entry's own columns over the facts", () => {
    const m = maturityOf({ ...columns, eu_public_adopters: 12, eu_support_providers: 3 }, [fact('used_by', 'Ishøj Kommune', { country: 'DK' })], '2026-12-06');
    expect(m.components.find((c) => c.metric === 'M6')).toMatchObject({ value: 100, known: true });
  });
});
