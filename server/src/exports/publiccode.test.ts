// publiccode.yml export: the file reads back through the project's own publiccode.yml importer
// with no issues and the same facts; what the catalogue doesn't know is named, not invented.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parsePubliccode } from '../../../importers/publiccode.ts';
import { descriptionBlock, type PubliccodeSource, toPubliccodeYml } from './publiccode.ts';

const LONG_DA =
  'OS2mo er et effektivt organisationsredskab, der giver overblik over organisationens enheder, medarbejdere, ledere og tilknytninger, ' +
  'og som leverer data til identitetsstyring; det bruges af flere kommuner.';
const SHORT_DA = 'OS2mo giver overblik over organisationen og leverer data til identitetsstyring.';
const FEATURES_DA = ['Organisationsdiagram med enheder og ledere', 'Data til identitetsstyring'];
const entry: PubliccodeSource = {
  name: 'OS2mo',
  url: 'https://os2.eu/produkt/os2mo',
  repository_url: 'https://github.com/OS2mo/os2mo.git',
  software_type: 'standalone/backend',
  development_status: 'stable',
  spdx_license: 'mpl-2.0',
  maintenance_type: 'community',
  platforms: '["web","linux"]',
  categories: '["hr","identity-management"]',
  description_da: LONG_DA,
  description_en: 'GIR is an IT system for organisational and identity management.',
  last_release_at: '2025-05-20T08:00:00Z',
  steward_name: 'OS2 – Offentligt Digitaliseringsfællesskab',
  localisation_ready: true,
  available_languages: ['da', 'en'],
  // As a publiccode.yml import stores it: the Danish block, complete.
  publiccode_description: JSON.stringify({ da: { shortDescription: SHORT_DA, longDescription: LONG_DA, features: FEATURES_DA } }),
};

function ok(r: ReturnType<typeof toPubliccodeYml>) {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
}

describe('toPubliccodeYml', () => {
  it('round-trips through the importer with no issues and the same facts', () => {
    const { yaml, warnings } = ok(toPubliccodeYml(entry));
    const back = parsePubliccode(yaml);
    expect(back.issues).toEqual([]);
    expect(back.entry).toMatchObject({
      publiccode_yml_version: '0.4',
      name: 'OS2mo',
      url: entry.repository_url,
      repository_url: entry.repository_url,
      landing_url: entry.url,
      release_date: '2025-05-20',
      software_type: 'standalone/backend',
      development_status: 'stable',
      spdx_license: 'MPL-2.0',
      maintenance_type: 'community',
      platforms: ['web', 'linux'],
      categories: ['hr', 'identity-management'],
      available_languages: ['da', 'en'],
      localisation_ready: true,
      description_da: SHORT_DA,
      description_en: null,
    });
    expect(back.entry!.description.da).toMatchObject({ short_description: SHORT_DA, long_description: LONG_DA, features: FEATURES_DA });
    // The English text is the catalogue's own, without the features the standard requires: left
    // out with a warning rather than written as a file the standard refuses.
    expect(warnings.map((w) => w.field)).toEqual(['description.en.features']);
  });

  it('leaves out a stored block the standard would refuse, and without any complete block names the description', () => {
    const tooShort = JSON.stringify({ da: { shortDescription: SHORT_DA, longDescription: 'For kort.', features: FEATURES_DA }, en_GB: { shortDescription: 'x', longDescription: LONG_DA, features: ['x'] } });
    const r = toPubliccodeYml({ ...entry, publiccode_description: tooShort });
    expect(!r.ok && r.errors.map((e) => e.field)).toEqual(['description']);
    expect(r.warnings.map((w) => w.field)).toEqual(['description.da', 'description.en_GB', 'description.da.features', 'description.en.features']);
    const noFeatures = JSON.stringify({ da: { shortDescription: SHORT_DA, longDescription: LONG_DA, features: [] } });
    expect(toPubliccodeYml({ ...entry, publiccode_description: noFeatures }).ok).toBe(false);
  });

  it('builds a block from a catalogue text: the full text long, the short one cut at a word with an ellipsis', () => {
    const b = descriptionBlock(`  ${LONG_DA}\n`, [' Organisationsdiagram ', '']);
    expect(b.longDescription).toBe(LONG_DA);
    expect(b.features).toEqual(['Organisationsdiagram']);
    expect([...b.shortDescription].length).toBeLessThanOrEqual(150);
    expect(b.shortDescription).toMatch(/^OS2mo er et effektivt organisationsredskab, .*[^\s,]…$/);
    expect(LONG_DA.startsWith(b.shortDescription.slice(0, -1))).toBe(true);
    expect(descriptionBlock(SHORT_DA, ['x']).shortDescription).toBe(SHORT_DA);
  });

  it('quotes what YAML 1.1 readers would take for a date or a boolean', () => {
    const { yaml } = ok(toPubliccodeYml({ ...entry, name: 'yes' }));
    expect(yaml).toMatch(/^publiccodeYmlVersion: "0\.4"$/m);
    expect(yaml).toMatch(/^releaseDate: "2025-05-20"$/m);
    expect(yaml).toMatch(/^name: "yes"$/m);
    expect(yaml.startsWith('# publiccode.yml 0.4, exported from the handlefrihed open-source catalogue.\n')).toBe(true);
    expect(parse(yaml).maintenance).toEqual({ type: 'community', contacts: [{ name: 'OS2 – Offentligt Digitaliseringsfællesskab' }] });
  });

  it('leaves out categories outside the standard’s list, with a warning', () => {
    const r = ok(toPubliccodeYml({ ...entry, categories: '["office","kommunal-økonomi"]' }));
    expect(parsePubliccode(r.yaml).entry!.categories).toEqual(['office']);
    expect(r.warnings.find((w) => w.field === 'categories')).toMatchObject({ value: 'kommunal-økonomi' });
  });

  it('writes contract maintenance only with the contractors’ end dates', () => {
    const contract = { ...entry, maintenance_type: 'contract' };
    expect(toPubliccodeYml(contract)).toMatchObject({ ok: false, errors: [{ field: 'maintenance.contractors' }] });
    const r = ok(toPubliccodeYml({ ...contract, contractors: [{ name: 'Magenta ApS', until: '2027-12-31' }] }));
    const back = parsePubliccode(r.yaml);
    expect(back.issues).toEqual([]);
    expect(back.entry).toMatchObject({ maintenance_type: 'contract', contractors: ['Magenta ApS'] });
  });

  it('names every required key the catalogue cannot fill instead of inventing it', () => {
    // A row as data/reference/alternatives.csv loads it: name, landing page, licence, categories.
    const reference: PubliccodeSource = {
      name: 'LibreOffice Writer',
      url: 'https://www.libreoffice.org',
      repository_url: null,
      software_type: null,
      development_status: null,
      spdx_license: 'MPL-2.0',
      maintenance_type: null,
      platforms: '[]',
      categories: '["office"]',
      description_da: null,
      description_en: 'Mature desktop suite.',
      last_release_at: null,
    };
    const r = toPubliccodeYml(reference);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => e.field)).toEqual([
      'url',
      'platforms',
      'developmentStatus',
      'softwareType',
      'description',
      'maintenance.type',
      'localisation.localisationReady',
      'localisation.availableLanguages',
    ]);
    expect(!r.ok && r.errors.every((e) => e.message.da && e.message.en)).toBe(true);
  });

  it('refuses values outside the vocabularies and licences that are not SPDX', () => {
    const r = toPubliccodeYml({ ...entry, software_type: 'desktop', spdx_license: 'AGPL 3', available_languages: ['Danish'] });
    expect(!r.ok && r.errors.map((e) => [e.field, e.value])).toEqual([
      ['softwareType', 'desktop'],
      ['legal.license', 'AGPL 3'],
      ['localisation.availableLanguages', 'Danish'],
    ]);
  });
});
