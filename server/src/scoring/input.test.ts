import { describe, expect, it } from 'vitest';
import { mergeDeclaredAndCatalogue, mergeInput, municipalityInput, parseScoringUsage, scoringUsage } from './input.ts';
import { aMunicipality, aUsage, esdhExample } from './test-builders.ts';

describe('ScoringUsage schema', () => {
  it('accepts the builders’ usages', () => {
    expect(() => parseScoringUsage(aUsage())).not.toThrow();
    expect(() => parseScoringUsage(esdhExample())).not.toThrow();
    expect(() => municipalityInput.parse(aMunicipality())).not.toThrow();
  });

  it.each([
    ['a known input without a value', { dataExport: { value: null, provenance: 'declared' } }],
    ['an unknown input with a value', { dataExport: { value: 'full', provenance: 'unknown' } }],
    ['a value outside the vocabulary', { apiAvailability: { value: 'graphql', provenance: 'declared' } }],
    ['a negative integration count', { integrationCount: { value: -1, provenance: 'declared' } }],
    ['a malformed date', { exportTestedAt: { value: '01-02-2026', provenance: 'declared' } }],
    ['a bad country', { parties: [{ ...aUsage().parties[0], country: { value: 'Danmark', provenance: 'declared' } }] }],
    ['an unknown party role', { parties: [{ ...aUsage().parties[0], role: 'reseller' }] }],
    ['a negative cost', { yearlyCostDkk: -5 }],
  ])('rejects %s', (_, broken) => {
    expect(scoringUsage.safeParse({ ...aUsage(), ...broken }).success).toBe(false);
  });

  it('allows a known null for "none/never" inputs', () => {
    expect(scoringUsage.safeParse({ ...aUsage(), exitPlanOwner: { value: null, provenance: 'declared' } }).success).toBe(true);
  });
});

describe('mergeDeclaredAndCatalogue', () => {
  it('the municipality’s own value wins, with its provenance', () => {
    expect(mergeInput({ value: 'full', provenance: 'evidence', observedAt: '2026-01-01' }, { value: 'none' })).toEqual({
      value: 'full', provenance: 'evidence', observedAt: '2026-01-01',
    });
    expect(mergeInput({ value: 'full' }, null)).toEqual({ value: 'full', provenance: 'declared', observedAt: null });
  });

  it('an empty field takes the catalogue’s value with provenance catalogue', () => {
    for (const empty of [null, undefined, '', []]) {
      expect(mergeInput({ value: empty as never }, { value: 'partial', observedAt: '2025-11-01' })).toEqual({
        value: 'partial', provenance: 'catalogue', observedAt: '2025-11-01',
      });
    }
  });

  it('empty in both → unknown', () => {
    expect(mergeInput({ value: null }, { value: null })).toEqual({ value: null, provenance: 'unknown', observedAt: null });
    expect(mergeInput(null, null).provenance).toBe('unknown');
  });

  it('merges product facts field by field', () => {
    const m = mergeDeclaredAndCatalogue(
      { dataExport: 'partial', apiAvailability: null, provenance: { dataExport: 'evidence' }, observedAt: '2026-02-01' },
      { dataExport: 'full', apiAvailability: 'public_open_standard', licenseModel: 'open_source', codeGovernance: 'multi_organisation', observedAt: '2025-12-01' },
    );
    expect(m.dataExport).toEqual({ value: 'partial', provenance: 'evidence', observedAt: '2026-02-01' });
    expect(m.apiAvailability).toEqual({ value: 'public_open_standard', provenance: 'catalogue', observedAt: '2025-12-01' });
    expect(m.codeGovernance.provenance).toBe('catalogue');
    expect(m.exportCharges.provenance).toBe('unknown');
  });

  it('infers code governance from the licence, conservatively, when neither source has it', () => {
    expect(mergeDeclaredAndCatalogue({ licenseModel: 'open_source' }, null).codeGovernance).toEqual({
      value: 'single_company', provenance: 'inferred', observedAt: null,
    });
    expect(mergeDeclaredAndCatalogue(null, { licenseModel: 'proprietary' }).codeGovernance.value).toBe('closed');
    expect(mergeDeclaredAndCatalogue(null, null).codeGovernance.provenance).toBe('unknown');
  });
});
