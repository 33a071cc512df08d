// XLSX export, read back with read-excel-file: neutralised text, real numbers, real dates.
import readXlsxFile, { readSheet } from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import type { ExportColumn } from './table.ts';
import { HOSTILE_CELLS, NEUTRALISED_CELLS } from './test-cells.ts';
import { sheetName, toXlsx } from './xlsx.ts';

interface Row {
  name: string;
  cost: number | null;
  ends: string | null;
  exitClause: 0 | 1 | null;
}
const columns: ExportColumn<Row>[] = [
  { key: 'name', label: { da: 'Navn', en: 'Name' }, value: (r) => r.name },
  { key: 'cost', label: { da: 'Årlig pris (kr.)', en: 'Yearly cost (DKK)' }, value: (r) => r.cost },
  { key: 'ends', label: { da: 'Udløber', en: 'Ends' }, value: (r) => r.ends, type: 'date' },
  { key: 'exitClause', label: { da: 'Exit-klausul', en: 'Exit clause' }, value: (r) => r.exitClause, type: 'boolean' },
];

describe('toXlsx', () => {
  it('writes numbers as numbers (negative too), ISO dates as dates and flags as Ja/Nej', async () => {
    const buffer = await toXlsx(
      columns,
      [
        { name: 'Økonomisystem', cost: 1234.5, ends: '2026-03-31', exitClause: 1 },
        { name: '-2+3', cost: -5, ends: 'snart', exitClause: 0 },
        { name: 'Tom', cost: null, ends: null, exitClause: null },
      ],
      { language: 'da', sheetName: 'Kontrakter' },
    );
    expect(await readSheet(buffer)).toEqual([
      ['Navn', 'Årlig pris (kr.)', 'Udløber', 'Exit-klausul'],
      ['Økonomisystem', 1234.5, new Date(Date.UTC(2026, 2, 31)), 'Ja'],
      ["'-2+3", -5, 'snart', 'Nej'],
      ['Tom', null, null, null],
    ]);
  });

  it('neutralises the hostile cells from the importer tests; XML drops the control characters it cannot hold', async () => {
    const hostile: ExportColumn<string>[] = [{ key: 'note', label: { da: 'Note', en: '=Note' }, value: (s) => s }];
    const data = await readSheet(await toXlsx(hostile, HOSTILE_CELLS, { language: 'en', sheetName: 'Notes' }));
    // XML 1.0 can't carry NUL, BEL or ESC: write-excel-file removes them, after neutralisation.
    const xmlSafe = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
    expect(data).toEqual([["'=Note"], ...NEUTRALISED_CELLS.map((c) => [xmlSafe(c)])]);
    expect(data.slice(1).every(([c]) => typeof c === 'string' && !/^[=+\-@]/.test(c))).toBe(true);
  });

  it('uses English labels and Yes/No, and names the sheet within Excel’s rules', async () => {
    const buffer = await toXlsx(columns, [{ name: 'x', cost: 1, ends: null, exitClause: 1 }], { language: 'en', sheetName: "'Contracts: 2025/26 [all] of the municipality'" });
    const [sheet] = await readXlsxFile(buffer);
    expect(sheet!.sheet).toBe('Contracts 2025 26 all of the mu');
    expect(sheet!.data).toEqual([
      ['Name', 'Yearly cost (DKK)', 'Ends', 'Exit clause'],
      ['x', 1, null, 'Yes'],
    ]);
    expect(sheetName('???', 'da')).toBe('Eksport');
  });

  it('writes an empty list as a header row', async () => {
    expect(await readSheet(await toXlsx(columns, [], { language: 'da', sheetName: 'Tom' }))).toEqual([['Navn', 'Årlig pris (kr.)', 'Udløber', 'Exit-klausul']]);
  });
});
