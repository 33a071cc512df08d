// Every real KITOS export variant (86, 43 and 61 usage columns, 51 contract columns) imports on
// the first try in every shape Excel and KITOS produce, with the same records in each; the golden
// files hold the records once per variant. No person's name or e-mail address reaches a record.
import { describe, expect, it } from 'vitest';
import { inventoryRecords } from '../server/src/domain/inventory.ts';
import { KITOS_EXPORTS, KITOS_SHAPES, kitosFile, PERSONS } from '../test/helpers/kitos-exports.ts';
import { parseInventoryFile } from './index.ts';
import { matchGolden } from './testing.ts';

describe.each(KITOS_EXPORTS)('KITOS export %s', (name) => {
  it('matches its golden file (as UTF-8 CSV with BOM) and keeps no person data', async () => {
    const { fileName, bytes } = await kitosFile(name, 'csv-utf-8-bom');
    const parsed = await parseInventoryFile({ fileName, source: bytes });
    expect(parsed.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(parsed.meta?.profile).toBe(name.startsWith('contracts') ? 'kitos-contracts' : 'kitos-systems');
    expect(() => inventoryRecords.parse(parsed.records)).not.toThrow();
    const all = JSON.stringify(parsed);
    for (const p of PERSONS) expect(all).not.toContain(p);
    const golden = matchGolden(`kitos-export-${name}`, parsed);
    expect(golden.actual, `review ${golden.changedFile}`).toBe(golden.expected);
  });

  it.each(KITOS_SHAPES)('reads the same records and issues from %s', async (shape) => {
    const reference = await parseInventoryFile(await kitosFile(name, 'csv-utf-8-bom').then((f) => ({ fileName: f.fileName, source: f.bytes })));
    const { fileName, bytes } = await kitosFile(name, shape);
    const parsed = await parseInventoryFile({ fileName, source: bytes });
    const strip = (issues: readonly { file?: string }[]) => issues.map(({ file: _f, ...i }) => i);
    expect(strip(parsed.issues)).toEqual(strip(reference.issues));
    expect(parsed.records).toEqual(reference.records);
    expect(parsed.meta?.header).toEqual(reference.meta?.header);
  });
});

describe('KITOS facts the exports carry', () => {
  it('usages: both DataType wordings, Forretningskritisk = Ja at least high, KLE, roles filled, placeholder CVR', async () => {
    const full = await parseInventoryFile(await kitosFile('systems-full', 'xlsx').then((f) => ({ fileName: f.fileName, source: f.bytes })));
    const [esdh, booking, portal] = full.records.usages;
    expect(esdh!.data_sensitivity).toEqual(['personal', 'sensitive']);
    expect(booking!.data_sensitivity).toEqual(['none']);
    expect(portal!.data_sensitivity).toEqual(['criminal']);
    expect([esdh!.criticality, esdh!.provenance.criticality]).toEqual(['high', 'declared']);
    expect(booking!.criticality).toBeNull(); // Nej, and `Kritikalitet = Ved ikke` says no level
    expect(portal!.criticality).toBe('critical'); // the criticality column says more than Ja
    expect(esdh!.kle).toEqual([
      { number: '85.02.01', source: 'catalogue', title: 'Kommunens egen titel A' },
      { number: '85.02.02', source: 'catalogue', title: 'Kommunens egen titel B' },
      { number: '00.01.10', source: 'local', title: 'Lokal opgave' },
    ]);
    expect(esdh!.roles_filled).toEqual(['Systemejer', 'Dataejer']);
    expect(booking!.roles_filled).toEqual(['Superbruger']);
    expect(booking!.rights_holder).toMatchObject({ name: 'Google Ireland Limited', cvr: null, cvr_as_written: '00000000' });
    for (const u of full.records.usages) {
      for (const key of Object.keys(u.extra)) expect(key).not.toMatch(/ejer|Email|Taget i anvendelse|Sidst redigeret: Bruger|Superbruger|adminstrator/);
    }
    expect(full.issues.filter((i) => i.code === 'unknown-column')).toEqual([]);
  });

  it('contracts: linked by IT Systemer (UUID), Juridisk rådgiver a known role, no signatory', async () => {
    const c = await parseInventoryFile(await kitosFile('contracts-full', 'xlsx').then((f) => ({ fileName: f.fileName, source: f.bytes })));
    expect(c.issues.filter((i) => i.code === 'unknown-column')).toEqual([]);
    const [esdh, cloud] = c.records.contracts;
    expect(esdh!.usage_keys).toEqual(['uuid:0b3c9a52-5c2c-4b4e-9a8b-1f2e3d4c5b6a', 'uuid:9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d']);
    expect(esdh!.roles_filled).toEqual(['Kontraktejer', 'Juridisk rådgiver']);
    expect(cloud!.roles_filled).toEqual(['Fakturamodtager', 'Budgetansvarlig']);
    expect(cloud!.supplier).toMatchObject({ name: 'Google Ireland Limited', cvr: null, cvr_as_written: '00000000' });
    expect(Object.keys(esdh!.extra)).not.toContain('Kontraktunderskriver');
  });

  it("a role the organisation named itself is a role by its e-mail column, in KITOS's and in a hand-made sheet", async () => {
    const csv = 'IT System;Byens ildsjæl;Byens ildsjæl Email#;Systemejer;Noter\nA;Eva Eng;eva@kommune.example;;x\nB;;;Ole Ost;y\n';
    for (const profile of ['kitos-systems', 'generic'] as const) {
      const p = await parseInventoryFile({ fileName: 'a.csv', source: new TextEncoder().encode(csv), profile });
      expect(p.records.usages.map((u) => u.roles_filled), profile).toEqual([['Byens ildsjæl'], ['Systemejer']]);
      expect(JSON.stringify(p.records), profile).not.toMatch(/Eva|eva@|Ole/);
      expect(p.issues.filter((i) => i.code === 'unknown-column'), profile).toEqual([]);
    }
  });

  it('a mapping cannot put a role or person column into a field', async () => {
    const csv = 'IT System;Systemejer;Systemejer Email#;Taget i anvendelse af\nA;Eva Eng;eva@kommune.example;Ole Ost\n';
    const p = await parseInventoryFile({
      fileName: 'a.csv',
      source: new TextEncoder().encode(csv),
      profile: 'kitos-systems',
      mapping: { Systemejer: 'notes', 'Systemejer Email#': 'extra', 'Taget i anvendelse af': 'responsible_unit' },
    });
    expect(p.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(p.records.usages[0]!.roles_filled).toEqual(['Systemejer']);
    expect(JSON.stringify(p.records)).not.toMatch(/Eva|eva@|Ole/);
    expect(p.meta?.columns.map((c) => c.target)).toEqual(['system_name', 'roles_filled', 'roles_filled', 'dropped']);
  });
});
