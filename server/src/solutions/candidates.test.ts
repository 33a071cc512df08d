import { describe, expect, it } from 'vitest';
import { type CandidateFacts, selfRunDeployment, type SourcedFact, sourcedCandidateFacts, sourcedDeployment } from './candidates.ts';

const fact = (f: string, value: string, sourceDate = '2026-12-07', qualifiers: Record<string, string> = {}): SourcedFact => ({ fact: f, value, qualifiers, verified: true, sourceDate });
const none: CandidateFacts = { licenseModel: null, codeGovernance: null, dataExport: null, exportFormatKind: null, apiAvailability: null, observedAt: null };
const catalogue: CandidateFacts = { licenseModel: 'proprietary', codeGovernance: 'closed', dataExport: 'partial', exportFormatKind: 'documented_vendor', apiAvailability: 'none', observedAt: '2026-01-01' };

describe('sourcedCandidateFacts', () => {
  it('reads the five scorer facts from the sourced facts, observed at the newest source date', () => {
    const facts = sourcedCandidateFacts(
      [fact('spdx_license', 'MPL-2.0', '2026-11-30'), fact('code_governance', 'multi_organisation'), fact('data_export', 'full', '2026-12-01'), fact('export_format_kind', 'open_standard'), fact('api_availability', 'public_open_standard', '2026-12-07')],
      none,
    );
    expect(facts).toEqual({ licenseModel: 'open_source', codeGovernance: 'multi_organisation', dataExport: 'full', exportFormatKind: 'open_standard', apiAvailability: 'public_open_standard', observedAt: '2026-12-07' });
  });

  it("falls back to the catalogue product's fact only where the alternative has none", () => {
    const facts = sourcedCandidateFacts([fact('data_export', 'full', '2026-12-05')], catalogue);
    expect(facts).toEqual({ ...catalogue, dataExport: 'full', observedAt: '2026-12-05' });
    expect(sourcedCandidateFacts([], catalogue)).toEqual(catalogue);
    expect(sourcedCandidateFacts([], none)).toEqual(none);
  });
});

describe('sourcedDeployment', () => {
  const facts = sourcedCandidateFacts([fact('spdx_license', 'MPL-2.0')], none);
  const deploy = (sourced: SourcedFact[]) => sourcedDeployment('alternative:1', 'X', facts, sourced, '101', '2026-12-06');

  it('runs a self-hostable alternative, or one with no deployment fact, by the municipality itself', () => {
    const self = selfRunDeployment('alternative:1', 'X', facts, '101', '2026-12-06');
    expect(deploy([])).toEqual(self);
    expect(deploy([fact('deployment', 'eu_saas'), fact('deployment', 'self_hosted')])).toEqual(self);
  });

  it('else a Danish operator: country DK, data in Denmark', () => {
    const d = deploy([fact('deployment', 'eu_saas'), fact('deployment', 'danish_operator', '2026-12-07', { operator: 'Magenta ApS' })]);
    expect(d.deployment.hostingModel?.value).toBe('vendor_hosted');
    expect(d.deployment.parties).toEqual([expect.objectContaining({ name: 'Magenta ApS', role: 'operator', country: expect.objectContaining({ value: 'DK' }), dataLocation: expect.objectContaining({ value: 'dk' }) })]);
  });

  it('else an EU host with data in the EU, named by an EU supplier that hosts when one is known', () => {
    const sourced = [fact('deployment', 'eu_saas'), fact('steward', 'CNCF', '2026-12-07', { country: 'US' }), fact('supplier', 'OVHcloud', '2026-12-07', { country: 'FR', roles: 'hosts+supports' })];
    expect(deploy(sourced).deployment.parties).toEqual([expect.objectContaining({ name: 'OVHcloud', role: 'host', country: expect.objectContaining({ value: 'FR' }), dataLocation: expect.objectContaining({ value: 'eu' }) })]);
    const anonymous = deploy([fact('deployment', 'eu_saas')]).deployment.parties![0]!;
    expect(anonymous.country.provenance).toBe('unknown');
    expect(anonymous.dataLocation.value).toBe('eu');
  });

  it('only when it is non-EU SaaS alone, a non-EU host with data outside the EU', () => {
    const d = deploy([fact('deployment', 'non_eu_saas'), fact('steward', 'Grafana Labs', '2026-12-07', { country: 'US' })]);
    expect(d.deployment.parties).toEqual([expect.objectContaining({ name: 'Grafana Labs', country: expect.objectContaining({ value: 'US' }), dataLocation: expect.objectContaining({ value: 'non_eu' }) })]);
  });

  it('keeps the product facts as read', () => {
    expect(deploy([fact('deployment', 'eu_saas')]).product.licenseModel).toEqual({ value: 'open_source', provenance: 'catalogue', observedAt: '2026-12-07' });
  });
});
