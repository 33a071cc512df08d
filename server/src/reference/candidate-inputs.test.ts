import { describe, expect, it } from 'vitest';
import { CANDIDATE_INPUTS, candidateInputCoverage, type FactLike, MIN_KNOWN_INPUTS, publishable, unpublishableNote } from './candidate-inputs.ts';

const f = (fact: string, value = 'x', qualifiers: Record<string, string> = {}, verified = true): FactLike => ({ fact, value, qualifiers, verified });
const all: FactLike[] = [
  f('data_export', 'full'), f('export_format_kind', 'open_standard'), f('export_format', 'ODF'), f('export_format', 'PDF'),
  f('api_availability', 'public_open_standard'), f('api_standard', 'WebDAV'), f('spdx_license', 'MPL-2.0'), f('code_governance', 'multi_organisation'),
  f('deployment', 'self_hosted'), f('supplier', 'Magenta ApS', { country: 'DK' }),
];
const content = { descriptionDa: 'Tekst', descriptionEn: 'Text', spdxLicense: 'MPL-2.0', developmentStatus: 'stable', maintenanceType: 'community', repositoryUrl: 'https://example.org/repo' };

describe('candidate inputs', () => {
  it('are nine, 8 of them needed (80 %)', () => {
    expect(CANDIDATE_INPUTS.map((i) => i.id)).toEqual(['data_export', 'export_format_kind', 'export_format', 'api_availability', 'api_standard', 'spdx_license', 'code_governance', 'deployment', 'supplier_country']);
    expect(MIN_KNOWN_INPUTS).toBe(8);
    for (const i of CANDIDATE_INPUTS) expect(i.factors).toMatch(/^F[1-9](\/F[1-9])?$/);
  });

  it('counts an input known when a fact of it exists, verified or not', () => {
    expect(candidateInputCoverage(all)).toMatchObject({ share: 1, missing: [] });
    const unverified = all.map((x) => ({ ...x, verified: false }));
    expect(candidateInputCoverage(unverified).known).toHaveLength(9);
    expect(candidateInputCoverage([]).share).toBe(0);
  });

  it('counts each input on its own fact', () => {
    for (const input of CANDIDATE_INPUTS) {
      const without = all.filter((x) => !input.known([x]));
      const c = candidateInputCoverage(without);
      expect(c.missing.map((i) => i.id)).toEqual([input.id]);
      expect(c.share).toBeCloseTo(8 / 9);
    }
  });

  it('needs a country on the supplier or steward, and accepts a steward', () => {
    const noSupplier = all.filter((x) => x.fact !== 'supplier');
    expect(candidateInputCoverage([...noSupplier, f('supplier', 'Someone')]).missing.map((i) => i.id)).toEqual(['supplier_country']);
    expect(candidateInputCoverage([...noSupplier, f('steward', 'The Document Foundation', { country: 'DE' })]).missing).toEqual([]);
  });
});

describe('publishable', () => {
  it('publishes complete content with all inputs, and with 8 of 9', () => {
    expect(publishable(content, all)).toMatchObject({ publishable: true, missing: [] });
    expect(unpublishableNote(publishable(content, all))).toBeNull();
    expect(publishable(content, all.filter((x) => x.fact !== 'api_standard')).publishable).toBe(true);
  });

  it('names every missing content field', () => {
    const p = publishable({ ...content, descriptionDa: null, repositoryUrl: '  ' }, all);
    expect(p.publishable).toBe(false);
    expect(p.missing.map((m) => m.id)).toEqual(['description_da', 'repository_url']);
  });

  it('refuses fewer than 8 of 9 inputs and names the missing ones', () => {
    const p = publishable(content, all.filter((x) => x.fact !== 'api_standard' && x.fact !== 'deployment'));
    expect(p.publishable).toBe(false);
    expect(p.missing.map((m) => m.id)).toEqual(['candidate_inputs']);
    expect(p.missing[0]!.label.en).toContain('7 of 9 known');
    expect(p.missing[0]!.label.en).toContain('api standards');
    expect(p.missing[0]!.label.en).toContain('deployment options');
    expect(unpublishableNote(p)).toMatch(/^Ikke publiceret .*kandidatfakta.* \/ Not published, lacks: candidate inputs/);
  });

  it('refuses an unverified name fact', () => {
    expect(publishable(content, [...all, f('name', 'Foo', {}, false)]).missing.map((m) => m.id)).toEqual(['name']);
    expect(publishable(content, [...all, f('name', 'Foo', {}, true)]).publishable).toBe(true);
  });
});
