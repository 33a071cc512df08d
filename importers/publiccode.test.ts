// publiccode.yml: OS2mo and the minimal example read, every broken key named with its line.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePubliccode } from './publiccode.ts';
import { FIXTURES } from './testing.ts';

const minimal = readFileSync(`${FIXTURES}minimal.publiccode.yml`, 'utf8');
const os2mo = readFileSync(`${FIXTURES}os2mo.publiccode.yml`, 'utf8');
const codes = (r: ReturnType<typeof parsePubliccode>) => r.issues.map((i) => [i.severity, i.code, i.column]);

describe('publiccode.yml', () => {
  it('reads OS2mo with warnings for its deprecated keys, and `version: 23` as a number', () => {
    const r = parsePubliccode(os2mo, { fileName: 'publiccode.yml' });
    expect(codes(r)).toEqual([
      ['warning', 'deprecated-key', 'description.en.genericName'],
      ['warning', 'deprecated-key', 'description.da.genericName'],
      ['warning', 'deprecated-key', 'legal.repoOwner'],
    ]);
    expect(r.entry).toMatchObject({
      name: 'OS2mo',
      url: 'https://github.com/OS2mo/os2mo.git',
      software_type: 'standalone/backend',
      development_status: 'stable',
      spdx_license: 'MPL-2.0',
      license_verified: true,
      maintenance_type: 'contract',
      contractors: ['Magenta ApS'],
      platforms: ['linux', 'web'],
      categories: ['employee-management', 'hr', 'identity-management', 'it-service-management', 'project-management'],
      available_languages: ['da', 'en'],
    });
    expect(r.entry!.description_da).toMatch(/^OS2mo er et effektivt organisationsredskab/);
    expect(r.entry!.description_en).toBe('GIR is an IT system for organisational and identity management.');
    expect(r.issues[0]).toMatchObject({ file: 'publiccode.yml', line: 74 });
  });

  it("reads the standard's minimal example without issues", () => {
    const r = parsePubliccode(minimal);
    expect(r.issues).toEqual([]);
    expect(r.entry).toMatchObject({ name: 'Medusa', maintenance_type: 'community', spdx_license: 'AGPL-3.0-or-later', categories: [] });
  });

  it('names the key path of every error, with its line', () => {
    const broken = minimal
      .replace('softwareType: "standalone/desktop"', 'softwareType: desktop')
      .replace('AGPL-3.0-or-later', 'AGPL 3')
      .replace('platforms:\n  - web', 'platforms:\n  - web\ncategories:\n  - office\n  - cars');
    const r = parsePubliccode(broken);
    expect(r.entry).toBeNull();
    expect(r.issues.map((i) => [i.code, i.column, typeof i.line])).toEqual([
      ['invalid-value', 'categories[1]', 'number'],
      ['invalid-value', 'softwareType', 'number'],
      ['invalid-license', 'legal.license', 'number'],
    ]);
  });

  it('accepts an unquoted version number with a warning, and flags deprecated SPDX ids', () => {
    const r = parsePubliccode(minimal.replace('publiccodeYmlVersion: "0"', 'publiccodeYmlVersion: 0.4').replace('AGPL-3.0-or-later', 'AGPL-3.0'));
    expect(codes(r)).toEqual([
      ['warning', 'invalid-type', 'publiccodeYmlVersion'],
      ['warning', 'deprecated-license', 'legal.license'],
    ]);
    expect(r.entry?.publiccode_yml_version).toBe('0.4');
  });

  it('reports YAML syntax errors with their line', () => {
    const r = parsePubliccode('name: x\nplatforms: [web\nurl: y\n');
    expect(r.entry).toBeNull();
    expect(r.issues[0]).toMatchObject({ code: 'invalid-yaml', severity: 'error' });
    expect(r.issues[0]!.line).toBeGreaterThan(1);
  });

  it('a file that is not a mapping is an error, not a crash', () => {
    expect(parsePubliccode('- a\n- b\n').issues[0]!.code).toBe('invalid-type');
    expect(parsePubliccode('').issues[0]!.code).toBe('invalid-type');
    expect(parsePubliccode(new Uint8Array([0xff, 0xfe, 0x00])).entry).toBeNull();
  });

  it('refuses unknown top-level keys (as the reference parser does) but keeps country sections', () => {
    const r = parsePubliccode(`${minimal}\nlandingUrl: https://example.com\nDK:\n  foo: bar\n`, { fileName: 'publiccode.yml' });
    expect(codes(r)).toEqual([['error', 'unknown-key', 'landingUrl']]);
    expect(r.entry).toBeNull();
    expect(r.issues[0]).toMatchObject({ file: 'publiccode.yml', line: minimal.split('\n').length + 1 });
    expect(r.issues[0]!.message.da).toContain('landingUrl');
    expect(parsePubliccode(`${minimal}\nDK:\n  foo: bar\n`).issues).toEqual([]);
  });

  it('refuses an unknown key inside a section too, naming its path', () => {
    const r = parsePubliccode(minimal.replace('  localisationReady: true', '  localisationReady: true\n  localizationReady: true').replace('    features:', '    feature: [x]\n    features:'));
    expect(codes(r)).toEqual([
      ['error', 'unknown-key', 'description.en.feature'],
      ['error', 'unknown-key', 'localisation.localizationReady'],
    ]);
  });

  it('reads an en-GB or da-DK block as English or Danish, and refuses en_GB', () => {
    const english = parsePubliccode(minimal).entry!.description_en;
    expect(english).toMatch(/^A rather short description/);
    const regional = minimal.replace('description:\n  en:', 'description:\n  en-GB:');
    expect(parsePubliccode(regional).entry!.description_en).toBe(english);
    const danish = regional.replace('  en-GB:', '  da-DK:');
    expect(parsePubliccode(danish).entry).toMatchObject({ description_da: english, description_en: null });
    const posix = parsePubliccode(minimal.replace('description:\n  en:', 'description:\n  en_GB:'));
    expect(posix.entry).toBeNull();
    expect(codes(posix)).toEqual([['error', 'invalid-value', 'description.en_GB']]);
  });

  it('returns no entry whenever it returns an error, whichever key is wrong', () => {
    for (const [key, value] of [['applicationSuite', '[]'], ['softwareVersion', '[]'], ['logo', '[]'], ['usedBy', 'foo']]) {
      const r = parsePubliccode(`${minimal}\n${key}: ${value}\n`);
      expect(codes(r)).toEqual([['error', 'invalid-type', key]]);
      expect(r.entry).toBeNull();
    }
  });

  it('refuses what the standard forbids in values: features, description length, e-mails, dates, logos, contractors', () => {
    const cases: [string, string, string][] = [
      [minimal.replace('    features:\n      - Just one feature\n', ''), 'missing-key', 'description.en.features'],
      [minimal.replace(/longDescription: >[^]*?\n\n/, 'longDescription: Too short.\n\n'), 'invalid-value', 'description.en.longDescription'],
      [minimal.replace('- name: Francesco Rossi', '- name: Francesco Rossi\n      email: not_an_email'), 'invalid-value', 'maintenance.contacts[0].email'],
      [`${minimal}\nreleaseDate: "2019-02-30"\n`, 'invalid-value', 'releaseDate'],
      [`${minimal}\nlogo: /logo.png\n`, 'invalid-value', 'logo'],
      [`${minimal}\nlogo: file:///logo.png\n`, 'invalid-value', 'logo'],
      [minimal.replace('  contacts:', '  contractors:\n    - name: X\n      until: "2030-01-01"\n  contacts:'), 'invalid-value', 'maintenance.contractors'],
      [`${minimal}\nintendedAudience:\n  countries: [DK, Fr]\n`, 'invalid-value', 'intendedAudience.countries[1]'],
    ];
    for (const [text, code, column] of cases) {
      const r = parsePubliccode(text);
      expect(codes(r)).toEqual([['error', code, column]]);
      expect(r.issues[0]!.line).toBeGreaterThan(0);
      expect(r.entry).toBeNull();
    }
    expect(parsePubliccode(`${minimal}\nlogo: img/logo.svg\n`).entry!.logo).toBe('img/logo.svg');
  });

  it('keeps localisation: ready or not, and the languages as written', () => {
    expect(parsePubliccode(minimal).entry).toMatchObject({ localisation_ready: true, available_languages: ['en'] });
  });

  it('a file that is not UTF-8 is refused, not read as replacement characters', () => {
    const r = parsePubliccode(new Uint8Array([...new TextEncoder().encode('name: Caf'), 0xe9, 10]));
    expect(r).toMatchObject({ entry: null, issues: [{ code: 'invalid-encoding', severity: 'error' }] });
  });
});
