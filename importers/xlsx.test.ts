// xlsx reader: sheets by default and by name, date cells, refusals.
import { describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { ImportFileError, type TableRow } from './types.ts';
import { cellToString, openXlsx } from './xlsx.ts';

async function book(sheets: { sheet: string; data: unknown[][] }[]): Promise<Uint8Array> {
  return new Uint8Array(await writeXlsxFile(sheets as never, { dateFormat: 'dd-mm-yyyy' } as never).toBuffer());
}

async function all(bytes: Uint8Array, sheet?: string | number) {
  const r = await openXlsx(bytes, sheet === undefined ? {} : { sheet });
  const rows: TableRow[] = [];
  for await (const b of r.batches()) rows.push(...b);
  return { meta: r.meta, rows };
}

describe('xlsx', () => {
  const bytes = book([
    {
      sheet: 'IT Systemer Overblik',
      data: [
        [null],
        ['IT System', 'Ibrugtagningsdato', 'Anskaffelse', 'Aktiv', null],
        ['Økonomi', '01-03-2016', 1250000.5, true],
        [null, null, null],
        ['=1+2', { value: new Date(Date.UTC(2024, 1, 29)), type: Date, format: 'dd-mm-yyyy' }, 0, false],
      ],
    },
    { sheet: 'Andet', data: [['Systemnavn'], ['Fra ark 2']] },
  ]);

  it('reads the first sheet by default, with sheet row numbers', async () => {
    const { meta, rows } = await all(await bytes);
    expect(meta).toMatchObject({ format: 'xlsx', header: ['IT System', 'Ibrugtagningsdato', 'Anskaffelse', 'Aktiv'], headerLine: 2 });
    expect(rows).toEqual([
      { line: 3, cells: ['Økonomi', '01-03-2016', '1250000.5', 'true'] },
      { line: 5, cells: ['=1+2', '2024-02-29', '0', 'false'] },
    ]);
  });

  it('reads a named sheet', async () => {
    const { meta, rows } = await all(await bytes, 'Andet');
    expect(meta.sheet).toBe('Andet');
    expect(rows).toEqual([{ line: 2, cells: ['Fra ark 2'] }]);
  });

  it('names the sheets a file has when the asked one is missing', async () => {
    const e = await openXlsx(await bytes, { sheet: 'Systemer', fileName: 'x.xlsx' }).catch((x) => x);
    expect(e).toBeInstanceOf(ImportFileError);
    expect(e.issues[0]).toMatchObject({ code: 'sheet-not-found', file: 'x.xlsx', value: 'Systemer' });
    expect(e.issues[0].message.en).toContain('"IT Systemer Overblik", "Andet"');
  });

  it.each([
    ['garbage', new TextEncoder().encode('not a spreadsheet'), 'unreadable-file'],
    ['an old .xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'unsupported-format'],
    ['an empty file', new Uint8Array(0), 'empty-file'],
  ])('refuses %s', async (_, input, code) => {
    const e = await openXlsx(input).catch((x) => x);
    expect(e).toBeInstanceOf(ImportFileError);
    expect(e.issues[0].code).toBe(code);
  });

  it('refuses an oversize file', async () => {
    const e = await openXlsx(await bytes, { maxBytes: 100 }).catch((x) => x);
    expect(e.issues[0].code).toBe('file-too-large');
  });

  it('turns cells into text', () => {
    expect(cellToString(new Date(Date.UTC(2020, 0, 2, 13, 0)))).toBe('2020-01-02');
    expect(cellToString(1e21)).toBe('1e+21');
    expect(cellToString(Number.NaN)).toBe('');
    expect(cellToString(null)).toBe('');
  });
});
