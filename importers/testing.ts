// Test helpers for the importer tests: fixture paths, re-encoding, xlsx building, golden files.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { constants as zlibConstants, deflateRawSync } from 'node:zlib';
import iconv from 'iconv-lite';

export const FIXTURES = fileURLToPath(new URL('../test/fixtures/importers/', import.meta.url));

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(FIXTURES + name));
}

export function fixtureText(name: string): string {
  return readFileSync(FIXTURES + name, 'utf8').replace(/^\ufeff/, '');
}

/** Re-encodes text the way other tools would have written it. */
export function encode(text: string, encoding: 'utf-8' | 'utf-8-bom' | 'windows-1252' | 'utf-16le-bom' | 'utf-16le' | 'utf-16be-bom'): Uint8Array {
  switch (encoding) {
    case 'utf-8':
      return new TextEncoder().encode(text);
    case 'utf-8-bom':
      return new TextEncoder().encode(`\ufeff${text}`);
    case 'windows-1252':
      return new Uint8Array(iconv.encode(text, 'win1252'));
    case 'utf-16le-bom':
      return new Uint8Array(iconv.encode(`\ufeff${text}`, 'utf16-le'));
    case 'utf-16le':
      return new Uint8Array(iconv.encode(text, 'utf16-le'));
    case 'utf-16be-bom':
      return new Uint8Array(iconv.encode(`\ufeff${text}`, 'utf16-be'));
  }
}

/** Feeds bytes as a stream in chunks of `size` (1 = byte by byte), as a slow upload would arrive. */
export async function* inChunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let o = 0; o < bytes.length; o += size) yield bytes.slice(o, o + size);
}

/**
 * Compares `actual` with a golden JSON file. A missing golden file is written (first run); a
 * different one gets a `.changed.json` beside it for review, and the comparison fails.
 */
export function matchGolden(name: string, actual: unknown): { expected: string; actual: string; changedFile: string } {
  const golden = `${FIXTURES}golden/${name}.golden.json`;
  const changed = `${FIXTURES}golden/${name}.changed.json`;
  const text = `${JSON.stringify(actual, null, 2)}\n`;
  if (!existsSync(golden)) writeFileSync(golden, text);
  const expected = readFileSync(golden, 'utf8');
  if (expected !== text) writeFileSync(changed, text);
  return { expected, actual: text, changedFile: changed };
}

// ---------------------------------------------------------------------------------------------
// Hostile files, generated in the tests themselves (issue #17: what was seen on main).

/** A CSV header of `columns` columns over a few repeated names (~5 bytes a column), and one row. */
export function repeatedColumnsCsv(columns: number, names = 10): Uint8Array {
  const header = Array.from({ length: columns }, (_, i) => (i === 0 ? 'Systemnavn' : `n${i % names}`));
  return new TextEncoder().encode(`${header.join(';')}\nA\n`);
}

/** An HTML page with a table nested inside `depth` <div>s (~11 bytes a level). */
export function nestedDivsHtml(depth: number): Uint8Array {
  return new TextEncoder().encode(`<!DOCTYPE html><html><body>${'<div>'.repeat(depth)}<table><tr><th>Systemnavn</th></tr><tr><td>A</td></tr></table>${'</div>'.repeat(depth)}</body></html>`);
}

/** One zip entry to write: deflated data may come pre-compressed with any declared size (to lie). */
export interface ZipPart {
  name: string;
  data: Uint8Array;
  /** 8 (deflate) with `data` already raw-deflated, or 0 (stored). */
  method?: 0 | 8;
  /** The uncompressed size the zip declares (default: data's length, for stored data). */
  declaredSize?: number;
}

/** Writes a zip (no CRCs: the reader does not check them) from parts, with a central directory. */
export function writeZip(parts: ZipPart[]): Uint8Array {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const method = p.method ?? 0;
    const size = p.declaredSize ?? p.data.byteLength;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(p.data.byteLength, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x800, 8);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt32LE(p.data.byteLength, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    chunks.push(local, name, Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength));
    central.push(cd, name);
    offset += 30 + name.length + p.data.byteLength;
  }
  const cdBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cdBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...chunks, cdBytes, end]));
}

const XLSX_SKELETON: ZipPart[] = [
  { name: '[Content_Types].xml', data: new TextEncoder().encode('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
  {
    name: '_rels/.rels',
    data: new TextEncoder().encode(
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
  },
  {
    name: 'xl/workbook.xml',
    data: new TextEncoder().encode(
      '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
  },
  {
    name: 'xl/_rels/workbook.xml.rels',
    data: new TextEncoder().encode(
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
  },
];

/** A minimal .xlsx whose one sheet is the given XML, stored uncompressed. */
export function xlsxWithSheet(sheetXml: string): Uint8Array {
  return writeZip([...XLSX_SKELETON, { name: 'xl/worksheets/sheet1.xml', data: new TextEncoder().encode(sheetXml) }]);
}

/**
 * An .xlsx zip bomb: its sheet inflates to about `inflatedBytes` of valid rows, built without
 * ever holding them: one megabyte of rows is deflated once with a full flush (so the piece stands
 * alone) and the piece is repeated. `declaredSize` is what the zip says the sheet inflates to
 * (default: the truth; a bomb may lie).
 */
export function xlsxZipBomb(inflatedBytes: number, declaredSize?: number): { bytes: Uint8Array; inflated: number } {
  const row = '<row><c t="inlineStr"><is><t>Bombe</t></is></c></row>';
  const block = row.repeat(Math.floor((1024 * 1024) / row.length));
  const flush = { finishFlush: zlibConstants.Z_FULL_FLUSH };
  const head = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row><c t="inlineStr"><is><t>Systemnavn</t></is></c></row>';
  const tail = '</sheetData></worksheet>';
  const repeats = Math.max(1, Math.round((inflatedBytes - head.length - tail.length) / block.length));
  const piece = deflateRawSync(block, flush);
  const parts = [deflateRawSync(head, flush), ...Array.from({ length: repeats }, () => piece), deflateRawSync(tail, flush), Buffer.from([0x03, 0x00])];
  const inflated = head.length + repeats * block.length + tail.length;
  const sheet = { name: 'xl/worksheets/sheet1.xml', data: new Uint8Array(Buffer.concat(parts)), method: 8 as const, declaredSize: declaredSize ?? Math.min(inflated, 0xfffffffe) };
  return { bytes: writeZip([...XLSX_SKELETON, sheet]), inflated };
}
