import { describe, expect, it } from 'vitest';
import { normalizeProductName, normalizeVendorName } from './names.ts';

describe('normalizeVendorName', () => {
  it.each([
    ['Microsoft Danmark ApS', 'microsoft danmark'],
    ['MICROSOFT DANMARK APS', 'microsoft danmark'],
    ['Microsoft Corporation', 'microsoft'],
    ['MICROSOFT CORPORATION', 'microsoft'],
    ['KMD A/S', 'kmd'],
    ['Netcompany A/S', 'netcompany'],
    ['Google Ireland Ltd.', 'google ireland'],
    ['Amazon Web Services, Inc.', 'amazon web services'],
    ['Nextcloud GmbH', 'nextcloud'],
    ['Schultz A/S', 'schultz'],
    ['Økonomistyrelsen', 'økonomistyrelsen'],
    ['Brøndby  Kommune\u00a0', 'brøndby kommune'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeVendorName(input)).toBe(expected);
  });

  it('keeps a name that is nothing but a legal form', () => {
    expect(normalizeVendorName('A/S')).toBe('a/s');
  });
});

describe('normalizeProductName', () => {
  it('strips the KITOS suffixes for disabled systems', () => {
    expect(normalizeProductName('SBSYS (Ikke tilgængeligt)')).toBe('sbsys');
    expect(normalizeProductName('Microsoft Word')).toBe('microsoft word');
  });
});
