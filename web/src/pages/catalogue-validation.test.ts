// The contribution form's check in the browser: it starts from a valid proposal and breaks one
// field at a time, expecting the field names the server uses; and the SPDX grammar check.
import { describe, expect, it } from 'vitest';
import { spdxSyntax } from '../../../server/src/domain/alternative-proposal.ts';
import { errorsByField, fieldOf, type ProposalForm, toProposal, validateProposal } from './catalogue-validation.ts';

const aForm = (overrides: Partial<ProposalForm> = {}): ProposalForm => ({
  name: 'Frikommune Sag',
  repositoryUrl: 'https://github.com/frikommune/sag.git',
  url: '',
  spdxLicense: 'MPL-2.0',
  softwareType: 'standalone/web',
  developmentStatus: 'stable',
  maintenanceType: 'community',
  categories: ['document-management'],
  platforms: 'web, linux',
  lastReleaseAt: '2026-05-20',
  descriptionDa: 'Et åbent sagssystem.',
  descriptionEn: '',
  featuresDa: '',
  featuresEn: '',
  localisationReady: '',
  availableLanguages: '',
  productIds: [3, 7],
  fitNotes: '',
  ...overrides,
});
const fields = (f: ProposalForm) => validateProposal(f).map((e) => e.field);

describe('the contribution form check', () => {
  it('accepts a valid proposal and turns it into the API body', () => {
    expect(validateProposal(aForm())).toEqual([]);
    expect(toProposal(aForm())).toEqual({
      name: 'Frikommune Sag',
      repositoryUrl: 'https://github.com/frikommune/sag.git',
      url: null,
      spdxLicense: 'MPL-2.0',
      softwareType: 'standalone/web',
      developmentStatus: 'stable',
      maintenanceType: 'community',
      categories: ['document-management'],
      platforms: ['web', 'linux'],
      lastReleaseAt: '2026-05-20',
      descriptionDa: 'Et åbent sagssystem.',
      descriptionEn: null,
      productIds: [3, 7],
      fitNotes: null,
    });
  });

  it.each<[string, Partial<ProposalForm>, string[]]>([
    ['an empty name', { name: '  ' }, ['name']],
    ['a name of punctuation', { name: '!!!' }, ['name']],
    ['neither repository nor website', { repositoryUrl: '', url: '' }, ['repositoryUrl']],
    ['a repository that is no URL', { repositoryUrl: 'github/frikommune' }, ['repositoryUrl']],
    ['a website that is not http(s)', { url: 'ftp://frikommune.dk' }, ['url']],
    ['no licence', { spdxLicense: ' ' }, ['spdxLicense']],
    ['a licence that is not an SPDX expression', { spdxLicense: 'MPL 2.0 (more or less' }, ['spdxLicense']],
    ['a development status outside publiccode.yml', { developmentStatus: 'finished' }, ['developmentStatus']],
    ['a software type outside publiccode.yml', { softwareType: 'spreadsheet' }, ['softwareType']],
    ['a category outside publiccode.yml', { categories: ['office', 'no-such-category'] }, ['categories.1']],
    ['an impossible date', { lastReleaseAt: '2026-02-30' }, ['lastReleaseAt']],
    ['a date in another format', { lastReleaseAt: '20-05-2026' }, ['lastReleaseAt']],
    ['no description in either language', { descriptionDa: ' ', descriptionEn: '' }, ['descriptionDa']],
    ['a name that is too long', { name: 'x'.repeat(201) }, ['name']],
    ['features without a description in their language', { featuresEn: 'Journalisering' }, ['descriptionEn']],
    ['a language that is not BCP 47', { availableLanguages: 'da, en_GB' }, ['availableLanguages.1']],
  ])('refuses %s at the field the server names', (_what, change, expected) => {
    expect(fields(aForm(change))).toEqual(expected);
  });

  it('sends features (one a line), localisation and languages only when given', () => {
    expect(toProposal(aForm({ featuresDa: ' Journalisering\n\nArkivering \r\n', localisationReady: 'false', availableLanguages: 'da, en' }))).toMatchObject({
      featuresDa: ['Journalisering', 'Arkivering'],
      localisationReady: false,
      availableLanguages: ['da', 'en'],
    });
    expect(Object.keys(toProposal(aForm()))).not.toContain('featuresDa');
  });

  it('reports every problem at once', () => {
    expect(fields(aForm({ name: '', spdxLicense: '', repositoryUrl: '', lastReleaseAt: 'snart' })).sort()).toEqual(['lastReleaseAt', 'name', 'repositoryUrl', 'spdxLicense']);
  });

  it('groups errors by form field in form order, server field paths included', () => {
    expect(fieldOf('categories.3')).toBe('categories');
    expect(fieldOf('decision')).toBeNull();
    expect(fieldOf(undefined)).toBeNull();
    const groups = errorsByField([
      { field: 'spdxLicense', message: { da: 'a', en: 'a' } },
      { field: 'categories.0', message: { da: 'b', en: 'b' } },
      { field: 'categories.1', message: { da: 'b', en: 'b' } },
      { message: { da: 'c', en: 'c' } },
      { field: 'name', message: { da: 'd', en: 'd' } },
    ]);
    expect(groups.map((g) => [g.field, g.messages.map((m) => m.da)])).toEqual([
      ['name', ['d']],
      ['spdxLicense', ['a']],
      ['categories', ['b']],
      [null, ['c']],
    ]);
  });
});

describe('the SPDX grammar check', () => {
  it.each(['MPL-2.0', 'GPL-3.0-or-later', 'GPL-2.0+', 'MIT OR Apache-2.0', 'mit or apache-2.0', '(MIT AND BSD-3-Clause) OR GPL-3.0-only', 'GPL-2.0-only WITH Classpath-exception-2.0', 'LicenseRef-Kommune-1'])('accepts %s', (e) => {
    expect(spdxSyntax(e).ok).toBe(true);
  });
  it.each(['', 'MIT OR', 'OR MIT', '(MIT', 'MIT)', 'MIT Apache-2.0', 'MIT WITH', 'MPL 2.0', 'AND'])('refuses %j', (e) => {
    expect(spdxSyntax(e).ok).toBe(false);
  });
});
