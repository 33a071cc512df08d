// The public API: streaming, limits, format sniffing, mappings and the strict import semantics.
import { describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { inventoryRecords, usageKey } from '../server/src/domain/inventory.ts';
import { hasErrors, ImportFileError, type ImportRow, openInventoryFile, parseInventoryFile } from './index.ts';
import { fixture, inChunks } from './testing.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e) => (e instanceof ImportFileError ? e : Promise.reject(e)),
  );

describe('openInventoryFile (streaming)', () => {
  it('gives meta first, rows as they come, and what needs the whole file at the end', async () => {
    const csv = 'IT System;Anvendte systemer;Leverandør\r\nA;B, C;X\r\nB;A;Y\r\nC;;Z\r\n';
    const stream = await openInventoryFile({ fileName: 'kitos.csv', source: inChunks(utf8(csv), 5) });
    expect(stream.meta).toMatchObject({ format: 'csv', profile: 'kitos-systems', delimiter: ';', headerLine: 1 });
    expect(stream.headerIssues).toEqual([]);
    const rows: ImportRow[] = [];
    for await (const r of stream.rows()) rows.push(r);
    expect(rows.map((r) => [r.line, r.usage?.product_name, r.integrations?.map((i) => i.target_key)])).toEqual([
      [2, 'A', undefined], // B and C come later
      [3, 'B', ['name:a']],
      [4, 'C', undefined],
    ]);
    const end = stream.finish();
    expect(end.integrations.map((i) => `${i.source_key}→${i.target_key}`)).toEqual(['name:a→name:b', 'name:a→name:c']);
    expect(end).toMatchObject({ rowsRead: 3, rowsRejected: 0, issues: [] });
    await expect(async () => {
      for await (const _ of stream.rows());
    }).rejects.toThrow(/once/);
  });

  it('refuses a declared oversize file without reading a byte', async () => {
    const never = {
      [Symbol.asyncIterator]() {
        throw new Error('must not be read');
      },
    } as AsyncIterable<Uint8Array>;
    const e = await refusal(openInventoryFile({ fileName: 'big.csv', source: never, size: 60 * 1024 * 1024 }));
    expect(e?.issues).toEqual([expect.objectContaining({ code: 'file-too-large', file: 'big.csv', severity: 'error' })]);
    expect(e?.issues[0]!.line).toBeUndefined(); // file-level
    expect(e?.issues[0]!.message.da).toContain('50 MB');
  });

  it('stops an oversize stream and reports it at the end', async () => {
    const big = utf8(`Systemnavn\n${'System\n'.repeat(50_000).replace(/System\n/g, (_, i: number) => `System ${i}\n`)}`);
    const stream = await openInventoryFile({ fileName: 'big.csv', source: inChunks(big, 65536), maxBytes: 300_000 });
    let n = 0;
    for await (const b of stream.batches()) n += b.length;
    expect(n).toBeLessThan(50_000);
    expect(stream.finish().issues.map((i) => i.code)).toEqual(['file-too-large']);
  });

  it('refuses an oversize cell, naming line and column, with the value truncated', async () => {
    const parsed = await parseInventoryFile({ fileName: 'x.csv', source: utf8(`Systemnavn;Noter\nA;${'x'.repeat(500)}\n`), maxCellChars: 100 });
    expect(parsed.issues).toEqual([
      expect.objectContaining({ code: 'cell-too-long', line: 2, column: 'Noter', severity: 'error', value: `${'x'.repeat(120)}…` }),
    ]);
    expect(parsed.rowsRejected).toBe(1);
  });

  it('recognises the format from the bytes when the name does not say', async () => {
    const xlsx = new Uint8Array(await writeXlsxFile([['Systemnavn'], ['A']] as never).toBuffer());
    const html = utf8('<!doctype html><table><tr><th>Systemnavn</th></tr><tr><td>A</td></tr></table>');
    for (const [source, format] of [
      [xlsx, 'xlsx'],
      [html, 'html'],
      [utf8('Systemnavn\nA\n'), 'csv'],
    ] as const) {
      const p = await parseInventoryFile({ fileName: 'upload', source: inChunks(source, 100) });
      expect(p.meta?.format).toBe(format);
      expect(p.records.usages.map((u) => u.product_name)).toEqual(['A']);
    }
  });

  it.each([
    ['gammel.xls', 'unsupported-format'],
    ['regneark.ods', 'unsupported-format'],
  ])('refuses %s', async (fileName, code) => {
    const e = await refusal(openInventoryFile({ fileName, source: utf8('x') }));
    expect(e?.issues[0]!.code).toBe(code);
  });

  it('refuses an unknown profile', async () => {
    const e = await refusal(openInventoryFile({ fileName: 'a.csv', source: utf8('a\n'), profile: 'kitos' as never }));
    expect(e?.issues[0]!.code).toBe('unknown-profile');
  });

  it('a missing required column refuses the file, and says how the columns were read', async () => {
    const e = await refusal(openInventoryFile({ fileName: 'a.csv', source: utf8('Hvad;Leverandør\nA;B\n') }));
    expect(e?.issues.map((i) => [i.code, i.line, i.column])).toEqual([
      ['unknown-column', 1, 'Hvad'],
      ['missing-column', 1, 'system_name'],
    ]);
    expect((e?.meta as { columns: unknown[] }).columns).toEqual([
      { source: 'Hvad', target: null, how: 'unknown' },
      expect.objectContaining({ source: 'Leverandør', target: 'supplier' }),
    ]);
  });

  it('takes a user mapping (the same as --map "Hvad=system_name")', async () => {
    const p = await parseInventoryFile({ fileName: 'a.csv', source: utf8('Hvad;Leverandør\nA;B\n'), mapping: { Hvad: 'system_name' } });
    expect(p.issues).toEqual([]);
    expect(p.meta?.columns[0]).toEqual({ source: 'Hvad', target: 'system_name', how: 'user' });
    expect(p.records.usages[0]).toMatchObject({ product_name: 'A', supplier: { name: 'B', cvr: null } });
  });

  it('a forced profile wins over detection', async () => {
    const p = await parseInventoryFile({ fileName: 'a.csv', source: utf8('IT System;Kritikalitet\nA;Høj\n'), profile: 'generic' });
    expect(p.meta?.profile).toBe('generic');
    expect(p.records.usages[0]!.provenance).toEqual({ criticality: 'declared' }); // generic: the label is stated
  });
});

describe('strict semantics', () => {
  it('rejects rows with errors and counts them; warnings never block', async () => {
    const p = await parseInventoryFile({
      fileName: 'a.csv',
      source: utf8('Systemnavn;Ibrugtagningsdato;Farve\nA;31-02-2025;rød\nB;01-02-2025;grøn\n'),
    });
    expect(hasErrors(p.issues)).toBe(true);
    expect(p.rowsRead).toBe(2);
    expect(p.rowsRejected).toBe(1);
    expect(p.records.usages.map((u) => u.product_name)).toEqual(['B']);
    expect(p.issues.map((i) => [i.severity, i.code, i.line, i.column, i.value])).toEqual([
      ['warning', 'unknown-column', 1, 'Farve', undefined],
      ['error', 'invalid-date', 2, 'Ibrugtagningsdato', '31-02-2025'],
    ]);
    expect(p.issues[1]!.message).toEqual({
      da: '"31-02-2025" er ikke en dato, der findes.',
      en: '"31-02-2025" is not a date that exists.',
    });
  });

  it('every issue names the file; row issues name line and column', async () => {
    const p = await parseInventoryFile({ fileName: 'systemer-med-fejl.csv', source: fixture('broken-usages.csv') });
    for (const i of p.issues) {
      expect(i.file).toBe('systemer-med-fejl.csv');
      expect(i.line).toBeGreaterThan(0);
      expect(i.message.da && i.message.en).toBeTruthy();
    }
    expect(p.records).toEqual({ usages: [], contracts: [], integrations: [] });
  });

  it('stores hostile-looking cells verbatim, as text', async () => {
    // NUL aside: PostgreSQL cannot store it, so it is an error (the next test).
    const values = ['=HYPERLINK("http://x")', '+45 12', '-1+1', '@SUM(A1)', '<script>alert(1)</script>', 'tab\there\u0001soh\u001b[31m'];
    const csv = `Systemnavn;Noter\n${values.map((v, i) => `S${i};"${v.replaceAll('"', '""')}"`).join('\n')}\n`;
    const p = await parseInventoryFile({ fileName: 'a.csv', source: utf8(csv) });
    expect(p.issues).toEqual([]);
    expect(p.records.usages.map((u) => u.notes)).toEqual(values);
  });

  it('refuses a NUL in a cell at its line and column, and in a header before reading rows', async () => {
    const p = await parseInventoryFile({ fileName: 'a.csv', source: utf8('Systemnavn;Noter\nA;fin\nB;"damaged\u0000"\n') });
    expect(p.issues).toEqual([expect.objectContaining({ severity: 'error', code: 'invalid-character', line: 3, column: 'Noter', file: 'a.csv' })]);
    expect(p.records.usages.map((u) => u.product_name)).toEqual(['A']);
    expect(JSON.stringify(p)).not.toContain('\\u0000');
    const header = await parseInventoryFile({ fileName: 'b.csv', source: utf8('Systemnavn;No\u0000ter\nA;b\n') });
    expect(header.issues).toEqual([expect.objectContaining({ code: 'invalid-character', line: 1, column: '#2' })]);
    expect(header.rowsRead).toBe(0);
  });

  it('checks the file against the municipality of the import', async () => {
    const csv = 'Systemnavn;Kommune\nA;Eksempelby Kommune\nB;Andenby Kommune\n';
    const asked = await parseInventoryFile({ fileName: 'a.csv', source: utf8(csv), municipality: 'eksempelby  kommune' });
    expect(asked.issues.map((i) => [i.code, i.line])).toEqual([['municipality-mismatch', 3]]);
    const byCode = await parseInventoryFile({ fileName: 'a.csv', source: utf8(csv), municipality: '101' });
    expect(byCode.issues.map((i) => i.code)).toEqual(['multiple-municipalities']); // a code is not compared with names
    const codes = await parseInventoryFile({ fileName: 'a.csv', source: utf8('Systemnavn;Kommune\nA;0101\nB;147\n'), municipality: '101' });
    expect(codes.issues.map((i) => [i.code, i.line])).toEqual([['municipality-mismatch', 3]]);
    const suffix = await parseInventoryFile({ fileName: 'a.csv', source: utf8(csv), municipality: 'Eksempelby' });
    expect(suffix.issues.map((i) => [i.code, i.line])).toEqual([['municipality-mismatch', 3]]);
    const mixed = await parseInventoryFile({ fileName: 'a.csv', source: utf8(csv) });
    expect(mixed.issues.map((i) => [i.code, i.line])).toEqual([['multiple-municipalities', 3]]);
    expect(mixed.municipality).toBe('Eksempelby Kommune');
  });

  it("a contracts file's usage keys meet the usages' keys", async () => {
    const systems = await parseInventoryFile({ fileName: 's.csv', source: fixture('kitos-systems-new.csv') });
    const contracts = await parseInventoryFile({ fileName: 'c.csv', source: fixture('kitos-contracts-new.csv') });
    const byName = new Map(systems.records.usages.map((u) => [`name:${u.product_name.toLowerCase()}`, usageKey(u)]));
    for (const u of systems.records.usages) if (u.kitos_uuid) byName.set(`uuid:${u.kitos_uuid}`, usageKey(u));
    const linked = contracts.records.contracts.flatMap((c) => c.usage_keys.map((k) => byName.get(k) ?? `unmatched ${k}`));
    // The usage's key prefers its KITOS UUID (Sagsstyring Plus); contracts reach it by `uuid:`
    // (`IT Systemer (UUID)`) or by name; a usage with a local id or local name is found by product name.
    expect(linked).toEqual(['kitos:0b3c9a52-5c2c-4b4e-9a8b-1f2e3d4c5b6a', 'id:id-07', 'name:borgerbooking', 'name:arkivet']);
  });

  it('records always pass the domain schema', async () => {
    for (const f of ['kitos-systems-new.csv', 'kitos-contracts-new.csv', 'generic-english.csv', 'generic-dansk-sep.csv', 'kommune-it-systemer.html']) {
      const p = await parseInventoryFile({ fileName: f, source: fixture(f) });
      expect(() => inventoryRecords.parse(p.records), f).not.toThrow();
    }
  });
});
