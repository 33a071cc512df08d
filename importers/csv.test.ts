// CSV reader: delimiters, quoting, exact line numbers, encodings, limits and broken files.
import { describe, expect, it } from 'vitest';
import { openCsv, readCsv, sniffDelimiter } from './csv.ts';
import { encode, inChunks } from './testing.ts';
import { ImportFileError, type TableRow } from './types.ts';

async function rows(source: Parameters<typeof readCsv>[0], options: Parameters<typeof readCsv>[1] = {}): Promise<TableRow[]> {
  const out: TableRow[] = [];
  for await (const r of readCsv(source, options)) out.push(r);
  return out;
}
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('delimiter', () => {
  it.each([
    ['a;b;c', ';'],
    ['a,b,c', ','],
    ['a\tb\tc', '\t'],
    ['"Navn, fulde";Leverandør', ';'], // the comma is inside quotes
    ['Navn, efternavn;Leverandør', ';'], // a tie goes to ';' (Danish Excel)
    ['System', ';'],
  ])('%j → %j', (line, d) => expect(sniffDelimiter(line)).toBe(d));

  it('a first line `sep=X` sets the delimiter and is skipped', async () => {
    const r = await openCsv(utf8('sep=,\r\nNavn;x,Leverandør\r\nA;1,B\r\n'));
    expect(r.meta.delimiter).toBe(',');
    expect(r.meta.header).toEqual(['Navn;x', 'Leverandør']);
    expect(r.meta.headerLine).toBe(2);
    const got: TableRow[] = [];
    for await (const b of r.batches()) got.push(...b);
    expect(got).toEqual([{ line: 3, cells: ['A;1', 'B'] }]);
  });
});

describe('quoting and line numbers', () => {
  const text =
    'Navn;Noter;Tal\r\n' +
    'A;"med ; semikolon";1\r\n' +
    'B;"med ""citat""";2\r\n' +
    'C;"to\nlinjer";3\r\n' + // Excel writes LF inside a cell, CRLF between rows
    '\r\n' +
    'D;"tre\r\nlinjer\r\nher";4\r\n' +
    ';;\r\n' +
    'E;sidst;5';
  const expected: TableRow[] = [
    { line: 2, cells: ['A', 'med ; semikolon', '1'] },
    { line: 3, cells: ['B', 'med "citat"', '2'] },
    { line: 4, cells: ['C', 'to\nlinjer', '3'] },
    { line: 7, cells: ['D', 'tre\r\nlinjer\r\nher', '4'] },
    { line: 11, cells: ['E', 'sidst', '5'] },
  ];

  it('counts physical lines, embedded breaks included', async () => {
    expect(await rows(utf8(text))).toEqual(expected);
  });

  it.each([1, 2, 3, 7, 64])('gives the same rows when the bytes arrive %i at a time', async (size) => {
    expect(await rows(inChunks(utf8(text), size))).toEqual(expected);
  });

  it('reads LF-only and CR-only files', async () => {
    expect(await rows(utf8(text.replaceAll('\r\n', '\n')))).toEqual(
      expected.map((r) => ({ ...r, cells: r.cells.map((c) => c.replaceAll('\r\n', '\n')) })),
    );
    expect(await rows(utf8('a;b\r1;2\r3;4\r'))).toEqual([
      { line: 2, cells: ['1', '2'] },
      { line: 3, cells: ['3', '4'] },
    ]);
  });

  it('skips blank lines before the header and counts them', async () => {
    const r = await openCsv(utf8('\r\n;;\r\nNavn;Lev\r\nA;B\r\n'));
    expect(r.meta.headerLine).toBe(3);
    for await (const b of r.batches()) expect(b).toEqual([{ line: 4, cells: ['A', 'B'] }]);
  });

  it("tolerates KITOS's \\\" escaping", async () => {
    // KITOS's server-built CSVs: every string quoted, inner quotes as \", UTF-16LE without BOM.
    const kitos = '"Navn";"Note"\r\n"Sag \\"ny\\" version";"x"\r\n"B";""\r\n';
    expect(await rows(encode(kitos, 'utf-16le'))).toEqual([
      { line: 2, cells: ['Sag "ny" version', 'x'] },
      { line: 3, cells: ['B', ''] },
    ]);
    // In a file that otherwise uses RFC quoting, a lone \" row is still repaired.
    const mixed = 'Navn;Note\r\nA;"sagde ""hej"""\r\n"Sag \\"ny\\" version";x\r\n';
    expect(await rows(utf8(mixed))).toEqual([
      { line: 2, cells: ['A', 'sagde "hej"'] },
      { line: 3, cells: ['Sag "ny" version', 'x'] },
    ]);
  });

  it('reports malformed and unterminated quotes on the row', async () => {
    const malformed = await rows(utf8('Navn;Note\r\nA;"x"y;"z"\r\nB;c\r\n'));
    expect(malformed[0]!.issues?.map((i) => [i.code, i.line])).toEqual([['malformed-quotes', 2]]);
    const unterminated = await rows(utf8('Navn;Note\r\nA;b\r\nB;"aldrig lukket\r\nC;d\r\n'));
    expect(unterminated.map((r) => r.line)).toEqual([2, 3]);
    expect(unterminated[1]!.cells).toEqual(['B', 'aldrig lukket\r\nC;d\r\n']);
    expect(unterminated[1]!.issues?.map((i) => [i.code, i.line])).toEqual([['unterminated-quote', 3]]);
  });

  it('keeps hostile-looking cells as text', async () => {
    const cells = ['=SUM(A1:A9)', '+45 1234', '-2+3', '@cmd', '<img src=x onerror=alert(1)>', 'a\u0001b\u0007c'];
    const got = await rows(utf8(`a;b;c;d;e;f\n${cells.map((c) => `"${c}"`).join(';')}\n`));
    expect(got[0]!.cells).toEqual(cells);
  });

  it('reports a NUL as an error at its line and column, and keeps U+FFFD in its place', async () => {
    const got = await rows(utf8('a;b\nx;y\n"p";"q\u0000r"\n'));
    expect(got[1]!.cells).toEqual(['p', 'q\ufffdr']);
    expect(got[1]!.issues).toEqual([expect.objectContaining({ severity: 'error', code: 'invalid-character', line: 3, column: 'b', value: 'q\ufffdr' })]);
    expect(got[0]!.issues).toBeUndefined();
  });
});

describe('encodings', () => {
  const text = 'IT System;Leverandør\r\nØkonomi – Æ;Løn € A/S\r\n';
  it.each(['utf-8', 'utf-8-bom', 'windows-1252', 'utf-16le-bom', 'utf-16be-bom', 'utf-16le'] as const)('%s', async (e) => {
    const r = await openCsv(encode(text, e));
    expect(r.meta.header).toEqual(['IT System', 'Leverandør']);
    const got: TableRow[] = [];
    for await (const b of r.batches()) got.push(...b);
    expect(got).toEqual([{ line: 2, cells: ['Økonomi – Æ', 'Løn € A/S'] }]);
  });

  it('notices Windows-1252 after 100 kB of ASCII', async () => {
    const bytes = new Uint8Array([...utf8(`a;b\n${'x;y\n'.repeat(30_000)}`), ...encode('æ;ø\n', 'windows-1252')]);
    const r = await openCsv(bytes);
    const got: TableRow[] = [];
    for await (const b of r.batches()) got.push(...b);
    expect(got.at(-1)).toEqual({ line: 30_002, cells: ['æ', 'ø'] });
    expect(r.meta.encoding).toBe('windows-1252');
  });

  it('reports cells with undecodable bytes in a UTF-8 file', async () => {
    const bytes = new Uint8Array([...utf8('a;b\nøæå;1\n'), ...encode('æ;2\n', 'windows-1252')]);
    const got = await rows(bytes);
    expect(got[1]!.issues?.map((i) => [i.code, i.line, i.column])).toEqual([['invalid-encoding', 3, 'a']]);
  });
});

describe('limits and broken files', () => {
  it('refuses an oversize file before reading it', async () => {
    await expect(openCsv(utf8('a;b\n1;2\n'), { maxBytes: 4 })).rejects.toSatisfy(
      (e) => e instanceof ImportFileError && e.issues[0]!.code === 'file-too-large',
    );
  });

  it('stops a stream at the limit and says so', async () => {
    const big = utf8(`a;b\n${'1;2\n'.repeat(100_000)}`);
    const r = await openCsv(inChunks(big, 64 * 1024), { maxBytes: 200_000 });
    let n = 0;
    for await (const b of r.batches()) n += b.length;
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(100_000);
    expect(r.issues.map((i) => i.code)).toEqual(['file-too-large']);
  });

  it('gives up on a row that never ends, naming its line', async () => {
    const r = await openCsv(utf8(`a;b\n1;2\n3;"${'x'.repeat(2_000_000)}`), { maxCellChars: 1000 });
    const got: TableRow[] = [];
    for await (const b of r.batches()) got.push(...b);
    expect(got).toEqual([{ line: 2, cells: ['1', '2'] }]);
    expect(r.issues.map((i) => [i.code, i.line])).toEqual([['row-too-long', 3]]);
  });

  it.each([
    ['', 'empty-file'],
    ['\r\n\r\n;;;\r\n', 'no-header'],
  ])('%j is refused (%s)', async (text, code) => {
    await expect(openCsv(utf8(text))).rejects.toSatisfy((e) => e instanceof ImportFileError && e.issues[0]!.code === code);
  });

  it('a header without rows is a file without rows', async () => {
    expect(await rows(utf8('a;b\r\n'))).toEqual([]);
    expect(await rows(utf8('a;b'))).toEqual([]);
  });
});
