// Same content, same result (issue #12): a municipality's KITOS systems file imported once, then
// the same content again as .xlsx, as Windows-1252 CSV, as UTF-16LE text and with its rows in
// another order, leaves the inventory unchanged — no new version — and no system changes its
// product, rights holder, supplier or host. The inventories are generated (fast-check) from the
// parties that tripped vendor identity on real files: foreign companies behind the placeholder
// CVR 00000000 or a made-up 12345678, contracting subsidiaries, resellers as supplier, hosting
// services with a (EU)/(US) suffix. On SQLite and PostgreSQL.
import fc from 'fast-check';
import type { Kysely } from 'kysely';
import writeXlsxFile from 'write-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/src/db/schema.ts';
import { importFile } from '../../server/src/services/import-file.ts';
import { encode } from '../../importers/testing.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { databaseKinds } from '../helpers/databases.ts';

const HEADER = ['IT System', 'Lokal System ID', 'Leverandør', 'Rettighedshaver', 'IT systemet driftes', 'DataType', 'Forretningskritisk IT-system'];

/** Parties as KITOS renders them (`Navn (CVR)`), with the traps seen in real exports. */
const RIGHTS_HOLDERS = [
  'Google Ireland Limited (00000000)',
  'Adobe Systems Software Ireland Ltd (00000000)',
  'Esri Inc. (00000000)',
  'Broadcom Inc. (12345678)',
  'Microsoft Ireland Operations Ltd',
  'Microsoft Corporation',
  'Systematic A/S',
  'KMD A/S',
  'Magenta ApS',
  'Zoom (US)',
];
const SUPPLIERS = ['Atea A/S', 'Dustin A/S', 'SoftwareOne Danmark', 'Netcompany A/S', 'KMD A/S', ''];
const HOSTING = ['Eksternt', 'On-premise', 'Hybrid', ''];
const SENSITIVITY = ['Ingen persondata', 'Almindelige persondata', 'Almindelige persondata, Følsomme persondata', 'Almindelige personoplysninger', ''];
const NAMES = ['Exchange Online', 'Nexus', 'OS2mo', 'ArcGIS Online', 'VMware vSphere', 'Google Workspace', 'Zoom', 'Adobe Acrobat', 'System A', 'System B', 'Opus Løn', 'Teams'];

const row = fc.record({
  name: fc.constantFrom(...NAMES),
  rightsHolder: fc.constantFrom(...RIGHTS_HOLDERS),
  supplier: fc.constantFrom(...SUPPLIERS),
  hosting: fc.constantFrom(...HOSTING),
  sensitivity: fc.constantFrom(...SENSITIVITY),
  critical: fc.constantFrom('Ja', 'Nej', 'Ved ikke', ''),
});
/** 2–8 systems with distinct local ids (the file's own key), in a random order to shuffle later. */
const inventory = fc
  .uniqueArray(row, { minLength: 2, maxLength: 8, selector: (r) => r.name })
  .chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length })));

type Row = typeof row extends fc.Arbitrary<infer R> ? R : never;
const cells = (rows: readonly Row[]): string[][] => [HEADER, ...rows.map((r) => [r.name, `L-${NAMES.indexOf(r.name) + 1}`, r.supplier, r.rightsHolder, r.hosting, r.sensitivity, r.critical])];
const quoted = (c: string, sep: string) => (/["\r\n]/.test(c) || c.includes(sep) ? `"${c.replaceAll('"', '""')}"` : c);
const text = (rows: string[][], sep: string) => rows.map((r) => r.map((c) => quoted(c, sep)).join(sep)).join('\r\n') + '\r\n';

async function shapes(rows: readonly Row[], shuffled: readonly Row[]): Promise<{ label: string; fileName: string; bytes: Uint8Array }[]> {
  const table = cells(rows);
  const xlsx = await writeXlsxFile(table.map((r) => r.map((c) => (c === '' ? null : c))) as never, { sheet: 'IT Systemer Overblik' }).toBuffer();
  return [
    { label: '.xlsx', fileName: 'OS2KITOS IT Systemer Overblik.xlsx', bytes: new Uint8Array(xlsx) },
    { label: 'Windows-1252 CSV', fileName: 'it-systemer.csv', bytes: encode(text(table, ';'), 'windows-1252') },
    { label: 'UTF-16LE text', fileName: 'it-systemer.txt', bytes: encode(text(table, '\t'), 'utf-16le-bom') },
    { label: 'rows in another order', fileName: 'it-systemer.csv', bytes: encode(text(cells(shuffled), ';'), 'utf-8-bom') },
  ];
}

/** What each system is, by its key: the identities an import must not move. */
async function identities(db: Kysely<Database>, code: number) {
  const rows = await db
    .selectFrom('system_usages as u')
    .innerJoin('current_inventory as ci', 'ci.inventory_version_id', 'u.inventory_version_id')
    .innerJoin('products as p', 'p.id', 'u.product_id')
    .where('u.municipality_code', '=', code)
    .select(['u.usage_key', 'u.product_id', 'p.rights_holder_vendor_id', 'u.supplier_vendor_id', 'u.hosted_by_vendor_id', 'u.operated_by_vendor_id', 'u.criticality', 'u.data_sensitivity', 'ci.inventory_version_id'])
    .orderBy('u.usage_key')
    .execute();
  return rows;
}

describe.each(databaseKinds)('same content, same result on %s', (kind) => {
  let ctx: TestApp;
  let db: Kysely<Database>;
  beforeAll(async () => {
    ctx = await createTestApp(kind);
    db = ctx.t.handle.db;
  });
  afterAll(async () => ctx.t.drop());

  it('re-importing the same inventory in another format, encoding or row order changes nothing', async () => {
    let code = 101;
    const codes = [101, 147, 151, 153, 155, 157, 159, 161];
    await fc.assert(
      fc.asyncProperty(inventory, async ([rows, shuffled]) => {
        code = codes[(codes.indexOf(code) + 1) % codes.length]!;
        const first = await importFile(db, { municipalityCode: code, fileName: 'it-systemer.csv', source: encode(text(cells(rows), ';'), 'utf-8-bom'), actor: 'test' });
        expect(first.errors).toEqual([]);
        const before = await identities(db, code);
        expect(before).toHaveLength(rows.length);
        const versions = async () => (await db.selectFrom('inventory_versions').select('id').where('municipality_code', '=', code).execute()).length;
        const versionCount = await versions();
        for (const shape of await shapes(rows, shuffled)) {
          const again = await importFile(db, { municipalityCode: code, fileName: shape.fileName, source: shape.bytes, actor: 'test' });
          expect(again.errors, shape.label).toEqual([]);
          expect(again.status, shape.label).toBe('unchanged');
          expect(await identities(db, code), shape.label).toEqual(before);
        }
        expect(await versions()).toBe(versionCount);
      }),
      { numRuns: 20, seed: 20261206 },
    );
  });
});
