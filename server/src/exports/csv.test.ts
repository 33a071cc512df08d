// CSV export: BOM, delimiter, RFC 4180 quoting, Danish decimal comma, neutralised hostile cells,
// and papaparse reads back exactly what went in.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvChunks, type CsvOptions } from './csv.ts';
import type { ExportColumn } from './table.ts';
import { HOSTILE_CELLS, NEUTRALISED_CELLS } from './test-cells.ts';

interface Row {
  name: string;
  cost: number | null;
  ends: string | null;
  exitClause: 0 | 1 | null;
}
const columns: ExportColumn<Row>[] = [
  { key: 'name', label: { da: 'Navn', en: 'Name' }, value: (r) => r.name },
  { key: 'cost', label: { da: 'Årlig pris (kr.)', en: 'Yearly cost (DKK)' }, value: (r) => r.cost, type: 'number' },
  { key: 'ends', label: { da: 'Udløber', en: 'Ends' }, value: (r) => r.ends, type: 'date' },
  { key: 'exitClause', label: { da: 'Exit-klausul', en: 'Exit clause' }, value: (r) => r.exitClause, type: 'boolean' },
];
const rows: Row[] = [
  { name: 'Økonomisystem', cost: 1234.5, ends: '2026-03-31', exitClause: 1 },
  { name: 'Løn; HR', cost: -5, ends: null, exitClause: 0 },
  { name: 'Sag "ESDH"\r\nlinje 2', cost: 1_000_000, ends: '2025-12-01', exitClause: null },
];

async function csv<R>(cols: ExportColumn<R>[], data: Iterable<R> | AsyncIterable<R>, options: CsvOptions): Promise<string> {
  let out = '';
  for await (const chunk of csvChunks(cols, data, options)) out += chunk;
  return out;
}
const parse = (text: string, delimiter: string) => Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { delimiter, skipEmptyLines: true }).data;

describe('csvChunks', () => {
  it('starts with the UTF-8 BOM and a Danish header, and ends every line with CRLF', async () => {
    const text = await csv(columns, rows, { delimiter: ';', language: 'da' });
    expect([...Buffer.from(text, 'utf8').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.slice(1).split('\r\n')[0]).toBe('Navn;Årlig pris (kr.);Udløber;Exit-klausul');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text).not.toMatch(/\r(?!\n)|(?<!\r)\n/); // no bare CR or LF
  });

  it('writes Danish Excel CSV: semicolons, decimal comma, quoted cells, ISO dates, Ja/Nej', async () => {
    const text = await csv(columns, rows, { delimiter: ';', language: 'da' });
    expect(text.slice(text.indexOf('\r\n') + 2)).toBe(
      'Økonomisystem;1234,5;2026-03-31;Ja\r\n' + '"Løn; HR";-5;;Nej\r\n' + '"Sag ""ESDH""\r\nlinje 2";1000000;2025-12-01;\r\n',
    );
  });

  it('writes commas and a decimal dot on request, with English labels', async () => {
    const text = await csv(columns, [{ name: 'a,b', cost: 1234.5, ends: null, exitClause: 1 }, { name: 'a;b', cost: 0.25, ends: null, exitClause: 0 }], {
      delimiter: ',',
      language: 'en',
    });
    expect(text).toBe('\uFEFFName,Yearly cost (DKK),Ends,Exit clause\r\n"a,b",1234.5,,Yes\r\na;b,0.25,,No\r\n');
  });

  it.each([';', ','] as const)('round-trips through papaparse with %s', async (delimiter) => {
    const parsed = parse(await csv(columns, rows, { delimiter, language: 'da' }), delimiter);
    const decimal = (s: string) => (delimiter === ';' ? s.replace('.', ',') : s);
    expect(parsed).toEqual([
      ['Navn', 'Årlig pris (kr.)', 'Udløber', 'Exit-klausul'],
      ['Økonomisystem', decimal('1234.5'), '2026-03-31', 'Ja'],
      ['Løn; HR', '-5', '', 'Nej'],
      ['Sag "ESDH"\r\nlinje 2', '1000000', '2025-12-01', ''],
    ]);
  });

  it('neutralises the hostile cells from the importer tests, but not negative numbers', async () => {
    const hostile: ExportColumn<string>[] = [
      { key: 'note', label: { da: 'Note', en: 'Note' }, value: (s) => s },
      { key: 'n', label: { da: '-Tal', en: '=Number' }, value: () => -1, type: 'number' },
    ];
    for (const delimiter of [';', ','] as const) {
      const parsed = parse(await csv(hostile, HOSTILE_CELLS, { delimiter, language: 'en' }), delimiter);
      expect(parsed[0]).toEqual(['Note', "'=Number"]);
      expect(parsed.slice(1).map((r) => r[0])).toEqual(NEUTRALISED_CELLS);
      expect(parsed.slice(1).every((r) => r[1] === '-1')).toBe(true);
    }
  });

  it('streams: header first, then one chunk per batch, from an async source', async () => {
    async function* source() {
      for (let i = 0; i < 5; i++) yield { name: `S${i}`, cost: i, ends: null, exitClause: null } satisfies Row;
    }
    const chunks: string[] = [];
    for await (const c of csvChunks(columns, source(), { delimiter: ';', language: 'da', batchSize: 2 })) chunks.push(c);
    expect(chunks.map((c) => c.split('\r\n').length - 1)).toEqual([1, 2, 2, 1]);
    expect(chunks[0]!.startsWith('\uFEFFNavn;')).toBe(true);
  });
});
