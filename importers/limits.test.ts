// Bounded cost per input (issue #17): for every parser, a property that its work, counted by a
// Meter (never timed), stays within a constant times the input's size, and that each limit is
// refused promptly with an issue naming it. The hostile files "seen on main" are generated here.
import fc from 'fast-check';
import readXlsxFile from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { openCsv } from './csv.ts';
import { openHtml } from './html.ts';
import { type ImportIssue, parseInventoryFile } from './index.ts';
import * as L from './limits.ts';
import { Meter } from './limits.ts';
import { columnKeys } from './profiles/index.ts';
import { parsePubliccode, yamlNestingPastLimit } from './publiccode.ts';
import { inChunks, nestedDivsHtml, repeatedColumnsCsv, writeZip, xlsxWithSheet, xlsxZipBomb } from './testing.ts';
import { ImportFileError, type TableRow } from './types.ts';
import { cellToString, openXlsx } from './xlsx.ts';
import { InflateBudget, inflateEntry, readZipDirectory, ZipError } from './zip.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

async function drain(reader: { batches(): AsyncGenerator<TableRow[]> }): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  for await (const b of reader.batches()) rows.push(...b);
  return rows;
}

async function refusal(p: Promise<unknown>): Promise<ImportIssue> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ImportFileError);
  return (e as ImportFileError).issues[0]!;
}

describe('the limits module', () => {
  it('lists every limit with its constant, a unit and a reason (the README table comes from it)', () => {
    const constants = Object.entries(L).filter(([k, v]) => k.startsWith('MAX_') && k !== 'MAX_PUBLICCODE_ISSUES' && typeof v === 'number') as [string, number][];
    const byValue = (a: number, b: number) => a - b;
    expect(L.LIMITS.map((l) => l.value).sort(byValue)).toEqual(constants.map(([, v]) => v).sort(byValue));
    for (const l of L.LIMITS) expect(l.why.length).toBeGreaterThan(10);
    expect(L.MAX_ROWS).toBeGreaterThanOrEqual(1_000_000); // bench/import.ts imports a million rows
  });
});

describe('header plan: duplicate names are renamed in linear time', () => {
  /** The old renaming: for each column, try n = 2, 3, … until free (quadratic for repeats). */
  function naive(header: string[]): string[] {
    const used = new Set<string>();
    return header.map((h, index) => {
      const name = h.trim();
      let key = name || `Kolonne ${index + 1}`;
      for (let n = 2; used.has(key); n++) key = `${name || `Kolonne ${index + 1}`} (${n})`;
      used.add(key);
      return key;
    });
  }

  it('gives the same keys as the old renaming, with at most two probes a column', () => {
    const name = fc.constantFrom('A', 'B', ' A ', '', 'A (2)', 'A (3)', 'A (2) (2)', 'Kolonne 3', 'B (2)');
    fc.assert(
      fc.property(fc.array(name, { maxLength: 300 }), (header) => {
        const meter = new Meter();
        expect(columnKeys(header, meter)).toEqual(naive(header));
        expect(meter.units).toBeLessThanOrEqual(2 * header.length);
      }),
      { numRuns: 300 },
    );
  });

  it('100,002 columns over 10 names: 200,004 probes at most (the old loop made ~500 million)', () => {
    const header = Array.from({ length: 100_002 }, (_, i) => `n${i % 10}`);
    const meter = new Meter();
    const keys = columnKeys(header, meter);
    expect(new Set(keys).size).toBe(header.length);
    expect(meter.units).toBeLessThanOrEqual(2 * header.length);
  });

  it('refuses a header past MAX_COLUMNS before any plan is built, naming the limit, line and column', async () => {
    const meter = new Meter();
    const p = await parseInventoryFile({ fileName: 'bred.csv', source: repeatedColumnsCsv(100_002), meter });
    expect(p.issues).toEqual([expect.objectContaining({ code: 'too-many-columns', file: 'bred.csv', line: 1, column: `#${L.MAX_COLUMNS + 1}` })]);
    expect(p.issues[0]!.message.en).toContain(String(L.MAX_COLUMNS));
    expect(p.issues[0]!.message.da).toContain(String(L.MAX_COLUMNS));
    expect(meter.units).toBeLessThan(4 * repeatedColumnsCsv(100_002).byteLength);
    // exactly at the limit the file is read
    const ok = await parseInventoryFile({ fileName: 'ok.csv', source: repeatedColumnsCsv(L.MAX_COLUMNS) });
    expect(ok.issues.some((i) => i.code === 'too-many-columns')).toBe(false);
    expect(ok.rowsRead).toBe(1);
  });
});

describe('CSV: characters handed to papaparse stay linear in the file', () => {
  // A row is a run of one kind of character: plain text, delimiters, or one long quoted cell.
  const row = fc.record({ kind: fc.constantFrom('x', ';', 'quoted', 'lines'), length: fc.oneof(fc.nat({ max: 40 }), fc.nat({ max: 60_000 })) });
  const text = (rows: { kind: string; length: number }[]) =>
    `Systemnavn;Noter\n${rows
      .map((r, i) => {
        if (r.kind === 'quoted') return `S${i};"${'y'.repeat(r.length)}"`;
        if (r.kind === 'lines') return `S${i};"${'z\n'.repeat(r.length >> 1)}"`;
        return `S${i};${r.kind.repeat(r.length)}`;
      })
      .join('\n')}\n`;

  it('whatever the rows, however the bytes arrive', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 12 }), fc.constantFrom(1024, 16_384, 100_000), async (rows, chunk) => {
        const bytes = utf8(text(rows));
        const meter = new Meter();
        const reader = await openCsv(inChunks(bytes, chunk), { meter });
        const got = await drain(reader);
        expect(got.length).toBe(rows.length);
        expect(meter.units).toBeLessThanOrEqual(5 * bytes.byteLength + 65_536);
      }),
      { numRuns: 60 },
    );
  });

  it('forty rows of 900,000 characters: about twice the file, not 40 × 900,000² / 16 KiB', async () => {
    const bytes = utf8(`Systemnavn;Noter\n${Array.from({ length: 40 }, (_, i) => `S${i};${'x'.repeat(900_000)}`).join('\n')}\n`);
    const meter = new Meter();
    const p = await parseInventoryFile({ fileName: 'lang.csv', source: bytes, meter });
    expect(p.rowsRead).toBe(40);
    expect(p.issues.every((i) => i.code === 'cell-too-long')).toBe(true); // each 900,000 > 32,767
    expect(meter.units).toBeLessThanOrEqual(3 * bytes.byteLength);
  });

  it('a cell past the cell limit is an error naming line, column and the limit', async () => {
    const p = await parseInventoryFile({ fileName: 'c.csv', source: utf8(`Systemnavn;Noter\nA;${'x'.repeat(L.MAX_CELL_CHARS + 1)}\n`) });
    expect(p.issues).toEqual([expect.objectContaining({ code: 'cell-too-long', line: 2, column: 'Noter' })]);
    expect(p.issues[0]!.message.en).toContain(String(L.MAX_CELL_CHARS));
  });

  it('stops at MAX_ROWS (smaller here), naming the limit and the first line not read', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `S${i}`).join('\n');
    const p = await parseInventoryFile({ fileName: 'r.csv', source: utf8(`Systemnavn\n${rows}\n`), maxRows: 25 });
    expect(p.rowsRead).toBe(25);
    expect(p.issues).toContainEqual(expect.objectContaining({ code: 'too-many-rows', line: 27, file: 'r.csv' }));
    expect(p.issues.find((i) => i.code === 'too-many-rows')!.message.en).toContain('25');
  });
});

describe('HTML: tags cost at most their depth, and the depth is bounded before the tree is', () => {
  const token = fc.constantFrom('<div>', '</div>', '<span>', '</span>', '<table>', '</table>', '<tr>', '</tr>', '<td>', '</td>', '<th>Systemnavn</th>', '<p>', '</p>', '<b>', '</b>', '<li>', '<ul>', '</x>', '<br>', 'tekst', '\n', '<!-- c -->', '<script>x</script>', '&amp;', '<i class="a">');

  it('random tag soup: work ≤ (2 × depth limit + 4) × the page, and a refusal names line and column', async () => {
    const maxDepth = 24;
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 2000 }), async (tokens) => {
        const html = `<table><tr><th>Systemnavn</th></tr><tr><td>A</td></tr></table>${tokens.join('')}`;
        const meter = new Meter();
        const e = await openHtml(utf8(html), { maxDepth, meter }).then(drain, (x: unknown) => x);
        if (e instanceof ImportFileError) {
          expect(['nesting-too-deep', 'no-table']).toContain(e.issues[0]!.code);
          if (e.issues[0]!.code === 'nesting-too-deep') {
            expect(e.issues[0]!.line).toBeGreaterThan(0);
            expect(Number(e.issues[0]!.column)).toBeGreaterThan(0);
          }
        }
        expect(meter.units).toBeLessThanOrEqual((2 * maxDepth + 4) * html.length + 64);
      }),
      { numRuns: 200 },
    );
  });

  it('100,000 nested <div>s (1.1 MB): refused at the first level past the limit, line and column named', async () => {
    const bytes = nestedDivsHtml(100_000);
    const meter = new Meter();
    const issue = await refusal(openHtml(bytes, { fileName: 'dyb.html', meter }));
    expect(issue).toMatchObject({ code: 'nesting-too-deep', file: 'dyb.html', line: 1, column: String(27 + 5 * (L.MAX_HTML_DEPTH - 2) + 1) });
    expect(issue.message.en).toContain(String(L.MAX_HTML_DEPTH));
    // One pass over the text and the tags up to the limit: the old tree builder did ~5 billion steps.
    expect(meter.units).toBeLessThan(bytes.byteLength + (L.MAX_HTML_DEPTH + 2) ** 2);
  });

  it('a page of more than MAX_HTML_NODES nodes is refused when the tree reaches the limit, naming it and the line', async () => {
    const html = utf8(`<table><tr><th>Systemnavn</th></tr><tr><td>A</td></tr></table>\n${'<br>'.repeat(L.MAX_HTML_NODES)}`);
    const meter = new Meter();
    const issue = await refusal(openHtml(html, { fileName: 'br.html', meter }));
    expect(issue).toMatchObject({ code: 'too-many-nodes', file: 'br.html', line: 2 });
    expect(issue.message.en).toContain(`the limit is ${L.MAX_HTML_NODES}`);
    expect(meter.units).toBeLessThan(3 * html.byteLength);
  });

  it('a table nested right up to the limit is read', async () => {
    // html, body, the divs, table, tr, td: the cells stand exactly at the limit
    const rows = await drain(await openHtml(nestedDivsHtml(L.MAX_HTML_DEPTH - 5)));
    expect(rows).toEqual([{ line: 1, cells: ['A'] }]);
  });

  it('a row wider than MAX_COLUMNS (colspan included) keeps one cell past it, and the header is refused', async () => {
    const html = `<table><tr><th colspan="99">Systemnavn</th>${'<th colspan="99">x</th>'.repeat(20)}</tr><tr><td>A</td></tr></table>`;
    const p = await parseInventoryFile({ fileName: 'w.html', source: utf8(html) });
    expect(p.issues).toEqual([expect.objectContaining({ code: 'too-many-columns', line: 1, column: `#${L.MAX_COLUMNS + 1}` })]);
    expect(p.issues[0]!.message.en).toContain(`${L.MAX_COLUMNS + 1} columns`);
  });

  it('parser failures and long selectors are our own words', async () => {
    const issue = await refusal(openHtml(utf8('<table><tr><td>Systemnavn</td></tr></table>'), { tableSelector: 'table'.repeat(100) }));
    expect(issue.code).toBe('table-not-found');
    expect(issue.message.en).toContain(String(L.MAX_SELECTOR_CHARS));
  });
});

describe('xlsx: inflated bytes are bounded by the zip directory and counted while inflating', () => {
  const value = fc.oneof(
    fc.constant(null),
    // write-excel-file keys its shared strings by a plain object: "toString" and kin come out broken
    fc.string({ maxLength: 20 }).filter((s) => s.trim() !== '' && !(s in {}) && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(s)),
    fc.integer({ min: -1e9, max: 1e9 }),
    fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    fc.boolean(),
    fc.date({ min: new Date(Date.UTC(1950, 0, 1)), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }).map((d) => ({ value: new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())), type: Date, format: 'dd-mm-yyyy' })),
  );

  it('reads what read-excel-file reads, with work ≤ 3 × the bytes the parts declare', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(value, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 30 }), async (body) => {
        const data = [['Systemnavn', 'B', 'C', 'D', 'E', 'F'], ...body];
        const bytes = new Uint8Array(await writeXlsxFile(data as never, {}).toBuffer());
        const meter = new Meter();
        const reader = await openXlsx(bytes, { meter });
        const rows = await drain(reader);
        const [sheet] = await readXlsxFile(Buffer.from(bytes));
        const expected = sheet!.data
          .slice(1)
          .map((r) => r.map(cellToString))
          .filter((r) => r.some((c) => c.trim() !== ''));
        expect(rows.map((r) => r.cells.slice(0, 6))).toEqual(expected.map((r) => [...r, '', '', '', '', '', ''].slice(0, 6)));
        const declared = [...readZipDirectory(bytes, L.MAX_XLSX_ENTRIES).values()].reduce((s, e) => s + e.size, 0);
        expect(meter.units).toBeLessThanOrEqual(3 * declared);
      }),
      { numRuns: 40 },
    );
  });

  it('a zip bomb (a sheet of 1.29 GB in a few MB) is refused from its declared size, before inflating', async () => {
    const bomb = xlsxZipBomb(1.29e9);
    const meter = new Meter();
    const issue = await refusal(openXlsx(bomb.bytes, { fileName: 'bombe.xlsx', meter }));
    expect(issue).toMatchObject({ code: 'inflated-too-large', file: 'bombe.xlsx', value: 'xl/worksheets/sheet1.xml' });
    expect(issue.message.en).toContain('200 MB');
    expect(meter.units).toBeLessThan(10_000); // the small parts only
  });

  it('a bomb that declares a small size is stopped when it passes that size', async () => {
    const bomb = xlsxZipBomb(1.29e9, 1_000_000);
    const meter = new Meter();
    const reader = await openXlsx(bomb.bytes, { fileName: 'bombe.xlsx', meter });
    await drain(reader);
    expect(reader.issues).toEqual([expect.objectContaining({ code: 'unreadable-file' })]);
    expect(reader.issues[0]!.message.en).toContain('larger than the zip file itself declares');
    // inflated: the declared megabyte and at most one 64 KiB chunk more, each byte counted twice (inflate, tokenise)
    expect(meter.units).toBeLessThanOrEqual(2 * (1_000_000 + 65_536) + 10_000);
  });

  it('the budget counts the parts together, and the limit is configurable', async () => {
    const bomb = xlsxZipBomb(30e6);
    expect((await refusal(openXlsx(bomb.bytes, { maxInflatedBytes: 20e6 }))).code).toBe('inflated-too-large');
    const rows = await drain(await openXlsx(xlsxZipBomb(2e6).bytes, { maxInflatedBytes: 20e6 }));
    expect(rows.length).toBeGreaterThan(30_000);
  });

  it('inflating counts the actual bytes: an entry that lies is stopped at its declared size', async () => {
    const big = xlsxZipBomb(50e6, 100_000).bytes;
    const entry = readZipDirectory(big, 100).get('xl/worksheets/sheet1.xml')!;
    const meter = new Meter();
    const budget = new InflateBudget(10_000_000);
    await expect(
      (async () => {
        for await (const _ of inflateEntry(big, entry, budget, meter));
      })(),
    ).rejects.toBeInstanceOf(ZipError);
    expect(meter.units).toBeLessThanOrEqual(100_000 + 65_536);
    expect(budget.used).toBe(meter.units);
  });

  it('refuses too many entries, zip64, encryption and broken zips in our own words', async () => {
    const many = writeZip(Array.from({ length: L.MAX_XLSX_ENTRIES + 1 }, (_, i) => ({ name: `x${i}.xml`, data: new Uint8Array(0) })));
    const issue = await refusal(openXlsx(many));
    expect(issue.code).toBe('too-many-entries');
    expect(issue.message.en).toContain(String(L.MAX_XLSX_ENTRIES));
    const truncated = xlsxWithSheet('<worksheet><sheetData></sheetData></worksheet>').slice(0, 200);
    for (const bytes of [truncated, utf8('PK\u0003\u0004 not really a zip'), new Uint8Array([0x50, 0x4b, 3, 4, ...new Array(100).fill(0)])]) {
      const i = await refusal(openXlsx(bytes));
      expect(i.code).toBe('unreadable-file');
      expect(i.message.en).toMatch(/^The Excel file cannot be read: [a-z ().,/]+\. Save it again/);
    }
  });

  it('a cell with a bad shared-string index is refused at its row and column', async () => {
    const sheet = '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Systemnavn</t></is></c></row><row r="2"><c r="A2" t="s"><v>7</v></c></row></sheetData></worksheet>';
    // The sheet is one chunk, read before the header is known: the refusal comes at once.
    const issue = await refusal(openXlsx(xlsxWithSheet(sheet), { fileName: 'a.xlsx' }));
    expect(issue).toMatchObject({ code: 'unreadable-file', file: 'a.xlsx', line: 2, column: 'A' });
  });

  it('a NUL in a cell (&#0; or _x0000_) is an error at its row and column, and U+FFFD stays in its place', async () => {
    const sheet = '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Systemnavn</t></is></c><c r="B1" t="inlineStr"><is><t>Noter</t></is></c></row><row r="4"><c r="A4" t="inlineStr"><is><t>S</t></is></c><c r="B4" t="inlineStr"><is><t>a&#0;b_x0000_</t></is></c></row></sheetData></worksheet>';
    const rows = await drain(await openXlsx(xlsxWithSheet(sheet)));
    expect(rows[0]!.cells).toEqual(['S', 'a\ufffdb\ufffd']);
    expect(rows[0]!.issues).toEqual([expect.objectContaining({ code: 'invalid-character', line: 4, column: 'Noter' })]);
  });

  it('a cell far to the right keeps the row small and is one cell past the limit', async () => {
    const sheet = '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Systemnavn</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>S</t></is></c><c r="XFD2"><v>1</v></c></row></sheetData></worksheet>';
    const rows = await drain(await openXlsx(xlsxWithSheet(sheet)));
    expect(rows[0]!.cells.length).toBe(L.MAX_COLUMNS + 1);
    const p = await parseInventoryFile({ fileName: 'a.xlsx', source: xlsxWithSheet(sheet) });
    expect(p.issues).toEqual([expect.objectContaining({ code: 'too-many-cells', line: 2 })]);
  });
});

describe('publiccode.yml: size, nesting, aliases and duplicate keys are bounded, in our own words', () => {
  const piece = fc.constantFrom('[', ']', '{', '}', '- ', '  ', 'a: ', 'b: ', '"', "'", '# c', '\n', '&x ', '*x', 'x', ',', '|', '? ', '\\');

  it('random YAML-ish text: never throws, work ≤ 3 × the text, every YAML error message is ours', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 3000 }), (pieces) => {
        const text = pieces.join('');
        const meter = new Meter();
        const r = parsePubliccode(text, { meter });
        expect(meter.units).toBeLessThanOrEqual(3 * text.length + 16);
        for (const i of r.issues) {
          if (i.code === 'invalid-yaml') expect(i.message.en).toMatch(/^The file is not valid YAML: [^:]+\.$/);
          expect(i.message.en).not.toMatch(/Error|at line|\^/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('200,000 nested [ (which would exhaust the process in the yaml package) are refused at once', () => {
    const text = `name: x\nurl: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`;
    const meter = new Meter();
    const r = parsePubliccode(text, { meter });
    expect(r.issues).toEqual([expect.objectContaining({ code: 'nesting-too-deep', line: 2 })]);
    expect(r.issues[0]!.message.en).toContain(String(L.MAX_YAML_DEPTH));
    expect(meter.units).toBeLessThan(10);
  });

  it('the nesting estimate never falls below the real nesting', () => {
    expect(yamlNestingPastLimit('a:\n  b:\n    c: [1, {d: [2]}]\n', 5)).toBe(3);
    expect(yamlNestingPastLimit('a: "[[[[[[[["\nb: \'{{{{{{\'\n# [[[[[[[[\nc: |\n  [[[[[[[[[\n', 3)).toBeNull();
    expect(yamlNestingPastLimit("x: [a'b, [[[[[[[[", 5)).toBe(1); // a quote inside a plain scalar opens nothing
    expect(yamlNestingPastLimit('- - - - - - x', 5)).toBe(1);
  });

  it('billion laughs: aliases past the limit are refused', () => {
    const levels = Array.from({ length: 9 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]`).join('\n');
    const r = parsePubliccode(`l0: &l0 "lol"\n${levels}\n`);
    expect(r.issues).toEqual([expect.objectContaining({ code: 'too-many-aliases' })]);
    expect(r.issues[0]!.message.en).toContain(String(L.MAX_YAML_ALIASES));
  });

  it('a file past the size limit is refused before parsing; duplicate keys are found with a set', () => {
    expect(parsePubliccode('#'.repeat(L.MAX_PUBLICCODE_BYTES + 1)).issues[0]!.code).toBe('file-too-large');
    const keys = `${Array.from({ length: 30_000 }, (_, i) => `k${i}: 1`).join('\n')}\nk7: 2\n`;
    const meter = new Meter();
    const r = parsePubliccode(keys, { meter });
    expect(r.issues).toEqual([expect.objectContaining({ code: 'invalid-yaml', line: 30_001, value: 'k7' })]);
    expect(meter.units).toBeLessThanOrEqual(3 * keys.length);
  });

  it('a NUL (a "\\0" escape) in a value is an error at its line; reports never carry one', () => {
    const r = parsePubliccode('name: ok\nurl: "x\\0y"\n');
    expect(r.issues).toEqual([expect.objectContaining({ code: 'invalid-character', line: 2, value: 'x\ufffdy' })]);
  });

  it('30,000 unknown keys: each an error, the list capped, and only the first ones located', () => {
    const text = `${Array.from({ length: 30_000 }, (_, i) => `k${i}: 1`).join('\n')}\n`;
    const r = parsePubliccode(text);
    expect(r.entry).toBeNull();
    expect(r.issues.length).toBe(L.MAX_PUBLICCODE_ISSUES + 1);
    expect(r.issues.at(-1)).toMatchObject({ code: 'too-many-issues', severity: 'error' });
  });

  it('lists at most MAX_PUBLICCODE_ISSUES issues and counts the rest', () => {
    const text = `categories:\n${Array.from({ length: 1500 }, (_, i) => `  - c${i}`).join('\n')}\n`;
    const r = parsePubliccode(text);
    expect(r.issues.length).toBe(L.MAX_PUBLICCODE_ISSUES + 1);
    expect(r.issues.at(-1)).toMatchObject({ code: 'too-many-issues', severity: 'error' });
  });
});
