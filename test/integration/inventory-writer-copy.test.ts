// The importer's write path stores exactly what the records say, whatever the bytes: on
// PostgreSQL the usages travel through COPY's text format (tab-separated, backslash escapes, \N
// for NULL) into a staging table, so a value holding a tab, a line break, a backslash or the
// literal text `\N` must come back unchanged, NULLs stay NULL, JSON columns stay JSON, and the
// usages keep the file's order (ids, and so references by name, follow it) across COPY batches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryRecords } from '../../server/src/domain/inventory.ts';
import { replaceInventory } from '../../server/src/services/replace-inventory.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { aRun, aUsage } from '../helpers/builders.ts';
import { databaseKinds } from '../helpers/databases.ts';

const AWKWARD = ['tab\there', 'line\nfeed', 'carriage\r\nreturn', 'back\\slash \\N \\t', '\\N', 'æøå “citat” ; "quoted" 🙂', ' leading and trailing '];

describe.each(databaseKinds)('writing usages on %s', (kind) => {
  let ta: TestApp;
  beforeAll(async () => {
    ta = await createTestApp(kind);
  }, 120_000);
  afterAll(async () => ta.t.drop());

  it('stores awkward text, NULLs and JSON exactly, in the order of the records, across batches', async () => {
    const count = 12_345; // more than two COPY batches
    const usages = Array.from({ length: count }, (_, i) =>
      aUsage({
        local_id: `L-${i}`,
        product_name: i % 1000 === 0 ? 'Fælles Navn' : `System ${i % 50}`,
        notes: i < AWKWARD.length ? AWKWARD[i]! : i % 2 ? null : `note ${i}`,
        responsible_unit: i % 3 ? null : 'Økonomi\tLøn',
        extra: i % 5 === 0 ? { 'Felt "A"': 'værdi\\med\ttab' } : {},
      }),
    );
    const records = inventoryRecords.parse({ usages });
    await replaceInventory(ta.t.handle.db, { municipalityCode: 101, kind: 'import', run: aRun(), records });
    const db = ta.t.handle.db;
    const version = await db.selectFrom('current_inventory').select('inventory_version_id').where('municipality_code', '=', 101).executeTakeFirstOrThrow();
    const rows = await db
      .selectFrom('system_usages')
      .select(['id', 'local_id', 'notes', 'responsible_unit', 'extra', 'export_formats', 'source_line'])
      .where('inventory_version_id', '=', version.inventory_version_id)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.local_id)).toEqual(usages.map((u) => u.local_id));
    rows.forEach((r, i) => {
      expect({ notes: r.notes, unit: r.responsible_unit, extra: JSON.parse(r.extra), formats: r.export_formats, line: r.source_line }).toEqual({
        notes: usages[i]!.notes,
        unit: usages[i]!.responsible_unit,
        extra: usages[i]!.extra,
        formats: '[]',
        line: null,
      });
    });
  }, 300_000);
});
