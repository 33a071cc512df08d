// HTML tables: the inventory beats the menu, selectors, source lines, cell text.
import { describe, expect, it } from 'vitest';
import { openHtml, scoreTable } from './html.ts';
import { getProfile } from './profiles/index.ts';
import { encode, fixture } from './testing.ts';
import { ImportFileError, type TableRow } from './types.ts';

async function read(bytes: Uint8Array, options: Parameters<typeof openHtml>[1] = {}) {
  const r = await openHtml(bytes, options);
  const rows: TableRow[] = [];
  for await (const b of r.batches()) rows.push(...b);
  return { meta: r.meta, rows };
}

describe('html tables', () => {
  it('picks the inventory, not the menu or the contact table', async () => {
    const { meta, rows } = await read(fixture('kommune-it-systemer.html'));
    expect(meta.table).toBe('table#systemoversigt');
    expect(meta.header).toEqual(['Systemnavn', 'Leverandør', 'Driftsform', 'Kontraktudløb', 'Bemærkning']);
    expect(meta.headerLine).toBe(16);
    expect(rows.map((r) => [r.line, r.cells[0], r.cells[4]])).toEqual([
      [19, 'Sagsstyring Plus', 'ESDH & journalisering'],
      [20, 'Borgerbooking', 'Tidsbestilling\nfor borgerservice'], // <br> is a line break, <script> is no text
      [27, 'Vejregister', '<b>ikke</b> markup'], // escaped markup is text
    ]);
  });

  it('scores a menu at zero', () => {
    expect(scoreTable(['Forside', 'Borger', 'Politik'], getProfile('generic')!)).toBe(0);
    expect(scoreTable(['Systemnavn', 'Leverandør'], getProfile('generic')!)).toBe(2);
  });

  it('reads the table a CSS selector names, even one that scores nothing', async () => {
    const { meta, rows } = await read(fixture('kommune-it-systemer.html'), { tableSelector: 'table.kontakt' });
    expect(meta.header).toEqual(['Kontakt', 'Telefon']);
    expect(rows).toEqual([{ line: 32, cells: ['It-afdelingen', '12 34 56 78'] }]);
  });

  it('finds a table inside the element a selector names', async () => {
    const html = '<div id="x"><p>Intro</p><table><tr><td>Systemnavn</td></tr><tr><td>A</td></tr></table></div>';
    const { rows } = await read(new TextEncoder().encode(html), { tableSelector: '#x' });
    expect(rows).toEqual([{ line: 1, cells: ['A'] }]);
  });

  it.each([
    ['<p>ingen tabel</p>', undefined, 'no-table'],
    ['<table><tr><td>Forside</td></tr></table>', undefined, 'no-table'],
    ['<table><tr><td>Systemnavn</td></tr></table>', '#findes-ikke', 'table-not-found'],
    ['<table><tr><td>Systemnavn</td></tr></table>', '[[[', 'table-not-found'],
  ])('refuses %j (%s)', async (html, selector, code) => {
    const e = await openHtml(new TextEncoder().encode(html), selector ? { tableSelector: selector } : {}).catch((x) => x);
    expect(e).toBeInstanceOf(ImportFileError);
    expect(e.issues[0].code).toBe(code);
  });

  it('reads a Windows-1252 page that says so', async () => {
    const html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head><body><table><tr><th>Systemnavn</th><th>Leverandør</th></tr><tr><td>Løn</td><td>Æ – €</td></tr></table></body></html>';
    const { meta, rows } = await read(encode(html, 'windows-1252'));
    expect(meta.encoding).toBe('windows-1252');
    expect(rows[0]!.cells).toEqual(['Løn', 'Æ – €']);
  });

  it('pads colspan cells so columns stay aligned', async () => {
    const html = '<table><tr><th>Systemnavn</th><th>Leverandør</th><th>Noter</th></tr><tr><td colspan="2">Fælles</td><td>x</td></tr></table>';
    const { rows } = await read(new TextEncoder().encode(html));
    expect(rows[0]!.cells).toEqual(['Fælles', '', 'x']);
  });
});
