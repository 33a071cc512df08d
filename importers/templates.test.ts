// Each profile template imports cleanly as itself.
import { describe, expect, it } from 'vitest';
import { inventoryRecords } from '../server/src/domain/inventory.ts';
import { parseInventoryFile, PROFILES, templateFor } from './index.ts';

describe('templates', () => {
  it.each(PROFILES.map((p) => p.id))('%s: UTF-8 with BOM, ";", and it imports cleanly as itself', async (id) => {
    const t = templateFor(id);
    expect([...t.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(t.fileName).toMatch(/^skabelon-.*\.csv$/);
    const parsed = await parseInventoryFile({ fileName: t.fileName, source: t.bytes });
    expect(parsed.meta).toMatchObject({ profile: id, delimiter: ';', encoding: 'utf-8-bom' });
    expect(parsed.issues).toEqual([]);
    expect(parsed.rowsRead).toBe(1);
    expect(parsed.meta!.columns.every((c) => c.how === 'exact')).toBe(true);
    expect(() => inventoryRecords.parse(parsed.records)).not.toThrow();
  });

  it('has no column twice and one example value per column', () => {
    for (const p of PROFILES) {
      expect(new Set(p.template.header).size, p.id).toBe(p.template.header.length);
      expect(p.template.example.length, p.id).toBe(p.template.header.length);
    }
  });
});
