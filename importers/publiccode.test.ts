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

  it('warns about unknown top-level keys but not country sections', () => {
    const r = parsePubliccode(`${minimal}\nfavouriteColour: blue\nDK:\n  foo: bar\n`);
    expect(codes(r)).toEqual([['warning', 'unknown-key', 'favouriteColour']]);
  });
});
